//! A register pushed piece by piece (the CLI reading from disk, the page's
//! worker reading the browser's file stream) gives exactly what the whole
//! file in memory gives, whatever the pieces; a CSV file is never held whole.
//! A CSV register checked in two parts at once (the page's two workers)
//! gives it too, wherever the file is split; where the parts cannot fit
//! together the join is refused, never wrong.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use amif_check::api::{self, JoinError, Options, RegisterPart, RegisterStream, Validation};
use amif_check::messages::Lang;
use amif_check::register::{ReadError, ReadOptions};
use amif_check::rules::RuleOptions;
use chrono::NaiveDate;

fn options() -> Options {
    Options {
        rules: RuleOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        read: ReadOptions::default(),
        lang: Lang::Sv,
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn streamed(bytes: &[u8], piece: usize, options: &Options) -> Result<Validation, ReadError> {
    let mut stream = RegisterStream::new(options);
    stream.expect(bytes.len() as u64);
    for chunk in bytes.chunks(piece) {
        stream.push(chunk)?;
    }
    assert_eq!(stream.received(), bytes.len() as u64);
    stream.finish(&[], &mut |_| {})
}

fn assert_same_as_whole(bytes: &[u8], pieces: &[usize]) {
    let options = options();
    let whole = api::validate(bytes, &[], &options).unwrap();
    for &piece in pieces {
        let got = streamed(bytes, piece, &options).unwrap();
        assert_eq!(got.aggregates(), whole.aggregates(), "pieces of {piece}");
        assert_eq!(
            got.outcome.diagnostics, whole.outcome.diagnostics,
            "pieces of {piece}"
        );
        assert_eq!(got.table.header, whole.table.header, "pieces of {piece}");
    }
}

#[test]
fn fixtures_streamed_in_any_pieces() {
    for name in ["messy_register.csv", "hostile_register.csv"] {
        assert_same_as_whole(&fixture(name), &[1, 3, 1000, 65_536, 1 << 20]);
    }
    // Workbooks are held until complete, then read as from memory.
    for name in ["messy_register.xlsx", "messy_register.ods", "register.xls"] {
        assert_same_as_whole(&fixture(name), &[7, 4096]);
    }
}

/// A Windows-1252 file whose first 64 KB are plain ASCII: the letters after
/// that still read as Windows-1252, in the stream as from memory.
#[test]
fn late_windows_1252_letters() {
    let mut text = b"Personnummer;K\xF6n;Startdatum;O.2.3\r\n".to_vec();
    let plain = b"19900101-0017;Man;2024-01-01;x\r\n";
    while text.len() < 70_000 {
        text.extend_from_slice(plain);
    }
    text.extend_from_slice(b"19900101-0017;\xD6vrigt;2024-01-01;x\r\n");
    // Only the header has a non-ASCII letter before 64 KB: make it ASCII too.
    text.splice(14..15, *b"o");
    assert_same_as_whole(&text, &[1, 4096, 1 << 20]);
    let got = streamed(&text, 4096, &options()).unwrap();
    assert!(got
        .outcome
        .diagnostics
        .iter()
        .any(|d| d.code == "gender.invalid"));
}

/// A file without a header fails as soon as the header search gives up,
/// not after the whole file was read.
#[test]
fn no_header_fails_early() {
    let line = b"lorem;ipsum;dolor\n";
    let options = options();
    let mut stream = RegisterStream::new(&options);
    let mut pushed = 0;
    let error = loop {
        match stream.push(line) {
            Ok(()) => pushed += 1,
            Err(error) => break error,
        }
        assert!(pushed < 100_000, "never gave up");
    };
    assert!(pushed < 10_000, "gave up after {pushed} lines");
    assert_eq!(error.diagnostic().code, "header.not_found");
}

#[test]
fn too_large_while_streaming() {
    let mut options = options();
    options.read.max_file_bytes = 100_000;
    let mut stream = RegisterStream::new(&options);
    stream.push(b"Personnummer;K\xF6n;Startdatum\n").unwrap();
    let line = b"19900101-0017;Man;2024-01-01\n";
    let error = (0..10_000)
        .find_map(|_| stream.push(line).err())
        .expect("refused");
    assert_eq!(error.diagnostic().param("reason"), Some("too_large"));
}

// ---- two parts at once

fn whole(bytes: &[u8], options: &Options) -> Result<Validation, ReadError> {
    let mut stream = RegisterStream::new(options);
    stream.expect(bytes.len() as u64);
    for piece in bytes.chunks(4096) {
        stream.push(piece)?;
    }
    stream.finish(&[], &mut |_| {})
}

/// The file up to `split` through a stream, the rest through a part, as
/// the page's workers read them; `Ok(None)` when the join is refused.
fn in_two_parts(
    bytes: &[u8],
    split: usize,
    options: &Options,
) -> Result<Option<Validation>, ReadError> {
    let (head, tail) = bytes.split_at(split);
    let mut first = RegisterStream::new(options);
    first.expect(bytes.len() as u64);
    for piece in head.chunks(3001) {
        first.push(piece)?;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let Some(mut part) = RegisterPart::new(options, sample, Some(tail.len() as u64)) else {
        return Ok(None);
    };
    for piece in tail.chunks(2003) {
        if part.push(piece).is_err() {
            return Ok(None);
        }
    }
    let Ok(written) = part.finish() else {
        return Ok(None);
    };
    match first.finish_with_part(&written, &[], &mut |_| {}) {
        Ok(validation) => Ok(Some(validation)),
        Err(JoinError::NotJoinable) => Ok(None),
        Err(JoinError::Read(err)) => Err(err),
    }
}

/// The bytes the encoding is told from.
const SAMPLE: usize = 64 * 1024;

/// Every split just after a line break gives the whole file's result or is
/// refused; the number of splits joined.
fn assert_splits_match(bytes: &[u8], options: &Options, every: usize) -> usize {
    let expected = whole(bytes, options).unwrap();
    let mut joined = 0;
    let breaks: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(at, _)| at + 1)
        .collect();
    for &split in breaks.iter().step_by(every) {
        if let Some(got) = in_two_parts(bytes, split, options).unwrap() {
            assert_eq!(got, expected, "split at byte {split}");
            joined += 1;
        }
    }
    joined
}

/// A fixture's lines up to its header, then its data lines again and again
/// until the file is well past the first 64 KB (a first part shorter than
/// that tells the encoding from less): the same persons many rows apart.
fn repeated(name: &str) -> Vec<u8> {
    let bytes = fixture(name);
    let header = bytes
        .windows(12)
        .position(|w| w == b"Personnummer")
        .unwrap();
    let data = header + bytes[header..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut out = bytes[..data].to_vec();
    while out.len() < 3 * SAMPLE / 2 {
        out.extend_from_slice(&bytes[data..]);
    }
    out
}

struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }
}

/// A valid personnummer (12 digits) for `birth` and serial `serial`.
fn personnummer(birth: NaiveDate, serial: u32) -> String {
    let body = format!("{}{serial:03}", birth.format("%y%m%d"));
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    format!("{}{body}{}", birth.format("%C"), (10 - sum % 10) % 10)
}

/// A valid henkilötunnus for `birth` and individual number `serial`.
fn henkilotunnus(birth: NaiveDate, serial: u32) -> String {
    let number: u64 = format!("{}{serial:03}", birth.format("%d%m%y"))
        .parse()
        .unwrap();
    let check = b"0123456789ABCDEFHJKLMNPRSTUVWXY"[(number % 31) as usize] as char;
    let sign = if chrono::Datelike::year(&birth) < 2000 {
        '-'
    } else {
        'A'
    };
    format!("{}{sign}{serial:03}{check}", birth.format("%d%m%y"))
}

/// A Windows-1252 register with CRLF lines of every kind the rules tell
/// apart: persons on many rows far apart, bad identifiers, dates and
/// values, internal IDs made from names, blank lines and quoted cells
/// holding line breaks.
fn register(rows: usize, finnish: bool, seed: u64) -> Vec<u8> {
    let mut random = Random(seed);
    let mut text = String::from(
        "Deltagarförteckning (påhittad)\r\n\r\nPersonnummer;Förnamn;Efternamn;Födelsedatum;Kön;\
         Startdatum;Slutdatum;Medborgarskap;Ensamkommande barn;O.2.3;O.2.3.1;O.2.8;R.2.9;\
         Språknivå start;Språknivå slut;Anteckning\r\n",
    );
    let persons = (rows / 3).max(1) as u64;
    for _ in 0..rows {
        let person = random.below(persons);
        let birth = NaiveDate::from_ymd_opt(
            1950 + (person % 60) as i32,
            1 + (person % 12) as u32,
            1 + (person % 28) as u32,
        )
        .unwrap();
        let serial = (person % 900) as u32 + 2;
        let (first, last) = (
            ["Anna", "Omar", "Sara", "Jo", "Åsa", "Leyla"][(person % 6) as usize],
            ["Haddad", "Öberg", "Nazari", "Li", "Ek"][(person % 5) as usize],
        );
        let id = match random.below(20) {
            0 => String::new(),
            1 => "19901301-1234".into(),
            2 => format!("{}{}{}", &first[..2], &last[..2], birth.format("%Y%m%d")),
            3 => format!("{}", 800_000 + person),
            _ if finnish => henkilotunnus(birth, serial),
            _ => personnummer(birth, serial),
        };
        let birth_cell = match random.below(6) {
            0 => birth.format("%Y-%m-%d").to_string(),
            1 => "1990-02-30".into(),
            _ => String::new(),
        };
        let gender = match random.below(30) {
            0 => "okänd",
            _ => ["Man", "Kvinna", "Icke-binär", "M", "K"][(person % 5) as usize],
        };
        let start = format!(
            "2024-{:02}-{:02}",
            1 + random.below(12),
            1 + random.below(28)
        );
        let end = random.pick(&["", "", "2025-01-15", "2023-01-01", "15.3.2025", "snart"]);
        let citizenship = random.pick(&[
            "Syrien",
            "SY",
            "Afghanistan",
            "Tyskland",
            "CH",
            "",
            "statslös",
        ]);
        let flag = |random: &mut Random| random.pick(&["X", "", "", "Ja", "nej", "?"]);
        let (o23, o231, o28, r29) = (
            flag(&mut random),
            flag(&mut random),
            flag(&mut random),
            flag(&mut random),
        );
        let level = |random: &mut Random| random.pick(&["A1", "B1", "", "C3"]);
        let (level_start, level_end) = (level(&mut random), level(&mut random));
        let note = match random.below(15) {
            0 => "\"två\r\nrader\"",
            1 => "\"citat \"\"så\"\" här\"",
            _ => "",
        };
        text.push_str(&format!(
            "{id};{first};{last};{birth_cell};{gender};{start};{end};{citizenship};{};{o23};{o231};{o28};{r29};{level_start};{level_end};{note}\r\n",
            random.pick(&["", "Nej", "Ja"]),
        ));
        if random.below(40) == 0 {
            text.push_str(";;;\r\n\r\n");
        }
    }
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect()
}

#[test]
fn a_generated_register_split_anywhere() {
    let bytes = register(1500, false, 0x1234_5678_9abc_def1);
    assert!(bytes.len() > 3 * SAMPLE / 2);
    let joined = assert_splits_match(&bytes, &options(), 13);
    assert!(joined > 30, "only {joined} splits joined");
}

#[test]
fn a_finnish_register_split_anywhere() {
    // The country is told from every identifier: the joined rows are
    // resolved again as henkilötunnus.
    let bytes = register(1200, true, 0x0f0f_1234_5555_7777);
    let expected = whole(&bytes, &options()).unwrap();
    assert!(expected.outcome.country_detected);
    let joined = assert_splits_match(&bytes, &options(), 17);
    assert!(joined > 12, "only {joined} splits joined");
}

#[test]
fn fixtures_split_anywhere() {
    for name in ["messy_register.csv", "hostile_register.csv"] {
        let joined = assert_splits_match(&repeated(name), &options(), 29);
        assert!(joined > 5, "{name}: only {joined} splits joined");
    }
    let mut options = options();
    options.rules.project_period = Some(amif_check::rules::Period {
        from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
    });
    options.rules.individual_report = true;
    assert_splits_match(&repeated("messy_register.csv"), &options, 37);
}

#[test]
fn a_split_inside_a_quoted_cell_is_refused() {
    let mut bytes = b"Personnummer;K\xF6n;Startdatum;Anteckning\r\n".to_vec();
    while bytes.len() < SAMPLE {
        bytes.extend_from_slice(b"198112189876;Man;2024-01-11;\r\n");
    }
    let inside = bytes.len() + b"198112189876;Man;2024-01-10;\"en\r\n".len();
    bytes.extend_from_slice(b"198112189876;Man;2024-01-10;\"en\r\ntv\xE5\"\r\n");
    bytes.extend_from_slice(b"198112189876;Man;2024-01-11;\r\n");
    assert!(in_two_parts(&bytes, inside, &options()).unwrap().is_none());
    // Right after the quoted cell the parts fit.
    let after = inside + b"tv\xE5\"\r\n".len();
    let expected = whole(&bytes, &options()).unwrap();
    assert_eq!(
        in_two_parts(&bytes, after, &options()).unwrap(),
        Some(expected)
    );
}

#[test]
fn parts_past_the_row_limit_are_refused() {
    let bytes = register(1000, false, 99);
    let mut options = options();
    options.read.max_rows = 900;
    assert!(whole(&bytes, &options).is_err());
    let split = bytes.len() / 2;
    let split = split + bytes[split..].iter().position(|&b| b == b'\n').unwrap() + 1;
    assert!(in_two_parts(&bytes, split, &options).map_or(true, |got| got.is_none()));
}

#[test]
fn workbooks_and_utf16_are_not_split() {
    let xlsx = fixture("messy_register.xlsx");
    assert!(RegisterPart::new(&options(), &xlsx[..xlsx.len().min(65_536)], None).is_none());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Personnummer;Kön;Startdatum\r\n198112189876;Man;2024-01-10\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    assert!(RegisterPart::new(&options(), &utf16, None).is_none());
}
