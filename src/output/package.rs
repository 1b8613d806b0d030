//! A zip package (an XLSX workbook) copied with a few parts replaced or
//! added: every other entry keeps its bytes exactly as they were, local
//! header, compressed data and central record alike, so what the tool does
//! not understand it cannot damage. The central directory is read here
//! rather than through the zip crate, whose writer would recompress.

use super::xlsx::{self, Entry};
use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;

/// Why a package cannot be copied. Never holds content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageError {
    /// Not a zip file this copy can keep whole (damaged, split, encrypted
    /// entries, or ZIP64, which a workbook needs only beyond 4 GB).
    Unsupported,
    /// The copy would outgrow a zip without ZIP64.
    TooLarge,
}

/// One entry as it lies in the file.
struct RawEntry {
    name: String,
    /// The local header, the data and any data descriptor.
    local: Range<usize>,
    /// The central directory record, whose offset field is rewritten.
    central: Vec<u8>,
}

pub(crate) struct Package<'b> {
    bytes: &'b [u8],
    entries: Vec<RawEntry>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;

impl<'b> Package<'b> {
    pub(crate) fn open(bytes: &'b [u8]) -> Result<Package<'b>, PackageError> {
        Self::read(bytes).ok_or(PackageError::Unsupported)
    }

    fn read(bytes: &'b [u8]) -> Option<Package<'b>> {
        // The end record: 22 bytes and a comment of at most 64 KB.
        let search_from = bytes.len().saturating_sub(22 + 65_535);
        let end = (search_from..=bytes.len().checked_sub(22)?)
            .rev()
            .find(|&at| u32_at(bytes, at) == Some(END))?;
        let (disk, disk_of_directory) = (u16_at(bytes, end + 4)?, u16_at(bytes, end + 6)?);
        let count = usize::from(u16_at(bytes, end + 10)?);
        let size = u32_at(bytes, end + 12)? as usize;
        let offset = u32_at(bytes, end + 16)? as usize;
        // Split archives and ZIP64 (its markers are all-ones values).
        if disk != 0 || disk_of_directory != 0 || count == 0xFFFF || offset == 0xFFFF_FFFF {
            return None;
        }
        let directory = bytes.get(offset..offset.checked_add(size)?)?;
        let mut entries = Vec::with_capacity(count);
        let mut at = 0;
        for _ in 0..count {
            if u32_at(directory, at)? != CENTRAL {
                return None;
            }
            let flags = u16_at(directory, at + 8)?;
            let name_len = usize::from(u16_at(directory, at + 28)?);
            let extra_len = usize::from(u16_at(directory, at + 30)?);
            let comment_len = usize::from(u16_at(directory, at + 32)?);
            let local = u32_at(directory, at + 42)? as usize;
            let record_len = 46 + name_len + extra_len + comment_len;
            let record = directory.get(at..at + record_len)?;
            let name = std::str::from_utf8(record.get(46..46 + name_len)?).ok()?;
            // Encrypted entries; sizes too large for the classic fields.
            if flags & 1 != 0 || u32_at(record, 20)? == 0xFFFF_FFFF || local as u32 == 0xFFFF_FFFF {
                return None;
            }
            if u32_at(bytes, local)? != LOCAL {
                return None;
            }
            entries.push(RawEntry {
                name: name.to_string(),
                local: local..local,
                central: record.to_vec(),
            });
            at += record_len;
        }
        // Each entry's bytes run to the next entry's header (or the directory).
        let mut starts: Vec<usize> = entries.iter().map(|e| e.local.start).collect();
        starts.push(offset);
        starts.sort_unstable();
        for entry in &mut entries {
            let next = starts.iter().find(|&&s| s > entry.local.start)?;
            entry.local.end = *next;
        }
        Some(Package { bytes, entries })
    }

    /// Every entry's name, in the file's order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// The entry's own spelling of part `name`: part names are
    /// case-insensitive (some writers differ from the relationships'
    /// spelling), as the register reader takes them.
    pub(crate) fn entry_name(&self, name: &str) -> Option<&str> {
        let names = || self.entries.iter().map(|e| e.name.as_str());
        names()
            .find(|n| *n == name)
            .or_else(|| names().find(|n| n.eq_ignore_ascii_case(name)))
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.entry_name(name).is_some()
    }

    /// A part's text; `None` when there is no such part.
    pub(crate) fn text(&self, name: &str, limit: u64) -> Result<Option<String>, PackageError> {
        let Some(name) = self.entry_name(name) else {
            return Ok(None);
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(self.bytes))
            .map_err(|_| PackageError::Unsupported)?;
        let file = archive
            .by_name(name)
            .map_err(|_| PackageError::Unsupported)?;
        let mut text = String::new();
        // One byte past the limit tells a part cut short from one that fits:
        // a part is never copied half.
        let read = file
            .take(limit.saturating_add(1))
            .read_to_string(&mut text)
            .map_err(|_| PackageError::Unsupported)?;
        if read as u64 > limit {
            return Err(PackageError::TooLarge);
        }
        Ok(Some(text))
    }

    /// The package with `replaced` parts in place of theirs (in their
    /// places) and `added` parts after the rest.
    pub(crate) fn write(
        &self,
        mut replaced: BTreeMap<String, Entry>,
        added: Vec<(String, Entry)>,
    ) -> Result<Vec<u8>, PackageError> {
        let mut out = Vec::with_capacity(self.bytes.len() + added.len() * 4096);
        let mut central = Vec::new();
        let too_large = |_| PackageError::TooLarge;
        for entry in &self.entries {
            let offset = u32::try_from(out.len()).map_err(too_large)?;
            if let Some(new) = replaced.remove(&entry.name) {
                xlsx::zip_entry(&mut out, &mut central, &entry.name, &new, offset)
                    .ok_or(PackageError::TooLarge)?;
                continue;
            }
            let bytes = self
                .bytes
                .get(entry.local.clone())
                .ok_or(PackageError::Unsupported)?;
            out.extend_from_slice(bytes);
            let mut record = entry.central.clone();
            if let Some(field) = record.get_mut(42..46) {
                field.copy_from_slice(&offset.to_le_bytes());
            }
            central.extend_from_slice(&record);
        }
        for (name, entry) in &added {
            let offset = u32::try_from(out.len()).map_err(too_large)?;
            xlsx::zip_entry(&mut out, &mut central, name, entry, offset)
                .ok_or(PackageError::TooLarge)?;
        }
        let count = self.entries.len() + added.len();
        xlsx::zip_end(&mut out, &central, count).ok_or(PackageError::TooLarge)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        for (name, data) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn copies_untouched_entries_byte_for_byte() {
        let original = zip_of(&[
            ("a.xml", b"<a/>"),
            ("b.bin", &[7; 5000]),
            ("c.xml", b"<c/>"),
        ]);
        let package = Package::open(&original).unwrap();
        assert_eq!(
            package.names().collect::<Vec<_>>(),
            ["a.xml", "b.bin", "c.xml"]
        );
        let mut replaced = BTreeMap::new();
        replaced.insert("a.xml".to_string(), xlsx::deflated("<a>new</a>"));
        let copy = package
            .write(replaced, vec![("d.xml".into(), xlsx::deflated("<d/>"))])
            .unwrap();
        let again = Package::open(&copy).unwrap();
        assert_eq!(
            again.names().collect::<Vec<_>>(),
            ["a.xml", "b.bin", "c.xml", "d.xml"]
        );
        assert_eq!(
            again.text("a.xml", 100).unwrap().as_deref(),
            Some("<a>new</a>")
        );
        assert_eq!(again.text("d.xml", 100).unwrap().as_deref(), Some("<d/>"));
        // A part over the limit is refused, never cut short; one at it is whole.
        assert!(matches!(
            again.text("a.xml", 9),
            Err(PackageError::TooLarge)
        ));
        assert_eq!(
            again.text("a.xml", 10).unwrap().as_deref(),
            Some("<a>new</a>")
        );
        // The untouched entries' bytes are the original's, header and data.
        for name in ["b.bin", "c.xml"] {
            let raw = |p: &Package<'_>| {
                let e = p.entries.iter().find(|e| e.name == name).unwrap();
                p.bytes[e.local.clone()].to_vec()
            };
            assert_eq!(raw(&again), raw(&package), "{name}");
        }
        // The zip crate reads the copy.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&copy)).unwrap();
        let mut data = Vec::new();
        archive
            .by_name("b.bin")
            .unwrap()
            .read_to_end(&mut data)
            .unwrap();
        assert_eq!(data, vec![7; 5000]);
    }

    #[test]
    fn damaged_packages_are_refused() {
        let original = zip_of(&[("a.xml", b"<a/>")]);
        for cut in [0, 10, original.len() / 2, original.len() - 1] {
            assert!(Package::open(&original[..cut]).is_err(), "{cut}");
        }
        let mut wrong = original.clone();
        // The central record's local offset pointing nowhere.
        let end = wrong.len() - 22;
        let directory = u32_at(&wrong, end + 16).unwrap() as usize;
        wrong[directory + 42..directory + 46].copy_from_slice(&999u32.to_le_bytes());
        assert!(Package::open(&wrong).is_err());
    }
}
