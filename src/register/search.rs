//! The header search: the first rows of a table are looked at for its
//! header, which then goes to a [`RowSink`] with every data row after it.

use super::header::{self, Mapping, HEADER_SEARCH_ROWS};
use super::rows::{Limits, RowSource};
use super::{ReadError, Row, RowSink, TableInfo, TableKind};
use crate::diagnostic::Diagnostic;

/// What is returned when no header of `kind` was found.
pub(crate) fn not_found(
    kind: TableKind,
    sheet: Option<&str>,
    mapping: &Mapping,
) -> Result<Option<TableInfo>, ReadError> {
    match kind {
        TableKind::Participants => Err(header_not_found(sheet, mapping.header_row())),
        _ => Ok(None),
    }
}

/// `header.not_found` for the participant table: on which sheet, and on
/// which row when the user chose one.
pub(crate) fn header_not_found(sheet: Option<&str>, header_row: Option<u32>) -> ReadError {
    let mut diagnostic = Diagnostic::error("header.not_found");
    if let Some(sheet) = sheet {
        diagnostic = diagnostic.with("sheet", sheet);
    }
    if let Some(row) = header_row {
        diagnostic = diagnostic.with("header_row", row.to_string());
    }
    ReadError::HeaderNotFound(diagnostic)
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
    /// Some row had content (one above a chosen header row too).
    any_content: bool,
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
            any_content: false,
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
            any_content: true,
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

    /// No row with content so far: an empty file, or only blank lines.
    pub(crate) fn is_blank(&self) -> bool {
        !self.any_content && self.found.is_none()
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
        self.any_content = true;
        if let Some(info) = &mut self.found {
            info.rows += 1;
            sink.take_row(row);
            return Ok(true);
        }
        if self.searched >= HEADER_SEARCH_ROWS {
            return Ok(false);
        }
        // A header row the user chose: that row, or no header at all.
        if let Some(wanted) = mapping.header_row() {
            if row.number < wanted {
                return Ok(true);
            }
            if row.number > wanted {
                self.searched = HEADER_SEARCH_ROWS;
                return Ok(false);
            }
        }
        // The tool's own sheets (its findings, figures or instructions,
        // saved into the workbook) are never a table to read.
        if header::is_own_sheet_start(row) && mapping.header_row().is_none() {
            self.searched = HEADER_SEARCH_ROWS;
            return Ok(false);
        }
        let Some(header) = header::analyse(row, self.kind, mapping) else {
            // Another table's header, or one the check does not know: the
            // rows below it are data, never this table's header.
            self.searched = match header::looks_like_header(row) || mapping.header_row().is_some() {
                true => HEADER_SEARCH_ROWS,
                false => self.searched + 1,
            };
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
