//! How much memory an XLS file will take, worked out before calamine opens
//! it. calamine reads every sheet when opening an XLS file, each as a dense
//! grid between its outermost cells, after reserving what the sheet's
//! DIMENSIONS record claims: a 10 KB file with a cell record past column IV
//! made it ask for 130 GB, and A1 plus IV65536 took a gigabyte. This reads
//! the workbook stream's records as calamine does and refuses such files.
//! The container itself is read by the cfb crate: one it cannot read is
//! refused as damaged rather than handed to calamine.

use super::ods_extent::MAX_SHEET_CELLS;
use super::read::unreadable;
use super::ReadError;
use std::io::{Cursor, Read};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
/// The rest of the stream is encrypted: calamine says so when opening.
const FILE_PASS: u16 = 0x002F;
const DIMENSIONS: u16 = 0x0200;
const MUL_RK: u16 = 0x00BD;
/// Records that put one cell at (row, column) in their first four bytes:
/// Formula, Number, Label, RString, BoolErr, Rk, LabelSst.
const CELLS: [u16; 7] = [0x0006, 0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

fn error(reason: &'static str) -> ReadError {
    ReadError::Unreadable(unreadable(reason))
}

/// `Ok` when calamine may open the file; damage calamine reports itself
/// (no workbook stream, encryption) is left to it.
pub(crate) fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut container) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Err(error("corrupt"));
    };
    let stream = ["/Workbook", "/Book"]
        .iter()
        .find_map(|name| container.open_stream(name).ok());
    let Some(stream) = stream else {
        return Ok(());
    };
    let mut workbook = Vec::new();
    // A stream is never longer than the file holding it.
    stream
        .take(bytes.len() as u64)
        .read_to_end(&mut workbook)
        .map_err(|_| error("corrupt"))?;

    let globals = || records(&workbook).take_while(|(kind, _)| *kind != EOF);
    if globals().any(|(kind, _)| kind == FILE_PASS) {
        return Ok(());
    }
    let mut held: u64 = 0;
    for position in sheet_positions(&workbook) {
        let sheet = workbook.get(position..).ok_or_else(|| error("corrupt"))?;
        held = held.saturating_add(sheet_cells(sheet));
        if held > MAX_SHEET_CELLS {
            return Err(error("too_many_cells"));
        }
    }
    Ok(())
}

/// Records as calamine's reader walks them: type and data, the CONTINUE
/// records after one skipped (they never hold cells).
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let (kind, len, rest) = match stream {
            [a, b, c, d, rest @ ..] => (
                u16::from_le_bytes([*a, *b]),
                usize::from(u16::from_le_bytes([*c, *d])),
                rest,
            ),
            _ => return None,
        };
        let (data, next) = rest.split_at_checked(len)?;
        stream = next;
        Some((kind, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    match data.get(at..at + 2)? {
        [a, b] => Some(u16::from_le_bytes([*a, *b])),
        _ => None,
    }
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    match data.get(at..at + 4)? {
        [a, b, c, d] => Some(u32::from_le_bytes([*a, *b, *c, *d])),
        _ => None,
    }
}

/// Where each sheet's records start: the BoundSheet records of the
/// workbook globals, up to their EOF.
fn sheet_positions(workbook: &[u8]) -> Vec<usize> {
    records(workbook)
        .take_while(|(kind, _)| *kind != EOF)
        .filter(|(kind, _)| *kind == BOUND_SHEET)
        .filter_map(|(_, data)| usize::try_from(u32_at(data, 0)?).ok())
        .collect()
}

/// The cells calamine will allocate for one sheet: what its DIMENSIONS
/// records reserve, or the grid between its outermost cells if larger.
fn sheet_cells(sheet: &[u8]) -> u64 {
    let mut reserved: u64 = 0;
    let mut rows = (u64::MAX, 0);
    let mut columns = (u64::MAX, 0);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut add = |row: u16, first: u16, last: u16| {
        rows = (rows.0.min(row.into()), rows.1.max(row.into()));
        columns = (columns.0.min(first.into()), columns.1.max(last.into()));
    };
    for (kind, data) in records(sheet) {
        // Embedded charts are substreams of their own: calamine skips them.
        if depth > 0 {
            match kind {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match kind {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(dimensions(data)),
            MUL_RK => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len().saturating_sub(2)),
                ) {
                    if first <= last {
                        add(row, first, last);
                    }
                }
            }
            kind if CELLS.contains(&kind) => {
                if let (Some(row), Some(column)) = (u16_at(data, 0), u16_at(data, 2)) {
                    add(row, column, column);
                }
            }
            _ => {}
        }
    }
    let grid = if rows.0 > rows.1 {
        0
    } else {
        (rows.1 - rows.0 + 1).saturating_mul(columns.1 - columns.0 + 1)
    };
    reserved.max(grid)
}

/// The cells calamine reserves for a DIMENSIONS record (MS-XLS 2.4.90),
/// computed as calamine does, wrapping arithmetic included.
fn dimensions(data: &[u8]) -> u64 {
    let fields = match data.len() {
        10 => (
            u16_at(data, 0).map(u32::from),
            u16_at(data, 2).map(u32::from),
            u16_at(data, 4).map(u32::from),
            u16_at(data, 6).map(u32::from),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8).map(u32::from),
            u16_at(data, 10).map(u32::from),
        ),
        _ => return 0,
    };
    let (Some(first_row), Some(row_end), Some(mut first_column), Some(column_end)) = fields else {
        return 0;
    };
    if first_column > 0xFF || column_end < first_column {
        first_column = 0;
    }
    if row_end == 0 || column_end == 0 {
        return 1;
    }
    let rows = (row_end - 1).wrapping_sub(first_row).wrapping_add(1);
    let columns = (column_end - 1).wrapping_sub(first_column).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn cell(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn sheet_grids_as_calamine_builds_them() {
        let sheet = |records: &[Vec<u8>]| {
            let mut bytes = record(BOF, &[0; 16]);
            bytes.extend(records.concat());
            bytes.extend(record(EOF, &[]));
            sheet_cells(&bytes)
        };
        assert_eq!(sheet(&[cell(0, 0), cell(9, 3)]), 40);
        assert_eq!(sheet(&[cell(0, 0), cell(65_535, 65_535)]), 1 << 32);
        // A chart's cells do not count; cells after the sheet's EOF neither.
        let chart = [record(BOF, &[0; 16]), cell(60_000, 200), record(EOF, &[])].concat();
        assert_eq!(sheet(&[cell(0, 0), chart, cell(1, 1)]), 4);
        // DIMENSIONS rows 0..65536, columns 0..256: what calamine reserves.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(65_536u32.to_le_bytes());
        dims.extend([0, 0, 0, 1, 0, 0]);
        assert_eq!(sheet(&[record(DIMENSIONS, &dims)]), 65_536 * 256);
        // First row after the last: calamine's subtraction wraps.
        let mut wrapped = 10u32.to_le_bytes().to_vec();
        wrapped.extend(5u32.to_le_bytes());
        wrapped.extend([0, 0, 1, 0, 0, 0]);
        assert!(sheet(&[record(DIMENSIONS, &wrapped)]) > MAX_SHEET_CELLS);
    }
}
