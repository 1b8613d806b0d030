//! Comparing with the last report: the earlier aggregates file read, the
//! register now counted in its periods, and the reasons for each change
//! told from both registers' persons. The aggregates file holds counts only
//! (never identifiers, nor hashes of them), so the reasons come from both
//! registers on the user's machine.

use super::aggregates::{Aggregates, IndicatorJson, PeriodJson, SCHEMA_VERSION};
use super::comparison::{Comparison, IndicatorChange, PeriodChange, Problem, Reasons};
use crate::catalogue::{Catalogue, Unit};
use crate::rules::{AgeCategory, IndividualRecord, Period};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An earlier aggregates file read, or why it cannot be compared with.
/// Read as text into each type (never through `serde_json::Value`): one
/// deserializer for the aggregates keeps the WebAssembly module small.
pub fn read_previous(json: &str) -> Result<Aggregates, Problem> {
    #[derive(serde::Deserialize)]
    struct Tool {
        name: String,
    }
    #[derive(serde::Deserialize)]
    struct Header {
        tool: Option<Tool>,
        schema_version: Option<u64>,
    }
    serde_json::from_str::<serde::de::IgnoredAny>(json).map_err(|_| Problem::NotJson)?;
    let header: Header = serde_json::from_str(json).map_err(|_| Problem::OtherTool)?;
    if header.tool.map(|t| t.name).as_deref() != Some("amif-check") {
        return Err(Problem::OtherTool);
    }
    if header.schema_version != Some(u64::from(SCHEMA_VERSION)) {
        return Err(Problem::OtherSchema);
    }
    let previous: Aggregates = serde_json::from_str(json).map_err(|_| Problem::OtherTool)?;
    // Our periods are pairs of dates: a period that is not cannot be lined
    // up with this run's, so no figure is compared with the wrong period.
    let counted_whole = previous.periods.is_none() && previous.period.is_none();
    if !counted_whole && previous_periods(&previous).contains(&None) {
        return Err(Problem::OtherSchema);
    }
    Ok(previous)
}

/// The periods an earlier file was counted in: its reporting periods, else
/// its one period, else the whole (`None`).
pub fn previous_periods(previous: &Aggregates) -> Vec<Option<Period>> {
    let date = crate::dates::parse;
    let period = |from: &str, to: &str| {
        Some(Period {
            from: date(from)?,
            to: date(to)?,
        })
    };
    match (&previous.periods, &previous.period) {
        (Some(periods), _) => periods.iter().map(|p| period(&p.from, &p.to)).collect(),
        (None, Some(PeriodJson { from, to })) => vec![period(from, to)],
        (None, None) => vec![None],
    }
}

/// Each counted person's first participation and age category, by
/// indicator and identifier.
type Persons = BTreeMap<(String, String), (Option<NaiveDate>, AgeCategory)>;

fn persons(records: &[IndividualRecord]) -> Persons {
    records
        .iter()
        .map(|r| ((r.indicator.clone(), r.id.clone()), (r.first, r.age)))
        .collect()
}

/// Where `date` falls among `periods`, in time order: `2i + 1` inside
/// period `i`, an even number before, between or after them (`2k`: after
/// `k` periods), so that a move out of the periods keeps its direction.
fn place_in(periods: &[Option<Period>], date: Option<NaiveDate>) -> usize {
    for (i, period) in periods.iter().enumerate() {
        match (period, date) {
            (None, _) => return 2 * i + 1,
            (Some(p), Some(d)) if p.contains(d) => return 2 * i + 1,
            _ => {}
        }
    }
    let Some(date) = date else {
        return 2 * periods.len();
    };
    2 * periods
        .iter()
        .filter(|p| p.is_some_and(|p| p.to < date))
        .count()
}

/// Why each figure changed, from both runs' persons.
fn reasons(
    periods: &[Option<Period>],
    then: &[IndividualRecord],
    now: &[IndividualRecord],
) -> BTreeMap<(usize, String), Reasons> {
    let (then, now) = (persons(then), persons(now));
    let mut keys: Vec<&(String, String)> = then.keys().chain(now.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out: BTreeMap<(usize, String), Reasons> = BTreeMap::new();
    for key in keys {
        let indicator = &key.0;
        let place = |p: Option<&(Option<NaiveDate>, AgeCategory)>| {
            p.map(|(first, age)| (place_in(periods, *first), *age))
        };
        // Only a place inside a period has figures to explain.
        let mut entry = |place: usize, change: &dyn Fn(&mut Reasons)| {
            if place % 2 == 1 {
                change(out.entry((place / 2, indicator.clone())).or_default());
            }
        };
        match (place(then.get(key)), place(now.get(key))) {
            (None, Some((k, _))) => entry(k, &|r| r.now_counted += 1),
            (Some((k, _)), None) => entry(k, &|r| r.no_longer_counted += 1),
            (Some((was, age_then)), Some((is, age_now))) => {
                if was == is {
                    if age_then != age_now {
                        entry(is, &|r| r.age_category_changed += 1);
                    }
                } else if is < was {
                    entry(is, &|r| r.from_later_period += 1);
                    entry(was, &|r| r.to_earlier_period += 1);
                } else {
                    entry(is, &|r| r.from_earlier_period += 1);
                    entry(was, &|r| r.to_later_period += 1);
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// The comparison of `previous` with `now` (counted in `previous`'s
/// periods). `persons`: both runs' individual records (then, now) when the
/// earlier register was at hand, to tell the reasons.
pub fn compare(
    previous: &Aggregates,
    now: &[Vec<IndicatorJson>],
    persons: Option<(&[IndividualRecord], &[IndividualRecord])>,
    problem: Option<Problem>,
) -> Comparison {
    let periods = previous_periods(previous);
    let catalogue = Catalogue::get();
    let previous_lists: Vec<&[IndicatorJson]> = match &previous.periods {
        Some(list) => list.iter().map(|p| p.indicators.as_slice()).collect(),
        None => vec![previous.indicators.as_slice()],
    };
    let why = persons.map(|(then, now)| reasons(&periods, then, now));
    let changes = periods
        .iter()
        .enumerate()
        .map(|(k, period)| {
            let then = previous_lists.get(k).copied().unwrap_or_default();
            let now = now.get(k).map(Vec::as_slice).unwrap_or_default();
            let mut codes: Vec<&str> = then.iter().chain(now).map(|i| i.code.as_str()).collect();
            codes.sort_by_key(|c| catalogue.index_of(c).unwrap_or(usize::MAX));
            codes.dedup();
            let total = |list: &[IndicatorJson], code: &str| {
                list.iter().find(|i| i.code == code).map_or(0, |i| i.total)
            };
            PeriodChange {
                from: period.map(|p| p.from.to_string()),
                to: period.map(|p| p.to.to_string()),
                indicators: codes
                    .into_iter()
                    .map(|code| {
                        let (t, n) = (total(then, code), total(now, code));
                        let in_persons = catalogue
                            .indicator(code)
                            .is_some_and(|i| i.unit == Unit::Participants);
                        IndicatorChange {
                            code: code.to_string(),
                            then: t,
                            now: n,
                            difference: i64::from(n) - i64::from(t),
                            reasons: why.as_ref().filter(|_| in_persons).map(|w| {
                                w.get(&(k, code.to_string())).copied().unwrap_or_default()
                            }),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Comparison {
        previous_reference_date: Some(previous.reference_date.clone()),
        problem,
        reasons_known: why.is_some(),
        periods: changes,
    }
}

/// Whether the reasons account for every change (then + came − went = now).
pub fn reasons_add_up(comparison: &Comparison) -> bool {
    comparison
        .periods
        .iter()
        .flat_map(|p| &p.indicators)
        .all(|i| {
            i.reasons.is_none_or(|r| {
                i64::from(i.then) + i64::from(r.came()) - i64::from(r.went()) == i64::from(i.now)
            })
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::register::values::Gender;

    fn record(id: &str, first: (i32, u32, u32)) -> IndividualRecord {
        IndividualRecord {
            id: id.into(),
            age: AgeCategory::From18To60,
            gender: Gender::Kvinna,
            indicator: "O.2.3".into(),
            first: NaiveDate::from_ymd_opt(first.0, first.1, first.2),
        }
    }

    #[test]
    fn a_move_out_of_the_periods_keeps_its_direction() {
        let q2 = Period {
            from: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        };
        let periods = [Some(q2)];
        // X moved from April to March (before the period), Y from April to July (after it).
        let then = [record("X", (2025, 4, 10)), record("Y", (2025, 4, 20))];
        let now = [record("X", (2025, 3, 1)), record("Y", (2025, 7, 2))];
        let got = reasons(&periods, &then, &now);
        let r = got.get(&(0, "O.2.3".to_string())).unwrap();
        assert_eq!((r.to_earlier_period, r.to_later_period), (1, 1));
        assert_eq!((r.from_earlier_period, r.from_later_period), (0, 0));
        // And back: coming in from before the period is from an earlier one.
        let got = reasons(&periods, &now, &then);
        let r = got.get(&(0, "O.2.3".to_string())).unwrap();
        assert_eq!((r.from_earlier_period, r.from_later_period), (1, 1));
    }
}
