//! A CSV register checked in two parts at once (the page's two workers)
//! gives exactly what it gives read in one piece, wherever the file is
//! split; where the parts cannot fit together the join is refused, never
//! wrong.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use amif_check::api::{JoinError, Options, RegisterPart, RegisterStream, Validation};
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
