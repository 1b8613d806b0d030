//! What changed since an earlier report, for a register given as bytes
//! (the page) or as the add-in's sheets of cells.

use super::host::grid_workbook;
use super::js_options::JsOptions;
use super::{options_or_default, read_error, to_js};
use crate::api;
use crate::output::comparison::Comparison;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What changed since an earlier report: `register` (this register's
/// bytes) counted with `options` in the periods of `previousJson` (the
/// aggregates an earlier check wrote), figure for figure; with
/// `previousRegister` (that check's register) the reasons too, counted,
/// never listed by person. Keys as in `amif-check report --previous`'s
/// `comparison`: `{previous_reference_date, problem, problem_message,
/// reasons_known, periods: [{from, to, indicators: [{code, then, now,
/// difference, reasons}]}]}`; an earlier file that cannot be compared with
/// gives its `problem` (`not_json`, `other_tool`, `other_schema`,
/// `other_project_period`, `other_country`, `previous_register_not_stamped`).
#[wasm_bindgen(js_name = compareWithPrevious)]
pub fn compare_with_previous(
    register: &[u8],
    options: JsValue,
    previous_json: &str,
    previous_register: Option<Vec<u8>>,
) -> Result<JsValue, JsValue> {
    compare(
        api::Register::Bytes(register),
        options,
        previous_json,
        previous_register,
    )
}

/// `compareWithPrevious` for a register held as sheets of cells, in the
/// shape `validateGrid` takes: the add-in compares the open workbook
/// without Excel handing it over as a file.
#[wasm_bindgen(js_name = compareGridWithPrevious)]
pub fn compare_grid_with_previous(
    workbook: JsValue,
    options: JsValue,
    previous_json: &str,
    previous_register: Option<Vec<u8>>,
) -> Result<JsValue, JsValue> {
    let book = grid_workbook(&workbook)?;
    compare(
        api::Register::Grid(&book),
        options,
        previous_json,
        previous_register,
    )
}

fn compare(
    register: api::Register<'_>,
    options: JsValue,
    previous_json: &str,
    previous_register: Option<Vec<u8>>,
) -> Result<JsValue, JsValue> {
    let options: JsOptions = options_or_default(options)?;
    let parsed = options.to_options()?;
    let extras = options.further_files();
    let earlier = previous_register.as_deref().map(|register| api::Earlier {
        register,
        further_files: &[],
    });
    let comparison = api::compare_with_previous(register, &extras, &parsed, previous_json, earlier)
        .map_err(|err| read_error(&err, parsed.lang))?;
    let problem_message = comparison.problem.map(|p| p.message(parsed.lang));
    Ok(to_js(&ComparisonJson {
        comparison,
        problem_message,
    })?)
}

#[derive(Serialize)]
struct ComparisonJson {
    #[serde(flatten)]
    comparison: Comparison,
    /// The problem in the options' language.
    problem_message: Option<&'static str>,
}
