//! Properties of the counting rules (SPEC §4) over generated registers.
// Tests may fail loudly.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]
#![cfg(not(target_arch = "wasm32"))] // proptest and processes are native only

use amif_check::ids::checksum::luhn_check_digit;
use amif_check::messages::Lang;
use amif_check::output::aggregates::{self, Aggregates};
use amif_check::output::diagnostics;
use amif_check::register::{Cell, Column, Field, HeaderMap, Row, RowSink};
use amif_check::rules::{finish, Outcome, ParticipantSink, Period, PeriodPlan, RuleOptions};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

const INDICATORS: [&str; 4] = ["O.2.3", "O.2.3.1", "O.2.3.2", "R.2.10"];

fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn personnummer(birth: NaiveDate, serial: u32) -> String {
    let body = format!(
        "{:02}{:02}{:02}{:03}",
        birth.year() % 100,
        birth.month(),
        birth.day(),
        serial % 1000
    );
    let check = char::from(luhn_check_digit(body.as_bytes()));
    format!("{}{body}{check}", birth.year() / 100)
}

/// A generated row: person index, start day offset, flags, gender, EU citizen, messy.
#[derive(Debug, Clone)]
struct GenRow {
    person: usize,
    start_offset: u64,
    flags: [bool; 4],
    female: bool,
    eu: bool,
    bad_date: bool,
}

fn gen_row(persons: usize) -> impl Strategy<Value = GenRow> {
    (
        0..persons,
        0u64..1400,
        any::<[bool; 4]>(),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.03),
    )
        .prop_map(
            |(person, start_offset, flags, female, eu, bad_date)| GenRow {
                person,
                start_offset,
                flags,
                female,
                eu,
                bad_date,
            },
        )
}

fn register() -> impl Strategy<Value = (Vec<(NaiveDate, bool)>, Vec<GenRow>)> {
    (1usize..25).prop_flat_map(|persons| {
        (
            prop::collection::vec((0u64..36_500, any::<bool>()), persons),
            prop::collection::vec(gen_row(persons), 1..60),
        )
            .prop_map(|(births, rows)| {
                let base = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
                (
                    births
                        .into_iter()
                        .map(|(d, female)| (base + Days::new(d), female))
                        .collect(),
                    rows,
                )
            })
    })
}

fn header() -> HeaderMap {
    let mut fields = vec![
        ("Personnummer".to_string(), Field::Id),
        ("Kön".to_string(), Field::Gender),
        ("Startdatum".to_string(), Field::StartDate),
        ("Medborgarskap".to_string(), Field::Citizenship),
    ];
    for code in INDICATORS {
        fields.push((code.to_string(), Field::Indicator(code.to_string())));
    }
    HeaderMap {
        row: 1,
        columns: fields
            .into_iter()
            .enumerate()
            .map(|(index, (header, field))| Column {
                index,
                header,
                field: Some(field),
            })
            .collect(),
    }
}

fn cells(persons: &[(NaiveDate, bool)], row: &GenRow) -> Vec<Cell> {
    let (birth, female) = persons[row.person];
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::new(row.start_offset);
    let text = |s: String| Cell::Text(s);
    // A person's gender flips only on the rare `female` rows: conflicts happen.
    let gender = if female ^ row.female { "Kvinna" } else { "Man" };
    let mut cells = vec![
        // Serial 000 is never issued (SPEC §2): serials start at 001.
        text(personnummer(birth, row.person as u32 + 1)),
        text(gender.to_string()),
        text(if row.bad_date {
            "snart".into()
        } else {
            start.to_string()
        }),
        text(if row.eu {
            "Sverige".into()
        } else {
            "Syrien".into()
        }),
    ];
    cells.extend(
        row.flags
            .iter()
            .map(|f| text(if *f { "x" } else { "" }.to_string())),
    );
    cells
}

fn run(
    persons: &[(NaiveDate, bool)],
    rows: &[GenRow],
    period: Option<Period>,
) -> (Outcome, Aggregates) {
    run_with_periods(persons, rows, period, PeriodPlan::None)
}

fn run_with_periods(
    persons: &[(NaiveDate, bool)],
    rows: &[GenRow],
    period: Option<Period>,
    periods: PeriodPlan,
) -> (Outcome, Aggregates) {
    let mut options = RuleOptions::new(reference());
    options.period = period;
    options.periods = periods;
    let mut sink = ParticipantSink::new(&options);
    sink.header(&header());
    for (i, row) in rows.iter().enumerate() {
        sink.row(&Row {
            number: i as u32 + 2,
            cells: cells(persons, row),
        });
    }
    let outcome = finish(&options, sink, None, None, None);
    let aggregates = aggregates::build(
        &outcome,
        &options,
        &amif_check::register::ReadOptions::default(),
        None,
    );
    (outcome, aggregates)
}

/// The counts alone: what must not change when rows move.
fn counts(a: &Aggregates) -> Vec<(String, u32, String)> {
    a.indicators
        .iter()
        .map(|i| {
            (
                i.code.clone(),
                i.total,
                serde_json::to_string(&i.breakdown).unwrap(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn shuffling_rows_never_changes_the_aggregates(
        (persons, rows) in register(), seed in any::<u64>()
    ) {
        let (_, original) = run(&persons, &rows, None);
        let mut shuffled = rows.clone();
        // A deterministic Fisher-Yates from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let (_, moved) = run(&persons, &shuffled, None);
        prop_assert_eq!(counts(&original), counts(&moved));
        prop_assert_eq!(original.summary, moved.summary);
    }

    #[test]
    fn duplicating_a_row_never_changes_the_counts((persons, rows) in register(), pick in any::<prop::sample::Index>()) {
        let (_, original) = run(&persons, &rows, None);
        let mut doubled = rows.clone();
        doubled.push(rows[pick.index(rows.len())].clone());
        let (_, with_copy) = run(&persons, &doubled, None);
        prop_assert_eq!(counts(&original), counts(&with_copy));
        prop_assert_eq!(original.summary.persons, with_copy.summary.persons);
    }

    #[test]
    fn consecutive_periods_add_up_to_the_whole((persons, rows) in register(), cut in 1u64..1400) {
        let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        let middle = start + Days::new(cut);
        let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let (_, whole) = run(&persons, &rows, None);
        let (_, first) = run(&persons, &rows, Some(Period { from: start, to: middle }));
        let after = middle + Days::new(1);
        let (_, second) = run(&persons, &rows, Some(Period { from: after, to: end }));
        for indicator in &whole.indicators {
            let part = |a: &Aggregates| a.indicators.iter().find(|i| i.code == indicator.code).map_or(0, |i| i.total);
            prop_assert_eq!(indicator.total, part(&first) + part(&second), "{}", indicator.code);
        }
    }

    #[test]
    fn reporting_periods_add_up_to_the_whole_in_every_cell(
        (persons, rows) in register(),
        cuts in prop::collection::btree_set(1u64..1400, 0..6),
        months in prop::sample::select(vec![0u32, 3, 6, 12]),
    ) {
        // Any split of 2022-01-01..2026-11-22 into consecutive periods, or
        // periods of so many months from the first start date.
        let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        let plan = if months == 0 {
            let mut bounds: Vec<NaiveDate> = vec![start];
            bounds.extend(cuts.iter().map(|&c| start + Days::new(c)));
            let mut periods = Vec::new();
            for (i, from) in bounds.iter().enumerate() {
                let to = bounds.get(i + 1).map_or(reference(), |next| *next - Days::new(1));
                periods.push(Period { from: *from, to });
            }
            PeriodPlan::List(periods)
        } else {
            PeriodPlan::Every { months }
        };
        let (_, whole) = run(&persons, &rows, None);
        let (_, split) = run_with_periods(&persons, &rows, None, plan);
        prop_assert_eq!(counts(&split), counts(&whole));
        let periods = split.periods.clone().unwrap_or_default();
        prop_assert!(!periods.is_empty() || split.summary.rows_counted == 0);
        for indicator in &whole.indicators {
            let cells = |i: &amif_check::output::aggregates::IndicatorJson| -> Vec<u32> {
                i.breakdown.as_ref().map_or_else(Vec::new, |b| {
                    [&b.under_18, &b.from_18_to_60, &b.over_60]
                        .iter()
                        .flat_map(|g| [g.man, g.kvinna, g.icke_binar])
                        .collect()
                })
            };
            let mut sum = vec![0u32; 9];
            let mut total = 0;
            for period in &periods {
                let part = period.indicators.iter().find(|i| i.code == indicator.code);
                prop_assert!(part.is_some(), "{} missing from a period", indicator.code);
                if let Some(part) = part {
                    total += part.total;
                    for (s, c) in sum.iter_mut().zip(cells(part)) {
                        *s += c;
                    }
                }
            }
            prop_assert_eq!(total, indicator.total, "{}", indicator.code);
            prop_assert_eq!(sum, cells(indicator), "{}", indicator.code);
        }
    }

    #[test]
    fn aggregates_are_consistent_and_hold_no_identifier((persons, rows) in register()) {
        let (outcome, aggregates) = run(&persons, &rows, None);
        let s = &aggregates.summary;
        prop_assert_eq!(s.rows, s.rows_counted + s.rows_excluded);
        prop_assert_eq!(s.rows as usize, rows.len());
        // Every generated ID is valid: each person is counted or left out (SPEC §4).
        let distinct: std::collections::BTreeSet<usize> = rows.iter().map(|r| r.person).collect();
        prop_assert_eq!((s.persons + s.persons_excluded) as usize, distinct.len());
        let total = |code: &str| aggregates.indicators.iter().find(|i| i.code == code).map_or(0, |i| i.total);
        prop_assert!(total("O.2.3.1") <= total("O.2.3"));
        prop_assert!(total("O.2.3.2") <= total("O.2.3"));
        for indicator in &aggregates.indicators {
            if let Some(b) = &indicator.breakdown {
                let sum: u32 = [&b.under_18, &b.from_18_to_60, &b.over_60]
                    .iter()
                    .map(|g| g.man + g.kvinna + g.icke_binar)
                    .sum();
                prop_assert_eq!(sum, indicator.total);
            }
        }
        let outputs = [
            aggregates::to_json(&aggregates),
            aggregates::to_csv(&aggregates, Lang::Sv),
            diagnostics::to_json(&outcome.diagnostics, Lang::Sv),
            diagnostics::to_csv(&outcome.diagnostics, Lang::En, None),
        ];
        // The format message's fixed example is nobody's birth date.
        let outputs = outputs.map(|o| o.replace("ANNSAN19990801", ""));
        for (birth, _) in &persons {
            let digits = format!("{:02}{:02}{:02}", birth.year() % 100, birth.month(), birth.day());
            for output in &outputs {
                prop_assert!(!output.contains(&digits), "{} leaked", digits);
            }
        }
    }
}
