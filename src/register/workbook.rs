//! Spreadsheets through calamine: XLSX (streamed cell by cell), XLS, ODS and
//! XLSB (a sheet at a time in memory). The container is checked first:
//! zip bombs and encrypted workbooks are refused before calamine sees them.

use super::header::Mapping;
use super::read::{not_found, read_rows, trim_trailing_empty, unreadable, Limits, RowSource};
use super::{Cell, ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};
use calamine::{
    Data, DataRef, ExcelDateTime, Ods, OdsError, Range, Reader, Xls, XlsError, Xlsb, XlsbError,
    Xlsx, XlsxCellReader, XlsxError,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::io::{Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use zip::ZipArchive;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// Compound File Binary (XLS, and encrypted XLSX wrapped by Office).
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
/// An entry this large that packs better than 100:1 is taken for a bomb.
const BOMB_ENTRY_BYTES: u64 = 10 * 1024 * 1024;
const BOMB_RATIO: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

impl Format {
    /// The workbook format of a ZIP or CFB container, `None` for anything
    /// else. ZIP containers are checked for bombs here.
    pub(crate) fn detect(bytes: &[u8], options: &ReadOptions) -> Result<Option<Format>, ReadError> {
        if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
            let format = inspect_zip(bytes, options.max_uncompressed_bytes)?;
            if format == Format::Ods {
                super::ods_extent::check(bytes, options)?;
            }
            return Ok(Some(format));
        }
        if bytes.starts_with(CFB_MAGIC) {
            // XLS, or an encrypted OOXML package: told apart when opening.
            super::xls_extent::check(bytes)?;
            return Ok(Some(Format::Xls));
        }
        Ok(None)
    }
}

/// Whether a file's first bytes are those of a workbook container.
pub(crate) fn is_workbook(first_bytes: &[u8]) -> bool {
    [ZIP_MAGIC, EMPTY_ZIP_MAGIC, CFB_MAGIC]
        .iter()
        .any(|magic| first_bytes.starts_with(magic))
}

fn error(reason: &'static str) -> ReadError {
    ReadError::Unreadable(unreadable(reason))
}

/// Reads only the central directory: sizes are declared there, and the zip
/// crate refuses to inflate an entry past its declared size, so the sum
/// bounds what calamine can unpack.
fn inspect_zip(bytes: &[u8], max_uncompressed: u64) -> Result<Format, ReadError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| error("corrupt"))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|_| error("corrupt"))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > BOMB_ENTRY_BYTES && size > packed.saturating_mul(BOMB_RATIO) {
            return Err(error("zip_bomb"));
        }
    }
    if total > max_uncompressed {
        return Err(error("zip_bomb"));
    }
    check_shared_strings(&mut archive)?;
    if entry_head(&mut archive, "mimetype", 128).starts_with(ODS_MIMETYPE) {
        return Ok(Format::Ods);
    }
    if archive.index_for_name("xl/workbook.bin").is_some() {
        return Ok(Format::Xlsb);
    }
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return Ok(Format::Xlsx);
    }
    // A workbook part stored elsewhere (calamine follows the package
    // relationships): the content types still say spreadsheet. Word and
    // PowerPoint files do not.
    let types = entry_head(&mut archive, "[Content_Types].xml", 64 * 1024);
    if contains(&types, b"spreadsheetml.sheet.main") || contains(&types, b"ms-excel.sheet") {
        return Ok(Format::Xlsx);
    }
    Err(error("unknown_format"))
}

/// calamine reserves room for as many shared strings as the part's
/// `uniqueCount` claims, before reading any: a claim of billions aborts the
/// process. Each string takes at least `<si/>` (5 bytes), so a count beyond
/// a fifth of the part's size is damage.
fn check_shared_strings(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadError> {
    let parts: Vec<(String, u64)> = (0..archive.len())
        .filter_map(|index| {
            let entry = archive.by_index_data(index).ok()?;
            let name = entry.name().ok()?.to_string();
            let strings = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
            strings.then(|| (name, entry.size()))
        })
        .collect();
    for (name, size) in parts {
        let head = entry_head(archive, &name, 4 * 1024);
        if unique_count(&head).is_some_and(|count| count > size / 5) {
            return Err(error("corrupt"));
        }
    }
    Ok(())
}

/// The `uniqueCount` attribute's value, if the text holds one.
fn unique_count(head: &[u8]) -> Option<u64> {
    let key = b"uniqueCount=";
    let at = head.windows(key.len()).position(|w| w == key)?;
    let value = head.get(at + key.len() + 1..)?;
    let digits = value.iter().take_while(|b| b.is_ascii_digit());
    // Too many digits for a u64 is too many strings too.
    Some(digits.fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

/// The first `limit` bytes of a zip entry, empty when absent or unreadable.
fn entry_head(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Vec<u8> {
    let mut head = Vec::new();
    if let Some(index) = archive.index_for_name(name) {
        if let Ok(file) = archive.by_index(index) {
            let _ = file.take(limit).read_to_end(&mut head);
        }
    }
    head
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => error("encrypted"),
        // calamine's messages may quote cell content: only a generic reason.
        _ => error("corrupt"),
    }
}

fn xlsb_error(e: XlsbError) -> ReadError {
    match e {
        XlsbError::Password => error("encrypted"),
        _ => error("corrupt"),
    }
}

fn ods_error(e: OdsError) -> ReadError {
    match e {
        OdsError::Password => error("encrypted"),
        _ => error("corrupt"),
    }
}

/// `bytes` is the whole file when opening failed (empty afterwards): an
/// encrypted OOXML package is a CFB file too, and a CFB file without a
/// workbook stream (a Word 97 document, say) is no spreadsheet at all.
fn xls_error(e: XlsError, bytes: &[u8]) -> ReadError {
    let has_stream = |name: &str| {
        let pattern: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        contains(bytes, &pattern)
    };
    match e {
        XlsError::Password => error("encrypted"),
        _ if bytes.is_empty() => error("corrupt"),
        _ if has_stream("EncryptedPackage") || has_stream("EncryptionInfo") => error("encrypted"),
        _ if !has_stream("Workbook") && !has_stream("Book") => error("unknown_format"),
        _ => error("corrupt"),
    }
}

type Input<'a> = Cursor<&'a [u8]>;

/// Runs calamine; a panic inside it (a malformed file it did not expect)
/// becomes `corrupt` instead of taking the caller down.
fn guarded<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(error("corrupt")))
}

pub(crate) fn sheet_names(bytes: &[u8], format: Format) -> Result<Vec<String>, ReadError> {
    guarded(|| {
        let input = Cursor::new(bytes);
        Ok(match format {
            Format::Xlsx => Xlsx::new(input).map_err(xlsx_error)?.sheet_names(),
            Format::Xlsb => Xlsb::new(input).map_err(xlsb_error)?.sheet_names(),
            Format::Ods => Ods::new(input).map_err(ods_error)?.sheet_names(),
            Format::Xls => Xls::new(input)
                .map_err(|e| xls_error(e, bytes))?
                .sheet_names(),
        })
    })
}

/// Everything a sheet search needs besides the workbook.
pub(super) struct Search<'a> {
    pub(super) kind: TableKind,
    pub(super) mapping: &'a Mapping,
    pub(super) options: &'a ReadOptions,
    pub(super) limits: Limits,
}

impl Search<'_> {
    /// The sheets to try, in workbook order: the one asked for, or every
    /// sheet not already used by another table.
    /// The table read from one sheet's rows, with the workbook's sheet names.
    pub(super) fn read_sheet(
        &self,
        name: &str,
        rows: impl RowSource,
        names: &[String],
        sink: &mut dyn RowSink,
    ) -> Result<Option<TableInfo>, ReadError> {
        let info = read_rows(rows, self.kind, self.mapping, self.limits, Some(name), sink)?;
        Ok(info.map(|info| TableInfo {
            sheets: names.to_vec(),
            ..info
        }))
    }

    pub(super) fn candidates(&self, names: &[String]) -> Result<Vec<String>, ReadError> {
        if names.is_empty() {
            // Only macros, charts or nothing at all.
            return Err(error("no_sheets"));
        }
        let skipped = |name: &String| self.options.skip_sheets.contains(name);
        let Some(wanted) = &self.options.sheet else {
            return Ok(names.iter().filter(|n| !skipped(n)).cloned().collect());
        };
        let loose = |name: &String| name.trim().to_lowercase() == wanted.trim().to_lowercase();
        match names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| loose(n)))
        {
            Some(name) if skipped(name) => Ok(Vec::new()),
            Some(name) => Ok(vec![name.clone()]),
            None => Err(ReadError::Unreadable(
                unreadable("sheet_not_found").with("sheets", names.join(", ")),
            )),
        }
    }

    pub(super) fn not_found(&self, candidates: &[String]) -> Result<Option<TableInfo>, ReadError> {
        let sheet = match (&self.options.sheet, candidates) {
            (Some(wanted), _) => Some(wanted.as_str()),
            (None, [only]) => Some(only.as_str()),
            _ => None,
        };
        not_found(self.kind, sheet)
    }
}

pub(crate) fn read(
    bytes: &[u8],
    format: Format,
    kind: TableKind,
    mapping: &Mapping,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let search = Search {
        kind,
        mapping,
        options,
        limits: Limits::new(options),
    };
    guarded(|| {
        let input = Cursor::new(bytes);
        match format {
            Format::Xlsx => read_xlsx(Xlsx::new(input).map_err(xlsx_error)?, &search, sink),
            Format::Xlsb => {
                let mut workbook = Xlsb::new(input).map_err(xlsb_error)?;
                check_xlsb_extents(&mut workbook, search.limits)?;
                read_ranges(workbook, xlsb_error, &search, sink)
            }
            Format::Ods => read_ranges(
                Ods::new(input).map_err(ods_error)?,
                ods_error,
                &search,
                sink,
            ),
            Format::Xls => {
                let workbook = Xls::new(input).map_err(|e| xls_error(e, bytes))?;
                read_ranges(workbook, |e| xls_error(e, &[]), &search, sink)
            }
        }
    })
}

/// Every row of one sheet (the first worksheet when `sheet` is `None`),
/// title rows included, for copies of the register; the sheet's name.
pub(crate) fn sheet_rows(
    bytes: &[u8],
    format: Format,
    sheet: Option<&str>,
    options: &ReadOptions,
    each: &mut dyn FnMut(Row),
) -> Result<String, ReadError> {
    let options = ReadOptions {
        sheet: sheet.map(str::to_string),
        skip_sheets: Vec::new(),
        ..options.clone()
    };
    let mapping = Mapping::default();
    let search = Search {
        kind: TableKind::Participants,
        mapping: &mapping,
        options: &options,
        limits: Limits::new(&options),
    };
    let limits = search.limits;
    let mut emit = |rows: &mut dyn Iterator<Item = Result<Row, ReadError>>| {
        for row in rows {
            let row = row?;
            limits.check(&row)?;
            each(row);
        }
        Ok::<(), ReadError>(())
    };
    guarded(|| {
        let input = Cursor::new(bytes);
        let (names, found) = match format {
            Format::Xlsx => {
                let mut workbook = Xlsx::new(input).map_err(xlsx_error)?;
                let names = workbook.sheet_names();
                let mut found = None;
                for name in search.candidates(&names)? {
                    let cells = match workbook.worksheet_cells_reader(&name) {
                        Ok(cells) => cells,
                        Err(XlsxError::NotAWorksheet(_)) => continue,
                        Err(e) => return Err(xlsx_error(e)),
                    };
                    emit(&mut XlsxRows {
                        cells,
                        limits,
                        current: None,
                        exhausted: false,
                        done: false,
                    })?;
                    found = Some(name);
                    break;
                }
                (names, found)
            }
            Format::Xlsb => {
                let mut workbook = Xlsb::new(input).map_err(xlsb_error)?;
                check_xlsb_extents(&mut workbook, search.limits)?;
                first_range(&mut workbook, xlsb_error, &search, &mut emit)?
            }
            Format::Ods => {
                let mut workbook = Ods::new(input).map_err(ods_error)?;
                first_range(&mut workbook, ods_error, &search, &mut emit)?
            }
            Format::Xls => {
                let mut workbook = Xls::new(input).map_err(|e| xls_error(e, bytes))?;
                first_range(&mut workbook, |e| xls_error(e, &[]), &search, &mut emit)?
            }
        };
        found.ok_or_else(|| {
            ReadError::Unreadable(unreadable("sheet_not_found").with("sheets", names.join(", ")))
        })
    })
}

/// The first candidate sheet's rows into `emit`: (all names, the sheet read).
type Emit<'e> =
    dyn FnMut(&mut dyn Iterator<Item = Result<Row, ReadError>>) -> Result<(), ReadError> + 'e;

fn first_range<R: Reader<RS>, RS: Read + Seek>(
    workbook: &mut R,
    map_error: impl Fn(R::Error) -> ReadError,
    search: &Search<'_>,
    emit: &mut Emit<'_>,
) -> Result<(Vec<String>, Option<String>), ReadError> {
    let names = workbook.sheet_names();
    let Some(name) = search.candidates(&names)?.into_iter().next() else {
        return Ok((names, None));
    };
    let range = workbook.worksheet_range(&name).map_err(map_error)?;
    emit(&mut range_rows(&range, search.limits))?;
    Ok((names, Some(name)))
}

/// calamine builds an XLSB sheet as one dense grid between its outermost
/// cells (A1 and XFD1048576 would be 17 billion cells): the cells are
/// streamed once first and a sheet over the limits is refused.
fn check_xlsb_extents(workbook: &mut Xlsb<Input<'_>>, limits: Limits) -> Result<(), ReadError> {
    for name in workbook.sheet_names() {
        let mut cells = workbook.worksheet_cells_reader(&name).map_err(xlsb_error)?;
        let (mut first_row, mut last_row, mut last_column) = (u64::MAX, 0, 0);
        while let Some(cell) = cells.next_cell().map_err(xlsb_error)? {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            let (row, column) = cell.get_position();
            let (row, column) = (u64::from(row), u64::from(column));
            limits.check_row_number(row + 1)?;
            limits.check_column(column)?;
            first_row = first_row.min(row);
            last_row = last_row.max(row);
            last_column = last_column.max(column);
        }
        let rows = (last_row + 1).saturating_sub(first_row);
        if rows.saturating_mul(last_column + 1) > super::ods_extent::MAX_SHEET_CELLS {
            return Err(error("too_many_cells"));
        }
    }
    Ok(())
}

/// XLSX sheets are streamed: only the current row is held, so a sheet
/// claiming cells far apart cannot make a huge dense range.
fn read_xlsx(
    mut workbook: Xlsx<Input<'_>>,
    search: &Search<'_>,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let names = workbook.sheet_names();
    let candidates = search.candidates(&names)?;
    for name in &candidates {
        let cells = match workbook.worksheet_cells_reader(name) {
            Ok(cells) => cells,
            // A chart sheet or similar: no table there.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(xlsx_error(e)),
        };
        let rows = XlsxRows {
            cells,
            limits: search.limits,
            current: None,
            exhausted: false,
            done: false,
        };
        if let Some(info) = search.read_sheet(name, rows, &names, sink)? {
            return Ok(Some(info));
        }
    }
    search.not_found(&candidates)
}

/// XLS, ODS and XLSB: calamine reads a whole sheet into a range.
fn read_ranges<R: Reader<RS>, RS: Read + Seek>(
    mut workbook: R,
    map_error: impl Fn(R::Error) -> ReadError,
    search: &Search<'_>,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let names = workbook.sheet_names();
    let candidates = search.candidates(&names)?;
    for name in &candidates {
        let range = workbook.worksheet_range(name).map_err(&map_error)?;
        let rows = range_rows(&range, search.limits);
        if let Some(info) = search.read_sheet(name, rows, &names, sink)? {
            return Ok(Some(info));
        }
    }
    search.not_found(&candidates)
}

/// The rows of a range; column indexes and row numbers are the sheet's own
/// (the range may start below or right of A1).
fn range_rows(
    range: &Range<Data>,
    limits: Limits,
) -> impl Iterator<Item = Result<Row, ReadError>> + '_ {
    let (top, left) = range.start().unwrap_or((0, 0));
    range.rows().enumerate().map(move |(offset, data)| {
        let number = u64::from(top) + offset as u64 + 1;
        let mut cells = Vec::with_capacity(left as usize + data.len());
        cells.resize(left as usize, Cell::Empty);
        for value in data {
            if let Data::String(text) = value {
                limits.check_text(text)?;
            }
            cells.push(from_data(value));
        }
        trim_trailing_empty(&mut cells);
        Ok(Row {
            // Blank rows are never numbered beyond the limit: they are skipped.
            number: u32::try_from(number).unwrap_or(u32::MAX),
            cells,
        })
    })
}

/// An XLSX sheet's cells gathered into rows as they stream by.
struct XlsxRows<'a, 'b> {
    cells: XlsxCellReader<'a, Input<'b>>,
    limits: Limits,
    current: Option<Row>,
    /// The sheet's cells are all read.
    exhausted: bool,
    done: bool,
}

impl XlsxRows<'_, '_> {
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        loop {
            if self.exhausted {
                return Ok(None);
            }
            let Some(cell) = self.cells.next_cell().map_err(xlsx_error)? else {
                // The reader must not be asked again past the sheet's end.
                self.exhausted = true;
                return Ok(self.current.take());
            };
            let (row, column) = cell.get_position();
            let value = cell.get_value();
            if let DataRef::String(text) = value {
                self.limits.check_text(text)?;
            }
            if let DataRef::SharedString(text) = value {
                self.limits.check_text(text)?;
            }
            let value = from_data_ref(value);
            if value.is_empty() {
                continue;
            }
            let number = self.limits.check_row_number(u64::from(row) + 1)?;
            self.limits.check_column(u64::from(column))?;
            let finished = match &self.current {
                Some(current) if current.number == number => None,
                // Rows are stored in ascending order; anything else is damage.
                Some(current) if current.number > number => return Err(error("corrupt")),
                _ => self.current.replace(Row {
                    number,
                    cells: Vec::new(),
                }),
            };
            if let Some(current) = &mut self.current {
                let index = column as usize;
                if current.cells.len() <= index {
                    current.cells.resize(index + 1, Cell::Empty);
                }
                if let Some(slot) = current.cells.get_mut(index) {
                    *slot = value;
                }
            }
            if finished.is_some() {
                return Ok(finished);
            }
        }
    }
}

impl Iterator for XlsxRows<'_, '_> {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_row().transpose();
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}

fn text_cell(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_string())
    }
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(text) => text_cell(text),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(date_time) => excel_date_time(date_time),
        Data::DateTimeIso(text) => iso_date_time(text),
        Data::DurationIso(text) => text_cell(text),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn from_data_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) => text_cell(text),
        DataRef::SharedString(text) => text_cell(text),
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(date_time) => excel_date_time(date_time),
        DataRef::DateTimeIso(text) => iso_date_time(text),
        DataRef::DurationIso(text) => text_cell(text),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Last serial Excel can show (9999-12-31).
const MAX_SERIAL: f64 = 2_958_466.0;

/// A date-formatted number: a date, or a date and time when it has a time
/// part. calamine applies the workbook's 1900 or 1904 date system.
pub(super) fn excel_date_time(value: &ExcelDateTime) -> Cell {
    let serial = value.as_f64();
    // Durations, and serials outside Excel's range (which chrono would
    // refuse), stay numbers.
    if value.is_duration() || !(0.0..MAX_SERIAL).contains(&serial) {
        return Cell::Number(serial);
    }
    match value.as_datetime() {
        Some(date_time) => date_or_date_time(date_time),
        None => Cell::Number(serial),
    }
}

fn date_or_date_time(date_time: NaiveDateTime) -> Cell {
    if date_time.time() == NaiveTime::MIN {
        Cell::Date(date_time.date())
    } else {
        Cell::DateTime(date_time)
    }
}

/// ODS dates: `2024-01-15` or `2024-01-15T10:30:00[.fff]`.
fn iso_date_time(text: &str) -> Cell {
    let trimmed = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return Cell::Date(date);
    }
    match NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f") {
        Ok(date_time) => date_or_date_time(date_time),
        Err(_) => text_cell(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn date_cells() {
        let dt = |serial, is_1904| {
            excel_date_time(&ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                is_1904,
            ))
        };
        assert_eq!(dt(45306.0, false), Cell::Date(date(2024, 1, 15)));
        // The 1904 date system counts from 1904-01-01.
        assert_eq!(dt(45306.0 - 1462.0, true), Cell::Date(date(2024, 1, 15)));
        assert_eq!(
            dt(45306.5, false),
            Cell::DateTime(date(2024, 1, 15).and_hms_opt(12, 0, 0).unwrap_or_default())
        );
        assert_eq!(dt(-1e300, false), Cell::Number(-1e300));
        assert_eq!(dt(1e300, false), Cell::Number(1e300));
        assert!(matches!(dt(f64::NAN, false), Cell::Number(_)));
        assert_eq!(
            excel_date_time(&ExcelDateTime::new(
                1.5,
                ExcelDateTimeType::TimeDelta,
                false
            )),
            Cell::Number(1.5)
        );
    }

    #[test]
    fn iso_cells() {
        assert_eq!(iso_date_time("2024-01-15"), Cell::Date(date(2024, 1, 15)));
        assert_eq!(
            iso_date_time("2024-01-15T00:00:00"),
            Cell::Date(date(2024, 1, 15))
        );
        assert_eq!(
            iso_date_time("2024-01-15T10:30:00.250"),
            Cell::DateTime(
                date(2024, 1, 15)
                    .and_hms_milli_opt(10, 30, 0, 250)
                    .unwrap_or_default()
            )
        );
        assert_eq!(iso_date_time("PT1H"), Cell::Text("PT1H".into()));
    }

    #[test]
    fn other_cells() {
        assert_eq!(
            from_data(&Data::Float(199908011234.0)),
            Cell::Number(199908011234.0)
        );
        assert_eq!(from_data(&Data::Int(7)), Cell::Number(7.0));
        assert_eq!(from_data(&Data::String(String::new())), Cell::Empty);
        assert_eq!(
            from_data(&Data::Error(calamine::CellErrorType::NA)),
            Cell::Error("#N/A".into())
        );
        assert_eq!(
            from_data_ref(&DataRef::SharedString("Kön")),
            Cell::Text("Kön".into())
        );
    }

    #[test]
    fn cfb_failures() {
        let stream = |name: &str| -> Vec<u8> {
            let mut bytes = CFB_MAGIC.to_vec();
            bytes.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        let reason = |bytes: &[u8]| {
            xls_error(XlsError::StackLen, bytes)
                .diagnostic()
                .param("reason")
                .map(str::to_string)
        };
        assert_eq!(
            reason(&stream("EncryptionInfo")).as_deref(),
            Some("encrypted")
        );
        assert_eq!(reason(&stream("Workbook")).as_deref(), Some("corrupt"));
        assert_eq!(
            reason(&stream("WordDocument")).as_deref(),
            Some("unknown_format")
        );
        assert_eq!(reason(&[]).as_deref(), Some("corrupt"));
    }
}
