//! How much memory an ODS sheet will take, worked out before calamine reads
//! it. calamine builds every sheet as a dense grid from the first to the
//! last non-empty cell, and repeats cells and rows as `number-*-repeated`
//! says: an 800-byte file claiming one cell at A1 and one at column 255 of
//! row 65 536 made it take a gigabyte. This streams content.xml once and
//! refuses such sheets with the limit they break.

use super::read::unreadable;
use super::{ReadError, ReadOptions};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};
use zip::ZipArchive;

/// The most cells calamine may hold as grids at once (rows × columns
/// between each sheet's outermost non-empty cells): 4 M cells, about 230 MB.
/// calamine reads every sheet of an ODS file when opening it, so for ODS
/// this is the sum over all sheets; an XLSB sheet is read one at a time.
/// A register of 125 000 rows × 32 columns fits.
pub(crate) const MAX_SHEET_CELLS: u64 = 4 * 1024 * 1024;

/// calamine's own caps on repeated rows and columns.
const CALAMINE_MAX_ROWS: u64 = 1_048_576;
const CALAMINE_MAX_COLUMNS: u64 = 16_384;

/// The outermost non-empty cells of one table, and the cells calamine
/// stores before building its grid.
#[derive(Default)]
struct Extent {
    rows: u64,
    first_row: Option<u64>,
    last_row: u64,
    last_column: u64,
    stored: u64,
}

impl Extent {
    /// Rows and columns of calamine's grid, counting columns from A (an
    /// over-estimate when the table starts further right).
    fn span(&self) -> (u64, u64) {
        match self.first_row {
            None => (0, 0),
            Some(first) => (self.last_row - first + 1, self.last_column + 1),
        }
    }
}

/// Refuses an ODS file whose sheets would exceed the row, column or cell
/// limits once calamine expands them. Damage is left for calamine to report.
pub(crate) fn check(bytes: &[u8], options: &ReadOptions) -> Result<(), ReadError> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    // As calamine reads it: mismatched end tags are no reason to stop.
    reader.config_mut().check_end_names = false;
    let mut buffer = Vec::new();
    let mut table: Option<Extent> = None;
    // Cells of the sheets before this one, all held by calamine at once.
    let mut held: u64 = 0;
    // Within a row: the next column, the last non-empty one.
    let mut row: Option<(u64, u64, Option<u64>)> = None;
    loop {
        let event = match reader.read_event_into(&mut buffer) {
            // calamine never returns from a sheet the file does not close
            // (it waits for the sheet's end past the end of the file).
            Ok(Event::Eof) if table.is_some() => {
                return Err(ReadError::Unreadable(unreadable("corrupt")));
            }
            Ok(Event::Eof) => return Ok(()),
            // calamine has already expanded an unfinished sheet when it
            // meets the damage.
            Err(_) => {
                end_row(&mut table, &mut row);
                return match table {
                    Some(extent) => limit(&extent, held, options).map(|_| ()),
                    None => Ok(()),
                };
            }
            Ok(event) => event,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty_element = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    // As in calamine, a sheet starting inside another does
                    // not end it: its rows add to the open one.
                    "table:table" if !empty_element && table.is_none() => {
                        table = Some(Extent::default());
                    }
                    "table:table-row" => {
                        let repeats = repeated(e, "table:number-rows-repeated");
                        row = Some((0, repeats, None));
                        if empty_element {
                            end_row(&mut table, &mut row);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let Some((column, _, last)) = &mut row {
                            let repeats = repeated(e, "table:number-columns-repeated");
                            let next = column.saturating_add(repeats).min(CALAMINE_MAX_COLUMNS);
                            // A cell with content, or any value type, counts.
                            if !empty_element || has_value(e) {
                                *last = Some(next.saturating_sub(1));
                            }
                            *column = next;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => end_row(&mut table, &mut row),
                "table:table" => {
                    if let Some(extent) = table.take() {
                        held = held.saturating_add(limit(&extent, held, options)?);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buffer.clear();
    }
}

/// Adds the finished row (and its repeats) to the table's extent.
fn end_row(table: &mut Option<Extent>, row: &mut Option<(u64, u64, Option<u64>)>) {
    let (Some(extent), Some((_, repeats, last))) = (table.as_mut(), row.take()) else {
        return;
    };
    let repeats = repeats.min(CALAMINE_MAX_ROWS.saturating_sub(extent.rows));
    if let Some(last) = last {
        extent.first_row.get_or_insert(extent.rows);
        extent.last_row = extent.rows + repeats.saturating_sub(1);
        extent.last_column = extent.last_column.max(last);
        extent.stored = extent.stored.saturating_add(last + 1);
    }
    extent.rows = extent.rows.saturating_add(repeats);
}

/// The cells the sheet adds to calamine's grids, or the limit it breaks.
fn limit(extent: &Extent, held: u64, options: &ReadOptions) -> Result<u64, ReadError> {
    let (rows, columns) = extent.span();
    let error = |reason| Err(ReadError::Unreadable(unreadable(reason)));
    if extent.first_row.is_some() && extent.last_row >= u64::from(options.max_rows) {
        return error("too_many_rows");
    }
    if columns > u64::from(options.max_columns) {
        return error("too_many_columns");
    }
    // The grid, and what calamine stores before building it.
    let cells = rows.saturating_mul(columns).max(extent.stored);
    if held.saturating_add(cells) > MAX_SHEET_CELLS {
        return error("too_many_cells");
    }
    Ok(cells)
}

/// A `number-*-repeated` attribute, 1 when absent or unreadable.
fn repeated(element: &BytesStart<'_>, name: &str) -> u64 {
    element
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_value(element: &BytesStart<'_>) -> bool {
    matches!(element.try_get_attribute("office:value-type"), Ok(Some(_)))
}
