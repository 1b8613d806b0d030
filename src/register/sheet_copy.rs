//! Every non-empty row of one sheet, title and header rows included, for
//! copies of the register such as the annotated workbook. Uses the same
//! readers, formats and limits as [`super::read_table`].

use super::read::open_workbook;
use super::sniff::{self, Format};
use super::{csv_table, workbook, ReadError, ReadOptions, Row};

/// The rows of one sheet as the user sees them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The sheet read; `None` for CSV.
    pub sheet: Option<String>,
    /// Non-empty rows in sheet order, numbered as the sheet shows them.
    pub rows: Vec<Row>,
}

/// Reads `sheet` of a workbook (the first worksheet when `None`), or the
/// rows of a CSV file (`sheet` ignored).
pub fn read_grid(
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ReadOptions,
) -> Result<Grid, ReadError> {
    read_grid_head(bytes, sheet, options, usize::MAX)
}

/// [`read_grid`]'s first `rows` non-empty rows: what a sheet starts with,
/// for a user to point at its header row. A CSV file's last line may be
/// cut short when only its first bytes are given.
pub fn read_grid_head(
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ReadOptions,
    rows: usize,
) -> Result<Grid, ReadError> {
    let wanted = rows;
    let mut rows = Vec::new();
    let mut keep = |row: Row| {
        if !row.is_empty() {
            rows.push(row);
        }
        rows.len() < wanted
    };
    let sheet = match sniff::detect(bytes, options)? {
        Format::Empty => None,
        Format::Text => {
            for row in csv_table::rows(bytes, options)? {
                if !keep(row) {
                    break;
                }
            }
            None
        }
        Format::Workbook(format) => {
            let mut book = open_workbook(bytes, format)?;
            Some(workbook::sheet_rows(&mut *book, sheet, options, &mut keep)?)
        }
    };
    Ok(Grid { sheet, rows })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::register::Cell;
    use rust_xlsxwriter::Workbook;

    fn texts(row: &Row) -> Vec<String> {
        row.cells
            .iter()
            .map(|c| crate::register::values::text(c).into_owned())
            .collect()
    }

    #[test]
    fn csv_rows_with_titles() {
        let csv = "Deltagarförteckning;;\n\nPersonnummer;Kön;Start\n199001011234;K;2024-01-15\n";
        let grid = read_grid(csv.as_bytes(), None, &ReadOptions::default()).unwrap();
        assert_eq!(grid.sheet, None);
        let numbers: Vec<u32> = grid.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4]);
        assert_eq!(texts(&grid.rows[1]), vec!["Personnummer", "Kön", "Start"]);
    }

    #[test]
    fn workbook_sheet_by_name() {
        let mut book = Workbook::new();
        let first = book.add_worksheet();
        first.set_name("Info").unwrap();
        first.write_string(0, 0, "Om projektet").unwrap();
        let second = book.add_worksheet();
        second.set_name("Deltagare").unwrap();
        second.write_string(1, 0, "Personnummer").unwrap();
        second.write_string(1, 1, "Kön").unwrap();
        second.write_number(2, 0, 199001011234.0).unwrap();
        second.write_boolean(2, 2, true).unwrap();
        let bytes = book.save_to_buffer().unwrap();

        let grid = read_grid(&bytes, Some("Deltagare"), &ReadOptions::default()).unwrap();
        assert_eq!(grid.sheet.as_deref(), Some("Deltagare"));
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(grid.rows[0].number, 2);
        assert_eq!(
            grid.rows[1].cells,
            vec![Cell::Number(199001011234.0), Cell::Empty, Cell::Bool(true)]
        );

        let first = read_grid(&bytes, None, &ReadOptions::default()).unwrap();
        assert_eq!(first.sheet.as_deref(), Some("Info"));
        assert!(read_grid(&bytes, Some("Nope"), &ReadOptions::default()).is_err());
    }
}
