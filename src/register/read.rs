//! The entry point: which format a file is, the limits every format shares,
//! and the header search that feeds a [`RowSink`].

use super::header::{self, Mapping, HEADER_SEARCH_ROWS};
use super::{csv_table, encoding, workbook};
use super::{Cell, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};
use crate::diagnostic::Diagnostic;

/// Reads the table of `kind` from a file's bytes, handing the header and
/// then every non-empty data row to `sink`.
///
/// Participants: `Err(HeaderNotFound)` when no row looks like a header with
/// an ID column (or first name + last name + birth date for internal IDs).
/// Other kinds: `Ok(None)` when the file or workbook holds no such table.
/// A file that cannot be read at all is `Err(Unreadable)` whatever the kind.
pub fn read_table(
    bytes: &[u8],
    kind: TableKind,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(too_large(options.max_file_bytes));
    }
    let mapping = Mapping::new(&options.mapping, kind);
    let found = match Format::detect(bytes, options)? {
        Format::Empty => None,
        Format::Text => csv_table::read(bytes, kind, &mapping, options, sink)?,
        Format::Workbook(format) => {
            return workbook::read(bytes, format, kind, &mapping, options, sink);
        }
    };
    match found {
        Some(info) => Ok(Some(info)),
        None => not_found(kind, None),
    }
}

/// Sheet names of a workbook in workbook order (empty for CSV), for UIs that
/// let the user pick.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let options = ReadOptions::default();
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(too_large(options.max_file_bytes));
    }
    match Format::detect(bytes, &options)? {
        Format::Empty | Format::Text => Ok(Vec::new()),
        Format::Workbook(format) => workbook::sheet_names(bytes, format),
    }
}

/// The size limit, then the format: how every reader starts.
pub(crate) fn detect(bytes: &[u8], options: &ReadOptions) -> Result<Format, ReadError> {
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(too_large(options.max_file_bytes));
    }
    Format::detect(bytes, options)
}

/// What kind of file the bytes are, from their content, never a file name.
pub(crate) enum Format {
    Empty,
    Text,
    Workbook(workbook::Format),
}

impl Format {
    fn detect(bytes: &[u8], options: &ReadOptions) -> Result<Format, ReadError> {
        if bytes.is_empty() {
            return Ok(Format::Empty);
        }
        if let Some(format) = workbook::Format::detect(bytes, options)? {
            return Ok(Format::Workbook(format));
        }
        if encoding::looks_like_text(bytes) {
            Ok(Format::Text)
        } else {
            Err(ReadError::Unreadable(unreadable("unknown_format")))
        }
    }
}

/// `file.unreadable` `too_large`, with the limit.
pub(crate) fn too_large(limit: u64) -> ReadError {
    ReadError::Unreadable(unreadable("too_large").with("limit_mb", megabytes(limit)))
}

/// `file.unreadable` with its reason.
pub(crate) fn unreadable(reason: &'static str) -> Diagnostic {
    Diagnostic::error("file.unreadable").with("reason", reason)
}

/// A limit in MB as the message shows it: whole MB, or one decimal below 10.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{}", mb.floor() as u64)
    } else {
        format!("{mb:.1}")
    }
}

/// What is returned when no header of `kind` was found.
pub(crate) fn not_found(
    kind: TableKind,
    sheet: Option<&str>,
) -> Result<Option<TableInfo>, ReadError> {
    match kind {
        TableKind::Participants => {
            let mut diagnostic = Diagnostic::error("header.not_found");
            if let Some(sheet) = sheet {
                diagnostic = diagnostic.with("sheet", sheet);
            }
            Err(ReadError::HeaderNotFound(diagnostic))
        }
        _ => Ok(None),
    }
}

/// Row, column and cell-size limits, checked on every row of every format.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) rows: u32,
    pub(crate) columns: u32,
    pub(crate) cell_chars: u32,
}

impl Limits {
    pub(crate) fn new(options: &ReadOptions) -> Limits {
        Limits {
            rows: options.max_rows,
            columns: options.max_columns,
            cell_chars: options.max_cell_chars,
        }
    }

    /// A row number beyond the limit (`too_many_rows`).
    pub(crate) fn check_row_number(&self, number: u64) -> Result<u32, ReadError> {
        match u32::try_from(number) {
            Ok(number) if number <= self.rows => Ok(number),
            _ => Err(ReadError::Unreadable(unreadable("too_many_rows"))),
        }
    }

    /// A non-empty cell at 0-based `column` (`too_many_columns`).
    pub(crate) fn check_column(&self, column: u64) -> Result<(), ReadError> {
        if column >= u64::from(self.columns) {
            Err(ReadError::Unreadable(unreadable("too_many_columns")))
        } else {
            Ok(())
        }
    }

    /// A cell text over the limit (`cell_too_long`).
    pub(crate) fn check_text(&self, text: &str) -> Result<(), ReadError> {
        let limit = self.cell_chars as usize;
        if text.len() > limit && text.chars().count() > limit {
            Err(ReadError::Unreadable(unreadable("cell_too_long")))
        } else {
            Ok(())
        }
    }

    /// Checks a whole row whose trailing empty cells are already dropped.
    pub(crate) fn check(&self, row: &Row) -> Result<(), ReadError> {
        if row.is_empty() {
            return Ok(());
        }
        self.check_row_number(u64::from(row.number))?;
        if let Some(last) = row.cells.len().checked_sub(1) {
            self.check_column(last as u64)?;
        }
        for cell in &row.cells {
            if let Cell::Text(text) | Cell::Error(text) = cell {
                self.check_text(text)?;
            }
        }
        Ok(())
    }
}

/// Drops empty cells at the end of a row: trailing empty columns are harmless.
pub(crate) fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while cells.last().is_some_and(Cell::is_empty) {
        cells.pop();
    }
}

/// Rows one at a time into a buffer the source may reuse: a sheet's rows,
/// any iterator of rows ([`IterRows`]), or the CSV reader that refills one
/// row in place.
pub(crate) trait RowSource {
    /// Fills `row` with the next row, blank ones included; `Ok(false)` at the end.
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError>;
}

/// Rows from any iterator, each a new `Row`.
pub(crate) struct IterRows<I>(pub(crate) I);

impl<I: Iterator<Item = Result<Row, ReadError>>> RowSource for IterRows<I> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        match self.0.next() {
            Some(next) => {
                *row = next?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// A reader that makes a sheet's rows one at a time.
pub(crate) trait NextRow {
    /// Fills `row` with the next row; `Ok(false)` at the end. What `row`
    /// held before may be used again (its strings, its cells' room).
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError>;
}

/// The rows of a [`NextRow`], as an iterator that ends after the end or
/// the first error, whichever comes first, or as a [`RowSource`] whose
/// rows are filled in place.
pub(crate) struct Rows<R> {
    reader: R,
    stopped: bool,
}

impl<R: NextRow> Rows<R> {
    pub(crate) fn new(reader: R) -> Rows<R> {
        Rows {
            reader,
            stopped: false,
        }
    }
}

impl<R: NextRow> RowSource for Rows<R> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        if self.stopped {
            return Ok(false);
        }
        let next = self.reader.next_into(row);
        self.stopped = !matches!(next, Ok(true));
        next
    }
}

impl<R: NextRow> Iterator for Rows<R> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row = Row::default();
        RowSource::next_into(self, &mut row)
            .map(|more| more.then_some(row))
            .transpose()
    }
}

/// Searches the first non-empty rows for a header of `kind`; when found,
/// hands it and every later non-empty row to `sink`. `Ok(None)` when the
/// rows hold no such header.
pub(crate) fn read_rows(
    mut rows: impl RowSource,
    kind: TableKind,
    mapping: &Mapping,
    limits: Limits,
    sheet: Option<&str>,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let mut table = TableRows::new(kind, limits, sheet);
    let mut row = Row::default();
    while rows.next_into(&mut row)? {
        if !table.row(&mut row, mapping, sink)? {
            break;
        }
    }
    Ok(table.finish())
}

/// [`read_rows`] a row at a time, for rows that arrive in pieces.
pub(crate) struct TableRows {
    kind: TableKind,
    limits: Limits,
    sheet: Option<String>,
    /// Non-empty rows looked at for the header so far.
    searched: usize,
    found: Option<TableInfo>,
    /// The reader checks each row against the limits as it makes it.
    checked_as_read: bool,
}

impl TableRows {
    pub(crate) fn new(kind: TableKind, limits: Limits, sheet: Option<&str>) -> TableRows {
        TableRows {
            kind,
            limits,
            sheet: sheet.map(str::to_string),
            searched: 0,
            found: None,
            checked_as_read: false,
        }
    }

    /// For a reader that checks each row against the limits as it makes
    /// it (CSV: a cell is checked before it is copied): rows are not
    /// checked again here.
    pub(crate) fn checked_as_read(self) -> TableRows {
        TableRows {
            checked_as_read: true,
            ..self
        }
    }

    /// Rows of the table whose header `info` holds, read elsewhere: every
    /// row taken is a data row.
    pub(crate) fn after_header(kind: TableKind, limits: Limits, info: TableInfo) -> TableRows {
        TableRows {
            kind,
            limits,
            sheet: info.sheet.clone(),
            searched: 0,
            found: Some(TableInfo {
                rows: 0,
                diagnostics: Vec::new(),
                ..info
            }),
            checked_as_read: false,
        }
    }

    /// Whether the header was found.
    pub(crate) fn has_header(&self) -> bool {
        self.found.is_some()
    }

    /// Takes the next row, blank ones included; `Ok(false)` once the
    /// header search gave up, when no further row is wanted.
    pub(crate) fn row(
        &mut self,
        row: &mut Row,
        mapping: &Mapping,
        sink: &mut dyn RowSink,
    ) -> Result<bool, ReadError> {
        if !self.checked_as_read {
            self.limits.check(row)?;
        }
        if row.is_empty() {
            return Ok(true);
        }
        if let Some(info) = &mut self.found {
            info.rows += 1;
            sink.take_row(row);
            return Ok(true);
        }
        if self.searched >= HEADER_SEARCH_ROWS {
            return Ok(false);
        }
        let Some(header) = header::analyse(row, self.kind, mapping) else {
            self.searched += 1;
            return Ok(self.searched < HEADER_SEARCH_ROWS);
        };
        // Sheet names help only for the tables that are not the participant table.
        let diagnostic_sheet = match self.kind {
            TableKind::Participants => None,
            _ => self.sheet.as_deref(),
        };
        let info = TableInfo {
            sheet: self.sheet.clone(),
            sheets: Vec::new(),
            header: header.map,
            rows: 0,
            diagnostics: header
                .diagnostics
                .into_iter()
                .map(|d| d.in_sheet(diagnostic_sheet))
                .collect(),
        };
        sink.header(&info.header);
        self.found = Some(info);
        Ok(true)
    }

    /// What was found; `None` when no header was.
    pub(crate) fn finish(self) -> Option<TableInfo> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_in_megabytes() {
        assert_eq!(megabytes(200 * 1024 * 1024), "200");
        assert_eq!(megabytes(1024 * 1024), "1");
        assert_eq!(megabytes(512 * 1024), "0.5");
        assert_eq!(megabytes(15 * 1024 * 1024 + 1), "15");
    }

    #[test]
    fn limits() {
        let limits = Limits {
            rows: 10,
            columns: 3,
            cell_chars: 4,
        };
        let text = |s: &str| Cell::Text(s.to_string());
        let row = |number, cells| Row { number, cells };
        assert!(limits
            .check(&row(10, vec![text("a"), text("b"), text("c")]))
            .is_ok());
        assert!(limits.check(&row(11, vec![text("a")])).is_err());
        assert!(limits.check(&row(11, vec![Cell::Empty])).is_ok());
        assert!(limits
            .check(&row(
                1,
                vec![Cell::Empty, Cell::Empty, Cell::Empty, text("d")]
            ))
            .is_err());
        assert!(limits.check(&row(1, vec![text("åäöü")])).is_ok());
        let too_long = limits.check(&row(1, vec![text("åäöüx")]));
        assert_eq!(
            too_long.map_err(|e| e.diagnostic().param("reason").map(str::to_string)),
            Err(Some("cell_too_long".to_string()))
        );
    }
}
