//! Reading registers from real files: the same fictitious register as CSV in
//! three encodings, XLSX (built here), ODS and XLS (converted from that XLSX
//! by LibreOffice and checked in) must give the same header and rows; broken
//! and hostile files must give exactly one clear error.
//!
//! Everyone here is made up; the personnummer are valid only in form.
// Tests may fail loudly.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use amif_check::register::{
    read_table, sheet_names, values, Cell, Field, HeaderMap, ReadError, ReadOptions, Row, RowSink,
    TableInfo, TableKind,
};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::io::Write;

// ---------------------------------------------------------------- the register

#[derive(Clone, Copy)]
enum V {
    Empty,
    Text(&'static str),
    /// A personnummer (number cell in workbooks, digits in CSV).
    Pnr(&'static str, u32),
    Date(i32, u32, u32),
    Bool(bool),
}

fn luhn(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            if d > 9 {
                d - 9
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A 12-digit personnummer for a made-up birth date (`YYYYMMDD`) and serial.
fn pnr(birth: &str, serial: u32) -> String {
    let ten = format!("{}{serial:03}", &birth[2..]);
    format!("{birth}{serial:03}{}", luhn(&ten))
}

const PARTICIPANT_HEADER: [&str; 12] = [
    "Personnummer",
    "Förnamn",
    "Efternamn",
    "Födelsedatum",
    "Kön",
    "Startdatum (Datum för när individen startade i projektet)",
    "Slutdatum",
    "Medborgarskap",
    "Ensamkommande barn",
    "O.2.3 Deltagare",
    "O.2.3.1 Varav språkkurser",
    "Övrigt",
];

/// The participant sheet, row by row from row 1: two title rows, a blank
/// row, the header on row 4, data with a blank row 8 in between.
fn participant_rows() -> Vec<Vec<V>> {
    use V::*;
    let mut rows = vec![
        vec![Text("Deltagarförteckning AMIF 2021–2027")],
        vec![Text("Stödmottagare: Exempelkommunen, projekt Språkbron")],
        vec![],
        PARTICIPANT_HEADER.iter().map(|h| Text(h)).collect(),
    ];
    rows.push(vec![
        Pnr("19990801", 238),
        Text("Åsa"),
        Text("Öberg"),
        Date(1999, 8, 1),
        Text("Kvinna"),
        Date(2024, 1, 15),
        Date(2024, 6, 30),
        Text("Syrien"),
        Text("Nej"),
        Text("X"),
        Text("X"),
        Text("Kommentar, med komma; och semikolon"),
    ]);
    rows.push(vec![
        Pnr("19850314", 453),
        Text("Ahmad"),
        Text("Haddad"),
        Date(1985, 3, 14),
        Text("Man"),
        Date(2024, 2, 1),
        Empty,
        Text("Afghanistan"),
        Text("Nej"),
        Text("X"),
        Empty,
        Text("rad ett\nrad två\nrad tre"),
    ]);
    rows.push(vec![
        Pnr("20081130", 782),
        Text("Leyla"),
        Text("Karimi"),
        Date(2008, 11, 30),
        Text("K"),
        Date(2024, 3, 10),
        Empty,
        Text("Eritrea"),
        Bool(true),
        Text("X"),
        Text("X"),
    ]);
    rows.push(vec![]);
    rows.push(vec![
        Pnr("19600229", 115),
        Text("Samir"),
        Text("Nazari"),
        Date(1960, 2, 29),
        Text("M"),
        Date(2023, 12, 1),
        Date(2024, 1, 31),
        Text("Irak"),
        Text("Nej"),
        Text("X"),
        Empty,
        Text("sa \"hej\" och gick"),
    ]);
    rows.push(vec![
        Pnr("19720605", 660),
        Text("Rahel"),
        Text("Tesfaye-Bekele"),
        Date(1972, 6, 5),
        Text("Icke-binär"),
        Date(2024, 4, 2),
        Empty,
        Text("statslös"),
        Empty,
        Text("X"),
        Text("X"),
    ]);
    rows
}

/// The evaluation sheet's table starts at B2 (not A1).
fn evaluation_rows() -> Vec<Vec<V>> {
    use V::*;
    let x = Text("X");
    vec![
        vec![
            Text("ID"),
            Text("Datum"),
            Text("Arbetsmarknad"),
            Text("Språk"),
            Text("Relationer med lokalsamhället"),
            Text("Boende"),
            Text("Hälsa"),
        ],
        vec![
            Pnr("19990801", 238),
            Date(2024, 6, 30),
            x,
            x,
            Empty,
            Empty,
            x,
        ],
        vec![Pnr("19850314", 453), Date(2024, 5, 2), Empty, x],
        vec![Pnr("19600229", 115), Date(2024, 1, 31), x, Empty, x],
    ]
}

// ---------------------------------------------------------------- writers

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, value: V, date: &Format) {
    let result = match value {
        V::Empty => return,
        V::Text(text) => sheet.write_string(row, col, text).map(|_| ()),
        V::Pnr(birth, serial) => {
            let number: f64 = pnr(birth, serial).parse().expect("digits");
            sheet.write_number(row, col, number).map(|_| ())
        }
        V::Date(y, m, d) => {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            sheet
                .write_date_with_format(row, col, day, date)
                .map(|_| ())
        }
        V::Bool(b) => sheet.write_boolean(row, col, b).map(|_| ()),
    };
    result.expect("write cell");
}

fn write_sheet(sheet: &mut Worksheet, rows: &[Vec<V>], top: u32, left: u16) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            write_cell(sheet, top + r as u32, left + c as u16, *value, &date);
        }
    }
}

/// Instructions first, then participants, then evaluations at B2.
fn register_xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Instruktioner").expect("name");
    sheet
        .write_string(0, 0, "Fyll i en rad per deltagare.")
        .expect("write");
    sheet
        .write_string(1, 0, "Kön: Man, Kvinna eller Icke-binär.")
        .expect("write");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Deltagare").expect("name");
    write_sheet(sheet, &participant_rows(), 0, 0);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Utvärderingar").expect("name");
    write_sheet(sheet, &evaluation_rows(), 1, 1);
    workbook.save_to_buffer().expect("xlsx")
}

#[derive(Clone, Copy)]
enum DateStyle {
    Iso,
    Finnish,
}

/// The participant sheet as CSV text, quoted as Excel quotes.
fn register_csv(delimiter: char, newline: &str, dates: DateStyle, blank: &str) -> String {
    let quote = |text: &str| {
        if text.contains([delimiter, '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for row in participant_rows() {
        if row.is_empty() {
            out.push_str(blank);
            out.push_str(newline);
            continue;
        }
        let cells: Vec<String> = row
            .iter()
            .map(|value| match *value {
                V::Empty => String::new(),
                V::Text(text) => quote(&text.replace('\n', newline)),
                V::Pnr(birth, serial) => pnr(birth, serial),
                V::Date(y, m, d) => match dates {
                    DateStyle::Iso => format!("{y:04}-{m:02}-{d:02}"),
                    DateStyle::Finnish => format!("{d}.{m}.{y}"),
                },
                V::Bool(true) => "SANT".to_string(),
                V::Bool(false) => "FALSKT".to_string(),
            })
            .collect();
        out.push_str(&cells.join(&delimiter.to_string()));
        out.push_str(newline);
    }
    out
}

/// What Swedish Excel writes: Windows-1252, `;`, CRLF, rows padded with `;`.
fn cp1252_csv() -> Vec<u8> {
    let text = register_csv(';', "\r\n", DateStyle::Iso, ";;;;;;;;;;;");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// UTF-8 with BOM, commas, LF, truly blank lines, Finnish dates.
fn utf8_bom_csv() -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(register_csv(',', "\n", DateStyle::Finnish, "").into_bytes());
    bytes
}

/// UTF-16LE with BOM and tabs, as Excel's "Unicode text".
fn utf16_csv() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in register_csv('\t', "\r\n", DateStyle::Iso, "").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---------------------------------------------------------------- reading

#[derive(Default)]
struct Collect {
    header: Option<HeaderMap>,
    rows: Vec<Row>,
}

impl RowSink for Collect {
    fn header(&mut self, header: &HeaderMap) {
        assert!(self.header.is_none(), "header handed twice");
        self.header = Some(header.clone());
    }

    fn row(&mut self, row: &Row) {
        assert!(self.header.is_some(), "row before header");
        assert!(!row.is_empty(), "empty row handed on");
        self.rows.push(row.clone());
    }
}

/// A cell the way the rules will see it, so formats can be compared.
fn normalised(field: &Field, cell: &Cell) -> String {
    let date = |cell: &Cell| match values::date(cell) {
        Ok(Some(date)) => date.to_string(),
        Ok(None) => String::new(),
        Err(_) => format!("invalid date {cell:?}"),
    };
    let boolean = |cell: &Cell| match values::boolean(cell) {
        Ok(b) => b.to_string(),
        Err(_) => format!("invalid boolean {cell:?}"),
    };
    match field {
        Field::Id => values::id_text(cell)
            .map(|t| t.into_owned())
            .unwrap_or_else(|e| format!("{e:?}")),
        Field::BirthDate | Field::StartDate | Field::EndDate | Field::EvaluationDate => date(cell),
        Field::Gender => values::gender(cell)
            .map(|g| g.as_str().to_string())
            .unwrap_or_else(|_| format!("invalid gender {cell:?}")),
        Field::UnaccompaniedMinor | Field::Indicator(_) | Field::Area(_) => boolean(cell),
        _ => values::text(cell).into_owned(),
    }
}

type Table = (
    Vec<(usize, String, Option<String>)>,
    u32,
    Vec<(u32, Vec<(String, String)>)>,
);

/// Header (index, text, field key), header row, and every row's mapped
/// cells normalised.
fn table(collect: &Collect) -> Table {
    let header = collect.header.as_ref().expect("header");
    let columns = header
        .columns
        .iter()
        .map(|c| (c.index, c.header.clone(), c.field.as_ref().map(Field::key)))
        .collect();
    let rows = collect
        .rows
        .iter()
        .map(|row| {
            let cells = header
                .columns
                .iter()
                .filter_map(|c| {
                    let field = c.field.as_ref()?;
                    Some((field.key(), normalised(field, row.cell(c.index))))
                })
                .collect();
            (row.number, cells)
        })
        .collect();
    (columns, header.row, rows)
}

fn read(bytes: &[u8], kind: TableKind, options: &ReadOptions) -> (Option<TableInfo>, Collect) {
    let mut collect = Collect::default();
    let info = read_table(bytes, kind, options, &mut collect).expect("readable");
    (info, collect)
}

fn read_error(bytes: &[u8], kind: TableKind, options: &ReadOptions) -> ReadError {
    let mut collect = Collect::default();
    match read_table(bytes, kind, options, &mut collect) {
        Ok(info) => panic!("expected an error, got {info:?}"),
        Err(error) => error,
    }
}

fn reason(error: &ReadError) -> (&'static str, Option<&'static str>) {
    let d = error.diagnostic();
    assert!(d.is_error());
    (
        d.code,
        d.param("reason")
            .and_then(|r| REASONS.iter().copied().find(|k| *k == r)),
    )
}

/// Every reason a test here expects, as a `'static` name.
const REASONS: &[&str] = &[
    "empty",
    "pdf",
    "word",
    "image",
    "zip",
    "unknown_format",
    "legacy_format",
    "encrypted",
    "zip_bomb",
    "no_sheets",
    "corrupt",
    "too_large",
    "too_many_rows",
    "too_many_columns",
    "too_many_cells",
    "cell_too_long",
    "sheet_not_found",
];

// ---------------------------------------------------------------- same register, every format

#[test]
fn participants_read_the_same_in_every_format() {
    let options = ReadOptions::default();
    let (info, collect) = read(&register_xlsx(), TableKind::Participants, &options);
    let info = info.expect("table");
    assert_eq!(info.sheet.as_deref(), Some("Deltagare"));
    assert_eq!(info.rows, 5);
    let expected = table(&collect);

    // The reference itself: header on row 4, the blank row 8 skipped,
    // numeric 12-digit IDs exact, dates as dates.
    let (columns, header_row, rows) = &expected;
    assert_eq!(*header_row, 4);
    assert_eq!(columns.len(), 12);
    assert_eq!(columns[0], (0, "Personnummer".into(), Some("id".into())));
    assert_eq!(columns[5].2.as_deref(), Some("start_date"));
    assert_eq!(columns[9].2.as_deref(), Some("indicator:O.2.3"));
    assert_eq!(columns[10].2.as_deref(), Some("indicator:O.2.3.1"));
    assert_eq!(columns[11], (11, "Övrigt".into(), None));
    assert_eq!(
        rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![5, 6, 7, 9, 10]
    );
    let first: std::collections::HashMap<_, _> = rows[0].1.iter().cloned().collect();
    assert_eq!(first["id"], pnr("19990801", 238));
    assert_eq!(first["birth_date"], "1999-08-01");
    assert_eq!(first["gender"], "kvinna");
    assert_eq!(first["indicator:O.2.3.1"], "true");
    let third: std::collections::HashMap<_, _> = rows[2].1.iter().cloned().collect();
    assert_eq!(third["unaccompanied_minor"], "true");
    assert_eq!(
        info.diagnostics
            .iter()
            .map(|d| (d.code, d.row, d.column.as_deref()))
            .collect::<Vec<_>>(),
        vec![("column.unknown", Some(4), Some("Övrigt"))]
    );

    for (name, bytes) in [
        ("cp1252 csv", cp1252_csv()),
        ("utf-8 bom csv", utf8_bom_csv()),
        ("utf-16 csv", utf16_csv()),
        ("ods", fixture("register.ods")),
        ("xls", fixture("register.xls")),
    ] {
        let (info, collect) = read(&bytes, TableKind::Participants, &options);
        let info = info.expect(name);
        assert_eq!(table(&collect), expected, "{name}");
        assert_eq!(info.rows, 5, "{name}");
        assert_eq!(info.diagnostics.len(), 1, "{name}");
        let is_workbook = matches!(name, "ods" | "xls");
        assert_eq!(info.sheet.is_some(), is_workbook, "{name}");
    }
}

#[test]
fn evaluations_read_the_same_in_every_workbook() {
    let options = ReadOptions::default();
    let (info, collect) = read(&register_xlsx(), TableKind::Evaluations, &options);
    let info = info.expect("table");
    assert_eq!(info.sheet.as_deref(), Some("Utvärderingar"));
    let expected = table(&collect);
    // The table starts at B2: the sheet's own row numbers and columns.
    assert_eq!(expected.1, 2);
    assert_eq!(expected.0[0], (1, "ID".into(), Some("id".into())));
    assert_eq!(expected.0[1].2.as_deref(), Some("evaluation_date"));
    assert_eq!(expected.0[4].2.as_deref(), Some("area:community"));
    assert_eq!(
        expected.2.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
    for name in ["register.ods", "register.xls"] {
        let (info, collect) = read(&fixture(name), TableKind::Evaluations, &options);
        assert_eq!(
            info.expect(name).sheet.as_deref(),
            Some("Utvärderingar"),
            "{name}"
        );
        assert_eq!(table(&collect), expected, "{name}");
    }
}

#[test]
fn sheets_listed_chosen_and_skipped() {
    let xlsx = register_xlsx();
    let names = vec!["Instruktioner", "Deltagare", "Utvärderingar"];
    assert_eq!(sheet_names(&xlsx).expect("names"), names);
    for bytes in [
        xlsx.clone(),
        fixture("register.ods"),
        fixture("register.xls"),
    ] {
        let (info, _) = read(&bytes, TableKind::Participants, &ReadOptions::default());
        assert_eq!(info.expect("table").sheets, names);
    }
    let (info, _) = read(
        &cp1252_csv(),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert!(info.expect("csv").sheets.is_empty());
    assert_eq!(sheet_names(&fixture("register.ods")).expect("names"), names);
    assert_eq!(sheet_names(&fixture("register.xls")).expect("names"), names);
    assert!(sheet_names(&cp1252_csv()).expect("csv").is_empty());
    assert_eq!(
        reason(&sheet_names(b"\x00\x01\x02binary").expect_err("binary")),
        ("file.unreadable", Some("unknown_format"))
    );

    // A sheet that is already the evaluation table is never read again.
    let skip = ReadOptions {
        skip_sheets: vec!["Utvärderingar".into()],
        ..ReadOptions::default()
    };
    let (info, _) = read(&xlsx, TableKind::Evaluations, &skip);
    assert!(info.is_none());

    // Asking for a sheet: found loosely, or a clear error listing them.
    let chosen = ReadOptions {
        sheet: Some("deltagare".into()),
        ..ReadOptions::default()
    };
    let (info, _) = read(&xlsx, TableKind::Participants, &chosen);
    assert_eq!(info.expect("table").sheet.as_deref(), Some("Deltagare"));
    let missing = ReadOptions {
        sheet: Some("Blad1".into()),
        ..ReadOptions::default()
    };
    let error = read_error(&xlsx, TableKind::Participants, &missing);
    assert_eq!(reason(&error), ("file.unreadable", Some("sheet_not_found")));
    assert_eq!(
        error.diagnostic().param("sheets"),
        Some("Instruktioner, Deltagare, Utvärderingar")
    );
    // The chosen sheet holds no participant header.
    let wrong = ReadOptions {
        sheet: Some("Instruktioner".into()),
        ..ReadOptions::default()
    };
    let error = read_error(&xlsx, TableKind::Participants, &wrong);
    assert_eq!(error.diagnostic().code, "header.not_found");
    assert_eq!(error.diagnostic().param("sheet"), Some("Instruktioner"));

    // No organisations or items anywhere: nothing, not an error.
    for kind in [TableKind::Organisations, TableKind::Items] {
        assert!(read(&xlsx, kind, &ReadOptions::default()).0.is_none());
    }
}

#[test]
fn title_rows_in_a_cp1252_csv() {
    let bytes = cp1252_csv();
    // Really cp1252: `ö` is one byte, and the text is not UTF-8.
    assert!(std::str::from_utf8(&bytes).is_err());
    let (info, collect) = read(&bytes, TableKind::Participants, &ReadOptions::default());
    let info = info.expect("table");
    assert_eq!(info.header.row, 4);
    assert_eq!(info.header.columns[1].header, "Förnamn");
    assert_eq!(values::text(collect.rows[0].cell(2)), "Öberg");
    // Quoted cell with `;` and `,` inside, multi-line cell, doubled quotes.
    assert_eq!(
        values::text(collect.rows[0].cell(11)),
        "Kommentar, med komma; och semikolon"
    );
    assert_eq!(
        values::text(collect.rows[1].cell(11)),
        "rad ett\nrad två\nrad tre"
    );
    assert_eq!(
        values::text(collect.rows[3].cell(11)),
        "sa \"hej\" och gick"
    );
    assert_eq!(collect.rows[3].number, 9);
}

#[test]
fn mapping_overrides_headers() {
    let csv = "Nr;Sex;Start;Anteckning\n199908012380;K;2024-01-15;x\n";
    let mut collect = Collect::default();
    // Without a mapping there is no ID column.
    assert_eq!(
        read_table(
            csv.as_bytes(),
            TableKind::Participants,
            &ReadOptions::default(),
            &mut collect
        )
        .map_err(|e| e.diagnostic().code),
        Err("header.not_found")
    );
    let options = ReadOptions {
        mapping: vec![
            ("Personnummer".into(), "NR".into()),
            ("Kön".into(), "sex".into()),
            ("-".into(), "Anteckning".into()),
            ("Slutdatum".into(), "Slut".into()),
            ("Hårfärg".into(), "Start".into()),
        ],
        ..ReadOptions::default()
    };
    let (info, collect) = read(csv.as_bytes(), TableKind::Participants, &options);
    let info = info.expect("table");
    let fields: Vec<Option<String>> = info
        .header
        .columns
        .iter()
        .map(|c| c.field.as_ref().map(Field::key))
        .collect();
    assert_eq!(
        fields,
        vec![
            Some("id".into()),
            Some("gender".into()),
            Some("start_date".into()),
            None
        ]
    );
    let found: Vec<(&str, Option<&str>, Option<&str>)> = info
        .diagnostics
        .iter()
        .map(|d| (d.code, d.param("field"), d.param("header")))
        .collect();
    assert_eq!(
        found,
        vec![
            ("mapping.unknown_column", Some("Hårfärg"), None),
            ("mapping.unknown_column", None, Some("Slut")),
        ]
    );
    assert_eq!(collect.rows.len(), 1);
}

// ---------------------------------------------------------------- bad inputs

/// A small deterministic generator; no dependency needed.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

#[test]
fn random_bytes_are_not_a_register() {
    let error = read_error(
        &noise(1, 4096),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(reason(&error), ("file.unreadable", Some("unknown_format")));
    // Whatever the bytes, one error or nothing, never a panic.
    for seed in 0..200 {
        let len = (seed as usize * 37) % 3000;
        let mut bytes = noise(seed, len);
        if seed % 3 == 0 {
            bytes.splice(0..0, b"PK\x03\x04".iter().copied());
        } else if seed % 3 == 1 {
            bytes.splice(0..0, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".iter().copied());
        }
        for kind in [TableKind::Participants, TableKind::Evaluations] {
            let mut collect = Collect::default();
            let _ = read_table(&bytes, kind, &ReadOptions::default(), &mut collect);
        }
    }
}

#[test]
fn damaged_workbooks_are_corrupt() {
    let xlsx = register_xlsx();
    for cut in [xlsx.len() / 2, xlsx.len() - 10, 30] {
        let error = read_error(
            &xlsx[..cut],
            TableKind::Participants,
            &ReadOptions::default(),
        );
        assert_eq!(
            reason(&error),
            ("file.unreadable", Some("corrupt")),
            "{cut}"
        );
    }
    // Every single-byte corruption of the XLS and ODS fixtures: no panic.
    for name in ["register.xls", "register.ods"] {
        let original = fixture(name);
        for position in (0..original.len()).step_by(97) {
            let mut bytes = original.clone();
            bytes[position] ^= 0x5A;
            let mut collect = Collect::default();
            let _ = read_table(
                &bytes,
                TableKind::Participants,
                &ReadOptions::default(),
                &mut collect,
            );
        }
    }
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("entry");
        writer.write_all(content).expect("write");
    }
    writer.finish().expect("zip").into_inner()
}

#[test]
fn zip_bombs_are_refused() {
    // Over the total limit (set low, so the test stays fast).
    let zeros = vec![0u8; 2 * 1024 * 1024];
    let bomb = zip_with(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    assert!(bomb.len() < 100 * 1024);
    let options = ReadOptions {
        max_uncompressed_bytes: 1024 * 1024,
        ..ReadOptions::default()
    };
    let error = read_error(&bomb, TableKind::Participants, &options);
    assert_eq!(reason(&error), ("file.unreadable", Some("zip_bomb")));

    // One entry over 10 MB that packs better than 100:1, default limits.
    let zeros = vec![0u8; 11 * 1024 * 1024];
    let bomb = zip_with(&[("xl/workbook.xml", b"<workbook/>"), ("xl/big.xml", &zeros)]);
    let error = read_error(&bomb, TableKind::Participants, &ReadOptions::default());
    assert_eq!(reason(&error), ("file.unreadable", Some("zip_bomb")));
}

#[test]
fn other_zip_files_say_what_they_are() {
    let docx = zip_with(&[
        (
            "[Content_Types].xml",
            b"<Types><Override ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
        ),
        ("word/document.xml", b"<document/>"),
    ]);
    let error = read_error(&docx, TableKind::Participants, &ReadOptions::default());
    assert_eq!(reason(&error), ("file.unreadable", Some("word")));
    let odt = zip_with(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
    let error = read_error(&odt, TableKind::Participants, &ReadOptions::default());
    assert_eq!(reason(&error), ("file.unreadable", Some("word")));
    let zip = zip_with(&[("foto.jpg", b"\xFF\xD8\xFF")]);
    let error = read_error(&zip, TableKind::Participants, &ReadOptions::default());
    assert_eq!(reason(&error), ("file.unreadable", Some("zip")));
}

#[test]
fn encrypted_workbooks_are_refused() {
    let error = read_error(
        &fixture("encrypted.xlsx"),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(reason(&error), ("file.unreadable", Some("encrypted")));
    let error = read_error(
        &fixture("encrypted.xls"),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(reason(&error), ("file.unreadable", Some("encrypted")));
}

#[test]
fn files_over_the_limits() {
    let csv = cp1252_csv();
    let small = ReadOptions {
        max_file_bytes: 100,
        ..ReadOptions::default()
    };
    let error = read_error(&csv, TableKind::Participants, &small);
    assert_eq!(reason(&error), ("file.unreadable", Some("too_large")));
    assert_eq!(error.diagnostic().param("limit_mb"), Some("0.0"));

    let few_columns = ReadOptions {
        max_columns: 5,
        ..ReadOptions::default()
    };
    for bytes in [csv.clone(), register_xlsx(), fixture("register.ods")] {
        let error = read_error(&bytes, TableKind::Participants, &few_columns);
        assert_eq!(
            reason(&error),
            ("file.unreadable", Some("too_many_columns"))
        );
    }
    let few_rows = ReadOptions {
        max_rows: 6,
        ..ReadOptions::default()
    };
    for bytes in [csv.clone(), register_xlsx(), fixture("register.xls")] {
        let error = read_error(&bytes, TableKind::Participants, &few_rows);
        assert_eq!(reason(&error), ("file.unreadable", Some("too_many_rows")));
    }
    let short_cells = ReadOptions {
        max_cell_chars: 20,
        ..ReadOptions::default()
    };
    for bytes in [csv.clone(), register_xlsx(), fixture("register.xls")] {
        let error = read_error(&bytes, TableKind::Participants, &short_cells);
        assert_eq!(reason(&error), ("file.unreadable", Some("cell_too_long")));
    }
    // Excel's own limit by default.
    let long = format!("Personnummer;Kön\n199908012380;{}\n", "x".repeat(40_000));
    let error = read_error(
        long.as_bytes(),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(reason(&error), ("file.unreadable", Some("cell_too_long")));
}

#[test]
fn far_away_cell_does_not_allocate_a_huge_sheet() {
    // A1 and XFD1048576: a dense range would be 17 billion cells.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Personnummer").expect("write");
    sheet.write_string(1_048_575, 16_383, "x").expect("write");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let error = read_error(&bytes, TableKind::Participants, &ReadOptions::default());
    assert_eq!(
        reason(&error),
        ("file.unreadable", Some("too_many_columns"))
    );
}

#[test]
fn empty_and_headerless_files() {
    // Nothing in them but blank lines and empty cells: the file is empty.
    for bytes in [&b""[..], b"\n\n\n", b";;;\r\n;;;\r\n", b"\xEF\xBB\xBF"] {
        for kind in [TableKind::Participants, TableKind::Evaluations] {
            let error = read_error(bytes, kind, &ReadOptions::default());
            assert_eq!(
                reason(&error),
                ("file.unreadable", Some("empty")),
                "{bytes:?}"
            );
        }
    }
    let csv = "Namn;Ålder;Stad\nAnna;34;Malmö\n";
    let error = read_error(
        csv.as_bytes(),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(error.diagnostic().code, "header.not_found");

    // A header below 30 non-empty rows is not looked for.
    let mut late = "titel\n".repeat(30);
    late.push_str("Personnummer;Kön\n199908012380;K\n");
    let error = read_error(
        late.as_bytes(),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(error.diagnostic().code, "header.not_found");
    let mut in_time = "titel\n\n".repeat(29);
    in_time.push_str("Personnummer;Kön\n199908012380;K\n");
    let (info, _) = read(
        in_time.as_bytes(),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    assert_eq!(info.expect("table").header.row, 59);

    // A one-sheet workbook without a header names its sheet.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Blad1").expect("name");
    sheet.write_string(0, 0, "Namn").expect("write");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let error = read_error(&bytes, TableKind::Participants, &ReadOptions::default());
    assert_eq!(error.diagnostic().code, "header.not_found");
    assert_eq!(error.diagnostic().param("sheet"), Some("Blad1"));
}

#[test]
fn diagnostics_hold_no_cell_values() {
    // Broken files and limits: the diagnostic never quotes the content.
    let secret = "199908012380";
    let csv = format!("Personnummer;Kön\n{secret};{}\n", "y".repeat(40_000));
    let error = read_error(
        csv.as_bytes(),
        TableKind::Participants,
        &ReadOptions::default(),
    );
    let d = error.diagnostic();
    assert!(d.params.iter().all(|(_, v)| !v.contains(secret)));
    assert!(d.column.is_none() && d.row.is_none());
}

/// Rewrites `tests/fixtures/register.xlsx`; `register.ods`, `register.xls`
/// and the encrypted fixtures are converted from it with LibreOffice (see
/// `tests/fixtures/README.md`). Run with `--ignored` after changing the data.
#[test]
#[ignore]
fn write_workbook_fixture() {
    let path = format!(
        "{}/tests/fixtures/register.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::write(path, register_xlsx()).expect("write fixture");
}
