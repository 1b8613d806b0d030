//! A register pushed piece by piece (the CLI reading from disk, the page's
//! worker reading the browser's file stream) gives exactly what the whole
//! file in memory gives, whatever the pieces; a CSV file is never held whole.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use amif_check::api::{self, Options, RegisterStream, Validation};
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
