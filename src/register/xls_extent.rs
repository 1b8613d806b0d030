//! How much memory an XLS file will take, worked out before calamine opens
//! it. calamine reads every sheet when opening an XLS file, each as a dense
//! grid between its outermost cells, after reserving what the sheet's
//! DIMENSIONS record claims: a 10 KB file with a cell record past column IV
//! made it ask for 130 GB, and A1 plus IV65536 took a gigabyte. This reads
//! the workbook stream's records as calamine does and refuses such files.
//! The container (Compound File Binary, MS-CFB) is read here too, every
//! sector checked: one whose chains point outside the file is refused as
//! damaged rather than handed to calamine, whose reader panics on some.

use super::ReadError;
use super::Unreadable;

/// The most cells calamine may hold as grids at once (rows × columns
/// between each sheet's outermost non-empty cells): 4 M cells, about 230 MB.
/// calamine reads every sheet of an XLS file when opening it, so this is
/// the sum over all sheets; an XLSB sheet is read one at a time.
/// A register of 125 000 rows × 32 columns fits.
pub(crate) const MAX_SHEET_CELLS: u64 = 4 * 1024 * 1024;

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

/// `Ok` when calamine may open the file; damage calamine reports itself
/// (no workbook stream, encryption) is left to it.
pub(crate) fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let container = Container::open(bytes).ok_or_else(|| ReadError::from(Unreadable::Corrupt))?;
    let workbook = match container.stream(&["Workbook", "Book"]) {
        Err(Damaged) => return Err(ReadError::from(Unreadable::Corrupt)),
        // Encrypted OOXML packages and other documents: calamine says what they are.
        Ok(None) => return Ok(()),
        Ok(Some(workbook)) => workbook,
    };

    let globals = || records(&workbook).take_while(|(kind, _)| *kind != EOF);
    if globals().any(|(kind, _)| kind == FILE_PASS) {
        return Ok(());
    }
    let mut held: u64 = 0;
    for position in sheet_positions(&workbook) {
        let sheet = workbook
            .get(position..)
            .ok_or_else(|| ReadError::from(Unreadable::Corrupt))?;
        held = held.saturating_add(sheet_cells(sheet));
        if held > MAX_SHEET_CELLS {
            return Err(ReadError::from(Unreadable::TooManyCells));
        }
    }
    Ok(())
}

/// A container whose structure points outside the file.
struct Damaged;

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;

/// A Compound File Binary container (MS-CFB) read from memory: the sector
/// allocation table and the directory, every reference checked.
struct Container<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    directory: Vec<u8>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

/// Streams shorter than this live in the mini stream; calamine uses the
/// standard value whatever the header says, and so does this.
const MINI_CUTOFF: u64 = 4096;

impl<'a> Container<'a> {
    fn open(bytes: &'a [u8]) -> Option<Self> {
        let sector_size = match u16_at(bytes, 0x1E)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        // The header fills the first sector.
        let sectors = bytes.len().checked_sub(sector_size)?.div_ceil(sector_size);
        let mut container = Container {
            bytes,
            sector_size,
            fat: Vec::new(),
            directory: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        // The FAT's sectors: 109 listed in the header, the rest in a chain of
        // DIFAT sectors whose last entry points to the next.
        let fat_sectors = usize::try_from(u32_at(bytes, 0x2C)?).ok()?;
        if fat_sectors > sectors {
            return None;
        }
        let mut listed: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let mut hops = 0;
        while difat != END_OF_CHAIN && difat != FREE && listed.len() < fat_sectors {
            let sector = container.sector(difat)?;
            let (entries, next) = sector.split_at_checked(sector.len().checked_sub(4)?)?;
            listed.extend(entries.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
            difat = u32_at(next, 0)?;
            hops += 1;
            if hops > sectors {
                return None;
            }
        }
        for id in listed.into_iter().take(fat_sectors) {
            let sector = container.sector(id)?;
            container
                .fat
                .extend(sector.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
        }
        container.directory = container.chain(u32_at(bytes, 0x30)?, u64::MAX)?;
        // The root entry (the first) holds the mini stream.
        let root = container.directory.get(..128)?;
        let (root_start, root_size) = (u32_at(root, 116)?, u64::from(u32_at(root, 120)?));
        let mini_fat_start = u32_at(bytes, 0x3C)?;
        if mini_fat_start != END_OF_CHAIN && mini_fat_start != FREE {
            let mini_fat = container.chain(mini_fat_start, u64::MAX)?;
            container.mini_fat = mini_fat
                .chunks_exact(4)
                .filter_map(|c| u32_at(c, 0))
                .collect();
            container.mini_stream = container.chain(root_start, root_size)?;
        }
        Some(container)
    }

    /// Sector `id`, which must lie wholly inside the file.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (usize::try_from(id).ok()? + 1).checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    /// The bytes of the chain starting at `start`, at most `size` of them.
    fn chain(&self, start: u32, size: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && (out.len() as u64) < size {
            out.extend_from_slice(self.sector(id)?);
            id = *self.fat.get(usize::try_from(id).ok()?)?;
            // A chain longer than the table is a loop.
            if out.len() / self.sector_size > self.fat.len() {
                return None;
            }
        }
        out.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        Some(out)
    }

    /// The bytes of a stream kept in the mini stream (64-byte sectors).
    fn mini_chain(&self, start: u32, size: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && (out.len() as u64) < size {
            let at = usize::try_from(id).ok()?.checked_mul(MINI_SECTOR)?;
            out.extend_from_slice(self.mini_stream.get(at..at.checked_add(MINI_SECTOR)?)?);
            id = *self.mini_fat.get(usize::try_from(id).ok()?)?;
            if out.len() / MINI_SECTOR > self.mini_fat.len() {
                return None;
            }
        }
        out.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        Some(out)
    }

    /// The first stream named one of `names` (case-insensitively), `None`
    /// when there is none.
    fn stream(&self, names: &[&str]) -> Result<Option<Vec<u8>>, Damaged> {
        for entry in self.directory.chunks_exact(128) {
            let name_bytes = usize::from(u16_at(entry, 64).ok_or(Damaged)?).min(64);
            let name: String = char::decode_utf16(
                entry
                    .get(..name_bytes)
                    .ok_or(Damaged)?
                    .chunks_exact(2)
                    .filter_map(|c| u16_at(c, 0))
                    .take_while(|&u| u != 0),
            )
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
            let is_stream = entry.get(66) == Some(&2);
            if !is_stream || !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                continue;
            }
            let start = u32_at(entry, 116).ok_or(Damaged)?;
            let size = u64::from(u32_at(entry, 120).ok_or(Damaged)?);
            let data = if size < MINI_CUTOFF {
                self.mini_chain(start, size)
            } else {
                self.chain(start, size)
            };
            return data.map(Some).ok_or(Damaged);
        }
        Ok(None)
    }
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
