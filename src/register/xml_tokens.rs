//! The large XML parts of a workbook (an XLSX sheet, its shared strings)
//! read as a stream of tokens straight out of a buffer refilled from the
//! unpacked part: tags, text and CDATA borrowed in place, comments and
//! processing instructions passed over. A general event reader copies every
//! event into a buffer of its own and checks every name as UTF-8; the
//! benchmark's 97 MB sheet is read about three times faster this way. Only what
//! spreadsheet parts use is read: a document type declaration is `corrupt`,
//! as is any token over [`MAX_TOKEN`] bytes (memory stays bounded).

use super::xml::corrupt;
use super::ReadError;
use memchr::memmem;
use std::borrow::Cow;
use std::io::{ErrorKind, Read};

/// The largest tag, text run, comment or CDATA section read. A cell holds
/// at most 32 767 characters, so no spreadsheet comes near it.
const MAX_TOKEN: usize = 8 << 20;
/// The buffer's first size; it grows only for a token that does not fit.
const FIRST_BUFFER: usize = 256 << 10;

/// An element's start (or empty-element) tag.
pub(super) struct Tag<'t> {
    /// The local name: without its namespace prefix.
    pub(super) name: &'t [u8],
    /// Everything after the name, as written.
    attributes: &'t [u8],
}

impl<'t> Tag<'t> {
    /// The attributes as written, `key="value"` with references unresolved.
    pub(super) fn attributes(&self) -> &'t [u8] {
        self.attributes
    }
}

pub(super) enum Token<'t> {
    Start(Tag<'t>),
    Empty(Tag<'t>),
    /// An end tag's local name.
    End(&'t [u8]),
    /// Character data as written: references unresolved, line ends as they are.
    Text(&'t [u8]),
    /// A CDATA section's content.
    CData(&'t [u8]),
    Eof,
}

/// Where the next token lies in the buffer, before it is borrowed.
enum Found {
    Start {
        name: (usize, usize),
        end: usize,
    },
    Empty {
        name: (usize, usize),
        end: usize,
    },
    End(usize, usize),
    Text(usize, usize),
    CData(usize, usize),
    /// A comment or processing instruction: nothing to return.
    Skipped,
    Eof,
}

pub(super) struct Tokens<R> {
    source: R,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    at_eof: bool,
    /// Before the first token, where a byte-order mark is passed over.
    at_beginning: bool,
}

impl<R: Read> Tokens<R> {
    pub(super) fn new(source: R) -> Tokens<R> {
        Tokens {
            source,
            buf: vec![0; FIRST_BUFFER],
            start: 0,
            end: 0,
            at_eof: false,
            at_beginning: true,
        }
    }

    pub(super) fn next(&mut self) -> Result<Token<'_>, ReadError> {
        let found = loop {
            match self.find()? {
                Some(Found::Skipped) => {}
                Some(found) => break found,
                // The token runs past the buffer: read more and look again.
                None if self.at_eof => return Err(corrupt()),
                None => self.fill()?,
            }
        };
        let bytes = |(from, to): (usize, usize)| self.buf.get(from..to).unwrap_or_default();
        Ok(match found {
            Found::Start { name, end } => Token::Start(Tag {
                name: bytes(name),
                attributes: bytes((name.1, end)),
            }),
            Found::Empty { name, end } => Token::Empty(Tag {
                name: bytes(name),
                attributes: bytes((name.1, end)),
            }),
            Found::End(from, to) => Token::End(bytes((from, to))),
            Found::Text(from, to) => Token::Text(bytes((from, to))),
            Found::CData(from, to) => Token::CData(bytes((from, to))),
            Found::Skipped | Found::Eof => Token::Eof,
        })
    }

    /// The next token in the buffer, consumed; `None` when it is incomplete.
    fn find(&mut self) -> Result<Option<Found>, ReadError> {
        if self.start == self.end {
            return Ok(self.at_eof.then_some(Found::Eof));
        }
        if self.at_beginning {
            if self.end - self.start < 3 && !self.at_eof {
                return Ok(None);
            }
            self.at_beginning = false;
            if self.unread().starts_with(b"\xEF\xBB\xBF") {
                self.start += 3;
                return Ok(Some(Found::Skipped));
            }
        }
        let from = self.start;
        let data = self.unread();
        if data.first() != Some(&b'<') {
            let length = match memchr::memchr(b'<', data) {
                Some(length) => length,
                None if self.at_eof => data.len(),
                None => return Ok(None),
            };
            self.start += length;
            return Ok(Some(Found::Text(from, from + length)));
        }
        let found = match data.get(1) {
            Some(b'/') => tag_end(data).map(|gt| {
                let name = local_name(data.get(2..gt).unwrap_or_default().trim_ascii_end());
                (gt + 1, Found::End(from + name.0 + 2, from + name.1 + 2))
            }),
            Some(b'?') => memmem::find(data.get(2..).unwrap_or_default(), b"?>")
                .map(|at| (at + 4, Found::Skipped)),
            Some(b'!') => {
                if data.starts_with(b"<!--") {
                    memmem::find(data.get(4..).unwrap_or_default(), b"-->")
                        .map(|at| (at + 7, Found::Skipped))
                } else if data.starts_with(b"<![CDATA[") {
                    memmem::find(data.get(9..).unwrap_or_default(), b"]]>")
                        .map(|at| (at + 12, Found::CData(from + 9, from + 9 + at)))
                } else if data.len() < 9 && !self.at_eof {
                    // Too short yet to tell.
                    None
                } else {
                    // A document type declaration, or not XML.
                    return Err(corrupt());
                }
            }
            Some(_) => tag_end(data).map(|gt| {
                let inner = data.get(1..gt).unwrap_or_default();
                let empty = inner.last() == Some(&b'/');
                let inner = if empty {
                    inner.get(..inner.len() - 1).unwrap_or_default()
                } else {
                    inner
                };
                let name_end = inner
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .unwrap_or(inner.len());
                let (local_start, local_end) =
                    local_name(inner.get(..name_end).unwrap_or_default());
                let name = (from + 1 + local_start, from + 1 + local_end);
                let end = from + 1 + inner.len();
                let found = if empty {
                    Found::Empty { name, end }
                } else {
                    Found::Start { name, end }
                };
                (gt + 1, found)
            }),
            None => None,
        };
        let Some((length, found)) = found else {
            return Ok(None);
        };
        if let Found::Start { name, .. } | Found::Empty { name, .. } = found {
            if name.0 == name.1 {
                return Err(corrupt());
            }
        }
        self.start += length;
        Ok(Some(found))
    }

    /// Reads `<name>text</name></parent>`, text without markup, when that
    /// is what comes next and is in the buffer already: the usual cell,
    /// read without going token by token. `None` leaves everything unread.
    pub(super) fn text_element_closing(&mut self, name: &[u8], parent: &[u8]) -> Option<&[u8]> {
        let data = self.unread();
        let rest = data
            .strip_prefix(b"<")?
            .strip_prefix(name)?
            .strip_prefix(b">")?;
        let length = memchr::memchr(b'<', rest)?;
        let after = rest
            .get(length..)?
            .strip_prefix(b"</")?
            .strip_prefix(name)?
            .strip_prefix(b"></")?
            .strip_prefix(parent)?;
        if after.first() != Some(&b'>') || self.at_beginning {
            return None;
        }
        let text_start = self.start + name.len() + 2;
        self.start = text_start + length + name.len() + parent.len() + 6;
        self.buf.get(text_start..text_start + length)
    }

    fn unread(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    /// Moves the unread bytes to the front and reads more after them,
    /// growing the buffer only when a token fills it whole.
    fn fill(&mut self) -> Result<(), ReadError> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            if self.buf.len() >= MAX_TOKEN {
                return Err(corrupt());
            }
            self.buf.resize((self.buf.len() * 2).min(MAX_TOKEN), 0);
        }
        let free = self.buf.get_mut(self.end..).unwrap_or_default();
        loop {
            match self.source.read(free) {
                Ok(0) => {
                    self.at_eof = true;
                    return Ok(());
                }
                Ok(read) => {
                    self.end += read;
                    return Ok(());
                }
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Err(corrupt()),
            }
        }
    }
}

/// The `>` closing the tag that `data` starts with, outside quoted values.
fn tag_end(data: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (at, &byte) in data.iter().enumerate().skip(1) {
        match (byte, quote) {
            (b'>', None) => return Some(at),
            (b'"' | b'\'', None) => quote = Some(byte),
            (_, Some(open)) if byte == open => quote = None,
            _ => {}
        }
    }
    None
}

/// The range of a qualified name's local part within it.
fn local_name(name: &[u8]) -> (usize, usize) {
    let start = name
        .iter()
        .rposition(|&b| b == b':')
        .map_or(0, |colon| colon + 1);
    (start, name.len())
}

/// Appends the text a token carries, references resolved (the five XML
/// entities and numeric references) and line ends made `\n` as XML reads
/// them. `false` for a token that is not text.
pub(super) fn push_text(out: &mut String, token: &Token<'_>) -> Result<bool, ReadError> {
    let (raw, references) = match token {
        Token::Text(raw) => (*raw, true),
        Token::CData(raw) => (*raw, false),
        _ => return Ok(false),
    };
    let text = std::str::from_utf8(raw).map_err(|_| corrupt())?;
    if memchr::memchr2(b'&', b'\r', raw).is_none() {
        out.push_str(text);
        return Ok(true);
    }
    let text = if references && text.contains('&') {
        quick_xml::escape::unescape(text).map_err(|_| corrupt())?
    } else {
        Cow::Borrowed(text)
    };
    out.push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
    Ok(true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

    use super::*;
    use quick_xml::events::Event;

    /// A source handing out a few bytes per read, as a slow stream might.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// The tokens as text: `<name`, `<name/`, `</name`, `"text`.
    fn ours(xml: &[u8], piece: usize) -> Result<Vec<String>, ReadError> {
        let mut tokens = Tokens::new(Trickle(xml, piece));
        let mut out: Vec<String> = Vec::new();
        loop {
            let token = tokens.next()?;
            let mut text = String::new();
            if push_text(&mut text, &token)? {
                match out.last_mut() {
                    Some(last) if last.starts_with('"') => last.push_str(&text),
                    _ => out.push(format!("\"{text}")),
                }
                continue;
            }
            out.push(match token {
                Token::Start(tag) => format!("<{}", String::from_utf8_lossy(tag.name)),
                Token::Empty(tag) => format!("<{}/", String::from_utf8_lossy(tag.name)),
                Token::End(name) => format!("</{}", String::from_utf8_lossy(name)),
                _ => return Ok(out),
            });
        }
    }

    /// The same through quick-xml's general reader, configured as the
    /// small parts are read.
    fn general(xml: &[u8]) -> Option<Vec<String>> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.check_comments = false;
        config.trim_text(false);
        let local = super::super::xml::local;
        let mut out: Vec<String> = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let event = reader.read_event_into(&mut buf).ok()?;
            let mut text = String::new();
            if super::super::xml::push_text(&mut text, &event).ok()? {
                match out.last_mut() {
                    Some(last) if last.starts_with('"') => last.push_str(&text),
                    _ => out.push(format!("\"{text}")),
                }
                continue;
            }
            out.push(match event {
                Event::Start(e) => format!("<{}", local(e.name().as_ref())),
                Event::Empty(e) => format!("<{}/", local(e.name().as_ref())),
                Event::End(e) => format!("</{}", local(e.name().as_ref())),
                Event::DocType(_) => return None,
                Event::Eof => return Some(out),
                _ => continue,
            });
        }
    }

    const SHEET: &str = "\u{FEFF}<?xml version=\"1.0\"?>\r\n<x:worksheet xmlns:x=\"urn:x\"><!-- a <c> in a comment --><x:sheetData>\r\n <x:row r=\"1\" note='a > b'><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\"> a &amp; b &#x263A;\r\nc\r</x:t></x:is></x:c><x:c r=\"B1\"><x:v><![CDATA[<1>]]></x:v></x:c><x:c r=\"C1\" /></x:row></x:sheetData ></x:worksheet>";

    #[test]
    fn tokens_of_a_sheet() {
        let expected = [
            "\"\n",
            "<worksheet",
            "<sheetData",
            "\"\n ",
            "<row",
            "<c",
            "<is",
            "<t",
            "\" a & b \u{263A}\nc\n",
            "</t",
            "</is",
            "</c",
            "<c",
            "<v",
            "\"<1>",
            "</v",
            "</c",
            "<c/",
            "</row",
            "</sheetData",
            "</worksheet",
        ];
        for piece in [1, 2, 3, 7, 4096] {
            assert_eq!(ours(SHEET.as_bytes(), piece).unwrap(), expected, "{piece}");
        }
        assert_eq!(general(SHEET.as_bytes()).unwrap(), expected);
    }

    #[test]
    fn a_plain_value_and_its_end_read_at_once() {
        let mut tokens = Tokens::new(&b"<r><v>12</v></c><v>3</v><x/></c>"[..]);
        assert!(matches!(
            tokens.next(),
            Ok(Token::Start(Tag { name: b"r", .. }))
        ));
        assert_eq!(tokens.text_element_closing(b"v", b"c"), Some(&b"12"[..]));
        // Not followed by the end tag: left for the tokens.
        assert_eq!(tokens.text_element_closing(b"v", b"c"), None);
        assert!(matches!(
            tokens.next(),
            Ok(Token::Start(Tag { name: b"v", .. }))
        ));
        assert!(matches!(tokens.next(), Ok(Token::Text(b"3"))));
    }

    #[test]
    fn what_is_refused() {
        for bad in [
            "<a><!DOCTYPE a></a>",
            "<a><!x></a>",
            "<a><b",
            "<a><!-- open",
            "<a><![CDATA[ open",
            "<a></a><>",
            "<a><b c=\"></b></a>",
        ] {
            assert!(ours(bad.as_bytes(), 3).is_err(), "{bad}");
        }
        let not_utf8 = b"<a>\xFF</a>";
        assert!(ours(not_utf8, 3).is_err());
        let unknown_entity = b"<a>&bomb;</a>";
        assert!(ours(unknown_entity, 3).is_err());
    }

    #[test]
    fn a_token_larger_than_the_first_buffer_is_read_and_a_huge_one_refused() {
        let long = format!("<a>{}</a>", "é".repeat(FIRST_BUFFER));
        let read = ours(long.as_bytes(), 1 << 16).unwrap();
        assert_eq!(read[1].chars().count(), FIRST_BUFFER + 1);
        let huge = format!("<a b=\"{}\"/>", "x".repeat(MAX_TOKEN));
        assert!(ours(huge.as_bytes(), 1 << 20).is_err());
    }

    /// Damaged sheets read the same as through the general reader wherever
    /// it reads them: the same tags, the same text.
    #[test]
    fn damaged_sheets_read_as_the_general_reader_reads_them() {
        let mut compared = 0;
        for damaged in super::super::xml::damaged_copies(
            SHEET,
            b"<>/=\"'!-[]?&#;x:abc \r\n",
            0x9e37_79b9_7f4a_7c15,
            30,
        ) {
            let Some(expected) = general(damaged.as_bytes()) else {
                continue;
            };
            // The general reader takes a few things this one refuses: an
            // unknown `<!` declaration, an unterminated tag at the end.
            if let Ok(read) = ours(damaged.as_bytes(), 5) {
                assert_eq!(read, expected, "{damaged}");
                compared += 1;
            }
        }
        assert!(compared > 300, "{compared}");
    }
}
