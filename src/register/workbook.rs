//! Workbooks, one trait for every spreadsheet format as calamine has it:
//! the sheets' names in order, and a sheet's rows by name. XLSX and ODS are
//! read by our own streaming readers ([`super::xlsx`], [`super::ods`]), XLS
//! and XLSB by calamine in the native build only ([`super::calamine`]), and
//! the sheets a spreadsheet host hands over ([`super::host_sheets`]) are a
//! workbook too. One sheet search and one copy path serve them all; only
//! [`super::read`] knows the formats.

use super::header::{self, Mapping, HEADER_SEARCH_ROWS};
use super::rows::{Limits, RowSource};
use super::search::{not_found, read_rows};
use super::Unreadable;
use super::{ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};

/// A workbook open for reading.
pub(crate) trait Workbook {
    /// Every sheet's name, in workbook order.
    fn sheet_names(&mut self) -> Result<Vec<String>, ReadError>;

    /// The rows of sheet `name`, blank ones included, numbered as the sheet
    /// shows them; `Ok(None)` for a sheet without cells (a chart sheet) or
    /// a name the workbook does not have.
    fn rows(
        &mut self,
        name: &str,
        limits: Limits,
    ) -> Result<Option<Box<dyn RowSource + '_>>, ReadError>;
}

/// Which sheets a table may come from: the one asked for, or every sheet
/// not already used by another table, in workbook order.
fn candidates(names: &[String], options: &ReadOptions) -> Result<Vec<String>, ReadError> {
    if names.is_empty() {
        // Only macros, charts or nothing at all.
        return Err(ReadError::from(Unreadable::NoSheets));
    }
    let skipped = |name: &String| options.skip_sheets.contains(name);
    let Some(wanted) = &options.sheet else {
        let mut found: Vec<String> = names.iter().filter(|n| !skipped(n)).cloned().collect();
        found.retain(|name| !header::ADDIN_SHEETS.contains(&name.as_str()));
        return Ok(found);
    };
    let loose = |name: &String| name.trim().to_lowercase() == wanted.trim().to_lowercase();
    match names
        .iter()
        .find(|n| *n == wanted)
        .or_else(|| names.iter().find(|n| loose(n)))
    {
        Some(name) if skipped(name) => Ok(Vec::new()),
        Some(name) => Ok(vec![name.clone()]),
        None => Err(sheet_not_found(names)),
    }
}

fn sheet_not_found(names: &[String]) -> ReadError {
    ReadError::from(Unreadable::SheetNotFound {
        sheets: names.to_vec(),
    })
}

/// Reads the table of `kind` from the first candidate sheet that holds it.
pub(crate) fn read_table(
    book: &mut dyn Workbook,
    kind: TableKind,
    mapping: &Mapping,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let limits = Limits::new(options);
    let names = book.sheet_names()?;
    let candidates = candidates(&names, options)?;
    for name in &candidates {
        let Some(rows) = book.rows(name, limits)? else {
            continue;
        };
        if let Some(info) = read_rows(rows, kind, mapping, limits, Some(name), sink)? {
            return Ok(Some(TableInfo {
                sheets: names,
                ..info
            }));
        }
    }
    let sheet = match (&options.sheet, candidates.as_slice()) {
        (Some(wanted), _) => Some(wanted.as_str()),
        (None, [only]) => Some(only.as_str()),
        _ => None,
    };
    not_found(kind, sheet, mapping)
}

/// The sheets besides `used` whose first rows hold what looks like a
/// table's header, each with the kind of table that header makes when it
/// is one the check reads: tables nothing has read, to be reported.
pub(crate) fn unread_tables(
    book: &mut dyn Workbook,
    used: &[String],
    limits: Limits,
) -> Result<Vec<(String, Option<TableKind>)>, ReadError> {
    let mut found = Vec::new();
    for name in book.sheet_names()? {
        if used.contains(&name) || header::ADDIN_SHEETS.contains(&name.as_str()) {
            continue;
        }
        let Some(mut rows) = book.rows(&name, limits)? else {
            continue;
        };
        let (mut row, mut searched) = (Row::default(), 0);
        while searched < HEADER_SEARCH_ROWS && rows.next_into(&mut row)? {
            if row.is_empty() {
                continue;
            }
            searched += 1;
            if header::is_own_sheet_start(&row) {
                break;
            }
            if header::looks_like_header(&row) {
                found.push((name.clone(), header::table_kind(&row)));
                break;
            }
        }
    }
    Ok(found)
}

/// Every row of one sheet (the first worksheet when `sheet` is `None`),
/// title rows included, for copies of the register, until `each` says
/// enough; the sheet's name.
pub(crate) fn sheet_rows(
    book: &mut dyn Workbook,
    sheet: Option<&str>,
    options: &ReadOptions,
    each: &mut dyn FnMut(Row) -> bool,
) -> Result<String, ReadError> {
    let options = ReadOptions {
        sheet: sheet.map(str::to_string),
        skip_sheets: Vec::new(),
        ..options.clone()
    };
    let limits = Limits::new(&options);
    let names = book.sheet_names()?;
    for name in candidates(&names, &options)? {
        let Some(mut rows) = book.rows(&name, limits)? else {
            continue;
        };
        let mut row = Row::default();
        while rows.next_into(&mut row)? {
            limits.check(&row)?;
            if !each(std::mem::take(&mut row)) {
                break;
            }
        }
        return Ok(name);
    }
    Err(sheet_not_found(&names))
}
