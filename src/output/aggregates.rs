//! Aggregates: per indicator the total and the age × gender table, plus the
//! whole-register summary. No identifier, name, date of birth or row number.

use super::csv_safe;
use crate::catalogue::Catalogue;
use crate::messages::Lang;
use crate::register::values::Gender;
use crate::rules::{AgeCategory, Breakdown, IndicatorCount, Outcome, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Aggregates {
    pub schema_version: u32,
    pub tool: Tool,
    pub reference_date: String,
    pub period: Option<PeriodJson>,
    pub country: String,
    pub summary: SummaryJson,
    pub indicators: Vec<IndicatorJson>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeriodJson {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SummaryJson {
    pub rows: u32,
    pub rows_counted: u32,
    pub rows_excluded: u32,
    pub persons: u32,
    pub persons_excluded: u32,
    pub errors: u32,
    pub warnings: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndicatorJson {
    pub code: String,
    pub unit: String,
    pub total: u32,
    /// `null` for organisations, items and places (no age or gender split).
    pub breakdown: Option<BreakdownJson>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BreakdownJson {
    #[serde(rename = "<18")]
    pub under_18: GenderJson,
    #[serde(rename = "18-60")]
    pub from_18_to_60: GenderJson,
    #[serde(rename = ">60")]
    pub over_60: GenderJson,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GenderJson {
    pub man: u32,
    pub kvinna: u32,
    #[serde(rename = "icke-binär")]
    pub icke_binar: u32,
}

fn gender_json(breakdown: &Breakdown, age: AgeCategory) -> GenderJson {
    GenderJson {
        man: breakdown.get(age, Gender::Man),
        kvinna: breakdown.get(age, Gender::Kvinna),
        icke_binar: breakdown.get(age, Gender::IckeBinar),
    }
}

fn indicator_json(count: &IndicatorCount) -> IndicatorJson {
    IndicatorJson {
        code: count.code.clone(),
        unit: count.unit.as_str().to_string(),
        total: count.total,
        breakdown: count.breakdown.as_ref().map(|b| BreakdownJson {
            under_18: gender_json(b, AgeCategory::Under18),
            from_18_to_60: gender_json(b, AgeCategory::From18To60),
            over_60: gender_json(b, AgeCategory::Over60),
        }),
    }
}

/// The aggregates of a run.
pub fn build(outcome: &Outcome, reference_date: NaiveDate, period: Option<Period>) -> Aggregates {
    let s = &outcome.summary;
    Aggregates {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        reference_date: reference_date.format("%Y-%m-%d").to_string(),
        period: period.map(|p| PeriodJson {
            from: p.from.format("%Y-%m-%d").to_string(),
            to: p.to.format("%Y-%m-%d").to_string(),
        }),
        country: outcome.country.as_str().to_string(),
        summary: SummaryJson {
            rows: s.rows,
            rows_counted: s.rows_counted,
            rows_excluded: s.rows_excluded(),
            persons: s.persons,
            persons_excluded: s.persons_excluded,
            errors: s.errors,
            warnings: s.warnings,
        },
        indicators: outcome.indicators.iter().map(indicator_json).collect(),
    }
}

/// Pretty JSON text of the aggregates.
pub fn to_json(aggregates: &Aggregates) -> String {
    serde_json::to_string_pretty(aggregates).unwrap_or_default()
}

/// One line per indicator: code, name, unit, total and the nine cells.
pub fn to_csv(aggregates: &Aggregates, lang: Lang) -> String {
    csv_safe::write(table(aggregates, lang))
}

/// The rows of [`to_csv`] before CSV quoting: a header, then one row per
/// indicator (counts as decimal text, empty breakdown for non-persons).
pub fn table(aggregates: &Aggregates, lang: Lang) -> Vec<Vec<String>> {
    let catalogue = Catalogue::get();
    let mut header = vec![
        column_title("code", lang),
        column_title("name", lang),
        column_title("unit", lang),
        column_title("total", lang),
    ];
    for age in AgeCategory::ALL {
        for gender in Gender::ALL {
            header.push(format!("{} {}", age.as_str(), gender.as_str()));
        }
    }
    let rows = aggregates.indicators.iter().map(|i| {
        let name = catalogue
            .indicator(&i.code)
            .map(|c| c.name.get(lang.as_str()).to_string())
            .unwrap_or_default();
        let mut row = vec![i.code.clone(), name, i.unit.clone(), i.total.to_string()];
        if let Some(b) = &i.breakdown {
            for g in [&b.under_18, &b.from_18_to_60, &b.over_60] {
                row.extend([g.man, g.kvinna, g.icke_binar].map(|n| n.to_string()));
            }
        } else {
            row.extend(std::iter::repeat_n(String::new(), 9));
        }
        row
    });
    std::iter::once(header).chain(rows).collect()
}

fn column_title(name: &str, lang: Lang) -> String {
    let (sv, en, fi) = match name {
        "code" => ("Indikator", "Indicator", "Indikaattori"),
        "name" => ("Namn", "Name", "Nimi"),
        "unit" => ("Enhet", "Unit", "Yksikkö"),
        _ => ("Totalt", "Total", "Yhteensä"),
    };
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
        Lang::Fi => fi,
    }
    .to_string()
}
