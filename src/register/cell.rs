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
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}
