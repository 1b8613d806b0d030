//! Checking a register given whole as bytes, and the result object every
//! way of checking returns.

use super::js_options::JsOptions;
use super::{options_or_default, read_error, to_js};
use crate::api::{self, JoinError, Options};
use crate::output::aggregates::{self, Aggregates, FileStamp};
use crate::output::diagnostics::{self, DiagnosticJson};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// How one column of the participant table was understood.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ColumnJson {
    index: usize,
    header: String,
    /// Stable field key (`gender`, `indicator:O.2.3.1`, …); `null` when unused.
    field: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndividualJson {
    id: String,
    age_category: String,
    gender: String,
    indicator: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultJson {
    summary: aggregates::SummaryJson,
    indicators: Vec<aggregates::IndicatorJson>,
    diagnostics: Vec<DiagnosticJson>,
    /// The whole aggregates document, exactly as `amif-check report` prints it.
    aggregates: Aggregates,
    lang: &'static str,
    country: &'static str,
    country_detected: bool,
    sheet: Option<String>,
    sheets: Vec<String>,
    header_row: u32,
    columns: Vec<ColumnJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    individuals: Option<Vec<IndividualJson>>,
}

/// Validates and turns the result into JS: `validate` gets the further
/// files, the options and the progress callback. `undefined` when the file
/// was read in two parts that do not fit together (see `finishWithPart`).
pub(super) fn run(
    validate: impl FnOnce(
        &[api::NamedFile],
        &Options,
        &mut dyn FnMut(u32),
    ) -> Result<api::Validation, JoinError>,
    options: &JsOptions,
    on_progress: Option<&js_sys::Function>,
) -> Result<JsValue, JsValue> {
    let parsed = options.to_options()?;
    let extras = options.further_files();
    let mut report = |rows: u32| {
        if let Some(callback) = on_progress {
            // A throwing callback must not stop the check.
            let _ = callback.call1(&JsValue::NULL, &JsValue::from(rows));
        }
    };
    let validation = match validate(&extras, &parsed, &mut report) {
        Ok(validation) => validation,
        Err(JoinError::Read(err)) => return Err(read_error(&err, parsed.lang)),
        Err(JoinError::NotJoinable) => return Ok(JsValue::UNDEFINED),
    };
    let aggregates = validation.aggregates();
    let outcome = &validation.outcome;
    let result = ResultJson {
        summary: aggregates.summary.clone(),
        indicators: aggregates.indicators.clone(),
        diagnostics: diagnostics::to_records(&outcome.diagnostics, parsed.lang),
        aggregates,
        lang: parsed.lang.as_str(),
        country: outcome.country.as_str(),
        country_detected: outcome.country_detected,
        sheet: validation.table.sheet.clone(),
        sheets: validation.table.sheets.clone(),
        header_row: validation.table.header.row,
        columns: validation
            .table
            .header
            .columns
            .iter()
            .map(|c| ColumnJson {
                index: c.index,
                header: c.header.clone(),
                field: c.field.as_ref().map(|f| f.key()),
            })
            .collect(),
        individuals: options.individual_report.then(|| {
            outcome
                .individuals
                .iter()
                .map(|r| IndividualJson {
                    id: r.id.clone(),
                    age_category: r.age.as_str().to_string(),
                    gender: r.gender.as_str().to_string(),
                    indicator: r.indicator.clone(),
                })
                .collect()
        }),
    };
    Ok(to_js(&result)?)
}

/// Validates a register (CSV, XLSX, XLS or ODS bytes) and counts the indicators.
#[wasm_bindgen(js_name = validateRegister)]
pub fn validate_register(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options: JsOptions = options_or_default(options)?;
    let hashes_file = options.hashes_file();
    run(
        |files, options, report| {
            let mut validation =
                api::validate_source(api::Register::Bytes(bytes), files, options, report)?;
            if hashes_file {
                validation.register = Some(FileStamp::of(bytes));
            }
            Ok(validation)
        },
        &options,
        None,
    )
}
