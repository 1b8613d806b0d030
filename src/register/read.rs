//! The entry point, and the only place that knows every format: which
//! format a file is, then the reader for it.

use super::csv_table;
use super::header::Mapping;
use super::ods::Ods;
use super::rows::{too_large, Limits};
use super::search::not_found;
use super::sniff::{self, Format, WorkbookFormat};
use super::workbook::{self, Workbook};
use super::xlsx::Xlsx;
use super::Unreadable;
use super::{ReadError, ReadOptions, RowSink, TableInfo, TableKind};

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
    let mapping = Mapping::for_table(options, kind);
    let found = match sniff::detect(bytes, options)? {
        Format::Empty => return Err(ReadError::from(Unreadable::Empty)),
        Format::Text => csv_table::read(bytes, kind, &mapping, options, sink)?,
        Format::Workbook(format) => {
            let mut book = open_workbook(bytes, format)?;
            return workbook::read_table(&mut *book, kind, &mapping, options, sink);
        }
    };
    match found {
        Some(info) => Ok(Some(info)),
        None => not_found(kind, None, &mapping),
    }
}

/// The sheets of a workbook besides `used` whose first rows look like a
/// table's header (see `super::header`), with the kind of table it is
/// when the check knows it; empty for CSV. Nothing has read these tables:
/// they are reported, never guessed at.
pub fn unread_tables(
    bytes: &[u8],
    used: &[String],
    options: &ReadOptions,
) -> Result<Vec<(String, Option<TableKind>)>, ReadError> {
    match sniff::detect(bytes, options)? {
        Format::Empty | Format::Text => Ok(Vec::new()),
        Format::Workbook(format) => workbook::unread_tables(
            &mut *open_workbook(bytes, format)?,
            used,
            Limits::new(options),
        ),
    }
}

/// Whether the bytes are an XLSX (or XLSM) workbook.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    matches!(
        sniff::detect(bytes, &ReadOptions::default()),
        Ok(Format::Workbook(WorkbookFormat::Xlsx))
    )
}

/// Sheet names of a workbook in workbook order (empty for CSV), for UIs that
/// let the user pick.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let options = ReadOptions::default();
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(too_large(options.max_file_bytes));
    }
    match sniff::detect(bytes, &options)? {
        Format::Empty | Format::Text => Ok(Vec::new()),
        Format::Workbook(format) => open_workbook(bytes, format)?.sheet_names(),
    }
}

/// Opens a workbook file of a format [`super::sniff`] found.
pub(crate) fn open_workbook(
    bytes: &[u8],
    format: WorkbookFormat,
) -> Result<Box<dyn Workbook + '_>, ReadError> {
    match format {
        WorkbookFormat::Xlsx => Ok(Box::new(Xlsx::open(bytes)?)),
        WorkbookFormat::Ods => Ok(Box::new(Ods::open(bytes)?)),
        #[cfg(not(target_arch = "wasm32"))]
        WorkbookFormat::Xls | WorkbookFormat::Xlsb => super::calamine::open(bytes, format),
        #[cfg(target_arch = "wasm32")]
        WorkbookFormat::Xls | WorkbookFormat::Xlsb => {
            Err(ReadError::from(Unreadable::LegacyFormat))
        }
    }
}
