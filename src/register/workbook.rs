//! Spreadsheets: XLSX and ODS through our own streaming readers
//! ([`super::xlsx`], [`super::ods`]); XLS and XLSB through calamine in the
//! native build only ([`super::legacy`]). The container is checked first:
//! zip bombs and encrypted workbooks are refused before any part is read.

use super::header::Mapping;
use super::ods::Ods;
use super::read::{not_found, read_rows, unreadable, Limits, RowSource};
use super::xlsx::Xlsx;
use super::{ReadError, ReadOptions, Row, RowSink, TableInfo, TableKind};
use std::io::{Cursor, Read};
use zip::ZipArchive;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// Compound File Binary (XLS, and encrypted XLSX wrapped by Office).
pub(super) const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
/// An entry this large that packs better than 100:1 is taken for a bomb.
const BOMB_ENTRY_BYTES: u64 = 10 * 1024 * 1024;
const BOMB_RATIO: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xlsb,
    Ods,
    /// Read natively only; the WebAssembly build refuses it when detecting.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Xls,
}

impl Format {
    /// The workbook format of a ZIP or CFB container, `None` for anything
    /// else. ZIP containers are checked for bombs here.
    pub(crate) fn detect(bytes: &[u8], options: &ReadOptions) -> Result<Option<Format>, ReadError> {
        if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
            let format = inspect_zip(bytes, options.max_uncompressed_bytes)?;
            #[cfg(target_arch = "wasm32")]
            if format == Format::Xlsb {
                return Err(error("legacy_format"));
            }
            return Ok(Some(format));
        }
        if bytes.starts_with(CFB_MAGIC) {
            // XLS, or an encrypted OOXML package: told apart when opening.
            #[cfg(not(target_arch = "wasm32"))]
            super::xls_extent::check(bytes)?;
            #[cfg(target_arch = "wasm32")]
            return Err(cfb_error(bytes));
            #[cfg(not(target_arch = "wasm32"))]
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

/// What a CFB file is when XLS cannot be read (the WebAssembly build): an
/// encrypted OOXML package, an XLS workbook, or no spreadsheet at all.
#[cfg(target_arch = "wasm32")]
fn cfb_error(bytes: &[u8]) -> ReadError {
    let has_stream = |name: &str| {
        let pattern: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        contains(bytes, &pattern)
    };
    if has_stream("EncryptedPackage") || has_stream("EncryptionInfo") {
        error("encrypted")
    } else if has_stream("Workbook") || has_stream("Book") {
        error("legacy_format")
    } else {
        error("unknown_format")
    }
}

fn error(reason: &'static str) -> ReadError {
    ReadError::Unreadable(unreadable(reason))
}

/// Reads only the central directory: sizes are declared there, and the zip
/// crate refuses to inflate an entry past its declared size, so the sum
/// bounds what the readers can unpack.
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
    // A workbook part stored elsewhere (the readers follow the package
    // relationships): the content types still say spreadsheet. Word and
    // PowerPoint files do not.
    let types = entry_head(&mut archive, "[Content_Types].xml", 64 * 1024);
    if contains(&types, b"spreadsheetml.sheet.main") || contains(&types, b"ms-excel.sheet") {
        return Ok(Format::Xlsx);
    }
    Err(error("unknown_format"))
}

/// Each shared string takes at least `<si/>` (5 bytes), so a `uniqueCount`
/// beyond a fifth of the part's size is damage (readers that reserve room
/// for the claimed count would abort on a claim of billions).
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

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn sheet_names(bytes: &[u8], format: Format) -> Result<Vec<String>, ReadError> {
    match format {
        Format::Xlsx => Ok(Xlsx::open(bytes)?.sheet_names()),
        Format::Ods => Ods::open(bytes)?.sheet_names(),
        #[cfg(not(target_arch = "wasm32"))]
        Format::Xls | Format::Xlsb => super::legacy::sheet_names(bytes, format),
        #[cfg(target_arch = "wasm32")]
        Format::Xls | Format::Xlsb => Err(error("legacy_format")),
    }
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
    match format {
        Format::Xlsx => {
            let mut workbook = Xlsx::open(bytes)?;
            let names = workbook.sheet_names();
            let candidates = search.candidates(&names)?;
            for name in &candidates {
                // A chart sheet or similar: no table there.
                let Some(rows) = workbook.rows(name, search.limits)? else {
                    continue;
                };
                if let Some(info) = search.read_sheet(name, rows, &names, sink)? {
                    return Ok(Some(info));
                }
            }
            search.not_found(&candidates)
        }
        Format::Ods => read_ods(bytes, &search, sink),
        #[cfg(not(target_arch = "wasm32"))]
        Format::Xls | Format::Xlsb => super::legacy::read(bytes, format, &search, sink),
        #[cfg(target_arch = "wasm32")]
        Format::Xls | Format::Xlsb => Err(error("legacy_format")),
    }
}

/// ODS: with no sheet asked for, one pass over content.xml names the
/// sheets and reads the first one holding the table; the rest are only
/// named. A sheet asked for by name is found by name first.
fn read_ods(
    bytes: &[u8],
    search: &Search<'_>,
    sink: &mut dyn RowSink,
) -> Result<Option<TableInfo>, ReadError> {
    let mut workbook = Ods::open(bytes)?;
    if search.options.sheet.is_some() {
        let names = workbook.sheet_names()?;
        let candidates = search.candidates(&names)?;
        for name in &candidates {
            let Some(mut tables) = workbook.find(name)? else {
                continue;
            };
            if let Some(info) = search.read_sheet(name, tables.rows(search.limits), &names, sink)? {
                return Ok(Some(info));
            }
        }
        return search.not_found(&candidates);
    }
    let mut tables = workbook.tables()?;
    let mut names = Vec::new();
    let mut found = None;
    while let Some(name) = tables.next_table()? {
        if found.is_none() && !search.options.skip_sheets.contains(&name) {
            let rows = tables.rows(search.limits);
            found = search.read_sheet(&name, rows, &[], sink)?;
        }
        names.push(name);
    }
    match found {
        Some(info) => Ok(Some(TableInfo {
            sheets: names,
            ..info
        })),
        None => {
            let candidates = search.candidates(&names)?;
            search.not_found(&candidates)
        }
    }
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
    let (names, found) = match format {
        Format::Xlsx => {
            let mut workbook = Xlsx::open(bytes)?;
            let names = workbook.sheet_names();
            let mut found = None;
            for name in search.candidates(&names)? {
                if let Some(mut rows) = workbook.rows(&name, limits)? {
                    emit(&mut rows)?;
                    found = Some(name);
                    break;
                }
            }
            (names, found)
        }
        Format::Ods => {
            let mut workbook = Ods::open(bytes)?;
            match search.options.sheet.as_deref() {
                Some(_) => {
                    let names = workbook.sheet_names()?;
                    let mut found = None;
                    if let Some(name) = search.candidates(&names)?.into_iter().next() {
                        if let Some(mut tables) = workbook.find(&name)? {
                            emit(&mut tables.rows(limits))?;
                            found = Some(name);
                        }
                    }
                    (names, found)
                }
                // The first sheet: the rest need not be named.
                None => {
                    let mut tables = workbook.tables()?;
                    let Some(name) = tables.next_table()? else {
                        return Err(error("no_sheets"));
                    };
                    emit(&mut tables.rows(limits))?;
                    (vec![name.clone()], Some(name))
                }
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        Format::Xls | Format::Xlsb => super::legacy::sheet_rows(bytes, format, &search, &mut emit)?,
        #[cfg(target_arch = "wasm32")]
        Format::Xls | Format::Xlsb => return Err(error("legacy_format")),
    };
    found.ok_or_else(|| {
        ReadError::Unreadable(unreadable("sheet_not_found").with("sheets", names.join(", ")))
    })
}

/// Where a sheet's rows go when copied (see [`sheet_rows`]).
#[cfg(not(target_arch = "wasm32"))]
pub(super) type Emit<'e> =
    dyn FnMut(&mut dyn Iterator<Item = Result<Row, ReadError>>) -> Result<(), ReadError> + 'e;
