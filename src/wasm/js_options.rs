//! The options object of `validateRegister` and its kin, read into the
//! core's `Options` by the same rules as the CLI's flags (`crate::options`),
//! each error naming the option at fault.

use super::{js_error, parse_country, parse_lang};
use crate::api::Options;
use crate::options;
use crate::register::ReadOptions;
use crate::rules::{Period, PeriodPlan, RuleOptions};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct JsOptions {
    reference_date: Option<String>,
    country: Option<String>,
    period: Option<JsPeriod>,
    /// `"quarterly"`, `"half-yearly"`, `"yearly"`, `"FROM..TO,…"` or
    /// `[{from, to}, …]`: count in each reporting period too.
    periods: Option<JsPeriods>,
    project_period: Option<JsPeriod>,
    sheet: Option<String>,
    /// The participant table's header row (1-based), when the user chose it.
    header_row: Option<u32>,
    mapping: Option<JsMapping>,
    lang: Option<String>,
    action: Option<String>,
    /// Keep the individual-level records so `individualReportCsv` can run.
    pub(super) individual_report: bool,
    /// `false`: the caller hashes the register file itself (the page, with
    /// WebCrypto in parallel) and hands the stamp to `finish()`; the check
    /// then does not spend a fifth of its time on SHA-256.
    hash_file: Option<bool>,
    /// Further files: evaluations, organisations or items.
    extra_files: Vec<JsFile>,
}

/// The user's column choices: `{field: header}`, or `[{header, field}]`,
/// which can also ignore several columns (field `"-"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum JsMapping {
    ByField(BTreeMap<String, String>),
    Columns(Vec<JsColumnChoice>),
}

#[derive(Deserialize)]
struct JsColumnChoice {
    header: String,
    field: String,
}

#[derive(Deserialize)]
struct JsPeriod {
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsPeriods {
    Text(String),
    List(Vec<JsPeriod>),
}

#[derive(Deserialize)]
struct JsFile {
    name: String,
    #[serde(with = "serde_bytes_compat")]
    bytes: Vec<u8>,
}

/// `Uint8Array` (or a plain array of numbers) into bytes.
mod serde_bytes_compat {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        serde::de::Deserialize::deserialize(d).map(|b: ByteBuf| b.0)
    }

    struct ByteBuf(Vec<u8>);

    impl<'de> Deserialize<'de> for ByteBuf {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = ByteBuf;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a Uint8Array")
                }
                fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<ByteBuf, E> {
                    Ok(ByteBuf(v))
                }
                fn visit_bytes<E>(self, v: &[u8]) -> Result<ByteBuf, E> {
                    Ok(ByteBuf(v.to_vec()))
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<ByteBuf, A::Error> {
                    let mut out = Vec::new();
                    while let Some(b) = seq.next_element::<u8>()? {
                        out.push(b);
                    }
                    Ok(ByteBuf(out))
                }
            }
            d.deserialize_byte_buf(Visitor)
        }
    }
}

/// The shared option rules (`crate::options`), naming the option at fault.
pub(super) fn parse_date(text: &str, what: &str) -> Result<NaiveDate, JsError> {
    options::parse_date(text).map_err(|e| js_error(format!("{what}: {e}")))
}

fn parse_period(period: &Option<JsPeriod>, what: &str) -> Result<Option<Period>, JsError> {
    let Some(p) = period else { return Ok(None) };
    options::parse_period(&format!("{}..{}", p.from.trim(), p.to.trim()))
        .map(Some)
        .map_err(|e| js_error(format!("{what}: {e}")))
}

fn parse_periods(periods: &Option<JsPeriods>) -> Result<PeriodPlan, JsError> {
    let failed = |e: options::OptionError| js_error(format!("periods: {e}"));
    match periods {
        None => Ok(PeriodPlan::None),
        Some(JsPeriods::Text(text)) => options::parse_periods(text).map_err(failed),
        Some(JsPeriods::List(list)) => {
            let periods = list
                .iter()
                .map(|p| options::parse_period(&format!("{}..{}", p.from.trim(), p.to.trim())))
                .collect::<Result<Vec<_>, _>>()
                .map_err(failed)?;
            options::check_periods(&periods).map_err(failed)?;
            Ok(PeriodPlan::List(periods))
        }
    }
}

/// The machine's date (UTC), for options that leave the reference date out.
pub(super) fn today() -> NaiveDate {
    let now = js_sys_date_now();
    let days = (now / 86_400_000.0).floor() as i64;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or_default()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn js_sys_date_now() -> f64;
}

impl JsOptions {
    /// Whether the check hashes the register file for `stamp.register`.
    pub(super) fn hashes_file(&self) -> bool {
        self.hash_file.unwrap_or(true)
    }

    /// The further files as the core takes them: (name, bytes).
    pub(super) fn further_files(&self) -> Vec<(&str, &[u8])> {
        self.extra_files
            .iter()
            .map(|f| (f.name.as_str(), f.bytes.as_slice()))
            .collect()
    }

    pub(super) fn to_options(&self) -> Result<Options, JsError> {
        let reference_date = match &self.reference_date {
            Some(text) => parse_date(text, "referenceDate")?,
            None => today(),
        };
        let mut rules = RuleOptions::new(reference_date);
        rules.country = parse_country(&self.country)?;
        rules.period = parse_period(&self.period, "period")?;
        rules.periods = parse_periods(&self.periods)?;
        if rules.period.is_some() && rules.periods != PeriodPlan::None {
            return Err(js_error("period and periods: give one of them"));
        }
        rules.project_period = parse_period(&self.project_period, "projectPeriod")?;
        rules.action = match self.action.as_deref().filter(|a| !a.trim().is_empty()) {
            Some(action) => Some(
                crate::options::parse_action(action)
                    .map_err(|e| js_error(format!("action: {e}")))?,
            ),
            None => None,
        };
        rules.individual_report = self.individual_report;
        let read = ReadOptions {
            sheet: self.sheet.clone().filter(|s| !s.is_empty()),
            header_row: self.header_row.filter(|&row| row > 0),
            mapping: match &self.mapping {
                None => Vec::new(),
                Some(JsMapping::ByField(map)) => map
                    .iter()
                    .map(|(field, header)| (field.clone(), header.clone()))
                    .collect(),
                Some(JsMapping::Columns(list)) => list
                    .iter()
                    .map(|c| (c.field.clone(), c.header.clone()))
                    .collect(),
            },
            ..ReadOptions::default()
        };
        Ok(Options {
            rules,
            read,
            lang: parse_lang(&self.lang)?,
        })
    }
}
