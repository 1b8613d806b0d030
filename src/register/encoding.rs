//! Text encodings of CSV files: BOM-marked UTF-8 and UTF-16, plain UTF-8,
//! else Windows-1252 (what Swedish and Finnish Excel writes for
//! "CSV (semikolonavgränsad)"). Decoding streams through a small buffer, so
//! no second copy of the file is ever made.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::io::{self, Read};

/// How a text file is encoded, and how many BOM bytes to skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    /// Valid UTF-8 after the BOM (if any): read as is.
    Utf8 {
        bom: usize,
    },
    /// Marked UTF-8 by a BOM but with invalid bytes: decoded with U+FFFD.
    Utf8Lossy,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    pub(crate) fn detect(bytes: &[u8]) -> TextEncoding {
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            // One fast validation pass, no copy.
            return if std::str::from_utf8(rest).is_ok() {
                TextEncoding::Utf8 { bom: 3 }
            } else {
                TextEncoding::Utf8Lossy
            };
        }
        if bytes.starts_with(b"\xFF\xFE") {
            return TextEncoding::Utf16Le;
        }
        if bytes.starts_with(b"\xFE\xFF") {
            return TextEncoding::Utf16Be;
        }
        if std::str::from_utf8(bytes).is_ok() {
            TextEncoding::Utf8 { bom: 0 }
        } else {
            TextEncoding::Windows1252
        }
    }

    /// The decoded text as a byte stream of UTF-8.
    pub(crate) fn reader<'a>(self, bytes: &'a [u8]) -> Box<dyn Read + 'a> {
        let decode = |encoding: &'static Encoding, bom: usize| -> Box<dyn Read + 'a> {
            Box::new(DecodingReader::new(
                bytes.get(bom..).unwrap_or_default(),
                encoding,
            ))
        };
        match self {
            TextEncoding::Utf8 { bom } => Box::new(bytes.get(bom..).unwrap_or_default()),
            TextEncoding::Utf8Lossy => decode(UTF_8, 3),
            TextEncoding::Utf16Le => decode(UTF_16LE, 2),
            TextEncoding::Utf16Be => decode(UTF_16BE, 2),
            TextEncoding::Windows1252 => decode(WINDOWS_1252, 0),
        }
    }
}

/// How much of a file is looked at to guess whether it is text.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The first `limit` bytes (about) of the decoded text, for sniffing.
pub(crate) fn decoded_prefix(bytes: &[u8], encoding: TextEncoding, limit: usize) -> String {
    let mut sample = Vec::with_capacity(limit.min(bytes.len().saturating_mul(2)));
    // Reading a slice or the decoder cannot fail.
    let _ = encoding
        .reader(bytes)
        .take(limit as u64)
        .read_to_end(&mut sample);
    // A cut through a multi-byte character only costs a U+FFFD at the end.
    String::from_utf8_lossy(&sample).into_owned()
}

/// Whether the bytes look like text in one of the supported encodings:
/// no NUL characters and hardly any other control characters in the first
/// 64 KB. Binary formats other than spreadsheets fail here.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    let encoding = TextEncoding::detect(bytes);
    let sample = decoded_prefix(bytes, encoding, SAMPLE_BYTES);
    let mut total = 0usize;
    let mut control = 0usize;
    for c in sample.chars() {
        total += 1;
        match c {
            '\0' => return false,
            '\t' | '\n' | '\r' => {}
            c if c.is_control() => control += 1,
            _ => {}
        }
    }
    // Undefined Windows-1252 bytes decode to C1 controls: they count too.
    control * 20 <= total
}

/// `io::Read` over text decoded to UTF-8 a few KB at a time.
pub(crate) struct DecodingReader<'a> {
    input: &'a [u8],
    decoder: Decoder,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    finished: bool,
}

const INPUT_CHUNK: usize = 4 * 1024;

impl<'a> DecodingReader<'a> {
    /// `input` must not start with a BOM: it would be decoded as text.
    pub(crate) fn new(input: &'a [u8], encoding: &'static Encoding) -> Self {
        DecodingReader {
            input,
            decoder: encoding.new_decoder_without_bom_handling(),
            // Room for a whole input chunk even when it triples in UTF-8.
            buffer: vec![0; 3 * INPUT_CHUNK + 16],
            start: 0,
            end: 0,
            finished: false,
        }
    }

    fn refill(&mut self) {
        let chunk_len = self.input.len().min(INPUT_CHUNK);
        let (chunk, rest) = self
            .input
            .split_at_checked(chunk_len)
            .unwrap_or((self.input, &[]));
        let last = rest.is_empty();
        let (result, read, written, _) = self.decoder.decode_to_utf8(chunk, &mut self.buffer, last);
        self.input = self.input.get(read..).unwrap_or_default();
        self.start = 0;
        self.end = written;
        if last && read == chunk.len() && result == CoderResult::InputEmpty {
            self.finished = true;
        }
    }
}

impl Read for DecodingReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.start >= self.end {
            if self.finished || out.is_empty() {
                return Ok(0);
            }
            self.refill();
        }
        let available = self.buffer.get(self.start..self.end).unwrap_or_default();
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.start += n;
        Ok(n)
    }
}

/// Turns CR LF and lone CR into LF and makes sure the text ends with LF, so
/// that the csv reader's line count is exactly the number of row breaks
/// (Excel's rows) before the end of each record.
pub(crate) struct LineEndings<R> {
    inner: R,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    after_cr: bool,
    last: Option<u8>,
    eof: bool,
}

impl<R: Read> LineEndings<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineEndings {
            inner,
            buffer: vec![0; 8 * 1024],
            start: 0,
            end: 0,
            after_cr: false,
            last: None,
            eof: false,
        }
    }
}

impl<R: Read> Read for LineEndings<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.start >= self.end {
                if self.eof {
                    if self.last.is_some_and(|b| b != b'\n') {
                        self.last = Some(b'\n');
                        if let Some(first) = out.first_mut() {
                            *first = b'\n';
                        }
                        return Ok(1);
                    }
                    return Ok(0);
                }
                self.start = 0;
                self.end = self.inner.read(&mut self.buffer)?;
                if self.end == 0 {
                    self.eof = true;
                }
                continue;
            }
            let input = self.buffer.get(self.start..self.end).unwrap_or_default();
            let mut written = 0;
            let mut consumed = 0;
            // Runs without CR are copied whole; only CRs need a look.
            while let (Some(rest), Some(room)) = (input.get(consumed..), out.get_mut(written..)) {
                let Some(&first) = rest.first() else { break };
                if room.is_empty() {
                    break;
                }
                if self.after_cr && first == b'\n' {
                    // The LF of a CR LF: the CR already gave one.
                    self.after_cr = false;
                    consumed += 1;
                    continue;
                }
                if first == b'\r' {
                    self.after_cr = true;
                    if let Some(slot) = room.first_mut() {
                        *slot = b'\n';
                    }
                    self.last = Some(b'\n');
                    consumed += 1;
                    written += 1;
                    continue;
                }
                self.after_cr = false;
                let limit = rest.len().min(room.len());
                let run = rest
                    .get(..limit)
                    .and_then(|window| memchr::memchr(b'\r', window))
                    .unwrap_or(limit);
                if let (Some(to), Some(from)) = (room.get_mut(..run), rest.get(..run)) {
                    to.copy_from_slice(from);
                    self.last = from.last().copied().or(self.last);
                }
                consumed += run;
                written += run;
            }
            self.start += consumed;
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(mut reader: impl Read, chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            let n = reader.read(&mut buf).unwrap_or(0);
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn detects_encodings() {
        assert_eq!(
            TextEncoding::detect(b"\xEF\xBB\xBFa;b"),
            TextEncoding::Utf8 { bom: 3 }
        );
        assert_eq!(
            TextEncoding::detect(b"\xEF\xBB\xBFa;\xF6"),
            TextEncoding::Utf8Lossy
        );
        assert_eq!(TextEncoding::detect(b"\xFF\xFEa\0"), TextEncoding::Utf16Le);
        assert_eq!(TextEncoding::detect(b"\xFE\xFF\0a"), TextEncoding::Utf16Be);
        assert_eq!(
            TextEncoding::detect("Kön;Född".as_bytes()),
            TextEncoding::Utf8 { bom: 0 }
        );
        assert_eq!(TextEncoding::detect(b"K\xF6n"), TextEncoding::Windows1252);
        assert_eq!(TextEncoding::detect(b""), TextEncoding::Utf8 { bom: 0 });
    }

    #[test]
    fn decodes_in_small_pieces() {
        let text = "Åsa;Öberg;Ärlig\r\n".repeat(2000);
        let (cp1252, _, _) = WINDOWS_1252.encode(&text);
        for chunk in [1, 3, 4096] {
            let out = read_all(TextEncoding::Windows1252.reader(&cp1252), chunk);
            assert_eq!(String::from_utf8(out).as_deref(), Ok(text.as_str()));
        }
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let out = read_all(TextEncoding::detect(&utf16).reader(&utf16), 7);
        assert_eq!(String::from_utf8(out).as_deref(), Ok(text.as_str()));
        assert!(read_all(TextEncoding::Windows1252.reader(b""), 10).is_empty());
    }

    #[test]
    fn normalises_line_endings() {
        for (input, expected) in [
            (&b"a\r\nb\r\n"[..], &b"a\nb\n"[..]),
            (b"a\rb", b"a\nb\n"),
            (b"a\n\nb", b"a\n\nb\n"),
            (b"a\r\n\r\n", b"a\n\n"),
            (b"", b""),
            (b"\r", b"\n"),
        ] {
            for chunk in [1, 2, 64] {
                assert_eq!(read_all(LineEndings::new(input), chunk), expected);
            }
        }
    }

    #[test]
    fn text_or_not() {
        assert!(looks_like_text("Personnummer;Kön\n".as_bytes()));
        assert!(looks_like_text(b"K\xF6n;F\xF6dd\r\n"));
        assert!(!looks_like_text(b"abc\0def"));
        assert!(!looks_like_text(b"\x01\x02\x03\x04abc"));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "ID\tKön\r\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(looks_like_text(&utf16));
    }
}
