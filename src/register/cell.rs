//! A cell as it came out of the file, before any interpretation.

use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text as written (CSV cells are always text).
    Text(String),
    /// A number cell of a spreadsheet.
    Number(f64),
    /// A boolean cell of a spreadsheet.
    Bool(bool),
    /// A date cell (Excel/ODS date formats).
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// An error value such as `#N/A`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => is_blank(text),
            _ => false,
        }
    }
}

/// Whether text is empty or white space only; a printable ASCII first byte
/// (nearly every cell) answers without scanning.
pub(crate) fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(0x21..=0x7e) => false,
        _ => text.trim().is_empty(),
    }
}
