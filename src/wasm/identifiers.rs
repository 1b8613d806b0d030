//! Checking one identifier, as a user types it.

use super::js_options::{parse_date, today};
use super::{js_error, options_or_default, parse_country, to_js};
use crate::ids::{self, Context};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct IdOptions {
    country: Option<String>,
    context: Option<String>,
    reference_date: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IdResult {
    valid: bool,
    canonical: Option<String>,
    kind: Option<&'static str>,
    code: Option<&'static str>,
    birth_date: Option<String>,
    temporary: bool,
}

/// `YYYY-MM-DD`; `YYYY-MM` or `YYYY` when a samordningsnummer gives only
/// the month or the year.
fn written_birth_date(birth: ids::BirthDate) -> String {
    let (date, year) = (birth.earliest, birth.earliest.year());
    if !birth.is_partial() {
        crate::dates::write(date)
    } else if date.month() == birth.latest.month() {
        format!("{year:04}-{:02}", date.month())
    } else {
        format!("{year:04}")
    }
}

/// Checks one identifier: `{valid, canonical, kind, code, birthDate, temporary}`.
#[wasm_bindgen(js_name = validateId)]
pub fn validate_id(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: IdOptions = options_or_default(options)?;
    let country = parse_country(&options.country)?.unwrap_or_default();
    let context = match options.context.as_deref() {
        None | Some("person") => Context::Person,
        Some("org") => Context::Org,
        Some(_) => return Err(js_error("context: expected person or org")),
    };
    let reference = match &options.reference_date {
        Some(text) => parse_date(text, "referenceDate")?,
        None => today(),
    };
    let result = match ids::parse(text, country, context, reference) {
        Ok(parsed) => IdResult {
            valid: true,
            canonical: Some(parsed.canonical),
            kind: Some(parsed.kind.as_str()),
            code: None,
            birth_date: parsed.birth.map(written_birth_date),
            temporary: parsed.temporary,
        },
        Err(err) => IdResult {
            valid: false,
            canonical: None,
            kind: None,
            code: Some(err.code()),
            birth_date: None,
            temporary: false,
        },
    };
    to_js(&result)
}
