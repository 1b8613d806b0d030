//! Registers handed over as sheets of cells rather than as a file: what a
//! spreadsheet host (the Excel add-in, through Office.js) gives, each value
//! with its number format. The number format decides date against number as
//! it does inside an XLSX file; then the same header search, column mapping
//! and limits as for files apply.

use super::header::Mapping;
use super::number_format::{format_kind, number_cell};
use super::rows::{trim_trailing_empty, IterRows, Limits, RowSource};
use super::workbook::{self, Workbook};
use super::{Cell, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};

/// One cell's value as the host reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum GridValue {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// An error value such as `#N/A`.
    Error(String),
}

/// The used part of one sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridSheet {
    pub name: String,
    /// 0-based row and column of the first cell (the used range may start
    /// below or right of A1).
    pub top: u32,
    pub left: u32,
    /// Rows of values.
    pub values: Vec<Vec<GridValue>>,
    /// Number formats in the same shape as `values` (Excel's format codes,
    /// e.g. `yyyy-mm-dd`, `General`, `0`); missing ones count as `General`.
    pub number_formats: Vec<Vec<String>>,
}

/// A workbook's sheets in workbook order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridWorkbook {
    pub sheets: Vec<GridSheet>,
    /// The workbook counts dates from 1904 (old Mac workbooks).
    pub date_1904: bool,
}

/// [`super::read_table`] for sheets already in memory.
pub fn read_grid_table(
    book: &GridWorkbook,
    kind: TableKind,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let mapping = Mapping::for_table(options, kind);
    workbook::read_table(&mut &*book, kind, &mapping, options, sink)
}

/// [`super::unread_tables`] for sheets already in memory.
pub fn unread_grid_tables(
    book: &GridWorkbook,
    used: &[String],
    options: &ReadOptions,
) -> Result<Vec<(String, Option<TableKind>)>, ReadError> {
    workbook::unread_tables(&mut &*book, used, Limits::new(options))
}

impl Workbook for &GridWorkbook {
    fn sheet_names(&mut self) -> Result<Vec<String>, ReadError> {
        Ok(self.sheets.iter().map(|s| s.name.clone()).collect())
    }

    fn rows(
        &mut self,
        name: &str,
        limits: Limits,
    ) -> Result<Option<Box<dyn RowSource + '_>>, ReadError> {
        let date_1904 = self.date_1904;
        Ok(self.sheets.iter().find(|s| s.name == name).map(|sheet| {
            Box::new(IterRows(sheet_rows(sheet, date_1904, limits))) as Box<dyn RowSource>
        }))
    }
}

/// The rows of a sheet, numbered and indexed as the sheet shows them.
fn sheet_rows(
    sheet: &GridSheet,
    date_1904: bool,
    limits: Limits,
) -> impl Iterator<Item = Result<Row, ReadError>> + '_ {
    let left = sheet.left as usize;
    sheet
        .values
        .iter()
        .enumerate()
        .map(move |(offset, values)| {
            let number = limits.check_row_number(u64::from(sheet.top) + offset as u64 + 1);
            let formats = sheet.number_formats.get(offset);
            let filled = |v: &GridValue| {
                !matches!(v, GridValue::Empty) && v != &GridValue::Text(String::new())
            };
            let Some(last) = values.iter().rposition(filled) else {
                // A blank row: nothing to place, however far right the range starts.
                return Ok(Row {
                    number: number.unwrap_or(u32::MAX),
                    cells: Vec::new(),
                });
            };
            // Checked before allocating: the offset comes from the caller.
            limits.check_column(u64::from(sheet.left) + last as u64)?;
            let mut cells = Vec::with_capacity(left + last + 1);
            cells.resize(left, Cell::Empty);
            for (column, value) in values.iter().take(last + 1).enumerate() {
                if let GridValue::Text(text) | GridValue::Error(text) = value {
                    limits.check_text(text)?;
                }
                let format = formats
                    .and_then(|f| f.get(column))
                    .map_or("General", String::as_str);
                cells.push(cell(value, format, date_1904));
            }
            trim_trailing_empty(&mut cells);
            match number {
                Ok(number) => Ok(Row { number, cells }),
                // Rows of only blank text past the limit are harmless: they are skipped.
                Err(_) if cells.is_empty() => Ok(Row {
                    number: u32::MAX,
                    cells,
                }),
                Err(e) => Err(e),
            }
        })
}

fn cell(value: &GridValue, number_format: &str, date_1904: bool) -> Cell {
    match value {
        GridValue::Empty => Cell::Empty,
        GridValue::Text(text) if text.is_empty() => Cell::Empty,
        GridValue::Text(text) => Cell::Text(text.clone()),
        GridValue::Bool(b) => Cell::Bool(*b),
        GridValue::Error(text) => Cell::Error(text.clone()),
        // The rules an XLSX file's styles are read by (super::xlsx).
        GridValue::Number(n) => number_cell(*n, format_kind(number_format), date_1904),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use chrono::NaiveDate;

    struct Rows(Vec<Row>, Option<super::super::HeaderMap>);

    impl RowSink for Rows {
        fn header(&mut self, header: &super::super::HeaderMap) {
            self.1 = Some(header.clone());
        }
        fn row(&mut self, row: &Row) {
            self.0.push(row.clone());
        }
    }

    fn text(s: &str) -> GridValue {
        GridValue::Text(s.to_string())
    }

    fn sheet(name: &str, top: u32, left: u32, rows: Vec<Vec<(GridValue, &str)>>) -> GridSheet {
        GridSheet {
            name: name.to_string(),
            top,
            left,
            values: rows
                .iter()
                .map(|r| r.iter().map(|(v, _)| v.clone()).collect())
                .collect(),
            number_formats: rows
                .iter()
                .map(|r| r.iter().map(|(_, f)| f.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn cells_by_number_format() {
        let date = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        assert_eq!(
            cell(&GridValue::Number(45306.0), "yyyy-mm-dd", false),
            Cell::Date(date)
        );
        assert_eq!(
            cell(&GridValue::Number(45306.0 - 1462.0), "d/m/yyyy", true),
            Cell::Date(date)
        );
        // A 12-digit personnummer is a double in Excel: it stays exact.
        let id = cell(&GridValue::Number(199001011234.0), "0", false);
        assert_eq!(id, Cell::Number(199001011234.0));
        assert_eq!(crate::register::values::text(&id), "199001011234");
        assert_eq!(cell(&text(""), "@", false), Cell::Empty);
        assert_eq!(
            cell(&GridValue::Error("#N/A".into()), "General", false),
            Cell::Error("#N/A".into())
        );
    }

    #[test]
    fn reads_the_table_below_titles_and_right_of_a() {
        let book = GridWorkbook {
            sheets: vec![
                sheet("Info", 0, 0, vec![vec![(text("Om projektet"), "General")]]),
                sheet(
                    "Deltagare",
                    1,
                    1,
                    vec![
                        vec![(text("Deltagarförteckning"), "General")],
                        vec![
                            (text("Personnummer"), "General"),
                            (text("Startdatum"), "General"),
                        ],
                        vec![
                            (GridValue::Number(199001011234.0), "0"),
                            (GridValue::Number(45306.0), "yyyy-mm-dd"),
                        ],
                        vec![(GridValue::Empty, "General")],
                    ],
                ),
            ],
            date_1904: false,
        };
        let mut rows = Rows(Vec::new(), None);
        let info = read_grid_table(
            &book,
            TableKind::Participants,
            &ReadOptions::default(),
            &mut rows,
        )
        .unwrap()
        .unwrap();
        assert_eq!(info.sheet.as_deref(), Some("Deltagare"));
        assert_eq!(info.sheets, vec!["Info", "Deltagare"]);
        assert_eq!(info.header.row, 3);
        assert_eq!(info.header.columns[0].index, 1);
        assert_eq!(rows.0.len(), 1);
        assert_eq!(rows.0[0].number, 4);
        assert_eq!(
            rows.0[0].cells,
            vec![
                Cell::Empty,
                Cell::Number(199001011234.0),
                Cell::Date(NaiveDate::from_ymd_opt(2024, 1, 15).unwrap())
            ]
        );

        let wanted = ReadOptions {
            sheet: Some("Nope".into()),
            ..ReadOptions::default()
        };
        assert!(read_grid_table(&book, TableKind::Participants, &wanted, &mut rows).is_err());
    }

    #[test]
    fn a_far_offset_is_refused_not_allocated() {
        let far = GridSheet {
            name: "S".into(),
            top: u32::MAX,
            left: u32::MAX,
            values: vec![vec![GridValue::Empty], vec![text("Personnummer")]],
            number_formats: Vec::new(),
        };
        let book = GridWorkbook {
            sheets: vec![far],
            date_1904: false,
        };
        let mut rows = Rows(Vec::new(), None);
        let read = read_grid_table(
            &book,
            TableKind::Participants,
            &ReadOptions::default(),
            &mut rows,
        );
        assert!(read.is_err());
    }

    #[test]
    fn limits_apply() {
        let book = GridWorkbook {
            sheets: vec![sheet(
                "S",
                0,
                0,
                vec![
                    vec![(text("Personnummer"), "General")],
                    vec![(text("xxxxxx"), "General")],
                ],
            )],
            date_1904: false,
        };
        let options = ReadOptions {
            max_cell_chars: 3,
            ..ReadOptions::default()
        };
        let mut rows = Rows(Vec::new(), None);
        let err = read_grid_table(&book, TableKind::Participants, &options, &mut rows);
        assert!(err.is_err());
        let options = ReadOptions {
            max_rows: 1,
            ..ReadOptions::default()
        };
        let err = read_grid_table(&book, TableKind::Participants, &options, &mut rows);
        assert!(err.is_err());
    }
}
