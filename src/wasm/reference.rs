//! What the page lists whatever the register: the indicator catalogue, the
//! diagnostic codes and the fields a column can be mapped to.

use super::{parse_lang, to_js};
use crate::catalogue::Catalogue;
use crate::register;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndicatorInfo {
    code: String,
    objective: u8,
    name: String,
    unit: &'static str,
    parent: Option<String>,
    target_group: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActionInfo {
    code: String,
    objective: u8,
    name: String,
    indicators: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CatalogueInfo {
    indicators: Vec<IndicatorInfo>,
    actions: Vec<ActionInfo>,
}

/// The indicator catalogue with names in `lang` (sv, en or fi).
#[wasm_bindgen]
pub fn catalogue(lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = parse_lang(&lang)?.as_str();
    let catalogue = Catalogue::get();
    to_js(&CatalogueInfo {
        indicators: catalogue
            .indicators()
            .iter()
            .map(|i| IndicatorInfo {
                code: i.code.clone(),
                objective: i.objective,
                name: i.name.get(lang).to_string(),
                unit: i.unit.as_str(),
                parent: i.parent.clone(),
                target_group: i.target_group,
            })
            .collect(),
        actions: catalogue
            .actions()
            .iter()
            .map(|a| ActionInfo {
                code: a.code.clone(),
                objective: a.objective,
                name: a.name.get(lang).to_string(),
                indicators: a.indicators.clone(),
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct CodeInfo {
    code: &'static str,
    severity: &'static str,
    title: String,
}

/// Every diagnostic code with its severity and short title in `lang`: the
/// page groups findings under these titles, from the core's one table.
#[wasm_bindgen(js_name = diagnosticCodes)]
pub fn diagnostic_codes(lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = parse_lang(&lang)?;
    let list: Vec<CodeInfo> = crate::diagnostic::CODES
        .iter()
        .map(|&(code, severity)| CodeInfo {
            code,
            severity: severity.as_str(),
            title: crate::messages::title(code, lang),
        })
        .collect();
    to_js(&list)
}

#[derive(Serialize)]
struct FieldInfo {
    key: String,
    label: String,
}

/// The fields a participant column can be mapped to, with labels in `lang`,
/// for a mapping dropdown. Indicator columns use the key `indicator:<code>`.
#[wasm_bindgen]
pub fn fields(lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = parse_lang(&lang)?;
    let list: Vec<FieldInfo> = register::Field::participant_fields()
        .into_iter()
        .map(|field| FieldInfo {
            label: crate::messages::field_label(&field, lang),
            key: field.key(),
        })
        .collect();
    to_js(&list)
}
