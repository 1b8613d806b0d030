//! What changed since the last report: for each indicator and each period
//! of an earlier aggregates file, the figure then, the figure now and the
//! difference, and, when the earlier register is at hand too, why: persons
//! counted, never listed. The aggregates file holds counts only (never
//! identifiers, nor hashes of them), so the reasons come from both
//! registers on the user's machine.

use super::aggregates::{Aggregates, IndicatorJson, PeriodJson, SCHEMA_VERSION};
use crate::catalogue::{Catalogue, Unit};
use crate::messages::Lang;
use crate::rules::{AgeCategory, IndividualRecord, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why an earlier aggregates file cannot be compared with (the figures of
/// this run stand all the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Not JSON, or damaged.
    NotJson,
    /// JSON, but no aggregates of amif-check.
    OtherTool,
    /// Aggregates of another schema version.
    OtherSchema,
    /// Counted for another project period.
    OtherProjectPeriod,
    /// Counted for another country.
    OtherCountry,
    /// The earlier register given is not the one the file was counted
    /// from: differences are shown, reasons are not.
    PreviousRegisterNotStamped,
}

impl Problem {
    pub fn message(self, lang: Lang) -> &'static str {
        let (sv, en, fi) = match self {
            Problem::NotJson => (
                "Den förra aggregatfilen kan inte läsas (inte JSON, eller skadad). Jämförelsen görs inte; siffrorna ovan gäller registret nu.",
                "The earlier aggregates file cannot be read (not JSON, or damaged). No comparison is made; the figures above are the register's now.",
                "Aiempaa koostetiedostoa ei voi lukea (ei JSON tai vioittunut). Vertailua ei tehdä; yllä olevat luvut ovat rekisterin nykyiset.",
            ),
            Problem::OtherTool => (
                "Den förra filen är inte aggregat från amif-check. Jämförelsen görs inte.",
                "The earlier file is not aggregates of amif-check. No comparison is made.",
                "Aiempi tiedosto ei ole amif-checkin koosteita. Vertailua ei tehdä.",
            ),
            Problem::OtherSchema => (
                "Den förra aggregatfilen har ett annat format (schema_version) än den här versionen läser. Jämförelsen görs inte.",
                "The earlier aggregates file has another format (schema_version) than this version reads. No comparison is made.",
                "Aiemmalla koostetiedostolla on eri muoto (schema_version) kuin tämä versio lukee. Vertailua ei tehdä.",
            ),
            Problem::OtherProjectPeriod => (
                "Den förra aggregatfilen räknades för en annan projektperiod. Jämförelsen görs inte: välj samma projektperiod.",
                "The earlier aggregates file was counted for another project period. No comparison is made: choose the same project period.",
                "Aiempi koostetiedosto laskettiin eri hankekaudelle. Vertailua ei tehdä: valitse sama hankekausi.",
            ),
            Problem::OtherCountry => (
                "Den förra aggregatfilen gäller ett annat land. Jämförelsen görs inte.",
                "The earlier aggregates file is for another country. No comparison is made.",
                "Aiempi koostetiedosto koskee eri maata. Vertailua ei tehdä.",
            ),
            Problem::PreviousRegisterNotStamped => (
                "Det förra registret är inte filen som den förra rapporten räknades från. Skillnaderna visas, men inte orsakerna.",
                "The earlier register is not the file the earlier report was counted from. The differences are shown, the reasons are not.",
                "Aiempi rekisteri ei ole tiedosto, josta aiempi raportti laskettiin. Erot näytetään, syyt eivät.",
            ),
        };
        match lang {
            Lang::Sv => sv,
            Lang::En => en,
            Lang::Fi => fi,
        }
    }
}

/// Why a figure changed: persons, counted per reason. Then, plus what came
/// in, less what went out, is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reasons {
    /// Counted here now, and counted nowhere under the indicator then (a
    /// row added or fixed).
    pub now_counted: u32,
    /// Counted here then, and nowhere now (a row now in error, a person
    /// conflict, a row removed).
    pub no_longer_counted: u32,
    /// Counted here now, in a later period then: a row added or corrected
    /// with an earlier start date.
    pub from_later_period: u32,
    /// Counted here then, in an earlier period now (the same reason, seen
    /// from the later period).
    pub to_earlier_period: u32,
    /// Counted here now, in an earlier period then (an earlier row removed
    /// or now in error).
    pub from_earlier_period: u32,
    /// Counted here then, in a later period now.
    pub to_later_period: u32,
    /// Counted here then and now, in another age category (a birth date
    /// corrected): the total stays, the age split changes.
    pub age_category_changed: u32,
}

impl Reasons {
    fn came(&self) -> u32 {
        self.now_counted + self.from_later_period + self.from_earlier_period
    }

    fn went(&self) -> u32 {
        self.no_longer_counted + self.to_earlier_period + self.to_later_period
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorChange {
    pub code: String,
    pub then: u32,
    pub now: u32,
    pub difference: i64,
    /// Persons counted per reason; `null` without the earlier register, and
    /// for what is not counted in persons.
    pub reasons: Option<Reasons>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodChange {
    /// `null` for the whole register (the earlier file had no periods).
    pub from: Option<String>,
    pub to: Option<String>,
    pub indicators: Vec<IndicatorChange>,
}

/// The comparison with an earlier report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The earlier file's report date, when it could be read.
    pub previous_reference_date: Option<String>,
    /// Why there is no comparison, or why it has no reasons.
    pub problem: Option<Problem>,
    /// Whether the reasons were told (both registers were at hand).
    pub reasons_known: bool,
    pub periods: Vec<PeriodChange>,
}

impl Comparison {
    /// No comparison, for `problem`.
    pub fn refused(problem: Problem, previous: Option<&Aggregates>) -> Comparison {
        Comparison {
            previous_reference_date: previous.map(|p| p.reference_date.clone()),
            problem: Some(problem),
            reasons_known: false,
            periods: Vec::new(),
        }
    }
}

/// An earlier aggregates file read, or why it cannot be compared with.
pub fn read_previous(json: &str) -> Result<Aggregates, Problem> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|_| Problem::NotJson)?;
    if value
        .get("tool")
        .and_then(|t| t.get("name"))
        .and_then(|n| n.as_str())
        != Some("amif-check")
    {
        return Err(Problem::OtherTool);
    }
    if value.get("schema_version").and_then(|v| v.as_u64()) != Some(u64::from(SCHEMA_VERSION)) {
        return Err(Problem::OtherSchema);
    }
    serde_json::from_value(value).map_err(|_| Problem::OtherTool)
}

/// The periods an earlier file was counted in: its reporting periods, else
/// its one period, else the whole (`None`).
pub fn previous_periods(previous: &Aggregates) -> Vec<Option<Period>> {
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
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

/// Which of `periods` holds `date` (`periods.len()` when none does).
fn period_of(periods: &[Option<Period>], date: Option<NaiveDate>) -> usize {
    periods
        .iter()
        .position(|p| match (p, date) {
            (None, _) => true,
            (Some(p), Some(d)) => p.contains(d),
            (Some(_), None) => false,
        })
        .unwrap_or(periods.len())
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
            p.map(|(first, age)| (period_of(periods, *first), *age))
        };
        let mut entry = |period: usize, change: &dyn Fn(&mut Reasons)| {
            change(out.entry((period, indicator.clone())).or_default());
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
