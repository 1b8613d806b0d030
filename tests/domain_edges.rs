//! The domain's edges (SPEC §2–§4, §7 as of 2026-12-02) on real files: CSV
//! as Excel writes it in Windows-1252, XLSX, and ODS saved by LibreOffice
//! (`tests/fixtures/edges.ods`, converted from the XLSX these tests write;
//! see the fixtures' README). Every expected figure is worked out by hand
//! in the comment beside it.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use amif_check::api::{validate, Options, Validation};
use amif_check::ids::checksum::luhn_check_digit;
use amif_check::messages::{message, Lang};
use amif_check::register::ReadOptions;
use amif_check::rules::RuleOptions;
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use std::path::Path;

fn options() -> Options {
    Options {
        rules: RuleOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        read: ReadOptions::default(),
        lang: Lang::Sv,
    }
}

/// A Swedish number for `YYYYMMDD` (month 00 / day 60+ for samordningsnummer).
fn pnr(date: &str, serial: u32) -> String {
    let body = format!("{}{serial:03}", &date[2..]);
    let check = char::from(luhn_check_digit(body.as_bytes()));
    format!("{}-{serial:03}{check}", &date[2..8])
}

/// A CSV file as Excel's "CSV (semikolonavgränsad)" writes it: Windows-1252, CRLF.
fn excel_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let text: String = rows.iter().map(|r| r.join(";") + "\r\n").collect();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

fn xlsx(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|line| line.split(';').map(str::to_string).collect())
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn total(v: &Validation, code: &str) -> Option<u32> {
    v.outcome
        .indicators
        .iter()
        .find(|i| i.code == code)
        .map(|i| i.total)
}

/// (code, sheet, row) of every finding.
fn findings(v: &Validation) -> Vec<(&'static str, Option<&str>, Option<u32>)> {
    v.outcome
        .diagnostics
        .iter()
        .map(|d| (d.code, d.sheet.as_deref(), d.row))
        .collect()
}

fn has(v: &Validation, code: &str, sheet: Option<&str>, row: Option<u32>) -> bool {
    findings(v).contains(&(code_of(code), sheet, row))
}

/// The first finding of `code`.
fn first<'v>(v: &'v Validation, code: &str) -> Option<&'v amif_check::diagnostic::Diagnostic> {
    v.outcome.diagnostics.iter().find(|d| d.code == code)
}

/// Options for a Finnish register.
fn finland() -> Options {
    let mut finland = options();
    finland.rules.country = Some(amif_check::ids::Country::Fi);
    finland
}

fn code_of(code: &str) -> &'static str {
    amif_check::diagnostic::CODES
        .iter()
        .map(|&(c, _)| c)
        .find(|c| *c == code)
        .unwrap_or_else(|| panic!("no code {code}"))
}

// ---------------------------------------------------------------------------
// The workbook behind tests/fixtures/edges.xlsx and edges.ods.

/// Participants: four persons, all under O.2.3.
fn participant_sheet() -> Vec<Vec<String>> {
    let mut sheet = rows(&[
        "Deltagarförteckning;;;",
        "Personnummer;Kön;Startdatum;O.2.3;R.1.7.2;Familj",
    ]);
    for (id, gender, start, r172, family) in [
        (pnr("19800101", 11), "K", "2024-02-01", "", ""),
        (pnr("19850505", 12), "M", "2024-03-01", "X", "Familjen Ali"),
        (pnr("20100505", 13), "K", "2024-03-01", "X", "familjen  ali"),
        (pnr("19900202", 14), "M", "2024-04-01", "X", ""),
    ] {
        sheet.push(
            [id.as_str(), gender, start, "X", r172, family]
                .map(str::to_string)
                .to_vec(),
        );
    }
    sheet
}

/// A Finnish evaluation sheet: the five areas as Finnish forms head them.
fn evaluation_sheet() -> Vec<Vec<String>> {
    let mut sheet = rows(&[
        "Henkilötunnus;Päivämäärä;Työllistyminen;Kielen oppiminen;Suhteet paikallisväestöön;Asuminen;Terveys;Huomautus",
    ]);
    for (id, date, marks) in [
        // Person 1: positive (two areas).
        (pnr("19800101", 11), "2024-06-01", ["X", "X", "", "", ""]),
        // Person 2: language and community: positive.
        (pnr("19850505", 12), "2024-06-01", ["", "X", "X", "", ""]),
        // Person 3: one area only: not positive.
        (pnr("20100505", 13), "2024-06-01", ["", "", "", "", "X"]),
        // Person 4: a value that is no yes/no: the row is in error.
        (
            pnr("19900202", 14),
            "2024-06-01",
            ["kanske", "X", "", "", ""],
        ),
    ] {
        let mut row = vec![id, date.to_string()];
        row.extend(marks.map(str::to_string));
        row.push(String::new());
        sheet.push(row);
    }
    sheet
}

fn organisation_sheet() -> Vec<Vec<String>> {
    rows(&[
        "Organisationsnummer;Namn;Roll;Lokal eller regional myndighet;O.2.2;O.2.7",
        // The beneficiary, a municipality: O.2.7 yes; flagged O.2.2 by mistake.
        "212000-0142;Stockholms kommun;Stödmottagare;Ja;X;X",
        // A partner municipality: O.2.2 counts it.
        "212000-1355;Solna kommun;Projektpartner;Ja;X;",
        // An association flagged O.2.2: reported as an authority, not public.
        "802002-3308;Föreningen Bron;Projektpartner;Nej;X;",
        // A company, not flagged: no org.not_public.
        "556036-0793;Företaget AB;;;;",
    ])
}

fn item_sheet() -> Vec<Vec<String>> {
    rows(&[
        "Namn;Inventarienummer;O.2.4;O.3.2",
        "Kampanj våren 2024;;X;",
        "Kampanj våren 2024;;X;",
        "Bärbar dator;INV-001;;X",
        "Bärbar dator;INV-002;;X",
        "Bärbar dator;INV-002;;X",
    ])
}

/// A sheet the check does not know: reported, never guessed at.
fn unknown_sheet() -> Vec<Vec<String>> {
    rows(&["ID;Datum;Foo;Bar", "1;2024-01-01;a;b"])
}

fn budget_sheet() -> Vec<Vec<String>> {
    rows(&["Budget 2024;", "Post;Belopp", "Lokal;12000"])
}

fn edges_xlsx() -> Vec<u8> {
    xlsx(&[
        ("Deltagare", participant_sheet()),
        ("Arviointi", evaluation_sheet()),
        ("Organisationer", organisation_sheet()),
        ("Insatser", item_sheet()),
        ("Okänd", unknown_sheet()),
        ("Budget", budget_sheet()),
    ])
}

/// What the edges workbook must give, whichever program saved it.
fn assert_edges(v: &Validation, what: &str) {
    // R.1.7.2: persons 2 and 3 are one family (spacing and case do not
    // matter); person 4 names none: an error, the row does not count.
    assert_eq!(total(v, "R.1.7.2"), Some(1), "{what}");
    assert!(has(v, "family.missing", None, Some(6)), "{what}");
    // Persons 1, 2, 3 count (person 4's only row is in error).
    assert_eq!(total(v, "O.2.3"), Some(3), "{what}");
    // R.2.9: person 1 and 2 positive, 3 not, 4's evaluation in error.
    assert_eq!(total(v, "R.2.9"), Some(2), "{what}");
    assert!(
        has(v, "value.invalid", Some("Arviointi"), Some(5)),
        "{what}"
    );
    assert!(
        has(v, "column.unknown", Some("Arviointi"), Some(1)),
        "{what}"
    );
    // O.2.2: Solna and the association; never the beneficiary itself.
    assert_eq!(total(v, "O.2.2"), Some(2), "{what}");
    assert!(
        has(v, "org.beneficiary_o22", Some("Organisationer"), Some(2)),
        "{what}"
    );
    assert!(
        has(v, "org.not_public", Some("Organisationer"), Some(4)),
        "{what}"
    );
    assert!(
        !has(v, "org.not_public", Some("Organisationer"), Some(5)),
        "{what}"
    );
    // O.2.7: one project, its beneficiary a municipality.
    assert_eq!(total(v, "O.2.7"), Some(1), "{what}");
    let unit = |code: &str| {
        v.outcome
            .indicators
            .iter()
            .find(|i| i.code == code)
            .map(|i| i.unit.as_str())
    };
    assert_eq!(unit("O.2.7"), Some("projects"), "{what}");
    assert_eq!(unit("R.1.7.2"), Some("families"), "{what}");
    // Items: one campaign; two laptops by inventory number.
    assert_eq!(total(v, "O.2.4"), Some(1), "{what}");
    assert_eq!(total(v, "O.3.2"), Some(2), "{what}");
    // The unknown table is reported by its sheet; the budget is no table.
    assert!(has(v, "header.not_found", Some("Okänd"), None), "{what}");
    assert!(!findings(v).iter().any(|f| f.1 == Some("Budget")), "{what}");
}

#[test]
fn edges_in_an_xlsx_workbook() {
    let v = validate(&edges_xlsx(), &[], &options()).unwrap();
    assert_edges(&v, "xlsx");
}

#[test]
fn edges_in_a_workbook_saved_by_libreoffice() {
    let v = validate(&fixture("edges.ods"), &[], &options()).unwrap();
    assert_edges(&v, "ods");
}

#[test]
fn edges_in_windows_1252_csv_files() {
    let register = excel_csv(&participant_sheet());
    let evaluations = excel_csv(&evaluation_sheet());
    let organisations = excel_csv(&organisation_sheet());
    let items = excel_csv(&item_sheet());
    let unknown = excel_csv(&unknown_sheet());
    let further = [
        ("arviointi.csv", evaluations.as_slice()),
        ("organisationer.csv", organisations.as_slice()),
        ("insatser.csv", items.as_slice()),
        ("okänd.csv", unknown.as_slice()),
    ];
    let v = validate(&register, &further, &options()).unwrap();
    assert_eq!(total(&v, "R.2.9"), Some(2));
    assert!(has(&v, "value.invalid", Some("arviointi.csv"), Some(5)));
    assert!(has(&v, "column.unknown", Some("arviointi.csv"), Some(1)));
    assert_eq!(total(&v, "O.2.2"), Some(2));
    assert_eq!(total(&v, "O.2.7"), Some(1));
    assert!(has(
        &v,
        "org.beneficiary_o22",
        Some("organisationer.csv"),
        Some(2)
    ));
    assert_eq!((total(&v, "O.2.4"), total(&v, "O.3.2")), (Some(1), Some(2)));
    assert_eq!(total(&v, "R.1.7.2"), Some(1));
    // `ID;Datum;Foo;Bar` is no evaluation table.
    assert!(has(&v, "header.not_found", Some("okänd.csv"), None));
}

/// Writes `tests/fixtures/edges.xlsx`, which LibreOffice converts to
/// `edges.ods` (see the fixtures' README).
#[test]
#[ignore]
fn write_edges_fixture() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edges.xlsx");
    std::fs::write(path, edges_xlsx()).unwrap();
}

// ---------------------------------------------------------------------------

#[test]
fn a_data_row_is_never_taken_for_a_header() {
    let register = excel_csv(&participant_sheet());
    // Headed Namn: both campaigns count, the first is no header.
    let items = excel_csv(&rows(&["Namn", "Kampanj våren", "Kampanj hösten"]));
    let v = validate(&register, &[("insatser.csv", &items)], &options()).unwrap();
    assert_eq!(total(&v, "O.2.4"), Some(2));
    // Below a header of another table, a row that starts like an items
    // header is data: no items table.
    let book = xlsx(&[
        ("Deltagare", participant_sheet()),
        (
            "Utvärderingar",
            rows(&["Personnummer;Datum;Hälsa", "Kampanj våren;2024-01-01;X"]),
        ),
    ]);
    let v = validate(&book, &[], &options()).unwrap();
    assert_eq!(total(&v, "O.2.4"), None);
}

#[test]
fn partly_known_birth_dates_and_pasted_dashes_in_a_csv_from_excel() {
    let en_dash = pnr("19811218", 987).replace('-', "\u{2013}");
    let year_only = pnr("19900060", 11);
    let undecided = pnr("20060560", 12);
    let csv = excel_csv(&rows(&[
        "Samordningsnummer;Födelsedatum;Kön;Startdatum;O.2.3",
        &format!("{en_dash};;K;2024-01-10;X"),
        &format!("{year_only};;M;2024-05-01;X"),
        &format!("{undecided};;K;2024-05-15;X"),
        &format!("{undecided};2006-05-20;K;2024-08-01;X"),
    ]));
    let v = validate(&csv, &[], &options()).unwrap();
    assert!(!has(&v, "id.format", None, Some(2)));
    assert!(has(&v, "birthdate.partial", None, Some(3)));
    // The date column on row 5 decides: the person counts, under 18.
    assert!(!findings(&v).iter().any(|f| f.0 == "birthdate.missing"));
    assert_eq!(total(&v, "O.2.3"), Some(3));
    // Without that date, the category depends on the unknown day.
    let csv = excel_csv(&rows(&[
        "Samordningsnummer;Födelsedatum;Kön;Startdatum;O.2.3",
        &format!("{undecided};;K;2024-05-15;X"),
    ]));
    let v = validate(&csv, &[], &options()).unwrap();
    let missing = first(&v, "birthdate.missing").expect("birthdate.missing");
    assert!(message(missing, Lang::En).contains("only the birth year"));
    assert_eq!(total(&v, "O.2.3"), Some(0));
    // Serial 000 is never issued.
    let csv = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3",
        &format!("{};K;2024-01-10;X", pnr("19811218", 0)),
    ]));
    let v = validate(&csv, &[], &options()).unwrap();
    assert!(has(&v, "id.format", None, Some(2)));
}

#[test]
fn files_that_are_not_registers_say_what_they_are() {
    let reason = |bytes: &[u8]| {
        let err = validate(bytes, &[], &options()).unwrap_err();
        let d = err.diagnostic();
        (d.param("reason").map(str::to_string), message(&d, Lang::En))
    };
    let (why, text) = reason(b"");
    assert_eq!(why.as_deref(), Some("empty"));
    assert!(text.contains("empty"), "{text}");
    let (why, text) = reason(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj <<>>\nendobj\n\0\0\0\0\0\0");
    assert_eq!(why.as_deref(), Some("pdf"));
    assert!(text.contains("PDF"), "{text}");
    // A Word file is a zip with word/document.xml.
    let word = {
        use std::io::Write;
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(b"<document/>").unwrap();
        zip.finish().unwrap();
        buffer.into_inner()
    };
    let (why, text) = reason(&word);
    assert_eq!(why.as_deref(), Some("word"));
    assert!(text.contains("Word"), "{text}");
}

#[test]
fn a_csv_with_a_few_nul_bytes_is_read_and_utf16_without_a_mark_too() {
    let mut csv = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3",
        &format!("{};K;2024-01-10;X", pnr("19811218", 987)),
        &format!("{};M;2024-01-10;X", pnr("19700101", 12)),
    ]));
    // A NUL inside the second row's gender cell.
    let at = csv.windows(3).position(|w| w == b";M;").unwrap() + 2;
    csv.insert(at, 0);
    let v = validate(&csv, &[], &options()).unwrap();
    assert!(has(&v, "gender.invalid", None, Some(3)));
    assert_eq!(total(&v, "O.2.3"), Some(1));

    let text = format!(
        "Personnummer\tKön\tStartdatum\tO.2.3\r\n{}\tK\t2024-01-10\tX\r\n",
        pnr("19811218", 987)
    );
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let v = validate(&utf16, &[], &options()).unwrap();
    assert_eq!(total(&v, "O.2.3"), Some(1));
}

#[test]
fn dates_of_the_right_form_that_do_not_exist() {
    let csv = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;Slutdatum;O.2.3",
        &format!("{};K;2024-13-01;;X", pnr("19811218", 987)),
        &format!("{};K;2024-01-10;30.2.2025;X", pnr("19811218", 987)),
        &format!("{};K;2024-01-10;snart;X", pnr("19811218", 987)),
    ]));
    let v = validate(&csv, &[], &options()).unwrap();
    let texts: Vec<String> = v
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "date.invalid")
        .map(|d| message(d, Lang::En))
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].contains("does not exist"), "{}", texts[0]);
    assert!(texts[1].contains("does not exist"), "{}", texts[1]);
    assert!(texts[2].contains("cannot be read"), "{}", texts[2]);
}

#[test]
fn a_register_with_a_header_and_no_rows_is_not_reportable() {
    let csv = excel_csv(&rows(&["Personnummer;Kön;Startdatum;O.2.3"]));
    let v = validate(&csv, &[], &options()).unwrap();
    assert!(has(&v, "register.empty", None, None));
    assert_eq!(v.outcome.summary.warnings, 1);
    let book = xlsx(&[("Deltagare", rows(&["Personnummer;Kön;Startdatum;O.2.3"]))]);
    let v = validate(&book, &[], &options()).unwrap();
    let empty = first(&v, "register.empty").expect("register.empty");
    assert!(message(empty, Lang::Sv).contains("Deltagare"));
}

/// The Excel add-in writes the figures into the workbook (AMIF-indikatorer,
/// AMIF-perioder); a user who saves it and checks the file again must get
/// the same figures, never the indicator table read as items.
#[test]
fn the_tools_own_figures_in_a_workbook_are_never_read_as_a_table() {
    let participants = participant_sheet();
    let mut quarterly = options();
    quarterly.rules.project_period =
        amif_check::options::parse_period("2024-01-01..2026-12-31").ok();
    quarterly.rules.periods = amif_check::rules::PeriodPlan::Every { months: 3 };
    let alone = validate(
        &xlsx(&[("Deltagare", participants.clone())]),
        &[],
        &quarterly,
    )
    .unwrap();
    assert!(!alone.outcome.periods.is_empty());
    for lang in [Lang::Sv, Lang::En, Lang::Fi] {
        // As the add-in writes them: the indicator table with each period's
        // below it, and the periods on a sheet of their own.
        let figures = amif_check::output::aggregates::rows(&alone.aggregates(), lang);
        let periods: Vec<Vec<String>> = figures
            .iter()
            .skip_while(|row| !row.is_empty())
            .skip(1)
            .cloned()
            .collect();
        // The add-in's periods side by side (web/periods-view.js).
        let side_by_side = rows(&[
            "Indikator;Namn;Fördelning;2024-01-01–2024-03-31;Totalt",
            "O.2.3;Antal deltagare;Alla;3;3",
        ]);
        let book = xlsx(&[
            ("Deltagare", participants.clone()),
            ("AMIF-indikatorer", figures.clone()),
            ("AMIF-perioder", side_by_side),
            // Renamed by the user: still the tool's own figures.
            ("Siffror", figures),
            ("Perioder", periods),
        ]);
        let again = validate(&book, &[], &quarterly).unwrap();
        assert_eq!(
            again.outcome.indicators, alone.outcome.indicators,
            "{lang:?}"
        );
        assert_eq!(again.outcome.periods, alone.outcome.periods, "{lang:?}");
        assert!(
            findings(&again).iter().all(|(_, sheet, _)| sheet.is_none()),
            "{lang:?}: {:?}",
            findings(&again)
        );
    }
}

/// Quarters counted from the first start date (no project period) begin
/// at the first row that can count: a row in error, with a mistyped year,
/// never moves every quarter's bounds.
#[test]
fn quarters_begin_at_the_first_start_date_of_a_row_without_errors() {
    let csv = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3",
        &format!("{};Kvinna;2025-02-10;X", pnr("19850314", 123)),
        &format!("{};?;1925-01-05;X", pnr("19900101", 234)),
        &format!("{};Man;2025-06-01;X", pnr("19700707", 345)),
    ]));
    let mut quarterly = options();
    quarterly.rules.periods = amif_check::rules::PeriodPlan::Every { months: 3 };
    let v = validate(&csv, &[], &quarterly).unwrap();
    assert!(has(&v, "gender.invalid", None, Some(3)));
    let periods = v.aggregates().periods.expect("periods");
    assert_eq!(
        (periods[0].from.as_str(), periods[0].to.as_str()),
        ("2025-02-10", "2025-05-09")
    );
    let o23 = |p: &amif_check::output::aggregates::PeriodFiguresJson| {
        p.indicators
            .iter()
            .find(|i| i.code == "O.2.3")
            .map(|i| i.total)
    };
    assert_eq!(o23(&periods[0]), Some(1));
    assert_eq!(o23(&periods[1]), Some(1));
}

/// Organisations and items without a start date cannot be placed in a
/// reporting period: the check says so for each indicator, instead of
/// periods that silently add up to less than the whole. A thing with a
/// dated row is placed by its earliest date, whatever the order of rows.
#[test]
fn undated_organisations_and_items_are_said_to_be_in_no_period() {
    let items = rows(&[
        "Namn;Inventarienummer;Startdatum;O.2.4;O.3.2",
        // Undated, then dated: placed by 2024-05-02.
        "Kampanj våren 2024;;;X;",
        "Kampanj våren 2024;;2024-05-02;X;",
        // Two laptops, neither dated.
        "Bärbar dator;INV-001;;;X",
        "Bärbar dator;INV-002;;;X",
    ]);
    let book = xlsx(&[
        ("Deltagare", participant_sheet()),
        ("Organisationer", organisation_sheet()),
        ("Insatser", items),
    ]);
    let whole = validate(&book, &[], &options()).unwrap();
    assert!(!findings(&whole).iter().any(|f| f.0 == "period.undated"));

    let mut quarterly = options();
    quarterly.rules.project_period =
        amif_check::options::parse_period("2024-01-01..2026-12-31").ok();
    quarterly.rules.periods = amif_check::rules::PeriodPlan::Every { months: 3 };
    let v = validate(&book, &[], &quarterly).unwrap();
    let in_periods = |code: &str| -> u32 {
        v.outcome
            .periods
            .iter()
            .flat_map(|p| &p.indicators)
            .filter(|i| i.code == code)
            .map(|i| i.total)
            .sum()
    };
    // The campaign is in its quarter; the laptops and organisations in none.
    assert_eq!((total(&v, "O.2.4"), in_periods("O.2.4")), (Some(1), 1));
    assert_eq!((total(&v, "O.3.2"), in_periods("O.3.2")), (Some(2), 0));
    assert_eq!((total(&v, "O.2.2"), in_periods("O.2.2")), (Some(2), 0));
    let undated: Vec<(Option<&str>, Option<&str>, Option<&str>)> = v
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "period.undated")
        .map(|d| (d.sheet.as_deref(), d.param("indicator"), d.param("count")))
        .collect();
    assert_eq!(
        undated,
        vec![
            (Some("Insatser"), Some("O.3.2"), Some("2")),
            (Some("Organisationer"), Some("O.2.2"), Some("2")),
            (Some("Organisationer"), Some("O.2.7"), Some("1")),
        ]
    );
    let said = v
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "period.undated" && d.param("indicator") == Some("O.3.2"))
        .map(|d| message(d, Lang::Fi))
        .unwrap();
    assert!(said.contains("O.3.2") && said.contains('2'), "{said}");

    // One period asked for: they count in it, and the check says they may belong elsewhere.
    let mut one = options();
    one.rules.period = amif_check::options::parse_period("2024-04-01..2024-06-30").ok();
    let v = validate(&book, &[], &one).unwrap();
    assert_eq!(total(&v, "O.3.2"), Some(2));
    let d = v
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "period.undated" && d.param("indicator") == Some("O.3.2"))
        .unwrap();
    assert!(message(d, Lang::En).contains("in the chosen period"));
}

/// A person counts at most once per indicator (SPEC §4): a yes in the
/// register's R.2.9 or R.1.5 column and positive evaluations too make one
/// person, counted in the period of the earlier of the two.
#[test]
fn a_yes_column_and_positive_evaluations_count_one_person_once() {
    let (anna, omar) = (pnr("19800101", 11), pnr("19850505", 12));
    let register = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3;R.2.9;R.1.5",
        // Anna: yes in both columns, her row in the second quarter.
        &format!("{anna};K;2025-04-10;X;Ja;Ja"),
        // Omar: no R.2.9 in the column; his evaluations decide.
        &format!("{omar};M;2025-04-12;X;;"),
    ]));
    let evaluations = excel_csv(&rows(&[
        "Personnummer;Datum;Indikator;Svar;Arbetsmarknad;Språk",
        // Anna's positive R.2.9 evaluation in the first quarter, and an R.1.5 one.
        &format!("{anna};2025-02-01;R.2.9;;X;X"),
        &format!("{anna};2025-05-01;R.1.5;Ja;;"),
        &format!("{omar};2025-05-02;R.2.9;;X;X"),
    ]));
    let mut quarterly = options();
    quarterly.rules.project_period =
        amif_check::options::parse_period("2025-01-01..2025-12-31").ok();
    quarterly.rules.periods = amif_check::rules::PeriodPlan::Every { months: 3 };
    quarterly.rules.individual_report = true;
    let v = validate(&register, &[("utvardering.csv", &evaluations)], &quarterly).unwrap();
    assert_eq!(v.outcome.summary.persons, 2);
    assert_eq!(total(&v, "R.2.9"), Some(2), "{:?}", findings(&v));
    assert_eq!(total(&v, "R.1.5"), Some(1));
    // Anna counts under R.2.9 in the first quarter (her evaluation), Omar in the second.
    let r29 = |quarter: usize| {
        v.outcome.periods[quarter]
            .indicators
            .iter()
            .find(|i| i.code == "R.2.9")
            .map(|i| i.total)
    };
    assert_eq!((r29(0), r29(1)), (Some(1), Some(1)));
    // The individual-level report lists each person once per indicator.
    let mut lines: Vec<(String, String)> = v
        .outcome
        .individuals
        .iter()
        .map(|r| (r.id.clone(), r.indicator.clone()))
        .collect();
    let count = lines.len();
    lines.sort();
    lines.dedup();
    assert_eq!(lines.len(), count);
    assert_eq!(count, 2 + 2 + 1);
}

/// An evaluation table answers for the indicator its answer column names
/// (`R.2.9`), never for R.1.5 by default; a column of another code is said
/// not to count there; and a finding about an indicator only the evaluation
/// table names points at that table.
#[test]
fn an_evaluation_answer_column_counts_for_the_indicator_it_names() {
    let anna = pnr("19800101", 11);
    let register = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3",
        &format!("{anna};K;2025-01-10;X"),
    ]));
    let evaluations = excel_csv(&rows(&[
        "Personnummer;Datum;R.2.9;O.2.99;R.2.10",
        &format!("{anna};2025-03-01;Ja;x;x"),
    ]));
    let mut with_action = options();
    with_action.rules.action = Some("2D1".into());
    let v = validate(
        &register,
        &[("utvardering.csv", &evaluations)],
        &with_action,
    )
    .unwrap();
    assert_eq!(total(&v, "R.2.9"), Some(1), "{:?}", findings(&v));
    assert_eq!(total(&v, "R.1.5"), None);
    assert!(!findings(&v).iter().any(|f| f.0 == "result.r29_missing"));
    let unknown: Vec<(Option<&str>, Option<&str>, Option<&str>)> = v
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "indicator.unknown")
        .map(|d| (d.sheet.as_deref(), d.param("indicator"), d.param("hint")))
        .collect();
    assert_eq!(
        unknown,
        vec![
            (Some("utvardering.csv"), Some("O.2.99"), None),
            (Some("utvardering.csv"), Some("R.2.10"), Some("other_table")),
        ]
    );
    assert!(!findings(&v).iter().any(|f| f.0 == "column.unknown"));
    // 2D1 does not list R.2.9: the warning names the evaluation file.
    let outside: Vec<_> = v
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "indicator.not_in_action")
        .map(|d| (d.param("indicator"), d.sheet.as_deref()))
        .collect();
    assert!(
        outside.contains(&(Some("R.2.9"), Some("utvardering.csv"))),
        "{outside:?}"
    );
}

/// Reporting periods with a gap between them: a first participation in the
/// gap counts in the whole but in no period, and the check says so.
#[test]
fn periods_with_a_gap_say_what_falls_outside_them() {
    let csv = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3;R.2.9",
        &format!("{};Kvinna;2025-02-10;X;Ja", pnr("19850314", 123)),
        &format!("{};Man;2025-05-01;X;", pnr("19700707", 345)),
        &format!("{};Man;2025-08-01;X;", pnr("19900101", 456)),
    ]));
    let mut gap = options();
    gap.rules.periods =
        amif_check::options::parse_periods("2025-01-01..2025-03-31,2025-07-01..2025-09-30")
            .unwrap();
    let v = validate(&csv, &[], &gap).unwrap();
    assert_eq!(total(&v, "O.2.3"), Some(3));
    let outside: Vec<_> = v
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "period.outside")
        .map(|d| d.param("indicator"))
        .collect();
    assert_eq!(outside, vec![Some("O.2.3 (1)")]);
    // Consecutive periods that hold every start date: nothing to say.
    let mut whole = options();
    whole.rules.periods =
        amif_check::options::parse_periods("2025-01-01..2025-06-30,2025-07-01..2025-12-31")
            .unwrap();
    let v = validate(&csv, &[], &whole).unwrap();
    assert!(!findings(&v).iter().any(|f| f.0 == "period.outside"));
}

/// Finland: only the authority column tells a local or regional authority.
/// Without it an organisation flagged O.2.7 counts no project, and the
/// check says why; a row whose own column says "no" but is flagged O.2.2 is
/// counted with a warning pointing at that column.
#[test]
fn finnish_organisations_without_or_against_the_authority_column_are_explained() {
    let register = excel_csv(&rows(&[
        "Henkilötunnus;Sukupuoli;Aloituspäivä;O.2.3",
        "131052-308T;Nainen;2025-01-10;X",
    ]));
    let finland = finland();
    let without = excel_csv(&rows(&[
        "Y-tunnus;Nimi;Rooli;O.2.7",
        "0112038-9;Kunta;Tuensaaja;X",
    ]));
    let v = validate(&register, &[("organisaatiot.csv", &without)], &finland).unwrap();
    assert_eq!(total(&v, "O.2.7"), Some(0));
    assert!(
        has(
            &v,
            "org.authority_unknown",
            Some("organisaatiot.csv"),
            Some(2)
        ),
        "{:?}",
        findings(&v)
    );
    let against = excel_csv(&rows(&[
        "Y-tunnus;Nimi;Rooli;Paikallis- tai alueviranomainen;O.2.2;O.2.7",
        "0112038-9;Kunta;Tuensaaja;Kyllä;;X",
        "2345678-0;Yhdistys;Kumppani;Ei;X;",
    ]));
    let v = validate(&register, &[("organisaatiot.csv", &against)], &finland).unwrap();
    assert_eq!((total(&v, "O.2.7"), total(&v, "O.2.2")), (Some(1), Some(1)));
    assert!(!findings(&v).iter().any(|f| f.0 == "org.authority_unknown"));
    let d = first(&v, "org.not_public").expect("org.not_public");
    assert_eq!(
        (d.row, d.column.as_deref(), d.param("hint")),
        (
            Some(3),
            Some("Paikallis- tai alueviranomainen"),
            Some("column_no")
        )
    );
}

/// A table of names under no indicator counts under O.2.4, as the
/// information packages and campaigns it most likely lists, and the check
/// says so: a staff list headed Namn is never counted in silence.
#[test]
fn items_under_no_indicator_are_said_to_count_under_o24() {
    let register = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3",
        &format!("{};K;2025-01-10;X", pnr("19800101", 11)),
    ]));
    let names = excel_csv(&rows(&["Namn;Antal", "Bärbar dator;3", "Broschyr;200"]));
    let v = validate(&register, &[("saker.csv", &names)], &options()).unwrap();
    assert_eq!((total(&v, "O.2.4"), total(&v, "O.3.2")), (Some(2), None));
    assert!(
        has(&v, "item.no_indicator", Some("saker.csv"), Some(1)),
        "{:?}",
        findings(&v)
    );
    // With an indicator's column: counted under it, nothing to say.
    let flagged = excel_csv(&rows(&["Namn;O.3.2", "Bärbar dator;X", "Skrivare;X"]));
    let v = validate(&register, &[("saker.csv", &flagged)], &options()).unwrap();
    assert_eq!((total(&v, "O.2.4"), total(&v, "O.3.2")), (None, Some(2)));
    assert!(!findings(&v).iter().any(|f| f.0 == "item.no_indicator"));
}

/// The forms an `id.format` message lists are those of the register's
/// country, in every language.
#[test]
fn id_format_lists_the_forms_of_the_registers_country() {
    let finnish = excel_csv(&rows(&[
        "Henkilötunnus;Sukupuoli;Aloituspäivä;O.2.3",
        "131052-308T;Nainen;2025-01-10;X",
        "13105-308;Mies;2025-01-10;X",
    ]));
    let finland = finland();
    let v = validate(&finnish, &[], &finland).unwrap();
    let d = first(&v, "id.format").unwrap();
    assert!(
        message(d, Lang::Sv).contains("i Finland: personbeteckning"),
        "{}",
        message(d, Lang::Sv)
    );
    assert!(!message(d, Lang::En).contains("LMA"));
    let swedish = excel_csv(&rows(&[
        "Personnummer;Kön;Startdatum;O.2.3",
        "12345;Man;2025-01-10;X",
    ]));
    let v = validate(&swedish, &[], &options()).unwrap();
    let d = first(&v, "id.format").unwrap();
    assert!(
        message(d, Lang::Fi).contains("Ruotsissa"),
        "{}",
        message(d, Lang::Fi)
    );
}
