//! What a file is, from its content and never its name: text, a zip or
//! CFB container holding a workbook, or something the readers refuse.

use super::encoding;
use super::rows::too_large;
use super::Unreadable;
use super::{ReadError, ReadOptions};
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The size limit, then the format: how every reader starts.
pub(crate) fn detect(bytes: &[u8], options: &ReadOptions) -> Result<Format, ReadError> {
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(too_large(options.max_file_bytes));
    }
    Format::detect(bytes, options)
}

/// What kind of file the bytes are, from their content, never a file name.
pub(crate) enum Format {
    Empty,
    Text,
    Workbook(WorkbookFormat),
}

impl Format {
    fn detect(bytes: &[u8], options: &ReadOptions) -> Result<Format, ReadError> {
        if bytes.is_empty() {
            return Ok(Format::Empty);
        }
        if let Some(format) = WorkbookFormat::detect(bytes, options)? {
            return Ok(Format::Workbook(format));
        }
        refuse_unless_text(bytes)?;
        Ok(Format::Text)
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// Compound File Binary (XLS, and encrypted XLSX wrapped by Office).
pub(super) const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const ODT_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.text";
/// An entry this large that packs better than 100:1 is taken for a bomb.
const BOMB_ENTRY_BYTES: u64 = 10 * 1024 * 1024;
const BOMB_RATIO: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WorkbookFormat {
    Xlsx,
    Xlsb,
    Ods,
    /// Read natively only; the WebAssembly build refuses it when detecting.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Xls,
}

impl WorkbookFormat {
    /// The workbook format of a ZIP or CFB container, `None` for anything
    /// else. ZIP containers are checked for bombs here.
    pub(crate) fn detect(
        bytes: &[u8],
        options: &ReadOptions,
    ) -> Result<Option<WorkbookFormat>, ReadError> {
        if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
            let format = inspect_zip(bytes, options.max_uncompressed_bytes)?;
            #[cfg(target_arch = "wasm32")]
            if format == WorkbookFormat::Xlsb {
                return Err(ReadError::from(Unreadable::LegacyFormat));
            }
            return Ok(Some(format));
        }
        if bytes.starts_with(CFB_MAGIC) {
            // XLS, an encrypted OOXML package, or a Word 97 document.
            check_cfb(bytes)?;
            #[cfg(not(target_arch = "wasm32"))]
            super::xls_extent::check(bytes)?;
            #[cfg(target_arch = "wasm32")]
            return Err(ReadError::from(Unreadable::LegacyFormat));
            #[cfg(not(target_arch = "wasm32"))]
            return Ok(Some(WorkbookFormat::Xls));
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

/// A CFB file is an XLS workbook when it has a workbook stream; an
/// encrypted OOXML package, a Word 97 document or anything else is
/// refused by name (stream names are UTF-16 in the directory).
fn check_cfb(bytes: &[u8]) -> Result<(), ReadError> {
    let has_stream = |name: &str| {
        let pattern: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        contains(bytes, &pattern)
    };
    if has_stream("EncryptedPackage") || has_stream("EncryptionInfo") {
        Err(ReadError::from(Unreadable::Encrypted))
    } else if has_stream("Workbook") || has_stream("Book") {
        Ok(())
    } else if has_stream("WordDocument") {
        Err(ReadError::from(Unreadable::Word))
    } else {
        Err(ReadError::from(Unreadable::UnknownFormat))
    }
}

/// Refuses bytes that are not text, saying what they are when their first
/// bytes tell. A PDF is refused even when its first bytes look like text
/// (a register never starts with `%PDF-`).
pub fn refuse_unless_text(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.starts_with(b"%PDF-") {
        return Err(Unreadable::Pdf.into());
    }
    if encoding::looks_like_text(bytes) {
        return Ok(());
    }
    let reason = if [&b"\x89PNG"[..], b"\xFF\xD8\xFF", b"GIF8"]
        .iter()
        .any(|magic| bytes.starts_with(magic))
    {
        Unreadable::Image
    } else {
        Unreadable::UnknownFormat
    };
    Err(reason.into())
}

/// Reads only the central directory: sizes are declared there, and the zip
/// crate refuses to inflate an entry past its declared size, so the sum
/// bounds what the readers can unpack.
fn inspect_zip(bytes: &[u8], max_uncompressed: u64) -> Result<WorkbookFormat, ReadError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::from(Unreadable::Corrupt))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|_| ReadError::from(Unreadable::Corrupt))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > BOMB_ENTRY_BYTES && size > packed.saturating_mul(BOMB_RATIO) {
            return Err(ReadError::from(Unreadable::ZipBomb));
        }
    }
    if total > max_uncompressed {
        return Err(ReadError::from(Unreadable::ZipBomb));
    }
    check_shared_strings(&mut archive)?;
    if entry_head(&mut archive, "mimetype", 128).starts_with(ODS_MIMETYPE) {
        return Ok(WorkbookFormat::Ods);
    }
    if archive.index_for_name("xl/workbook.bin").is_some() {
        return Ok(WorkbookFormat::Xlsb);
    }
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return Ok(WorkbookFormat::Xlsx);
    }
    // A workbook part stored elsewhere (the readers follow the package
    // relationships): the content types still say spreadsheet. Word and
    // PowerPoint files do not.
    let types = entry_head(&mut archive, "[Content_Types].xml", 64 * 1024);
    if contains(&types, b"spreadsheetml.sheet.main") || contains(&types, b"ms-excel.sheet") {
        return Ok(WorkbookFormat::Xlsx);
    }
    let text_document = archive.index_for_name("word/document.xml").is_some()
        || entry_head(&mut archive, "mimetype", 128).starts_with(ODT_MIMETYPE);
    Err(match text_document {
        true => Unreadable::Word,
        false => Unreadable::Zip,
    }
    .into())
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
            return Err(ReadError::from(Unreadable::Corrupt));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<impl Sized, ReadError>) -> Option<String> {
        result
            .err()
            .and_then(|e| e.diagnostic().param("reason").map(str::to_string))
    }

    #[test]
    fn cfb_files_by_their_streams() {
        let stream = |name: &str| -> Vec<u8> {
            let mut bytes = CFB_MAGIC.to_vec();
            bytes.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        assert_eq!(
            reason(check_cfb(&stream("EncryptionInfo"))).as_deref(),
            Some("encrypted")
        );
        assert_eq!(reason(check_cfb(&stream("Workbook"))), None);
        assert_eq!(
            reason(check_cfb(&stream("WordDocument"))).as_deref(),
            Some("word")
        );
        assert_eq!(
            reason(check_cfb(&stream("Other"))).as_deref(),
            Some("unknown_format")
        );
    }

    #[test]
    fn what_other_files_are() {
        let options = ReadOptions::default();
        let detect = |bytes: &[u8]| reason(detect(bytes, &options));
        assert_eq!(
            detect(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\0\0\0").as_deref(),
            Some("pdf")
        );
        // A PDF whose first bytes are plain text is still a PDF.
        assert_eq!(detect(b"%PDF-1.4\n1 0 obj").as_deref(), Some("pdf"));
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").as_deref(),
            Some("image")
        );
        assert_eq!(
            detect(b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0").as_deref(),
            Some("unknown_format")
        );
        assert!(matches!(detect_format(b""), Ok(Format::Empty)));
        // A few NUL bytes in a CSV file: still text.
        assert!(matches!(
            detect_format(b"Personnummer;K\xF6n\r\n811218-9876;K\0\r\n"),
            Ok(Format::Text)
        ));
    }

    fn detect_format(bytes: &[u8]) -> Result<Format, ReadError> {
        detect(bytes, &ReadOptions::default())
    }
}
