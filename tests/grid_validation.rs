//! A register handed over as sheets of cells (what the Excel add-in reads
//! through Office.js) gives the same findings and aggregates as the saved
//! workbook: same header search, mapping, date handling and rules.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use amif_check::api::{self, Options, Register};
use amif_check::messages::Lang;
use amif_check::register::{GridSheet, GridValue, GridWorkbook, ReadOptions};
use amif_check::rules::RuleOptions;
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One cell of both copies: how it is written and how Office.js reports it.
#[derive(Clone)]
enum Value {
    Text(&'static str),
    Id(f64),
    Date(u16, u8, u8),
}

fn serial(y: u16, m: u8, d: u8) -> f64 {
    let date = NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).unwrap();
    (date - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

fn rows() -> Vec<Vec<Value>> {
    use Value::{Date, Id, Text};
    vec![
        vec![Text("Deltagarförteckning")],
        vec![],
        vec![
            Text("Personnummer"),
            Text("Kön"),
            Text("Startdatum"),
            Text("Slutdatum"),
            Text("O.2.3 Deltagare"),
            Text("O.2.3.1 Språkkurs"),
        ],
        vec![
            Id(199001011239.0),
            Text("K"),
            Date(2024, 1, 15),
            Date(2024, 3, 1),
            Text("X"),
            Text("X"),
        ],
        vec![
            Id(198112189876.0),
            Text("M"),
            Date(2024, 2, 1),
            Date(2024, 1, 1),
            Text("X"),
        ],
        vec![
            Id(198112189875.0),
            Text("K"),
            Date(2024, 2, 1),
            Text(""),
            Text("X"),
        ],
        vec![
            Id(200005051230.0),
            Text("Q"),
            Date(2030, 2, 1),
            Text(""),
            Text("X"),
            Text("nej"),
        ],
        vec![
            Text("ANNSAN19990801"),
            Text("Kvinna"),
            Text("2024-05-05"),
            Text(""),
            Text("X"),
        ],
    ]
}

fn xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Deltagare").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let id = Format::new().set_num_format("0");
    for (r, row) in rows().iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match value {
                Value::Text(text) => sheet.write_string(r, c, *text).map(|_| ()),
                Value::Id(n) => sheet.write_number_with_format(r, c, *n, &id).map(|_| ()),
                Value::Date(y, m, d) => {
                    let when = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &when, &date)
                        .map(|_| ())
                }
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn grid() -> GridWorkbook {
    let (values, number_formats) = rows()
        .iter()
        .map(|row| {
            row.iter()
                .map(|value| match value {
                    Value::Text(text) => (GridValue::Text(text.to_string()), "General".to_string()),
                    Value::Id(n) => (GridValue::Number(*n), "0".to_string()),
                    Value::Date(y, m, d) => (
                        GridValue::Number(serial(*y, *m, *d)),
                        "yyyy-mm-dd".to_string(),
                    ),
                })
                .unzip::<_, _, Vec<_>, Vec<_>>()
        })
        .unzip();
    GridWorkbook {
        sheets: vec![GridSheet {
            name: "Deltagare".into(),
            top: 0,
            left: 0,
            values,
            number_formats,
        }],
        date_1904: false,
    }
}

#[test]
fn grid_and_file_give_the_same_outcome() {
    let options = Options {
        rules: RuleOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        read: ReadOptions::default(),
        lang: Lang::Sv,
    };
    let bytes = xlsx();
    let from_file = api::validate(&bytes, &[], &options).unwrap();
    let book = grid();
    let from_grid =
        api::validate_source(Register::Grid(&book), &[], &options, &mut |_| {}).unwrap();

    assert_eq!(from_grid.outcome.diagnostics, from_file.outcome.diagnostics);
    assert_eq!(from_grid.aggregates(), from_file.aggregates());
    assert_eq!(from_grid.table.header, from_file.table.header);
    // The register has findings of several kinds, so the comparison says something.
    let codes: std::collections::BTreeSet<&str> = from_grid
        .outcome
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    for code in [
        "id.checksum",
        "gender.invalid",
        "date.end_before_start",
        "date.future",
    ] {
        assert!(codes.contains(code), "{code} in {codes:?}");
    }
    assert!(from_grid
        .aggregates()
        .indicators
        .iter()
        .any(|i| i.total > 0));
}
