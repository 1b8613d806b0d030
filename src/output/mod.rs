//! What the tool writes: aggregates (the only thing that may leave the
//! machine), diagnostics, and the individual-level report made on request.
//! Every CSV neutralises spreadsheet formulas.

pub mod aggregates;
pub mod annotated;
pub mod compare;
pub mod comparison;
pub mod csv_safe;
pub mod diagnostics;
pub mod individual;
mod marked;
mod package;
pub mod template;
mod xml_edit;
pub use marked::{mark_workbook, marked_copy, CopyKind, MarkError};
pub mod xlsx;
