//! Text encodings of CSV files: BOM-marked UTF-16, UTF-8 (with or without
//! BOM), else Windows-1252 (what Swedish and Finnish Excel writes for
//! "CSV (semikolonavgränsad)"). The encoding is told from the first bytes,
//! so a file can be decoded as it arrives; a byte that is not UTF-8 in a
//! file taken for UTF-8 is read as Windows-1252, which is what it nearly
//! always is (a Windows-1252 file whose first 64 KB are plain ASCII).
//!
//! Decoding also turns CR LF and lone CR into LF and ends the text with LF,
//! so the CSV parser's line count is exactly Excel's row count.

/// How a text file is encoded, and how many BOM bytes to skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    /// UTF-8; bytes that are not UTF-8 are read as Windows-1252.
    Utf8 {
        bom: usize,
    },
    /// UTF-16 little-endian; `bom` bytes (0 or 2) start the file.
    Utf16Le {
        bom: usize,
    },
    Utf16Be {
        bom: usize,
    },
    Windows1252,
}

/// How much of a file is looked at to tell its encoding and whether it is text.
pub(crate) const SAMPLE_BYTES: usize = 64 * 1024;

/// UTF-16 written without a byte-order mark: text in Latin script has a
/// zero byte in every other place (the high byte of each character), and
/// nearly none in the others. A few stray zero bytes in other text do not
/// make it UTF-16.
fn utf16_without_bom(sample: &[u8]) -> Option<TextEncoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |count: usize| count * 10 >= pairs * 6;
    let hardly = |count: usize| count * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(TextEncoding::Utf16Le { bom: 0 })
    } else if mostly(even) && hardly(odd) {
        Some(TextEncoding::Utf16Be { bom: 0 })
    } else {
        None
    }
}

impl TextEncoding {
    /// The encoding, from the file's first bytes (up to [`SAMPLE_BYTES`]).
    pub(crate) fn detect(first_bytes: &[u8]) -> TextEncoding {
        if first_bytes.starts_with(b"\xEF\xBB\xBF") {
            return TextEncoding::Utf8 { bom: 3 };
        }
        if first_bytes.starts_with(b"\xFF\xFE") {
            return TextEncoding::Utf16Le { bom: 2 };
        }
        if first_bytes.starts_with(b"\xFE\xFF") {
            return TextEncoding::Utf16Be { bom: 2 };
        }
        let sample = first_bytes.get(..SAMPLE_BYTES).unwrap_or(first_bytes);
        if let Some(utf16) = utf16_without_bom(sample) {
            return utf16;
        }
        match std::str::from_utf8(sample) {
            Ok(_) => TextEncoding::Utf8 { bom: 0 },
            // Cut through a character at the sample's end: still UTF-8.
            Err(e) if e.error_len().is_none() => TextEncoding::Utf8 { bom: 0 },
            Err(_) => TextEncoding::Windows1252,
        }
    }

    /// Whether the text can be split at an LF byte: in UTF-16 that byte
    /// is half of a character.
    pub(crate) fn splits_at_lf(self) -> bool {
        !matches!(
            self,
            TextEncoding::Utf16Le { .. } | TextEncoding::Utf16Be { .. }
        )
    }

    /// One byte naming the encoding, BOM or not.
    pub(crate) fn code(self) -> u8 {
        match self {
            TextEncoding::Utf8 { .. } => 1,
            TextEncoding::Utf16Le { .. } => 2,
            TextEncoding::Utf16Be { .. } => 3,
            TextEncoding::Windows1252 => 4,
        }
    }

    /// The same encoding for text that starts after the BOM.
    pub(crate) fn without_bom(self) -> TextEncoding {
        match self {
            TextEncoding::Utf8 { .. } => TextEncoding::Utf8 { bom: 0 },
            TextEncoding::Utf16Le { .. } => TextEncoding::Utf16Le { bom: 0 },
            TextEncoding::Utf16Be { .. } => TextEncoding::Utf16Be { bom: 0 },
            other => other,
        }
    }

    fn bom(self) -> usize {
        match self {
            TextEncoding::Utf8 { bom } => bom,
            TextEncoding::Utf16Le { bom } | TextEncoding::Utf16Be { bom } => bom,
            TextEncoding::Windows1252 => 0,
        }
    }
}

/// Windows-1252's 0x80–0x9F (the five undefined bytes map to the C1
/// controls of the same value, as WHATWG's decoder does); 0xA0–0xFF are
/// Latin-1's code points.
const WINDOWS_1252_80_9F: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

fn windows_1252(byte: u8) -> char {
    let code = match byte {
        0x80..=0x9F => WINDOWS_1252_80_9F
            .get(usize::from(byte - 0x80))
            .copied()
            .map_or(0xFFFD, u32::from),
        _ => u32::from(byte),
    };
    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The UTF-8 of Windows-1252's bytes 0x80–0xFF: length and bytes.
// (Indexing in a constant: out of range would not compile.)
#[allow(clippy::indexing_slicing)]
const WINDOWS_1252_UTF8: [(usize, [u8; 3]); 128] = {
    let mut table = [(0, [0; 3]); 128];
    let mut index = 0;
    while index < 128 {
        let code = if index < 32 {
            WINDOWS_1252_80_9F[index] as u32
        } else {
            0x80 + index as u32
        };
        table[index] = if code < 0x800 {
            (2, [0xC0 | (code >> 6) as u8, 0x80 | (code & 0x3F) as u8, 0])
        } else {
            (
                3,
                [
                    0xE0 | (code >> 12) as u8,
                    0x80 | ((code >> 6) & 0x3F) as u8,
                    0x80 | (code & 0x3F) as u8,
                ],
            )
        };
        index += 1;
    }
    table
};

/// Where the next byte from `from` on is other than ASCII or is CR: the
/// bytes the Windows-1252 decoder cannot copy as they are. Looked at eight
/// at a time, since most of a register is ASCII.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut at = from;
    while let Some(word) = bytes
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let word = u64::from_le_bytes(word);
        // A CR byte is a zero byte of `cr`. The borrow trick finds the
        // lowest one exactly (it may flag bytes above a real one: never
        // the lowest set bit).
        let cr = word ^ (ONES * u64::from(b'\r'));
        let mask = (word & HIGH) | (cr.wrapping_sub(ONES) & !cr & HIGH);
        if mask != 0 {
            return Some(at + (mask.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter()
        .position(|&b| !b.is_ascii() || b == b'\r')
        .map(|p| at + p)
}

/// Decodes a text file piece by piece into UTF-8 with LF line endings.
pub(crate) struct Decoder {
    encoding: TextEncoding,
    /// BOM bytes still to skip.
    skip: usize,
    /// The start of a character cut at the end of the last piece.
    carry: Vec<u8>,
    /// A UTF-16 high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    /// Decoded text before line endings are normalised.
    scratch: String,
    /// The last piece ended with CR: an LF starting the next is its pair.
    after_cr: bool,
    /// The last byte written ended a line; `None` before any.
    ends_line: Option<bool>,
}

impl Decoder {
    pub(crate) fn new(encoding: TextEncoding) -> Decoder {
        Decoder {
            encoding,
            skip: encoding.bom(),
            carry: Vec::new(),
            high_surrogate: None,
            scratch: String::new(),
            after_cr: false,
            ends_line: None,
        }
    }

    /// The encoding decoded.
    pub(crate) fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Everything pushed is decoded and ended with LF: nothing is held back.
    pub(crate) fn at_line_end(&self) -> bool {
        self.carry.is_empty()
            && self.high_surrogate.is_none()
            && !self.after_cr
            && self.ends_line == Some(true)
    }

    /// Appends the decoded text of the next piece to `out`.
    pub(crate) fn decode(&mut self, mut input: &[u8], out: &mut String) {
        if self.skip > 0 {
            let skipped = self.skip.min(input.len());
            self.skip -= skipped;
            input = input.get(skipped..).unwrap_or_default();
        }
        match self.encoding {
            TextEncoding::Utf8 { .. } => self.decode_utf8(input, false, out),
            TextEncoding::Windows1252 => self.decode_windows_1252(input, out),
            TextEncoding::Utf16Le { .. } | TextEncoding::Utf16Be { .. } => {
                self.decode_utf16(input, out)
            }
        }
    }

    /// Ends the text: what was cut off, and a last LF.
    pub(crate) fn finish(&mut self, out: &mut String) {
        match self.encoding {
            TextEncoding::Utf8 { .. } => self.decode_utf8(&[], true, out),
            TextEncoding::Windows1252 => {}
            TextEncoding::Utf16Le { .. } | TextEncoding::Utf16Be { .. } => {
                if self.high_surrogate.take().is_some() || !self.carry.is_empty() {
                    self.carry.clear();
                    let mut buffer = [0; 4];
                    let replacement = char::REPLACEMENT_CHARACTER.encode_utf8(&mut buffer);
                    self.push_lines(replacement, out);
                }
            }
        }
        if self.ends_line == Some(false) {
            out.push('\n');
            self.ends_line = Some(true);
        }
    }

    /// Windows-1252 straight into `out`: runs of ASCII other than CR are
    /// copied whole, every other byte written as its character, CR LF and
    /// lone CR as LF.
    fn decode_windows_1252(&mut self, mut input: &[u8], out: &mut String) {
        if self.after_cr && !input.is_empty() {
            self.after_cr = false;
            input = input.strip_prefix(b"\n").unwrap_or(input);
        }
        let mut bytes = std::mem::take(out).into_bytes();
        let written = bytes.len();
        let mut run = 0;
        while let Some(special) = next_special(input, run) {
            bytes.extend_from_slice(input.get(run..special).unwrap_or_default());
            run = special + 1;
            match input.get(special) {
                Some(b'\r') => {
                    bytes.push(b'\n');
                    match input.get(run) {
                        Some(b'\n') => run += 1,
                        None => self.after_cr = true,
                        Some(_) => {}
                    }
                }
                Some(&byte) => {
                    if let Some((length, encoded)) = WINDOWS_1252_UTF8.get(usize::from(byte & 0x7F))
                    {
                        bytes.extend_from_slice(encoded.get(..*length).unwrap_or_default());
                    }
                }
                None => {}
            }
        }
        bytes.extend_from_slice(input.get(run..).unwrap_or_default());
        if bytes.len() > written {
            self.ends_line = Some(bytes.last() == Some(&b'\n'));
        }
        // Valid by construction: the check is one fast pass.
        *out = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// UTF-8 as is; a byte that cannot start or continue a character is
    /// read as Windows-1252. `last`: no more input follows.
    fn decode_utf8(&mut self, mut input: &[u8], last: bool, out: &mut String) {
        if let Some(&lead) = self.carry.first() {
            let width: usize = match lead {
                0xF0..=0xF4 => 4,
                0xE0..=0xEF => 3,
                _ => 2,
            };
            let take = width.saturating_sub(self.carry.len()).min(input.len());
            let mut character = std::mem::take(&mut self.carry);
            character.extend_from_slice(input.get(..take).unwrap_or_default());
            match std::str::from_utf8(&character) {
                Ok(text) => {
                    self.push_lines(text, out);
                    input = input.get(take..).unwrap_or_default();
                }
                Err(e) if e.error_len().is_none() && !last => {
                    // Still cut short: the piece was tiny.
                    self.carry = character;
                    return;
                }
                Err(_) => {
                    // Not a character after all: its bytes are Windows-1252,
                    // and the input starts afresh.
                    let bytes = character.get(..character.len() - take).unwrap_or_default();
                    let text: String = bytes.iter().map(|&b| windows_1252(b)).collect();
                    self.push_lines(&text, out);
                }
            }
        }
        loop {
            match std::str::from_utf8(input) {
                Ok(text) => {
                    self.push_lines(text, out);
                    return;
                }
                Err(e) => {
                    let (valid, rest) = input.split_at_checked(e.valid_up_to()).unwrap_or_default();
                    self.push_lines(std::str::from_utf8(valid).unwrap_or_default(), out);
                    if e.error_len().is_none() && !last {
                        self.carry.extend_from_slice(rest);
                        return;
                    }
                    let Some((&byte, after)) = rest.split_first() else {
                        return;
                    };
                    let mut buffer = [0; 4];
                    self.push_lines(windows_1252(byte).encode_utf8(&mut buffer), out);
                    input = after;
                }
            }
        }
    }

    fn decode_utf16(&mut self, input: &[u8], out: &mut String) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let (head, input) = match self.carry.first().copied() {
            Some(first) => match input.split_first() {
                Some((&second, rest)) => (Some([first, second]), rest),
                None => (None, input),
            },
            None => (None, input),
        };
        if head.is_some() {
            self.carry.clear();
        }
        let little_endian = matches!(self.encoding, TextEncoding::Utf16Le { .. });
        let unit = |pair: [u8; 2]| {
            if little_endian {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        };
        let mut pairs = input.chunks_exact(2);
        let units = head
            .into_iter()
            .chain(pairs.by_ref().map(|p| {
                [
                    p.first().copied().unwrap_or(0),
                    p.get(1).copied().unwrap_or(0),
                ]
            }))
            .map(unit);
        for unit in units {
            let c = match (self.high_surrogate.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high_surrogate = Some(unit);
                    continue;
                }
                (Some(_), 0xD800..=0xDBFF) => {
                    self.high_surrogate = Some(unit);
                    char::REPLACEMENT_CHARACTER
                }
                (Some(high), 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                (Some(_), _) => {
                    scratch.push(char::REPLACEMENT_CHARACTER);
                    char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                (None, _) => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
            };
            scratch.push(c);
        }
        self.carry.extend_from_slice(pairs.remainder());
        self.push_lines(&scratch, out);
        self.scratch = scratch;
    }

    /// Appends decoded text with CR LF and lone CR made LF.
    fn push_lines(&mut self, mut text: &str, out: &mut String) {
        if text.is_empty() {
            return;
        }
        if self.after_cr {
            self.after_cr = false;
            text = text.strip_prefix('\n').unwrap_or(text);
        }
        while let Some(cr) = memchr::memchr(b'\r', text.as_bytes()) {
            out.push_str(text.get(..cr).unwrap_or_default());
            out.push('\n');
            let rest = text.get(cr + 1..).unwrap_or_default();
            if rest.is_empty() {
                self.after_cr = true;
            }
            text = rest.strip_prefix('\n').unwrap_or(rest);
        }
        out.push_str(text);
        if !out.is_empty() {
            self.ends_line = Some(out.ends_with('\n'));
        }
    }
}

/// The decoded text of a whole piece of input, for sniffing and tests.
pub(crate) fn decode_all(bytes: &[u8], encoding: TextEncoding) -> String {
    let mut decoder = Decoder::new(encoding);
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    decoder.decode(bytes, &mut out);
    decoder.finish(&mut out);
    out
}

/// Whether the file's first bytes look like text in one of the supported
/// encodings: no NUL characters and hardly any other control characters.
/// Binary formats other than spreadsheets fail here.
pub(crate) fn looks_like_text(first_bytes: &[u8]) -> bool {
    let sample = first_bytes.get(..SAMPLE_BYTES).unwrap_or(first_bytes);
    let text = decode_all(sample, TextEncoding::detect(sample));
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        match c {
            // A few NUL characters (a damaged cell) leave a file text: the
            // cells holding them are in error, not the whole file.
            '\t' | '\n' | '\r' => {}
            c if c.is_control() => control += 1,
            _ => {}
        }
    }
    // Undefined Windows-1252 bytes decode to C1 controls: they count too.
    control * 20 <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `bytes` in pieces of `piece` bytes.
    fn decode_in_pieces(bytes: &[u8], piece: usize) -> String {
        let mut decoder = Decoder::new(TextEncoding::detect(bytes));
        let mut out = String::new();
        for chunk in bytes.chunks(piece) {
            decoder.decode(chunk, &mut out);
        }
        decoder.finish(&mut out);
        out
    }

    fn windows_1252_bytes(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match c as u32 {
                code @ 0..=0x7F | code @ 0xA0..=0xFF => code as u8,
                code => {
                    let at = WINDOWS_1252_80_9F
                        .iter()
                        .position(|&u| u32::from(u) == code)
                        .expect("in Windows-1252");
                    0x80 + at as u8
                }
            })
            .collect()
    }

    #[test]
    fn utf8_table_as_the_characters() {
        for byte in 0x80..=0xFFu8 {
            let mut buffer = [0; 4];
            let expected = windows_1252(byte).encode_utf8(&mut buffer).as_bytes();
            let (length, encoded) = WINDOWS_1252_UTF8[usize::from(byte & 0x7F)];
            assert_eq!(&encoded[..length], expected, "{byte:#x}");
        }
    }

    #[test]
    fn special_bytes() {
        assert_eq!(next_special(b"", 0), None);
        assert_eq!(next_special(b"abc", 0), None);
        assert_eq!(next_special(b"abcdefgh\xF6", 0), Some(8));
        assert_eq!(next_special(b"abcdefghijk\xF6lmnopqrstu", 0), Some(11));
        assert_eq!(next_special(b"\xF6abcdefghijk", 0), Some(0));
        assert_eq!(next_special(b"\xF6abcdefghijk", 1), None);
        assert_eq!(next_special(b"abcdefghijklmnop", 0), None);
        assert_eq!(next_special(b"ab\x0c\x0e\x8d\rcd", 0), Some(4));
        assert_eq!(next_special(b"ab\x0c\x0e\x0d\x8dcd", 0), Some(4));
        assert_eq!(next_special(b"abcdefgh;\r\n", 2), Some(9));
    }

    /// The Windows-1252 decoder gives what decoding byte by byte gives, on
    /// random bytes in random pieces.
    #[test]
    fn windows_1252_as_byte_by_byte() {
        let alphabet = [b'a', b';', b'\r', b'\n', 0x0c, 0x0e, 0x8d, 0xF6, 0x80, 0xFF];
        let mut next = crate::register::random_numbers(0x2545_f491_4f6c_dd1d);
        for _ in 0..2000 {
            let length = next() % 60;
            let bytes: Vec<u8> = (0..length)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let characters: String = bytes.iter().map(|&b| windows_1252(b)).collect();
            let mut expected = characters.replace("\r\n", "\n").replace('\r', "\n");
            if !expected.is_empty() && !expected.ends_with('\n') {
                expected.push('\n');
            }
            let piece = 1 + (next() % 20) as usize;
            let mut decoder = Decoder::new(TextEncoding::Windows1252);
            let mut out = String::new();
            for chunk in bytes.chunks(piece) {
                decoder.decode(chunk, &mut out);
            }
            decoder.finish(&mut out);
            assert_eq!(out, expected, "{bytes:?} in pieces of {piece}");
        }
    }

    #[test]
    fn detects_encodings() {
        assert_eq!(
            TextEncoding::detect(b"\xEF\xBB\xBFa;b"),
            TextEncoding::Utf8 { bom: 3 }
        );
        assert_eq!(
            TextEncoding::detect(b"\xFF\xFEa\0"),
            TextEncoding::Utf16Le { bom: 2 }
        );
        assert_eq!(
            TextEncoding::detect(b"\xFE\xFF\0a"),
            TextEncoding::Utf16Be { bom: 2 }
        );
        // Without a byte-order mark: the zero bytes tell.
        let le: Vec<u8> = "ID;Kön\r\n1;K"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "ID;Kön\r\n1;K"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(TextEncoding::detect(&le), TextEncoding::Utf16Le { bom: 0 });
        assert_eq!(TextEncoding::detect(&be), TextEncoding::Utf16Be { bom: 0 });
        assert_eq!(decode_in_pieces(&le, 3), "ID;Kön\n1;K\n");
        // A stray NUL in UTF-8 text is no UTF-16.
        assert_eq!(
            TextEncoding::detect(b"ID;K\0n\r\n1;K"),
            TextEncoding::Utf8 { bom: 0 }
        );
        assert_eq!(
            TextEncoding::detect("Kön;Född".as_bytes()),
            TextEncoding::Utf8 { bom: 0 }
        );
        // Cut inside "ö" at the sample's end.
        assert_eq!(
            TextEncoding::detect(b"K\xC3"),
            TextEncoding::Utf8 { bom: 0 }
        );
        assert_eq!(TextEncoding::detect(b"K\xF6n"), TextEncoding::Windows1252);
        assert_eq!(TextEncoding::detect(b""), TextEncoding::Utf8 { bom: 0 });
    }

    #[test]
    fn every_windows_1252_byte_as_the_standard_says() {
        // Spot checks against the Unicode mapping table (cp1252.txt).
        for (byte, expected) in [
            (0x41, 'A'),
            (0x80, '€'),
            (0x8A, 'Š'),
            (0x96, '–'),
            (0x9F, 'Ÿ'),
            (0xA0, '\u{A0}'),
            (0xC5, 'Å'),
            (0xF6, 'ö'),
            (0xFF, 'ÿ'),
            (0x81, '\u{81}'),
        ] {
            assert_eq!(windows_1252(byte), expected, "{byte:#x}");
        }
    }

    #[test]
    fn decodes_in_any_pieces() {
        let text = "Åsa;Öberg;Ärlig – €\r\n".repeat(500) + "𝄞 Zoë";
        let cp1252 = windows_1252_bytes(&"Åsa;Öberg;Ärlig – €\r\n".repeat(500));
        let expected_cp = "Åsa;Öberg;Ärlig – €\n".repeat(500);
        let expected = text.replace("\r\n", "\n") + "\n";
        let mut utf16le = vec![0xFF, 0xFE];
        let mut utf16be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            utf16le.extend_from_slice(&unit.to_le_bytes());
            utf16be.extend_from_slice(&unit.to_be_bytes());
        }
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        for piece in [1, 2, 3, 5, 4096, 1 << 20] {
            assert_eq!(decode_in_pieces(&cp1252, piece), expected_cp, "{piece}");
            assert_eq!(
                decode_in_pieces(text.as_bytes(), piece),
                expected,
                "{piece}"
            );
            assert_eq!(decode_in_pieces(&with_bom, piece), expected, "{piece}");
            assert_eq!(decode_in_pieces(&utf16le, piece), expected, "{piece}");
            assert_eq!(decode_in_pieces(&utf16be, piece), expected, "{piece}");
        }
        assert_eq!(decode_in_pieces(b"", 10), "");
    }

    #[test]
    fn windows_1252_after_an_ascii_start() {
        // The first 64 KB are ASCII, so the file is taken for UTF-8; its
        // later Windows-1252 letters still come out right, also when a
        // piece ends right after one of them.
        let mut bytes = b"ID;Namn\n".repeat(9000);
        bytes.extend_from_slice(b"1;J\xF6rg \xC5sa\n2;\xE9\n3;end \xC3");
        assert_eq!(TextEncoding::detect(&bytes), TextEncoding::Utf8 { bom: 0 });
        let expected = "ID;Namn\n".repeat(9000) + "1;Jörg Åsa\n2;é\n3;end Ã\n";
        for piece in [1, 7, 4096] {
            assert_eq!(decode_in_pieces(&bytes, piece), expected, "{piece}");
        }
    }

    #[test]
    fn broken_utf16() {
        // A lone high surrogate, a lone low one, and an odd last byte.
        let bytes = [0xFF, 0xFE, 0x3D, 0xD8, b'a', 0, 0x00, 0xDC, b'b'];
        assert_eq!(decode_in_pieces(&bytes, 1), "\u{FFFD}a\u{FFFD}\u{FFFD}\n");
    }

    #[test]
    fn normalises_line_endings() {
        for (input, expected) in [
            (&b"a\r\nb\r\n"[..], "a\nb\n"),
            (b"a\rb", "a\nb\n"),
            (b"a\n\nb", "a\n\nb\n"),
            (b"a\r\n\r\n", "a\n\n"),
            (b"", ""),
            (b"\r", "\n"),
            (b"\r\r\n\n", "\n\n\n"),
        ] {
            for piece in [1, 2, 64] {
                assert_eq!(
                    decode_in_pieces(input, piece),
                    expected,
                    "{input:?} {piece}"
                );
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
