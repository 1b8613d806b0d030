//! `amif-check check` and `report` on real files. The expected figures for
//! `tests/fixtures/messy_register.csv` were worked out by hand from SPEC.md
//! (see the comment on each row in `make_messy_register.py`), not by running
//! the tool.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REFERENCE: &str = "2026-11-22";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn amif(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amif-check"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn report(file: &Path, extra: &[&str]) -> (Value, i32) {
    let path = file.to_str().expect("utf-8 path");
    let mut args = vec!["report", path, "--reference-date", REFERENCE];
    args.extend_from_slice(extra);
    let out = amif(&args);
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (json, out.status.code().unwrap_or(-1))
}

fn indicator<'a>(aggregates: &'a Value, code: &str) -> &'a Value {
    aggregates["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing"))
}

/// The nine cells `<18, 18-60, >60` × `man, kvinna, icke-binär`.
fn cells(aggregates: &Value, code: &str) -> Vec<u64> {
    let breakdown = &indicator(aggregates, code)["breakdown"];
    ["<18", "18-60", ">60"]
        .iter()
        .flat_map(|age| {
            ["man", "kvinna", "icke-binär"]
                .iter()
                .map(move |g| breakdown[age][g].as_u64().expect("a count"))
        })
        .collect()
}

#[test]
fn report_on_the_messy_register_matches_the_hand_count() {
    let (a, code) = report(&fixture("messy_register.csv"), &[]);
    assert_eq!(code, 1, "the register has errors");
    assert_eq!(a["schema_version"], 1);
    assert_eq!(a["tool"]["name"], "amif-check");
    assert_eq!(a["reference_date"], REFERENCE);
    assert_eq!(a["period"], Value::Null);
    let s = &a["summary"];
    assert_eq!(s["rows"], 16);
    assert_eq!(s["rows_counted"], 8);
    assert_eq!(s["persons"], 7);
    assert_eq!(s["errors"], 8);

    assert_eq!(indicator(&a, "O.2.3")["total"], 7);
    assert_eq!(indicator(&a, "O.2.3")["unit"], "participants");
    assert_eq!(cells(&a, "O.2.3"), [0, 1, 0, 1, 3, 0, 1, 0, 1]);
    assert_eq!(cells(&a, "O.2.3.1"), [0, 0, 0, 1, 1, 0, 0, 0, 0]);
    assert_eq!(cells(&a, "R.2.9"), [0, 0, 0, 1, 0, 0, 0, 0, 0]);
}

#[test]
fn check_lists_every_error_by_row_and_code() {
    let path = fixture("messy_register.csv");
    let out = amif(&[
        "check",
        path.to_str().expect("path"),
        "--reference-date",
        REFERENCE,
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let mut errors: Vec<(u64, String)> = list
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["row"].as_u64().expect("row"),
                d["code"].as_str().expect("code").to_string(),
            )
        })
        .collect();
    errors.sort();
    let expected: Vec<(u64, String)> = [
        (7, "id.checksum"),
        (12, "citizenship.eu"),
        (13, "person.conflict"),
        (14, "person.conflict"),
        (15, "date.future"),
        (16, "gender.invalid"),
        (18, "date.end_before_start"),
        (19, "indicator.value"),
    ]
    .iter()
    .map(|(r, c)| (*r, c.to_string()))
    .collect();
    assert_eq!(errors, expected);

    let has = |code: &str, row: Option<u64>| {
        list.iter()
            .any(|d| d["code"] == code && d["row"].as_u64() == row)
    };
    assert!(has("indicator.parent_implied", Some(10)));
    assert!(has("birthdate.implausible", Some(17)));
    assert!(has("id.mixed_methods", None));
    assert!(has("column.unknown", Some(4)));
    // Columns are named as the user wrote them.
    let checksum = list
        .iter()
        .find(|d| d["code"] == "id.checksum")
        .expect("found");
    assert_eq!(checksum["column"], "Personnummer");
    assert!(checksum["message"]
        .as_str()
        .expect("text")
        .contains("check digit"));
}

#[test]
fn no_output_holds_an_identifier_or_a_name() {
    let path = fixture("messy_register.csv");
    let path = path.to_str().expect("path");
    let mut printed = String::new();
    for args in [
        vec!["check", path, "--format", "text"],
        vec!["check", path, "--format", "json"],
        vec!["check", path, "--format", "csv"],
        vec!["report", path, "--format", "json"],
        vec!["report", path, "--format", "csv"],
    ] {
        let mut args = args.clone();
        args.extend(["--reference-date", REFERENCE]);
        let out = amif(&args);
        printed.push_str(&String::from_utf8_lossy(&out.stdout));
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    for secret in [
        "811218",
        "8112189876",
        "198112189876",
        "12-345678",
        "12345678",
        "ANNSAN",
        "Omar",
        "Haddad",
        "Sandberg",
        "1999-08-01",
        "1990-05-05",
        "onerror",
    ] {
        assert!(!printed.contains(secret), "{secret} leaked");
    }
    // A data row chosen as the header row, and a column choice naming one of
    // its cells: the findings name columns by letter, the choices are not repeated.
    let dir = std::env::temp_dir().join(format!("amif-datahead-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("lma.csv");
    std::fs::write(
        &file,
        "LMA-nummer;Förnamn;Efternamn;Födelsedatum;Kön;Startdatum;O.2.3\r\n\
         12-345678;Fatima;Rahimi;1990-01-15;Kvinna;2025-01-10;X\r\n\
         12-345679;Omar;Ali;1985-03-01;Man;2025-01-12;X\r\n",
    )
    .expect("write");
    let mut printed = String::new();
    for (format, row) in [("text", "2"), ("json", "2"), ("csv", "2"), ("text", "")] {
        // The row by its number, or found by the choice naming its cell.
        let mut args = vec![
            "check",
            file.to_str().expect("path"),
            "--map",
            "ID=12-345678",
            "--format",
            format,
        ];
        if !row.is_empty() {
            args.extend(["--header-row", row]);
        }
        let out = amif(&args);
        printed.push_str(&String::from_utf8_lossy(&out.stdout));
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    for secret in ["12-345678", "Fatima", "Rahimi", "1990-01-15"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
    // A register's own header with six digits in it keeps its name.
    std::fs::write(
        &file,
        "Personnummer;Kön;Startdatum;O.2.3;Närvaro 202401\r\n198112189876;Kvinna;2024-01-10;X;3\r\n",
    )
    .expect("write");
    let out = amif(&["check", file.to_str().expect("path"), "--format", "json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"column\": \"Närvaro 202401\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_report_is_swedish_by_default_and_translated_on_request() {
    let path = fixture("messy_register.csv");
    let path = path.to_str().expect("path");
    let text = |lang: &str| {
        let out = amif(&["check", path, "--reference-date", REFERENCE, "--lang", lang]);
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let sv = text("sv");
    assert!(
        sv.starts_with("16 rader lästa, 8 räknade, 8 utelämnade"),
        "{sv}"
    );
    assert!(sv.contains("rad 7, kolumn Personnummer"));
    assert!(text("en").starts_with("16 rows read, 8 counted, 8 left out"));
    assert!(text("fi").contains("riviä luettu"));
}

#[test]
fn reporting_periods_add_up_to_the_whole() {
    let path = fixture("messy_register.csv");
    let (whole, _) = report(&path, &[]);
    let (first, _) = report(&path, &["--period", "2000-01-01..2024-02-29"]);
    let (second, _) = report(&path, &["--period", "2024-03-01..2026-11-22"]);
    assert_eq!(first["period"]["from"], "2000-01-01");
    for code in ["O.2.3", "O.2.3.1", "R.2.9"] {
        let sum: Vec<u64> = cells(&first, code)
            .iter()
            .zip(cells(&second, code))
            .map(|(a, b)| a + b)
            .collect();
        assert_eq!(sum, cells(&whole, code), "{code}");
    }
    // Person A starts 2024-01-10 (O.2.3) and first takes a course 2024-03-01 (O.2.3.1).
    assert_eq!(cells(&first, "O.2.3.1")[3], 0);
    assert_eq!(cells(&second, "O.2.3.1")[3], 1);
    // The summary always describes the whole register.
    assert_eq!(first["summary"], whole["summary"]);
}

#[test]
fn individual_report_only_on_request() {
    let dir = std::env::temp_dir().join(format!("amif-individual-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out_file = dir.join("individer.csv");
    let path = fixture("messy_register.csv");
    let (_, code) = report(
        &path,
        &["--individual-report", out_file.to_str().expect("path")],
    );
    assert_eq!(code, 1);
    let csv = std::fs::read_to_string(&out_file).expect("written");
    assert!(csv.starts_with("\u{feff}ID;Ålderskategori;Kön;Indikator\r\n"));
    assert!(csv.contains("198112189876;18-60;man;O.2.3\r\n"));
    assert!(csv.contains("12345678;18-60;kvinna;O.2.3.1\r\n"));
    assert_eq!(csv.lines().count(), 1 + 7 + 2 + 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unusable_input_exits_2_with_one_line() {
    let dir = std::env::temp_dir().join(format!("amif-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases: [(&str, &[u8]); 3] = [
        ("random.xlsx", b"PK\x03\x04 this is not really a zip"),
        ("empty.csv", b""),
        ("noheader.csv", b"a;b;c\r\n1;2;3\r\n"),
    ];
    for (name, bytes) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).expect("write");
        let out = amif(&["report", file.to_str().expect("path"), "--lang", "en"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}");
    }
    let out = amif(&["report", "/no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let out = amif(&["report", "x.csv", "--period", "2024-05-01..2024-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    // A header row past the last row is no header there; the file is not "empty".
    let short = dir.join("short.csv");
    std::fs::write(&short, "Personnummer;Kön\r\n1;2\r\n").expect("write");
    let out = amif(&[
        "check",
        short.to_str().expect("path"),
        "--header-row",
        "5",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Row 5") && !err.contains("empty"), "{err}");
    // An action the catalogue does not have would check nothing: refused, naming the known ones.
    let sample = fixture("register.xlsx");
    let out = amif(&["check", sample.to_str().expect("path"), "--action", "9Z9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown action 9Z9") && err.contains("2D5"),
        "{err}"
    );
    let out = amif(&["check", sample.to_str().expect("path"), "--action", " 2d5 "]);
    assert_ne!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

/// `(row, code, column)` of every diagnostic `check` prints for a file.
fn findings(file: &Path) -> Vec<(u64, String, String)> {
    let out = amif(&[
        "check",
        file.to_str().expect("path"),
        "--reference-date",
        REFERENCE,
        "--format",
        "json",
    ]);
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let mut found: Vec<_> = list
        .iter()
        .map(|d| {
            (
                d["row"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
                d["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_same_register_gives_the_same_results_in_every_format() {
    // The xlsx, ods and xls were saved by LibreOffice from the cp1252 CSV
    // (see tests/fixtures/README.md): 12-digit IDs became numbers, dates date cells.
    // Only the stamp differs: each file is itself, and a workbook has a sheet.
    let unstamped = |mut aggregates: Value| {
        aggregates["stamp"]["register"] = Value::Null;
        aggregates["stamp"]["sheet"] = Value::Null;
        aggregates
    };
    let csv = fixture("messy_register.csv");
    let (expected, _) = report(&csv, &[]);
    let expected = unstamped(expected);
    let expected_findings = findings(&csv);
    for name in [
        "messy_register.xlsx",
        "messy_register.ods",
        "messy_register.xls",
    ] {
        let (got, code) = report(&fixture(name), &[]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(unstamped(got), expected, "{name}");
        assert_eq!(findings(&fixture(name)), expected_findings, "{name}");
    }
}

fn run_text(args: &[&str]) -> (String, i32) {
    let out = amif(args);
    (
        String::from_utf8(out.stdout).expect("utf-8 output"),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn aggregates_carry_a_stamp_that_names_the_file_and_every_option() {
    let file = fixture("messy_register.xlsx");
    let (a, _) = report(
        &file,
        &[
            "--map",
            "Kön=Kön",
            // As the help writes it: a value starting with '-'.
            "--map",
            "-=Anteckning",
            "--project-period",
            "2024-01-01..2025-12-31",
            "--action",
            "2D5",
        ],
    );
    let stamp = &a["stamp"];
    assert_eq!(stamp["options"]["mapping"]["Anteckning"], "-");
    // `sha256sum tests/fixtures/messy_register.xlsx` and its size.
    let bytes = std::fs::read(&file).expect("fixture");
    assert_eq!(stamp["register"]["bytes"], bytes.len() as u64);
    let hex = stamp["register"]["sha256"].as_str().expect("hex");
    assert_eq!(hex.len(), 64);
    assert!(hex
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(stamp["sheet"], "messy_register");
    assert_eq!(stamp["catalogue_version"], "2026-12-02");
    let options = &stamp["options"];
    assert_eq!(options["reference_date"], REFERENCE);
    assert_eq!(options["project_period"]["from"], "2024-01-01");
    assert_eq!(options["action"], "2D5");
    assert_eq!(options["country"], Value::Null);
    assert_eq!(options["mapping"]["Kön"], "gender");
    assert_eq!(a["mapping"]["Kön"], "gender");
    // The same file gives the same stamp; another file another.
    let (again, _) = report(
        &file,
        &[
            "--map",
            "Kön=Kön",
            "--map",
            "-=Anteckning",
            "--project-period",
            "2024-01-01..2025-12-31",
            "--action",
            "2D5",
        ],
    );
    assert_eq!(again["stamp"], a["stamp"]);
    let (other, _) = report(&fixture("messy_register.ods"), &[]);
    assert_ne!(
        other["stamp"]["register"]["sha256"],
        stamp["register"]["sha256"]
    );
}

#[test]
fn aggregates_csv_in_the_users_language_with_its_stamp() {
    let path = fixture("messy_register.csv");
    let path = path.to_str().expect("path");
    for (lang, header, unit, stamp) in [
        (
            "sv",
            "Indikator;Namn;Enhet;Totalt;<18 Man;<18 Kvinna;<18 Icke-binär",
            "deltagare",
            "Registerfil (SHA-256)",
        ),
        (
            "en",
            "Indicator;Name;Unit;Total;<18 Man;<18 Woman;<18 Non-binary",
            "participants",
            "Register file (SHA-256)",
        ),
        (
            "fi",
            "Indikaattori;Nimi;Yksikkö;Yhteensä;<18 Mies;<18 Nainen;<18 Muu",
            "osallistujat",
            "Rekisteritiedosto (SHA-256)",
        ),
    ] {
        let (text, _) = run_text(&[
            "report",
            path,
            "--reference-date",
            REFERENCE,
            "--format",
            "csv",
            "--lang",
            lang,
        ]);
        let text = text.trim_start_matches('\u{feff}');
        assert!(text.starts_with(header), "{lang}: {text}");
        assert!(text.contains(&format!(";{unit};")), "{lang}: {text}");
        assert!(text.contains(stamp), "{lang}: {text}");
        // Rectangular: every line has the header's 13 cells.
        assert!(
            text.lines().all(|line| line.split(';').count() == 13),
            "{lang}: {text}"
        );
    }
}

#[test]
fn a_chosen_header_row_and_the_mapping_in_the_summary_line() {
    let path = fixture("messy_register.csv");
    let path = path.to_str().expect("path");
    // The header is on row 4; choosing row 5 (a data row) finds no ID column.
    let out = amif(&[
        "check",
        path,
        "--reference-date",
        REFERENCE,
        "--header-row",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Rad 5"), "{stderr}");
    // The header row chosen where it is: every row below it is read.
    let (a, _) = report(Path::new(path), &["--header-row", "4"]);
    assert_eq!(a["summary"]["rows"], 16);
    assert_eq!(a["stamp"]["options"]["header_row"], 4);
    // The text output says which columns the user chose.
    let (text, _) = run_text(&[
        "check",
        path,
        "--reference-date",
        REFERENCE,
        "--map",
        "Kön=Kön",
        "--lang",
        "en",
    ]);
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("Your column choices: Kön = Kön")),
        "{text}"
    );
}

#[test]
fn the_problem_list_names_the_sheet_of_a_workbook() {
    let path = fixture("messy_register.xlsx");
    let (text, _) = run_text(&[
        "check",
        path.to_str().expect("path"),
        "--reference-date",
        REFERENCE,
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].ends_with(";Blad"), "{}", lines[0]);
    // Every finding on a row names the participant sheet.
    assert!(
        lines
            .iter()
            .skip(1)
            .filter(|l| !l.starts_with(';'))
            .all(|l| l.ends_with(";messy_register")),
        "{text}"
    );
}

#[test]
fn check_writes_the_register_marked() {
    let dir = std::env::temp_dir().join(format!("amif-marked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // An XLSX register: its own workbook, every sheet kept, a check sheet added.
    let own = dir.join("own.xlsx");
    let input = fixture("marking.xlsx");
    let out = amif(&[
        "check",
        input.to_str().expect("path"),
        "--reference-date",
        REFERENCE,
        "--marked",
        own.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let names = |path: &Path| {
        use calamine::Reader;
        calamine::open_workbook_auto(path)
            .expect("a workbook")
            .sheet_names()
    };
    assert_eq!(
        names(&own),
        ["Deltagare", "Utvärderingar", "Budget", "Kontroll"]
    );
    // A CSV register: a new workbook, the list first.
    let new = dir.join("new.xlsx");
    let input = fixture("messy_register.csv");
    amif(&[
        "check",
        input.to_str().expect("path"),
        "--reference-date",
        REFERENCE,
        "--lang",
        "en",
        "--marked",
        new.to_str().expect("path"),
    ]);
    assert_eq!(names(&new), ["Check", "Participants"]);
    // Marked copies are read back as the same register.
    for path in [&own, &new] {
        let out = amif(&[
            "check",
            path.to_str().expect("path"),
            "--reference-date",
            REFERENCE,
            "--format",
            "json",
        ]);
        let list: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
        assert!(
            list.iter().all(|d| d["code"] != "header.not_found"),
            "{path:?}"
        );
    }
    // A macro workbook's marked copy must be named .xlsm: refused otherwise,
    // after the findings, which are printed all the same.
    let macros = dir.join("makron.xlsm");
    std::fs::copy(fixture("marking.xlsx"), &macros).expect("copy");
    let marked = |name: &str| {
        amif(&[
            "check",
            macros.to_str().expect("path"),
            "--reference-date",
            REFERENCE,
            "--lang",
            "en",
            "--marked",
            dir.join(name).to_str().expect("path"),
        ])
    };
    let refused = marked("makron-marked.xlsx");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("ending in .xlsm"));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("errors"));
    assert!(!dir.join("makron-marked.xlsx").exists());
    assert_eq!(marked("makron-marked.xlsm").status.code(), Some(1));
    assert!(dir.join("makron-marked.xlsm").exists());
    // Never over the register itself, however the path is written; and a
    // plain workbook's copy is named .xlsx.
    let before = std::fs::read(&macros).expect("register");
    for name in ["makron.xlsm", "./makron.xlsm", "../{dir}/makron.xlsm"] {
        let name = name.replace(
            "{dir}",
            dir.file_name().and_then(|n| n.to_str()).expect("dir"),
        );
        let refused = marked(&name);
        assert_eq!(refused.status.code(), Some(2), "{name}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("replace the register itself"));
    }
    assert_eq!(std::fs::read(&macros).expect("register"), before);
    let plain = dir.join("plain.csv");
    std::fs::copy(fixture("messy_register.csv"), &plain).expect("copy");
    for name in ["plain.csv", "marked.csv", "marked", "marked.xlsm"] {
        let out = amif(&[
            "check",
            plain.to_str().expect("path"),
            "--marked",
            dir.join(name).to_str().expect("path"),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
    }
    assert_eq!(
        std::fs::read(&plain).expect("register"),
        std::fs::read(fixture("messy_register.csv")).expect("fixture")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn template_writes_a_register_that_starts_right() {
    let dir = std::env::temp_dir().join(format!("amif-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("mall.xlsx");
    let path = out.to_str().expect("path");
    let done = amif(&[
        "template",
        "--country",
        "se",
        "--indicators",
        "O.2.3,O.2.3.1,R.2.9,O.2.2",
        "--lang",
        "sv",
        path,
    ]);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let names = {
        use calamine::Reader;
        calamine::open_workbook_auto(&out)
            .expect("a workbook")
            .sheet_names()
    };
    assert_eq!(
        names,
        [
            "Deltagare",
            "Utvärderingar",
            "Organisationer",
            "Instruktioner"
        ]
    );
    // Checked as it is: only that no participant rows are there yet.
    let (text, _) = run_text(&[
        "check",
        path,
        "--country",
        "se",
        "--reference-date",
        REFERENCE,
        "--format",
        "json",
    ]);
    let list: Vec<Value> = serde_json::from_str(&text).expect("json");
    assert_eq!(
        list.iter()
            .map(|d| d["code"].as_str().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["register.empty"]
    );
    // An unknown action is bad usage.
    let refused = amif(&["template", "--country", "fi", "--action", "9Z9", path]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("9Z9"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_recounts_the_stamped_figures() {
    let dir = std::env::temp_dir().join(format!("amif-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let register = fixture("messy_register.xlsx");
    let register = register.to_str().expect("path");
    let written = dir.join("aggregates.json");
    let (text, _) = run_text(&[
        "report",
        register,
        "--reference-date",
        REFERENCE,
        "--map",
        "Kön=Kön",
        "--project-period",
        "2024-01-01..2026-12-31",
    ]);
    std::fs::write(&written, &text).expect("write");
    let path = written.to_str().expect("path");
    let verify = |args: &[&str]| {
        let mut all = vec!["verify"];
        all.extend_from_slice(args);
        let out = amif(&all);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    // The same file and options: they match, whatever the current date.
    let (code, text) = verify(&[register, path, "--lang", "en"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("The figures match"), "{text}");
    // Another file: not the stamped one.
    let other = fixture("messy_register.ods");
    let (code, text) = verify(&[other.to_str().expect("path"), path, "--lang", "en"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("not the stamped register file"), "{text}");
    // A figure changed after the fact: listed.
    let mut changed: Value = serde_json::from_str(&text_of(&written)).expect("json");
    changed["indicators"][0]["total"] = Value::from(8);
    let changed_path = dir.join("changed.json");
    std::fs::write(&changed_path, changed.to_string()).expect("write");
    let (code, text) = verify(&[
        register,
        changed_path.to_str().expect("path"),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("O.2.3: stamped 8, now 7"), "{text}");
    // No part of the file may change and still pass: an indicator listed
    // twice (the second with another figure), what the file says it
    // counted, a period's figure.
    let tampered = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut file: Value = serde_json::from_str(&text_of(&written)).expect("json");
        change(&mut file);
        let path = dir.join(name);
        std::fs::write(&path, file.to_string()).expect("write");
        verify(&[register, path.to_str().expect("path"), "--lang", "en"])
    };
    let (code, text) = tampered("twice.json", &|f| {
        let mut copy = f["indicators"][0].clone();
        copy["total"] = Value::from(99);
        f["indicators"].as_array_mut().expect("list").push(copy);
    });
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("O.2.3: is listed more than once"), "{text}");
    for (field, value) in [
        (
            "period",
            serde_json::json!({"from": "2024-01-01", "to": "2024-03-31"}),
        ),
        ("country", Value::from("fi")),
        ("reference_date", Value::from("2026-01-01")),
        ("mapping", serde_json::json!({})),
        ("schema_version", Value::from(2)),
    ] {
        let (code, text) = tampered("field.json", &|f| f[field] = value.clone());
        assert_eq!(code, 1, "{field}: {text}");
        assert!(text.contains(&format!("{field}: the file says")), "{text}");
    }
    let (code, text) = tampered("summary.json", &|f| {
        f["summary"]["persons"] = Value::from(70)
    });
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("summary.persons: stamped 70, now 7"),
        "{text}"
    );
    // A stamp naming a sheet the file does not have cannot be verified.
    let (code, text) = tampered("sheet.json", &|f| {
        f["stamp"]["sheet"] = Value::from("Annat")
    });
    assert_eq!(code, 2, "{text}");
    // A file written before stamps existed cannot be verified.
    let mut old: Value = serde_json::from_str(&text_of(&written)).expect("json");
    old.as_object_mut().expect("object").remove("stamp");
    let old_path = dir.join("old.json");
    std::fs::write(&old_path, old.to_string()).expect("write");
    let (code, text) = verify(&[register, old_path.to_str().expect("path"), "--lang", "en"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("no stamp"), "{text}");
    // An "aggregates file" of many megabytes is refused before it is read,
    // here and as an earlier report.
    let huge = dir.join("huge.json");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(17 << 20))
        .expect("sparse file");
    let huge = huge.to_str().expect("path");
    let (code, text) = verify(&[register, huge, "--lang", "en"]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("huge.json") && text.contains("too large"),
        "{text}"
    );
    let out = amif(&["report", register, "--previous", huge, "--lang", "en"]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("too large"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn text_of(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

/// `report --previous` on two quarters of one register (fixtures
/// quarter1.csv, quarter2.csv; see the fixtures' README for who is who).
#[test]
fn what_changed_since_the_last_report() {
    let dir = std::env::temp_dir().join(format!("amif-previous-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (q1, q2) = (fixture("quarter1.csv"), fixture("quarter2.csv"));
    let (q1, q2) = (q1.to_str().expect("path"), q2.to_str().expect("path"));
    let project = [
        "--project-period",
        "2025-01-01..2025-12-31",
        "--periods",
        "quarterly",
    ];
    let mut args = vec!["report", q1, "--reference-date", "2025-04-05"];
    args.extend(project);
    let (first, _) = run_text(&args);
    let old = dir.join("q1.json");
    std::fs::write(&old, &first).expect("write");
    let old = old.to_str().expect("path");
    let compare = |extra: &[&str]| -> Value {
        let mut args = vec!["report", q2, "--reference-date", "2025-07-05"];
        args.extend(project);
        args.extend_from_slice(extra);
        let (text, _) = run_text(&args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    let change = |c: &Value, from: &str, code: &str| -> Value {
        c["periods"]
            .as_array()
            .expect("periods")
            .iter()
            .find(|p| p["from"] == from)
            .and_then(|p| {
                p["indicators"]
                    .as_array()?
                    .iter()
                    .find(|i| i["code"] == code)
                    .cloned()
            })
            .unwrap_or(Value::Null)
    };
    let now = compare(&["--previous", old, "--previous-register", q1]);
    // Counts only: no identifier of either register, nor a name, in the output.
    let written = now.to_string();
    for register in [q1, q2] {
        let bytes = std::fs::read(register).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        for id in text.lines().filter_map(|l| l.split(';').next()) {
            let digits: String = id.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 8 {
                assert!(
                    !written.contains(&digits[digits.len() - 8..]),
                    "an identifier in the output"
                );
            }
        }
    }
    let c = &now["comparison"];
    assert_eq!(c["problem"], Value::Null);
    assert_eq!(c["reasons_known"], true);
    // Q1: 5 then (A, B, C, E, G; D's gender was wrong); now 7: D fixed and
    // F registered late count (2), E's date is now wrong (1 out), H's new
    // earlier row brings H from Q2 (1 in), G's birth date was corrected (age).
    let q1_o23 = change(c, "2025-01-01", "O.2.3");
    assert_eq!(
        (q1_o23["then"].as_u64(), q1_o23["now"].as_u64()),
        (Some(5), Some(7))
    );
    assert_eq!(q1_o23["difference"], 2);
    let r = &q1_o23["reasons"];
    assert_eq!(
        [
            &r["now_counted"],
            &r["no_longer_counted"],
            &r["from_later_period"],
            &r["age_category_changed"]
        ],
        [2, 1, 1, 1]
    );
    // Q2: H left for Q1, I is new.
    let q2_o23 = change(c, "2025-04-01", "O.2.3");
    assert_eq!(
        (q2_o23["then"].as_u64(), q2_o23["now"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (
            &q2_o23["reasons"]["to_earlier_period"],
            &q2_o23["reasons"]["now_counted"]
        ),
        (&Value::from(1), &Value::from(1))
    );
    // Without the earlier register: the differences, no reasons.
    let counts_only = compare(&["--previous", old]);
    let c = &counts_only["comparison"];
    assert_eq!(c["reasons_known"], false);
    assert_eq!(change(c, "2025-01-01", "O.2.3")["reasons"], Value::Null);
    assert_eq!(change(c, "2025-01-01", "O.2.3")["difference"], 2);
    // The earlier register must be the stamped one.
    let wrong = compare(&["--previous", old, "--previous-register", q2]);
    assert_eq!(
        wrong["comparison"]["problem"],
        "previous_register_not_stamped"
    );
    // Bad earlier files: a problem, and this run's figures all the same.
    for (content, problem) in [
        ("{not json", "not_json"),
        (
            r#"{"tool": {"name": "other"}, "schema_version": 1}"#,
            "other_tool",
        ),
        (
            &first.replace("\"schema_version\": 1", "\"schema_version\": 9") as &str,
            "other_schema",
        ),
        (
            // A period whose date does not exist: not a file of ours.
            &first.replacen("\"from\": \"2025-04-01\"", "\"from\": \"2025-04-31\"", 1) as &str,
            "other_schema",
        ),
        (
            &first.replace("\"country\": \"se\"", "\"country\": \"fi\"") as &str,
            "other_country",
        ),
        (
            &first.replace("2025-12-31\"\n", "2026-12-31\"\n") as &str,
            "other_project_period",
        ),
    ] {
        let path = dir.join("bad.json");
        std::fs::write(&path, content).expect("write");
        let got = compare(&["--previous", path.to_str().expect("path")]);
        assert_eq!(got["comparison"]["problem"], problem, "{problem}");
        assert_eq!(got["summary"]["rows"], 11, "{problem}: the figures stand");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
