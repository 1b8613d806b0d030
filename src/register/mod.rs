//! Reading registers from bytes in memory: CSV (any common encoding and
//! delimiter), XLSX and ODS (and XLS natively); finding the header row; mapping columns to
//! fields; turning cells into values. No file system, so the same code runs in
//! WebAssembly.
//!
//! Rows are lent to a [`RowSink`] one at a time, so a CSV never has to be
//! held as parsed rows in memory, and its cells' strings are reused.

#[cfg(not(target_arch = "wasm32"))]
mod calamine;
pub mod cell;
mod csv_table;
mod encoding;
pub mod fields;
mod header;
mod host_sheets;
mod number_format;
mod ods;
mod read;
mod rows;
mod search;
mod sheet_copy;
mod sniff;
pub use sniff::refuse_unless_text;
mod stream;
mod unreadable;
pub mod values;
mod workbook;
#[cfg(not(target_arch = "wasm32"))]
mod xls_extent;
mod xlsx;
mod xml;
mod xml_tokens;

pub use cell::Cell;
pub use csv_table::TextReading;
pub use fields::{Field, IntegrationArea};
pub use header::{
    looks_like_row_data, AGGREGATES_TABLE_HEADERS, CHECK_SHEET_HEADERS, INSTRUCTIONS_TITLES,
};
pub use host_sheets::{read_grid_table, unread_grid_tables, GridSheet, GridValue, GridWorkbook};
pub use read::{is_xlsx, read_table, sheet_names, unread_tables};
pub use sheet_copy::{read_grid, read_grid_head, Grid};
pub use stream::{StreamReader, Streamed};
pub use unreadable::Unreadable;

use crate::diagnostic::Diagnostic;

/// Which table of a register is wanted. A workbook may hold all of them as
/// separate sheets; a CSV file is exactly one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// One or more rows per participant (SPEC §3).
    Participants,
    /// One row per completed activity's evaluation (R.2.9, R.1.5).
    Evaluations,
    /// Organisations supported or funded (O.2.2, O.2.7).
    Organisations,
    /// Information packages, campaigns, equipment and other counted items
    /// (O.2.4, O.3.2).
    Items,
}

impl TableKind {
    /// Stable name, for diagnostics' parameters.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Participants => "participants",
            TableKind::Evaluations => "evaluations",
            TableKind::Organisations => "organisations",
            TableKind::Items => "items",
        }
    }
}

/// One data row: its number as the user sees it in the sheet (1-based,
/// header row and title rows included) and its cells by column index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell at `index`, `Cell::Empty` past the end.
    pub fn cell(&self, index: usize) -> &Cell {
        self.cells.get(index).unwrap_or(&Cell::Empty)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// A column of the table: where it is, its header as written, and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub index: usize,
    pub header: String,
    /// `None` for a header the tool does not use (`column.unknown`).
    pub field: Option<Field>,
}

/// The header row and how its columns were understood.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeaderMap {
    /// 1-based row number of the header row.
    pub row: u32,
    pub columns: Vec<Column>,
}

impl HeaderMap {
    /// The first column holding `field`.
    pub fn column(&self, field: &Field) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.field.as_ref() == Some(field))
    }

    /// Columns headed by an indicator code, with the code.
    pub fn indicator_columns(&self) -> impl Iterator<Item = (&Column, &str)> {
        self.columns.iter().filter_map(|c| match &c.field {
            Some(Field::Indicator(code)) => Some((c, code.as_str())),
            _ => None,
        })
    }
}

/// Receives a table as it is read: the header first, then each non-empty row.
///
/// A row is lent, not given: readers reuse its buffers for the next row, so
/// a sink keeps what it needs, never the row.
pub trait RowSink {
    fn header(&mut self, header: &HeaderMap);
    fn row(&mut self, row: &Row);

    /// [`RowSink::row`] for a sink that may keep the row, leaving another
    /// in its place for the reader to refill (a sink that hands rows to
    /// another thread swaps in a used one: nothing is copied or allocated).
    fn take_row(&mut self, row: &mut Row) {
        self.row(row);
    }

    /// About how many rows will come (a streamed CSV file's size over its
    /// first lines' length), so a sink can make room once instead of
    /// growing and copying as rows arrive.
    fn expect_rows(&mut self, _rows: usize) {}
}

/// Caller's choices for reading.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// The sheet holding the table; otherwise the first sheet that fits.
    pub sheet: Option<String>,
    /// Sheets already used by another table: never read for this kind.
    pub skip_sheets: Vec<String>,
    /// The participant table's header is on this row (1-based, as the
    /// sheet shows it) instead of being searched for.
    pub header_row: Option<u32>,
    /// Overrides: (field name, header as written in the file). The field is
    /// anything [`Field::parse`] accepts, or `"-"` to ignore the column; the
    /// header matches case-, space- and accent-insensitively
    /// (`--map 'Kön=Sex'`: the gender is the column headed Sex).
    pub mapping: Vec<(String, String)>,
    /// Files over this size are refused.
    pub max_file_bytes: u64,
    /// Spreadsheets whose uncompressed parts exceed this are refused (zip bombs).
    pub max_uncompressed_bytes: u64,
    /// Highest row number read (rows as the user sees them).
    pub max_rows: u32,
    /// Highest number of columns in a row (trailing empty cells not counted).
    pub max_columns: u32,
    /// Longest cell text in characters (Excel's own limit by default).
    pub max_cell_chars: u32,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            sheet: None,
            skip_sheets: Vec::new(),
            header_row: None,
            mapping: Vec::new(),
            max_file_bytes: 200 * 1024 * 1024,
            max_uncompressed_bytes: 1024 * 1024 * 1024,
            max_rows: 2_000_000,
            max_columns: 1_000,
            max_cell_chars: 32_767,
        }
    }
}

/// Why a file cannot be used at all (`file.unreadable` / `header.not_found`).
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The file cannot be read, for this reason.
    Unreadable(Unreadable),
    /// No row looks like a header with an identifier column.
    HeaderNotFound(Diagnostic),
}

impl ReadError {
    /// The finding, whose message says why in the user's terms.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            ReadError::Unreadable(reason) => reason.diagnostic(),
            ReadError::HeaderNotFound(d) => d.clone(),
        }
    }
}

impl From<Unreadable> for ReadError {
    fn from(reason: Unreadable) -> ReadError {
        ReadError::Unreadable(reason)
    }
}

/// What reading a table found besides its rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableInfo {
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// Every sheet of the workbook in order (empty for CSV), so a UI can
    /// offer a choice without opening the file again.
    pub sheets: Vec<String>,
    pub header: HeaderMap,
    /// Non-empty data rows handed to the sink.
    pub rows: u32,
    /// Reading findings: `column.unknown` (info), `column.duplicate`
    /// (warning), `mapping.unknown_column` (error, params `header` or
    /// `field`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Deterministic pseudo-random numbers (xorshift) for the readers' tests
/// on random text.
#[cfg(test)]
pub(crate) fn random_numbers(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
