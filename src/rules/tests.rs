//! One focused register per rule of SPEC §4, fed to the sinks directly.

use super::*;
use crate::diagnostic::Severity;
use crate::ids::checksum::luhn_check_digit;
use crate::register::{Cell, Column, Field, HeaderMap, Row, RowSink};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A valid 12-digit personnummer for a birth date `YYYYMMDD` and serial.
fn pnr(birth: &str, serial: u32) -> String {
    let body = format!("{}{serial:03}", &birth[2..]);
    format!(
        "{}{body}{}",
        &birth[..2],
        char::from(luhn_check_digit(body.as_bytes()))
    )
}

struct Table {
    header: HeaderMap,
    rows: Vec<Row>,
}

fn table(columns: &[(&str, Field)], rows: &[&[&str]]) -> Table {
    let header = HeaderMap {
        row: 1,
        columns: columns
            .iter()
            .enumerate()
            .map(|(index, (header, field))| Column {
                index,
                header: header.to_string(),
                field: Some(field.clone()),
            })
            .collect(),
    };
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| Row {
            number: i as u32 + 2,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        })
        .collect();
    Table { header, rows }
}

fn standard(rows: &[&[&str]]) -> Table {
    table(
        &[
            ("Personnummer", Field::Id),
            ("Kön", Field::Gender),
            ("Startdatum", Field::StartDate),
            ("O.2.3", Field::Indicator("O.2.3".into())),
            ("O.2.3.1", Field::Indicator("O.2.3.1".into())),
            ("Medborgarskap", Field::Citizenship),
        ],
        rows,
    )
}

fn options() -> RuleOptions {
    RuleOptions::new(date("2026-11-22"))
}

fn run_with(options: &RuleOptions, t: Table) -> Outcome {
    let mut sink = ParticipantSink::new(options);
    sink.header(&t.header);
    for row in t.rows {
        sink.row(&row);
    }
    finish(options, sink, None, None, None)
}

fn run(t: Table) -> Outcome {
    run_with(&options(), t)
}

fn count(outcome: &Outcome, code: &str) -> u32 {
    outcome
        .indicators
        .iter()
        .find(|i| i.code == code)
        .map_or(0, |i| i.total)
}

fn cell(outcome: &Outcome, code: &str, age: AgeCategory, gender: Gender) -> u32 {
    outcome
        .indicators
        .iter()
        .find(|i| i.code == code)
        .and_then(|i| i.breakdown)
        .map_or(0, |b| b.get(age, gender))
}

fn codes_at(outcome: &Outcome, row: u32) -> Vec<&'static str> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.row == Some(row))
        .map(|d| d.code)
        .collect()
}

fn errors(outcome: &Outcome) -> Vec<(Option<u32>, &'static str)> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.row, d.code))
        .collect()
}

use crate::register::values::Gender;

#[test]
fn age_category_boundaries_on_first_registration() {
    let a = pnr("20060315", 1);
    let b = pnr("20060315", 2);
    let c = pnr("19640101", 3);
    let d = pnr("19631231", 4);
    let o = run(standard(&[
        &[&a, "K", "2024-03-14", "x", "", "SY"],
        &[&b, "K", "2024-03-15", "x", "", "SY"],
        &[&c, "M", "2024-12-31", "x", "", "SY"],
        &[&d, "M", "2024-12-31", "x", "", "SY"],
    ]));
    assert_eq!(errors(&o), vec![]);
    assert_eq!(cell(&o, "O.2.3", AgeCategory::Under18, Gender::Kvinna), 1);
    assert_eq!(
        cell(&o, "O.2.3", AgeCategory::From18To60, Gender::Kvinna),
        1
    );
    assert_eq!(cell(&o, "O.2.3", AgeCategory::From18To60, Gender::Man), 1);
    assert_eq!(cell(&o, "O.2.3", AgeCategory::Over60, Gender::Man), 1);
}

#[test]
fn leap_day_birthday_passes_on_first_of_march() {
    let a = pnr("20040229", 1);
    let b = pnr("20040229", 2);
    let o = run(standard(&[
        &[&a, "X", "2022-02-28", "ja", "", ""],
        &[&b, "X", "2022-03-01", "ja", "", ""],
    ]));
    assert_eq!(
        cell(&o, "O.2.3", AgeCategory::Under18, Gender::IckeBinar),
        1
    );
    assert_eq!(
        cell(&o, "O.2.3", AgeCategory::From18To60, Gender::IckeBinar),
        1
    );
}

#[test]
fn age_is_fixed_at_first_registration_and_counted_once() {
    let a = pnr("20060601", 1);
    // Turns 18 between the rows: stays <18, counted once.
    let t = standard(&[
        &[&a, "K", "2024-05-01", "x", "", ""],
        &[&a[2..], "K", "2025-01-10", "x", "x", ""],
        &[&a, "K", "2024-09-01", "x", "", ""],
    ]);
    let o = run(t);
    assert_eq!(count(&o, "O.2.3"), 1);
    assert_eq!(count(&o, "O.2.3.1"), 1);
    assert_eq!(cell(&o, "O.2.3", AgeCategory::Under18, Gender::Kvinna), 1);
    assert_eq!(cell(&o, "O.2.3.1", AgeCategory::Under18, Gender::Kvinna), 1);
    assert_eq!(o.summary.persons, 1);
    assert_eq!(o.summary.rows_counted, 3);
}

#[test]
fn periods_count_first_participation() {
    let a = pnr("19900101", 1);
    let rows: &[&[&str]] = &[
        &[&a, "M", "2023-05-01", "x", "", ""],
        &[&a, "M", "2024-02-01", "x", "x", ""],
    ];
    let mut opts = options();
    opts.period = Some(Period {
        from: date("2023-01-01"),
        to: date("2023-12-31"),
    });
    let o = run_with(&opts, standard(rows));
    assert_eq!((count(&o, "O.2.3"), count(&o, "O.2.3.1")), (1, 0));
    opts.period = Some(Period {
        from: date("2024-01-01"),
        to: date("2024-12-31"),
    });
    let o = run_with(&opts, standard(rows));
    assert_eq!((count(&o, "O.2.3"), count(&o, "O.2.3.1")), (0, 1));
    // The summary always describes the whole register.
    assert_eq!(o.summary.rows_counted, 2);
}

#[test]
fn sub_indicator_implies_parent_with_a_warning() {
    let a = pnr("19900101", 1);
    let o = run(standard(&[&[&a, "M", "2024-01-01", "", "x", ""]]));
    assert_eq!((count(&o, "O.2.3"), count(&o, "O.2.3.1")), (1, 1));
    assert_eq!(codes_at(&o, 2), vec!["indicator.parent_implied"]);
    let w = o
        .diagnostics
        .iter()
        .find(|d| d.code == "indicator.parent_implied");
    assert_eq!(w.and_then(|w| w.column.as_deref()), Some("O.2.3.1"));
}

#[test]
fn target_group_citizenship() {
    let ids: Vec<String> = (1..=5).map(|s| pnr("19900101", s)).collect();
    let o = run(standard(&[
        &[&ids[0], "M", "2024-01-01", "x", "", "Sverige"],
        &[&ids[1], "M", "2024-01-01", "x", "", "CH"],
        &[&ids[2], "M", "2024-01-01", "x", "", "statslös"],
        &[&ids[3], "M", "2024-01-01", "x", "", "SY, DE"],
        &[&ids[4], "M", "2024-01-01", "", "", "Sverige"],
    ]));
    assert_eq!(
        errors(&o),
        vec![(Some(2), "citizenship.eu"), (Some(5), "citizenship.eu")]
    );
    assert_eq!(codes_at(&o, 3), vec!["citizenship.ch"]);
    assert_eq!(count(&o, "O.2.3"), 2);
    // A row flagging no target-group indicator is not a target-group row.
    assert_eq!(codes_at(&o, 6), Vec::<&str>::new());
}

#[test]
fn person_conflicts_exclude_the_person_and_mark_every_row() {
    let a = pnr("19900101", 1);
    let b = pnr("19800101", 2);
    let o = run(standard(&[
        &[&a, "M", "2024-01-01", "x", "", ""],
        &[&a, "K", "2024-02-01", "x", "", ""],
        &[&b, "K", "2024-02-01", "x", "", ""],
        // A row already in error neither causes nor joins a conflict.
        &[&b, "okänt", "2024-03-01", "x", "", ""],
    ]));
    assert_eq!(
        errors(&o),
        vec![
            (Some(2), "person.conflict"),
            (Some(3), "person.conflict"),
            (Some(5), "gender.invalid")
        ]
    );
    assert_eq!(count(&o, "O.2.3"), 1);
    assert_eq!(o.summary.persons, 1);
    assert_eq!(o.summary.persons_excluded, 1);
    assert_eq!(o.summary.rows, 4);
    assert_eq!(o.summary.rows_counted, 1);
}

#[test]
fn birth_after_first_registration_and_implausible_age() {
    let young = pnr("20240601", 1);
    let old = pnr("19100101", 2);
    let o = run(standard(&[
        &[&young, "M", "2024-01-01", "x", "", ""],
        &[&young, "M", "2024-09-01", "x", "", ""],
        &[&old, "K", "2024-01-01", "x", "", ""],
    ]));
    assert_eq!(
        errors(&o),
        vec![
            (Some(2), "birthdate.after_start"),
            (Some(3), "birthdate.after_start")
        ]
    );
    assert_eq!(codes_at(&o, 4), vec!["birthdate.implausible"]);
    assert_eq!(cell(&o, "O.2.3", AgeCategory::Over60, Gender::Kvinna), 1);
}

#[test]
fn date_checks() {
    let ids: Vec<String> = (1..=5).map(|s| pnr("19900101", s)).collect();
    let t = table(
        &[
            ("ID", Field::Id),
            ("Kön", Field::Gender),
            ("Startdatum", Field::StartDate),
            ("Slutdatum", Field::EndDate),
            ("O.2.3", Field::Indicator("O.2.3".into())),
        ],
        &[
            &[&ids[0], "M", "2024-05-01", "2024-04-30", "x"],
            &[&ids[1], "M", "2026-11-23", "", "x"],
            &[&ids[2], "M", "", "", "x"],
            &[&ids[3], "M", "1 maj", "", "x"],
            &[&ids[4], "M", "2021-01-01", "2024-13-01", "x"],
        ],
    );
    let mut opts = options();
    opts.project_period = Some(Period {
        from: date("2022-01-01"),
        to: date("2026-12-31"),
    });
    let o = run_with(&opts, t);
    assert_eq!(
        errors(&o),
        vec![
            (Some(2), "date.end_before_start"),
            (Some(3), "date.future"),
            (Some(4), "date.invalid"),
            (Some(5), "date.invalid"),
            (Some(6), "date.invalid")
        ]
    );
    assert!(codes_at(&o, 6).contains(&"date.outside_project"));
}

#[test]
fn unaccompanied_minor_aged_18() {
    let a = pnr("20000101", 1);
    let b = pnr("20100101", 2);
    let t = table(
        &[
            ("ID", Field::Id),
            ("Kön", Field::Gender),
            ("Start", Field::StartDate),
            ("Ensamkommande barn", Field::UnaccompaniedMinor),
            ("O.2.3", Field::Indicator("O.2.3".into())),
        ],
        &[
            &[&a, "M", "2024-01-01", "Ja", "x"],
            &[&b, "M", "2024-01-01", "Ja", "x"],
        ],
    );
    let o = run(t);
    assert_eq!(codes_at(&o, 2), vec!["uam.adult"]);
    assert_eq!(codes_at(&o, 3), Vec::<&str>::new());
}

#[test]
fn internal_ids_derived_verified_and_mixed() {
    let t = table(
        &[
            ("Unik identifierare", Field::Id),
            ("Förnamn", Field::FirstName),
            ("Efternamn", Field::LastName),
            ("Födelsedatum", Field::BirthDate),
            ("Kön", Field::Gender),
            ("Start", Field::StartDate),
            ("O.2.3", Field::Indicator("O.2.3".into())),
        ],
        &[
            &[
                "ANNSAN19990801",
                "Anna",
                "Sandberg",
                "1999-08-01",
                "K",
                "2024-01-01",
                "x",
            ],
            &["", "Anna", "Sandberg", "1999-08-01", "K", "2024-02-01", "x"],
            &[
                "ANNSAN19990802",
                "Anna",
                "Sandberg",
                "1999-08-01",
                "K",
                "2024-02-01",
                "x",
            ],
            &["", "Li", "Ek", "1990-01-02", "M", "2024-02-01", "x"],
            &["", "", "", "", "M", "2024-02-01", "x"],
        ],
    );
    let o = run(t);
    assert_eq!(
        errors(&o),
        vec![(Some(4), "id.internal_mismatch"), (Some(6), "id.missing")]
    );
    assert_eq!(codes_at(&o, 5), vec!["id.short_name"]);
    // Rows 2 and 3 are the same person.
    assert_eq!(count(&o, "O.2.3"), 2);
}

#[test]
fn lma_needs_a_birth_date_column() {
    let t = standard(&[&["12-345678", "M", "2024-01-01", "x", "", ""]]);
    let o = run(t);
    assert_eq!(errors(&o), vec![(Some(2), "birthdate.missing")]);
}

#[test]
fn birth_date_column_must_match_the_id() {
    let a = pnr("19900101", 1);
    let t = table(
        &[
            ("Personnummer", Field::Id),
            ("Födelsedatum", Field::BirthDate),
            ("Kön", Field::Gender),
            ("Start", Field::StartDate),
        ],
        &[
            &[&a, "1990-01-02", "M", "2024-01-01"],
            &[&a, "1.1.1990", "M", "2024-01-01"],
        ],
    );
    let o = run(t);
    assert_eq!(errors(&o), vec![(Some(2), "birthdate.mismatch")]);
}

#[test]
fn finland_detected_from_henkilotunnus() {
    let t = standard(&[&["131052-308T", "Nainen", "1.3.2024", "kyllä", "", "Irak"]]);
    let o = run(t);
    assert_eq!(o.country, crate::ids::Country::Fi);
    assert!(o.country_detected);
    assert_eq!(cell(&o, "O.2.3", AgeCategory::Over60, Gender::Kvinna), 1);
}

#[test]
fn indicator_list_and_bad_values() {
    let a = pnr("19900101", 1);
    let b = pnr("19900101", 2);
    let c = pnr("19900101", 3);
    let t = table(
        &[
            ("ID", Field::Id),
            ("Kön", Field::Gender),
            ("Start", Field::StartDate),
            ("Indikatorer", Field::IndicatorList),
            ("O.2.3.2", Field::Indicator("O.2.3.2".into())),
        ],
        &[
            &[&a, "M", "2024-01-01", "O.2.3, o.2.3.1", ""],
            &[&b, "M", "2024-01-01", "O.9.9", "kanske"],
            // Shaped like a code the catalogue lacks: a warning, the row still counts.
            &[&c, "K", "2024-01-01", "O.2.3 O.2.99", ""],
        ],
    );
    let o = run(t);
    assert_eq!(
        errors(&o),
        vec![(Some(3), "indicator.value"), (Some(3), "indicator.value")]
    );
    let unknown: Vec<_> = o
        .diagnostics
        .iter()
        .filter(|d| d.code == "indicator.unknown")
        .map(|d| (d.row, d.param("indicator")))
        .collect();
    assert_eq!(unknown, vec![(Some(4), Some("O.2.99"))]);
    assert_eq!((count(&o, "O.2.3"), count(&o, "O.2.3.1")), (2, 1));
}

#[test]
fn r29_missing_when_o23_reported() {
    let a = pnr("19900101", 1);
    let o = run(standard(&[&[&a, "M", "2024-01-01", "x", "", ""]]));
    assert!(o
        .diagnostics
        .iter()
        .any(|d| d.code == "result.r29_missing" && d.row.is_none()));
}

#[test]
fn evaluations_majority_and_tie() {
    let a = pnr("19900101", 1);
    let b = pnr("19850101", 2);
    let participants = standard(&[
        &[&a, "M", "2024-01-01", "x", "", ""],
        &[&b, "K", "2024-01-01", "x", "", ""],
    ]);
    let evaluations = table(
        &[
            ("ID", Field::Id),
            ("Datum", Field::EvaluationDate),
            (
                "Arbetsmarknad",
                Field::Area(crate::register::IntegrationArea::LabourMarket),
            ),
            (
                "Språk",
                Field::Area(crate::register::IntegrationArea::Language),
            ),
            (
                "Bostad",
                Field::Area(crate::register::IntegrationArea::Housing),
            ),
        ],
        &[
            // a: negative then positive: tie, the latest (positive) decides.
            &[&a, "2024-03-01", "x", "", ""],
            &[&a, "2024-06-01", "x", "x", ""],
            // b: positive then negative: tie, the latest (negative) decides.
            &[&b, "2024-03-01", "x", "", "x"],
            &[&b, "2024-06-01", "", "", ""],
        ],
    );
    let opts = options();
    let mut sink = ParticipantSink::new(&opts);
    sink.header(&participants.header);
    participants.rows.into_iter().for_each(|r| sink.row(&r));
    let mut eval_sink = EvaluationSink::new(&opts, Some("Utvärderingar".into()));
    eval_sink.header(&evaluations.header);
    evaluations.rows.into_iter().for_each(|r| eval_sink.row(&r));
    let o = finish(&opts, sink, Some(eval_sink), None, None);
    assert_eq!(count(&o, "R.2.9"), 1);
    assert_eq!(cell(&o, "R.2.9", AgeCategory::From18To60, Gender::Man), 1);
    assert!(!o.diagnostics.iter().any(|d| d.code == "result.r29_missing"));
}

#[test]
fn no_identifier_in_any_output() {
    let a = pnr("19900101", 1);
    let o = run(standard(&[
        &[&a, "M", "2024-01-01", "x", "", ""],
        &[&a, "K", "2024-01-01", "x", "", ""],
        &[&a[2..], "?", "x", "y", "", ""],
    ]));
    let aggregates = crate::output::aggregates::build(
        &o,
        &options(),
        &crate::register::ReadOptions::default(),
        None,
    );
    let json = crate::output::aggregates::to_json(&aggregates);
    let diagnostics =
        crate::output::diagnostics::to_json(&o.diagnostics, crate::messages::Lang::Sv);
    for text in [json, diagnostics] {
        assert!(!text.contains(&a[2..8]), "{text}");
    }
}

/// A samordningsnummer `YYYYMMDD` (month 00 and/or day 60 for a partly
/// known birth date) with serial and Luhn digit.
fn samnr(date: &str, serial: u32) -> String {
    pnr(date, serial)
}

fn with_birth_column(rows: &[&[&str]]) -> Table {
    table(
        &[
            ("Samordningsnummer", Field::Id),
            ("Födelsedatum", Field::BirthDate),
            ("Kön", Field::Gender),
            ("Startdatum", Field::StartDate),
            ("O.2.3", Field::Indicator("O.2.3".into())),
        ],
        rows,
    )
}

#[test]
fn partly_known_birth_date_counts_when_the_category_is_certain() {
    // Born some day in 1990 (month 00, day 60): 33 or 34 on 2024-05-01.
    let year = samnr("19900060", 11);
    // Born in May 2006: 17 or 18 on 2024-05-15; 18 either way on 2024-06-01.
    let month = samnr("20060560", 12);
    let o = run(with_birth_column(&[
        &[&year, "", "K", "2024-05-01", "x"],
        &[&month, "", "M", "2024-06-01", "x"],
    ]));
    assert_eq!(errors(&o), vec![]);
    assert_eq!(codes_at(&o, 2), vec!["birthdate.partial"]);
    assert_eq!(codes_at(&o, 3), vec!["birthdate.partial"]);
    let partial = o.diagnostics.iter().find(|d| d.code == "birthdate.partial");
    assert_eq!(partial.map(|d| d.severity), Some(Severity::Info));
    assert_eq!(
        partial.and_then(|d| d.column.as_deref()),
        Some("Samordningsnummer")
    );
    assert_eq!(
        cell(&o, "O.2.3", AgeCategory::From18To60, Gender::Kvinna),
        1
    );
    assert_eq!(cell(&o, "O.2.3", AgeCategory::From18To60, Gender::Man), 1);
}

#[test]
fn partly_known_birth_date_that_decides_the_category_excludes_the_person() {
    // Born in May 2006: 17 or 18 on 2024-05-15, depending on the day.
    let month = samnr("20060560", 12);
    let o = run(with_birth_column(&[
        &[&month, "", "M", "2024-05-15", "x"],
        &[&month, "", "M", "2024-08-01", "x"],
        // A row in error of its own takes no part.
        &[&month, "", "", "2024-09-01", "x"],
    ]));
    assert_eq!(
        errors(&o),
        vec![
            (Some(2), "birthdate.missing"),
            (Some(3), "birthdate.missing"),
            (Some(4), "gender.invalid")
        ]
    );
    let missing = o.diagnostics.iter().find(|d| d.code == "birthdate.missing");
    assert_eq!(missing.and_then(|d| d.param("reason")), Some("partial"));
    assert_eq!(
        missing.and_then(|d| d.column.as_deref()),
        Some("Födelsedatum")
    );
    assert_eq!(count(&o, "O.2.3"), 0);
    assert_eq!(o.summary.persons, 0);
    assert_eq!(o.summary.persons_excluded, 1);
    assert_eq!(o.summary.rows_counted, 0);
}

#[test]
fn a_birth_date_column_must_fit_the_known_parts() {
    let month = samnr("20060560", 12);
    let o = run(with_birth_column(&[
        // Fits May 2006 and decides the category; the empty row agrees.
        &[&month, "2006-05-20", "M", "2024-05-15", "x"],
        &[&month, "", "M", "2024-08-01", "x"],
        // Outside the month the number gives.
        &[&month, "2006-06-20", "M", "2024-08-01", "x"],
    ]));
    assert_eq!(errors(&o), vec![(Some(4), "birthdate.mismatch")]);
    assert!(!o.diagnostics.iter().any(|d| d.code == "birthdate.partial"));
    assert_eq!(cell(&o, "O.2.3", AgeCategory::Under18, Gender::Man), 1);
    assert_eq!(o.summary.rows_counted, 2);
}

#[test]
fn two_different_dates_within_the_known_parts_still_conflict() {
    let year = samnr("19900060", 11);
    let o = run(with_birth_column(&[
        &[&year, "1990-03-01", "K", "2024-05-01", "x"],
        &[&year, "1990-04-01", "K", "2024-06-01", "x"],
    ]));
    assert_eq!(
        errors(&o),
        vec![(Some(2), "person.conflict"), (Some(3), "person.conflict")]
    );
}

#[test]
fn partly_known_birth_date_after_first_registration() {
    // Born in 2024, month unknown, registered in January 2023: born after.
    let year = samnr("20240060", 11);
    let o = run(with_birth_column(&[&[&year, "", "K", "2023-01-10", "x"]]));
    assert_eq!(errors(&o), vec![(Some(2), "birthdate.after_start")]);
}

#[test]
fn reporting_periods_every_so_many_months() {
    let mut opts = options();
    opts.project_period = Some(Period {
        from: date("2024-01-01"),
        to: date("2024-12-31"),
    });
    let quarters = PeriodPlan::Every { months: 3 }.resolve(&opts, None);
    let ends: Vec<(String, String)> = quarters
        .iter()
        .map(|p| (p.from.to_string(), p.to.to_string()))
        .collect();
    assert_eq!(
        ends,
        [
            ("2024-01-01", "2024-03-31"),
            ("2024-04-01", "2024-06-30"),
            ("2024-07-01", "2024-09-30"),
            ("2024-10-01", "2024-12-31")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Without a project period: from the first start date to the report
    // date, month ends kept (31 January, 30 April, 31 July).
    opts.project_period = None;
    let from_first = PeriodPlan::Every { months: 3 }.resolve(&opts, Some(date("2026-01-31")));
    let starts: Vec<String> = from_first.iter().map(|p| p.from.to_string()).collect();
    assert_eq!(
        starts,
        ["2026-01-31", "2026-04-30", "2026-07-31", "2026-10-31"]
    );
    assert_eq!(from_first.last().map(|p| p.to), Some(date("2026-11-22")));
    assert!(PeriodPlan::Every { months: 12 }
        .resolve(&opts, None)
        .is_empty());
}
