//! What the XLSX and ODS readers share: parts of the ZIP package opened as
//! streaming XML readers, text with its entity references resolved, and
//! attributes. Only UTF-8 XML is read (what every spreadsheet writer
//! produces); anything malformed is `corrupt`.

use super::ReadError;
use super::Unreadable;
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::borrow::Cow;
use std::io::{BufReader, Cursor};
use zip::read::ZipFile;
use zip::ZipArchive;

pub(super) type Archive<'b> = ZipArchive<Cursor<&'b [u8]>>;
pub(super) type Part<'a, 'b> = ZipFile<'a, Cursor<&'b [u8]>>;
pub(super) type Xml<'a, 'b> = quick_xml::Reader<BufReader<Part<'a, 'b>>>;

pub(super) fn corrupt() -> ReadError {
    ReadError::from(Unreadable::Corrupt)
}

pub(super) fn open_archive(bytes: &[u8]) -> Result<Archive<'_>, ReadError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())
}

/// The index of a part: its exact name, else the same name in other case
/// (some writers differ from the relationships' spelling).
fn find(archive: &Archive<'_>, name: &str) -> Option<usize> {
    archive.index_for_name(name).or_else(|| {
        let wanted = name.to_ascii_lowercase();
        let found = archive
            .file_names()
            .filter_map(Result::ok)
            .find(|n| n.to_ascii_lowercase() == wanted)?
            .into_owned();
        archive.index_for_name(&found)
    })
}

/// The part `name` as an XML reader, `None` when the package has no such part.
pub(super) fn part<'a, 'b>(
    archive: &'a mut Archive<'b>,
    name: &str,
) -> Result<Option<Xml<'a, 'b>>, ReadError> {
    let Some(file) = part_bytes(archive, name)? else {
        return Ok(None);
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, file));
    let config = reader.config_mut();
    // As Excel and LibreOffice read: a misspelt end tag is no reason to stop.
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    Ok(Some(reader))
}

/// The part `name` unpacked as it is read, `None` when the package has no such part.
pub(super) fn part_bytes<'a, 'b>(
    archive: &'a mut Archive<'b>,
    name: &str,
) -> Result<Option<Part<'a, 'b>>, ReadError> {
    let Some(index) = find(archive, name) else {
        return Ok(None);
    };
    archive.by_index(index).map(Some).map_err(|_| corrupt())
}

/// The next event; malformed XML and unreadable entries are `corrupt`.
#[inline]
pub(super) fn next<'e>(
    xml: &mut Xml<'_, '_>,
    buf: &'e mut Vec<u8>,
) -> Result<Event<'e>, ReadError> {
    buf.clear();
    xml.read_event_into(buf).map_err(|_| corrupt())
}

/// Appends an entity or character reference: the five XML entities and
/// numeric references only (no DTD entities, so no entity expansion).
pub(super) fn push_reference(out: &mut String, reference: &BytesRef<'_>) -> Result<(), ReadError> {
    if let Some(c) = reference.resolve_char_ref().map_err(|_| corrupt())? {
        out.push(c);
        return Ok(());
    }
    let text = quick_xml::escape::resolve_predefined_entity(reference).ok_or_else(corrupt)?;
    out.push_str(text);
    Ok(())
}

/// Appends the text an event carries (text, CDATA or a reference); other
/// events add nothing. `true` when the event was text of some kind.
pub(super) fn push_text(out: &mut String, event: &Event<'_>) -> Result<bool, ReadError> {
    match event {
        Event::Text(text) => out.push_str(&text.xml10_content()),
        Event::CData(text) => out.push_str(&text.xml10_content()),
        Event::GeneralRef(reference) => push_reference(out, reference)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// An attribute's value with references resolved, by its qualified name.
pub(super) fn attribute<'e>(
    element: &'e BytesStart<'_>,
    name: &str,
) -> Result<Option<Cow<'e, str>>, ReadError> {
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(|_| corrupt())?;
        if attribute.key.as_ref() == name {
            return unescape_value(attribute.value).map(Some);
        }
    }
    Ok(None)
}

/// An attribute value with its references resolved (the five XML entities
/// and numeric references).
pub(super) fn unescape_value(value: Cow<'_, str>) -> Result<Cow<'_, str>, ReadError> {
    match value {
        Cow::Borrowed(raw) => quick_xml::escape::unescape(raw).map_err(|_| corrupt()),
        Cow::Owned(raw) => quick_xml::escape::unescape(&raw)
            .map(|text| Cow::Owned(text.into_owned()))
            .map_err(|_| corrupt()),
    }
}

/// The part of a qualified name after its prefix.
#[inline]
pub(super) fn local(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or(name),
        None => name,
    }
}

/// The `reason` of a read that was refused (tests of the readers).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(super) fn refusal_reason<T: std::fmt::Debug>(result: Result<T, ReadError>) -> String {
    result
        .unwrap_err()
        .diagnostic()
        .param("reason")
        .unwrap()
        .to_string()
}

/// Damaged copies of `text`, for tests: 600 of them, each with one to four
/// bytes replaced from `alphabet`, removed, or a run of up to `longest_run`
/// bytes repeated. Deterministic (xorshift from `seed`).
#[cfg(test)]
#[allow(clippy::indexing_slicing)]
pub(super) fn damaged_copies<'t>(
    text: &'t str,
    alphabet: &'t [u8],
    seed: u64,
    longest_run: usize,
) -> impl Iterator<Item = String> + 't {
    let mut state = seed;
    let mut random = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    (0..600).map(move |_| {
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + random(4) {
            let at = random(bytes.len());
            match random(3) {
                0 => bytes[at] = alphabet[random(alphabet.len())],
                1 => {
                    bytes.remove(at);
                }
                _ => {
                    let end = (at + random(longest_run)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
