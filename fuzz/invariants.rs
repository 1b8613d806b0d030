//! What must hold for any input, whatever its bytes. Shared by the fuzz
//! targets (fuzz/fuzz_targets/*.rs) and the corpus replay in the normal test
//! command (tests/fuzz_corpus.rs), which both include this file with
//! `#[path]`. A broken invariant panics: that is how libFuzzer and `cargo
//! test` notice it.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    dead_code
)]

use amif_check::api::{self, Options};
use amif_check::catalogue::{Catalogue, Unit};
use amif_check::diagnostic::Severity;
use amif_check::ids::{self, Context, Country};
use amif_check::messages::Lang;
use amif_check::output::{aggregates, annotated, diagnostics, individual};
use amif_check::register::{
    self, values, Cell, Field, HeaderMap, ReadError, ReadOptions, Row, RowSink, TableKind,
};
use amif_check::rules::RuleOptions;
use chrono::NaiveDate;
use std::io::{Cursor, Write};

/// For the fuzz targets: a panic inside calamine that the reader catches
/// (it becomes `file.unreadable`, reason `corrupt`) is logged and fuzzing
/// goes on; any other panic stops the run as libFuzzer's hook does.
/// `AMIF_FUZZ_STRICT=1` stops on calamine's panics too: they abort the
/// WebAssembly build (panic=abort), where the page restarts its worker.
pub fn fuzz_init() {
    let strict = std::env::var_os("AMIF_FUZZ_STRICT").is_some();
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"));
        if in_calamine && !strict {
            eprintln!("caught calamine panic: {info}");
        } else {
            abort(info);
        }
    }));
}

/// Limits for fuzzing: the defaults, except fewer rows, so one input stays
/// fast; the limit checks themselves are the same code.
fn read_options() -> ReadOptions {
    ReadOptions {
        max_rows: 5_000,
        ..ReadOptions::default()
    }
}

fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

/// Collects what a reader hands out and checks each row as it comes.
struct Checked {
    limits: ReadOptions,
    header: Option<HeaderMap>,
    rows: Vec<Row>,
}

impl Checked {
    fn new(limits: ReadOptions) -> Self {
        Checked {
            limits,
            header: None,
            rows: Vec::new(),
        }
    }
}

impl RowSink for Checked {
    fn header(&mut self, header: &HeaderMap) {
        assert!(self.header.is_none(), "header handed out twice");
        assert!(header.row >= 1, "header row numbers are 1-based");
        self.header = Some(header.clone());
    }

    fn row(&mut self, row: &Row) {
        let header = self.header.as_ref().expect("header before rows");
        assert!(row.number > header.row, "data row above its header");
        assert!(row.number <= self.limits.max_rows, "row past max_rows");
        if let Some(last) = self.rows.last() {
            assert!(
                row.number > last.number,
                "rows out of order {} {}",
                last.number,
                row.number
            );
        }
        assert!(!row.is_empty(), "empty row handed out");
        check_cells(row, &self.limits);
        self.rows.push(row.clone());
    }
}

fn check_cells(row: &Row, limits: &ReadOptions) {
    assert!(
        row.cells.len() <= limits.max_columns as usize,
        "row wider than max_columns"
    );
    for cell in &row.cells {
        if let Cell::Text(text) | Cell::Error(text) = cell {
            assert!(
                text.chars().count() <= limits.max_cell_chars as usize,
                "cell longer than max_cell_chars"
            );
        }
    }
}

/// Every table kind read from `data`: rows as the limits allow, in order,
/// after their header; an unreadable file is an error with a reason.
fn read_every_kind(data: &[u8]) {
    let options = read_options();
    for kind in [
        TableKind::Participants,
        TableKind::Evaluations,
        TableKind::Organisations,
        TableKind::Items,
    ] {
        let mut sink = Checked::new(options.clone());
        match register::read_table(data, kind, &options, &mut sink) {
            Ok(Some(info)) => {
                assert_eq!(info.rows as usize, sink.rows.len(), "TableInfo.rows");
                assert_eq!(Some(&info.header), sink.header.as_ref());
            }
            Ok(None) => assert!(sink.rows.is_empty()),
            Err(error) => check_read_error(&error),
        }
    }
    match register::read_grid(data, None, &options) {
        Ok(grid) => {
            for pair in grid.rows.windows(2) {
                assert!(pair[0].number < pair[1].number, "grid rows out of order");
            }
            for row in &grid.rows {
                check_cells(row, &options);
            }
        }
        Err(error) => check_read_error(&error),
    }
    let _ = register::sheet_names(data);
}

/// A refusal names its reason; it never quotes the file.
fn check_read_error(error: &ReadError) {
    let diagnostic = error.diagnostic();
    assert_eq!(diagnostic.severity, Severity::Error);
    if diagnostic.code == "file.unreadable" {
        assert!(diagnostic.param("reason").is_some(), "no reason given");
    }
}

/// The file pushed in pieces of `piece` bytes gives what the whole file gives.
fn check_streamed_alike(
    bytes: &[u8],
    options: &Options,
    whole: &Result<api::Validation, ReadError>,
    piece: u8,
) {
    let mut stream = api::RegisterStream::new(options);
    let pushed = bytes
        .chunks(usize::from(piece.max(1)))
        .try_for_each(|chunk| stream.push(chunk));
    let streamed = pushed.and_then(|()| stream.finish(&[], &mut |_| {}));
    match (whole, &streamed) {
        (Ok(whole), Ok(streamed)) => {
            assert_eq!(
                whole.aggregates(),
                streamed.aggregates(),
                "streamed aggregates"
            );
            assert_eq!(
                whole.outcome.diagnostics, streamed.outcome.diagnostics,
                "streamed diagnostics"
            );
        }
        (Err(whole), Err(streamed)) => {
            assert_eq!(whole.diagnostic(), streamed.diagnostic(), "streamed error")
        }
        _ => panic!(
            "whole file and stream disagree: {:?} vs {:?}",
            whole.as_ref().err(),
            streamed.as_ref().err()
        ),
    }
}

/// The file in two parts (the page's worker and its helper), split after
/// the first line break from the middle on, gives what the whole file gives,
/// or the join is refused; a first part that cannot be read fails as the
/// whole file does.
fn check_parts_alike(bytes: &[u8], options: &Options, whole: &Result<api::Validation, ReadError>) {
    let Some(split) = bytes
        .get(bytes.len() / 2..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map(|at| bytes.len() / 2 + at + 1)
    else {
        return;
    };
    let (head, tail) = bytes.split_at(split);
    let mut first = api::RegisterStream::new(options);
    first.expect(bytes.len() as u64);
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let joined = first
        .push(head)
        .map_err(api::JoinError::Read)
        .and_then(|()| {
            let mut part = api::RegisterPart::new(options, sample, Some(tail.len() as u64))
                .ok_or(api::JoinError::NotJoinable)?;
            part.push(tail).map_err(|_| api::JoinError::NotJoinable)?;
            let rows = part.finish().map_err(|_| api::JoinError::NotJoinable)?;
            first.finish_with_part(&rows, &[], &mut |_| {})
        });
    match (whole, joined) {
        (Ok(whole), Ok(joined)) => {
            assert_eq!(whole.aggregates(), joined.aggregates(), "parts' aggregates");
            assert_eq!(
                whole.outcome.diagnostics, joined.outcome.diagnostics,
                "parts' diagnostics"
            );
            assert_eq!(whole.table, joined.table, "parts' table");
        }
        (Err(whole), Err(api::JoinError::Read(first))) => {
            assert_eq!(whole.diagnostic(), first.diagnostic(), "first part's error")
        }
        (_, Err(api::JoinError::NotJoinable)) => {}
        (whole, joined) => panic!(
            "whole file and parts disagree: {:?} vs {:?}",
            whole.as_ref().err(),
            joined.err()
        ),
    }
}

/// CSV reading: any bytes not starting like a ZIP or CFB container.
pub fn csv(data: &[u8]) {
    read_every_kind(data);
}

/// How the spreadsheet target builds a workbook from its input: the first
/// byte picks the part the rest of the input becomes, so the fuzzer works on
/// XML rather than on ZIP checksums.
const MODES: &[&str] = &[
    "raw",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "content.xml",
];

/// A minimal XLSX around `part`, with the other parts fixed.
fn xlsx_with(name: &str, part: &[u8]) -> Vec<u8> {
    let workbook: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Deltagare" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let sheet: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>"#;
    let strings: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Personnummer</t></si><si><t>K&#246;n</t></si><si><t>19811218-9876</t></si><si><t>K</t></si></sst>"#;
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/workbook.xml", workbook),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    let entries: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, content)| (*n, if *n == name { part } else { *content }))
        .collect();
    stored_zip(&entries)
}

/// A minimal ODS whose content.xml is `content`.
fn ods_with(content: &[u8]) -> Vec<u8> {
    stored_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#),
        ("content.xml", content),
    ])
}

fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(content).expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}

/// The bytes the spreadsheet target reads for a fuzz input.
pub fn spreadsheet_bytes(data: &[u8]) -> Vec<u8> {
    let Some((mode, rest)) = data.split_first() else {
        return Vec::new();
    };
    match MODES[usize::from(*mode) % MODES.len()] {
        "raw" => rest.to_vec(),
        "content.xml" => ods_with(rest),
        part => xlsx_with(part, rest),
    }
}

/// Spreadsheet reading (XLSX, XLSB, ODS, XLS): raw bytes, or one XML part
/// of an otherwise well-formed XLSX or ODS.
pub fn spreadsheet(data: &[u8]) {
    read_every_kind(&spreadsheet_bytes(data));
}

/// Every identifier parser on the input text: never a panic; a valid
/// identifier's canonical form is clean and parses back to itself.
pub fn ids(data: &[u8]) {
    let (date_bytes, text) = match data {
        [a, b, rest @ ..] => ([*a, *b], rest),
        _ => ([0, 0], data),
    };
    // Reference dates 1900-01-01 .. 2079-06-06, so centuries vary.
    let reference = NaiveDate::from_ymd_opt(1900, 1, 1)
        .and_then(|d| {
            d.checked_add_days(chrono::Days::new(u64::from(u16::from_le_bytes(date_bytes))))
        })
        .unwrap_or_else(reference_date);
    let text = String::from_utf8_lossy(text);
    let text = text.as_ref();

    for country in [Country::Se, Country::Fi] {
        for context in [Context::Person, Context::Org] {
            if let Ok(id) = ids::parse(text, country, context, reference) {
                check_canonical(&id, |t| ids::parse(t, country, context, reference));
            }
        }
    }
    type Parser<'a> = &'a dyn Fn(&str) -> Result<ids::ParsedId, ids::IdError>;
    let direct: [(&str, Parser); 7] = [
        ("personnummer", &|t| ids::personnummer::parse(t, reference)),
        ("samordningsnummer", &|t| {
            ids::samordningsnummer::parse(t, reference)
        }),
        ("lma", &ids::lma::parse),
        ("internal", &ids::internal::parse),
        ("henkilötunnus", &ids::henkilotunnus::parse),
        ("organisationsnummer", &ids::organisationsnummer::parse),
        ("y-tunnus", &ids::ytunnus::parse),
    ];
    for (kind, parse) in direct {
        if let Ok(id) = parse(text) {
            assert_eq!(id.kind.as_str(), kind, "{kind} parser gave another kind");
            check_canonical(&id, parse);
        }
    }
    if let Ok(id) = ids::organisationsnummer::parse(text) {
        let _ = ids::organisationsnummer::is_public_body(&id.canonical);
    }

    // Internal IDs from names: the text split into first name and surname.
    let (first, last) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let _ = ids::internal::normalise_name(first);
    if ids::internal::derive(first, last, reference).is_some() {
        let _ = ids::internal::verify(text, first, last, reference);
    }
}

fn check_canonical(
    id: &ids::ParsedId,
    parse: impl Fn(&str) -> Result<ids::ParsedId, ids::IdError>,
) {
    assert!(!id.canonical.is_empty(), "empty canonical form");
    // Plain ASCII; but an internal ID keeps the letters of the names (SPEC
    // §2: Å Ä Ö Æ Ø Ü, and a name in another script keeps its letters), never
    // a space, a control character or a mark.
    let name_letter = |c: char| id.kind == ids::IdKind::Internal && c.is_alphabetic();
    assert!(
        id.canonical
            .chars()
            .all(|c| c.is_ascii_graphic() || name_letter(c)),
        "canonical form not plain ASCII (nor a letter of an internal ID's names)"
    );
    let again = parse(&id.canonical).expect("canonical form parses");
    assert_eq!(
        again.canonical, id.canonical,
        "canonical form is not stable"
    );
    assert_eq!(again.kind, id.kind);
    assert_eq!(again.birth, id.birth);
}

/// The whole pipeline, bytes to aggregates: the counts add up, and nothing
/// from the register's identifier column reaches the aggregates.
pub fn pipeline(data: &[u8]) {
    let bytes = spreadsheet_or_text(data);
    let options = Options {
        rules: RuleOptions {
            individual_report: true,
            ..RuleOptions::new(reference_date())
        },
        read: read_options(),
        lang: Lang::Sv,
    };
    let whole = api::validate(&bytes, &[], &options);
    check_streamed_alike(&bytes, &options, &whole, data.first().copied().unwrap_or(1));
    check_parts_alike(&bytes, &options, &whole);
    let validation = match whole {
        Ok(validation) => validation,
        Err(error) => return check_read_error(&error),
    };
    let outcome = &validation.outcome;
    let summary = &outcome.summary;
    assert_eq!(
        summary.rows, validation.table.rows,
        "rows read vs summarised"
    );
    assert!(
        summary.rows_counted <= summary.rows,
        "counted more rows than read"
    );
    assert!(
        summary.persons <= summary.rows_counted,
        "more persons than rows"
    );
    let errors = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error);
    assert_eq!(summary.errors as usize, errors.count(), "error count");
    let warnings = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning);
    assert_eq!(summary.warnings as usize, warnings.count(), "warning count");

    let aggregates = validation.aggregates();
    let s = &aggregates.summary;
    assert_eq!(
        s.rows,
        s.rows_counted + s.rows_excluded,
        "rows = counted + excluded"
    );
    let catalogue = Catalogue::get();
    for indicator in &aggregates.indicators {
        let entry = catalogue
            .indicator(&indicator.code)
            .expect("catalogue indicator");
        assert_eq!(entry.unit.as_str(), indicator.unit);
        if let Some(b) = &indicator.breakdown {
            let sum: u32 = [&b.under_18, &b.from_18_to_60, &b.over_60]
                .iter()
                .map(|g| g.man + g.kvinna + g.icke_binar)
                .sum();
            assert_eq!(
                indicator.total, sum,
                "{}: total = sum of breakdown",
                indicator.code
            );
        }
        if entry.unit == Unit::Participants {
            assert!(
                indicator.total <= s.persons,
                "{}: more than all persons",
                indicator.code
            );
        }
        if let Some(parent) = &entry.parent {
            if let Some(parent) = aggregates.indicators.iter().find(|i| &i.code == parent) {
                assert!(
                    indicator.total <= parent.total,
                    "{} over its parent",
                    indicator.code
                );
                if let (Some(sub), Some(whole)) = (&indicator.breakdown, &parent.breakdown) {
                    for (a, b) in [
                        (&sub.under_18, &whole.under_18),
                        (&sub.from_18_to_60, &whole.from_18_to_60),
                        (&sub.over_60, &whole.over_60),
                    ] {
                        assert!(
                            a.man <= b.man && a.kvinna <= b.kvinna && a.icke_binar <= b.icke_binar,
                            "{} breakdown over its parent's",
                            indicator.code
                        );
                    }
                }
            }
        }
    }

    let json = aggregates::to_json(&aggregates);
    let back: aggregates::Aggregates = serde_json::from_str(&json).expect("aggregates JSON");
    assert_eq!(back, aggregates, "aggregates JSON round trip");
    let csv = aggregates::to_csv(&aggregates, Lang::Sv);
    for secret in identifiers(&bytes, &options.read) {
        assert!(
            !json.contains(&secret),
            "an identifier in the aggregates JSON"
        );
        assert!(
            !csv.contains(&secret),
            "an identifier in the aggregates CSV"
        );
    }

    for d in &outcome.diagnostics {
        assert_eq!(
            Some(d.severity),
            amif_check::diagnostic::severity_of(d.code),
            "{} with another severity than its code's",
            d.code
        );
    }
    let records = diagnostics::to_records(&outcome.diagnostics, Lang::Sv);
    check_csv_cells(&diagnostics::records_to_csv(
        &records,
        Lang::Sv,
        Some("Blad"),
    ));
    check_csv_cells(&individual::to_csv(&outcome.individuals, Lang::Sv));
    check_csv_cells(&csv);

    if let Ok(grid) = register::read_grid(&bytes, validation.table.sheet.as_deref(), &options.read)
    {
        if let Ok(workbook) =
            annotated::workbook(&grid, validation.table.header.row, &records, Lang::Sv)
        {
            check_no_formulas(&workbook);
        }
    }
}

/// Pipeline inputs: text as is, workbooks built as the spreadsheet target does.
fn spreadsheet_or_text(data: &[u8]) -> Vec<u8> {
    match data.split_first() {
        Some((0xFF, rest)) => spreadsheet_bytes(rest),
        _ => data.to_vec(),
    }
}

/// The valid identifiers of the ID column, as written and in canonical form
/// (other text there may be any word, one the catalogue's names hold too).
fn identifiers(bytes: &[u8], options: &ReadOptions) -> Vec<String> {
    let mut sink = Checked::new(options.clone());
    if register::read_table(bytes, TableKind::Participants, options, &mut sink).is_err() {
        return Vec::new();
    }
    let Some(column) = sink
        .header
        .as_ref()
        .and_then(|h| h.column(&Field::Id))
        .map(|c| c.index)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for row in &sink.rows {
        let text = values::text(row.cell(column)).to_string();
        for country in [Country::Se, Country::Fi] {
            if let Ok(id) = ids::parse_person(&text, country, reference_date()) {
                found.push(id.canonical);
                found.push(text.clone());
            }
        }
    }
    found
}

/// No cell of a CSV the tool writes starts like a formula.
fn check_csv_cells(text: &str) {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.expect("the tool's own CSV parses");
        for cell in record.iter() {
            // A signed number alone can run nothing (a difference: -2).
            let number = amif_check::output::csv_safe::is_number(cell);
            assert!(
                number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "CSV cell starts like a formula"
            );
        }
    }
}

/// The annotated workbook holds values only: no sheet has a formula.
fn check_no_formulas(workbook: &[u8]) {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(Cursor::new(workbook)).expect("annotated workbook opens");
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).expect("sheet formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula in the annotated workbook"
        );
    }
}
