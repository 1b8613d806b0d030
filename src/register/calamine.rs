//! XLS and XLSB through calamine, in the native build only: nothing else
//! reads these binary formats, and calamine (with the code-page tables XLS
//! needs) would double the WebAssembly module, whose users are asked to
//! save as .xlsx instead. calamine builds each sheet as one dense grid:
//! [`super::xls_extent`] and [`check_xlsb_extents`] size the sheets first.

use super::number_format::{date_or_date_time, iso_date_time, text_cell};
use super::rows::{trim_trailing_empty, Limits, RowSource};
use super::sniff::WorkbookFormat;
use super::workbook::Workbook;
use super::Unreadable;
use super::{Cell, ReadError};
use calamine::{Data, DataRef, ExcelDateTime, Range, Reader, Xls, XlsError, Xlsb, XlsbError};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn xlsb_error(e: XlsbError) -> ReadError {
    match e {
        XlsbError::Password => ReadError::from(Unreadable::Encrypted),
        _ => ReadError::from(Unreadable::Corrupt),
    }
}

/// What [`super::sniff`] let through is an XLS workbook: a password is
/// the only failure with a name of its own.
fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::from(Unreadable::Encrypted),
        _ => ReadError::from(Unreadable::Corrupt),
    }
}

/// Runs calamine; a panic inside it (a malformed file it did not expect)
/// becomes `corrupt` instead of taking the caller down.
fn guarded<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(ReadError::from(Unreadable::Corrupt)))
}

/// An XLS or XLSB workbook, open.
enum Book<'b> {
    Xls(Xls<Cursor<&'b [u8]>>),
    Xlsb(Xlsb<Cursor<&'b [u8]>>),
}

pub(super) fn open(
    bytes: &[u8],
    format: WorkbookFormat,
) -> Result<Box<dyn Workbook + '_>, ReadError> {
    guarded(|| {
        let input = Cursor::new(bytes);
        Ok(Box::new(match format {
            WorkbookFormat::Xlsb => Book::Xlsb(Xlsb::new(input).map_err(xlsb_error)?),
            _ => Book::Xls(Xls::new(input).map_err(xls_error)?),
        }) as Box<dyn Workbook>)
    })
}

impl Workbook for Book<'_> {
    fn sheet_names(&mut self) -> Result<Vec<String>, ReadError> {
        guarded(|| {
            Ok(match self {
                Book::Xls(book) => book.sheet_names(),
                Book::Xlsb(book) => book.sheet_names(),
            })
        })
    }

    /// calamine reads a whole sheet into a range.
    fn rows(
        &mut self,
        name: &str,
        limits: Limits,
    ) -> Result<Option<Box<dyn RowSource + '_>>, ReadError> {
        if !self.sheet_names()?.iter().any(|n| n == name) {
            return Ok(None);
        }
        let range = guarded(|| match self {
            Book::Xls(book) => book.worksheet_range(name).map_err(xls_error),
            Book::Xlsb(book) => {
                check_xlsb_extents(book, name, limits)?;
                book.worksheet_range(name).map_err(xlsb_error)
            }
        })?;
        Ok(Some(Box::new(RangeRows {
            range,
            next: 0,
            limits,
        })))
    }
}

/// calamine builds an XLSB sheet as one dense grid between its outermost
/// cells (A1 and XFD1048576 would be 17 billion cells): the sheet's cells
/// are streamed once first and a sheet over the limits is refused.
fn check_xlsb_extents(
    workbook: &mut Xlsb<Cursor<&[u8]>>,
    name: &str,
    limits: Limits,
) -> Result<(), ReadError> {
    let mut cells = workbook.worksheet_cells_reader(name).map_err(xlsb_error)?;
    let (mut first_row, mut last_row, mut last_column) = (u64::MAX, 0, 0);
    while let Some(cell) = cells.next_cell().map_err(xlsb_error)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        let (row, column) = (u64::from(row), u64::from(column));
        limits.check_row_number(row + 1)?;
        limits.check_column(column)?;
        first_row = first_row.min(row);
        last_row = last_row.max(row);
        last_column = last_column.max(column);
    }
    let rows = (last_row + 1).saturating_sub(first_row);
    if rows.saturating_mul(last_column + 1) > super::xls_extent::MAX_SHEET_CELLS {
        return Err(ReadError::from(Unreadable::TooManyCells));
    }
    Ok(())
}

/// The rows of a range; column indexes and row numbers are the sheet's own
/// (the range may start below or right of A1).
struct RangeRows {
    range: Range<Data>,
    next: usize,
    limits: Limits,
}

impl RowSource for RangeRows {
    fn next_into(&mut self, row: &mut super::Row) -> Result<bool, ReadError> {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return Ok(false);
        }
        let (top, left) = self.range.start().unwrap_or((0, 0));
        let number = u64::from(top) + self.next as u64 + 1;
        row.cells.clear();
        row.cells.resize(left as usize, Cell::Empty);
        for column in 0..width {
            let value = self.range.get((self.next, column)).unwrap_or(&Data::Empty);
            if let Data::String(text) = value {
                self.limits.check_text(text)?;
            }
            row.cells.push(from_data(value));
        }
        trim_trailing_empty(&mut row.cells);
        // Blank rows are never numbered beyond the limit: they are skipped.
        row.number = u32::try_from(number).unwrap_or(u32::MAX);
        self.next += 1;
        Ok(true)
    }
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(text) => text_cell(text),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(date_time) => excel_date_time(date_time),
        Data::DateTimeIso(text) => iso_date_time(text),
        Data::DurationIso(text) => text_cell(text),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Last serial Excel can show (9999-12-31).
const MAX_SERIAL: f64 = 2_958_466.0;

/// A date-formatted number: a date, or a date and time when it has a time
/// part. calamine applies the workbook's 1900 or 1904 date system.
fn excel_date_time(value: &ExcelDateTime) -> Cell {
    let serial = value.as_f64();
    // Durations, and serials outside Excel's range (which chrono would
    // refuse), stay numbers.
    if value.is_duration() || !(0.0..MAX_SERIAL).contains(&serial) {
        return Cell::Number(serial);
    }
    match value.as_datetime() {
        Some(date_time) => date_or_date_time(date_time),
        None => Cell::Number(serial),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// calamine's conversion and ours agree (XLS against XLSX).
    #[test]
    fn date_cells_as_ours() {
        use super::super::number_format::{number_cell, NumberKind};
        for serial in [0.5, 1.0, 59.0, 60.0, 61.0, 45306.0, 45306.75, 2_958_465.0] {
            for is_1904 in [false, true] {
                let theirs = excel_date_time(&ExcelDateTime::new(
                    serial,
                    ExcelDateTimeType::DateTime,
                    is_1904,
                ));
                assert_eq!(
                    theirs,
                    number_cell(serial, NumberKind::DateTime, is_1904),
                    "{serial} {is_1904}"
                );
            }
        }
        let dt = |serial| {
            excel_date_time(&ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(dt(45306.0), Cell::Date(date(2024, 1, 15)));
        assert_eq!(
            excel_date_time(&ExcelDateTime::new(
                1.5,
                ExcelDateTimeType::TimeDelta,
                false
            )),
            Cell::Number(1.5)
        );
    }

    #[test]
    fn other_cells() {
        assert_eq!(
            from_data(&Data::Float(199908011234.0)),
            Cell::Number(199908011234.0)
        );
        assert_eq!(from_data(&Data::Int(7)), Cell::Number(7.0));
        assert_eq!(from_data(&Data::String(String::new())), Cell::Empty);
        assert_eq!(
            from_data(&Data::Error(calamine::CellErrorType::NA)),
            Cell::Error("#N/A".into())
        );
    }

    /// Our XLSX and ODS readers give what calamine gave, cell for cell, on
    /// every sheet of files from LibreOffice and rust_xlsxwriter.
    #[test]
    fn our_readers_match_calamine() {
        use super::super::rows::Rows;
        use super::super::{read, sniff};
        use crate::register::{ReadOptions, Row};
        use calamine::{open_workbook_auto_from_rs, Sheets};

        let limits = Limits::new(&ReadOptions::default());
        let non_empty =
            |rows: Vec<Row>| -> Vec<Row> { rows.into_iter().filter(|r| !r.is_empty()).collect() };
        let theirs = |bytes: &[u8], name: &str| -> Vec<Row> {
            let mut book: Sheets<_> = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
                .unwrap_or_else(|e| panic!("{e}"));
            let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("{e}"));
            let rows = Rows::new(RangeRows {
                range,
                next: 0,
                limits,
            });
            non_empty(rows.collect::<Result<_, _>>().unwrap_or_default())
        };
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in [
            "register.xlsx",
            "messy_register.xlsx",
            "hostile_register.xlsx",
            "register.ods",
            "messy_register.ods",
        ] {
            files.push((
                name.into(),
                std::fs::read(dir.join(name)).unwrap_or_default(),
            ));
        }
        files.push(("written.xlsx".into(), written_workbook()));
        for (file, bytes) in &files {
            let mut ours_rows: Vec<(String, Vec<Row>)> = Vec::new();
            let options = ReadOptions::default();
            let Ok(sniff::Format::Workbook(format)) = sniff::detect(bytes, &options) else {
                panic!("{file}: not a workbook");
            };
            let mut book =
                read::open_workbook(bytes, format).unwrap_or_else(|e| panic!("{file}: {e:?}"));
            for name in book.sheet_names().unwrap_or_default() {
                let mut rows = Vec::new();
                if let Ok(Some(mut source)) = book.rows(&name, limits) {
                    let mut row = Row::default();
                    while let Ok(true) = source.next_into(&mut row) {
                        rows.push(std::mem::take(&mut row));
                    }
                }
                ours_rows.push((name, rows));
            }
            assert!(!ours_rows.is_empty(), "{file}");
            for (name, ours) in ours_rows {
                let ours = non_empty(ours);
                assert!(!ours.is_empty(), "{file} {name}");
                assert_eq!(ours, theirs(bytes, &name), "{file} {name}");
            }
        }
    }

    /// A workbook with every kind of cell rust_xlsxwriter writes.
    fn written_workbook() -> Vec<u8> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let _ = sheet.set_name("Blad & 1");
        let iso = Format::new().set_num_format("yyyy-mm-dd");
        let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let builtin = Format::new().set_num_format_index(14);
        let elapsed = Format::new().set_num_format("[h]:mm");
        let money = Format::new().set_num_format("\"kr\" #,##0.00");
        let bold = Format::new().set_bold();
        let _ = sheet.write_string(0, 0, "Personnummer");
        let _ = sheet.write_string(0, 1, "  Kön\r\nrad två  ");
        let _ = sheet.write_string(0, 3, "_x000D_ & <>");
        let _ = sheet.write_rich_string(0, 4, &[(&bold, "fet"), (&Format::default(), " text")]);
        let _ = sheet.write_number(1, 0, 199001011234.0);
        let _ = sheet.write_number_with_format(1, 1, 45306.0, &iso);
        let _ = sheet.write_number_with_format(1, 2, 45306.25, &stamp);
        let _ = sheet.write_number_with_format(1, 3, 60.0, &builtin);
        let _ = sheet.write_number_with_format(1, 4, 1.75, &elapsed);
        let _ = sheet.write_number_with_format(1, 5, 1234.5, &money);
        let _ = sheet.write_boolean(2, 0, true);
        let _ = sheet.write_formula(2, 1, "=1+1");
        let _ = sheet.write_string(500, 40, "far");
        let _ = sheet.write_number(3, 2, -0.5);
        let second = workbook.add_worksheet();
        let _ = second.write_string(4, 3, "andra");
        workbook.save_to_buffer().unwrap_or_default()
    }
}
