//! Checking a register held as sheets of cells, as the Excel add-in reads
//! them through Office.js.

use super::validation::run;
use super::{js_error, options_or_default};
use crate::api;
use crate::register;
use wasm_bindgen::prelude::*;

/// A property of a plain JS object (`undefined` when absent).
fn property(object: &JsValue, name: &str) -> Result<JsValue, JsError> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .map_err(|_| js_error(format!("workbook: cannot read {name}")))
}

/// A 2-D array (rows of cells) as rows of `JsValue`s; absent is empty.
fn rows_of(value: &JsValue, what: &str) -> Result<Vec<js_sys::Array>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(value) {
        return Err(js_error(format!(
            "workbook: {what} must be an array of rows"
        )));
    }
    js_sys::Array::from(value)
        .iter()
        .map(|row| {
            if js_sys::Array::is_array(&row) {
                Ok(js_sys::Array::from(&row))
            } else {
                Err(js_error(format!(
                    "workbook: {what} must be an array of rows"
                )))
            }
        })
        .collect()
}

/// A 0-based index given as a JS number (missing or bad: 0).
fn index_of(value: &JsValue) -> u32 {
    value
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map_or(0, |n| n.min(f64::from(u32::MAX)) as u32)
}

/// One sheet as Office.js gives a range: `values`, `numberFormat` and
/// `valueTypes` (same shape), and where the range starts (0-based `top`,
/// `left`). Read with js_sys rather than serde: grids are large and the
/// cells mixed.
fn grid_sheet(sheet: &JsValue) -> Result<register::GridSheet, JsError> {
    let name = property(sheet, "name")?
        .as_string()
        .ok_or_else(|| js_error("workbook: every sheet needs a name"))?;
    let types = rows_of(&property(sheet, "valueTypes")?, "valueTypes")?;
    let values = rows_of(&property(sheet, "values")?, "values")?
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let row_types = types.get(r);
            row.iter()
                .enumerate()
                .map(|(c, value)| {
                    let error = row_types
                        .and_then(|t| t.get(c as u32).as_string())
                        .is_some_and(|t| t == "Error");
                    if let Some(n) = value.as_f64() {
                        register::GridValue::Number(n)
                    } else if let Some(b) = value.as_bool() {
                        register::GridValue::Bool(b)
                    } else if let Some(text) = value.as_string() {
                        if error {
                            register::GridValue::Error(text)
                        } else {
                            register::GridValue::Text(text)
                        }
                    } else {
                        register::GridValue::Empty
                    }
                })
                .collect()
        })
        .collect();
    let number_formats = rows_of(&property(sheet, "numberFormat")?, "numberFormat")?
        .iter()
        .map(|row| {
            row.iter()
                .map(|f| f.as_string().unwrap_or_default())
                .collect()
        })
        .collect();
    Ok(register::GridSheet {
        name,
        top: index_of(&property(sheet, "top")?),
        left: index_of(&property(sheet, "left")?),
        values,
        number_formats,
    })
}

/// `{sheets: [{name, top, left, values, numberFormat, valueTypes}],
/// date1904}` as the core's workbook of cells.
pub(super) fn grid_workbook(workbook: &JsValue) -> Result<register::GridWorkbook, JsError> {
    if !workbook.is_object() {
        return Err(js_error("workbook: expected {sheets: [...]}"));
    }
    let sheets = property(workbook, "sheets")?;
    if !js_sys::Array::is_array(&sheets) {
        return Err(js_error("workbook: expected {sheets: [...]}"));
    }
    Ok(register::GridWorkbook {
        sheets: js_sys::Array::from(&sheets)
            .iter()
            .map(|sheet| grid_sheet(&sheet))
            .collect::<Result<_, _>>()?,
        date_1904: property(workbook, "date1904")?.as_bool().unwrap_or(false),
    })
}

/// Validates a register held as sheets of cells, as the Excel add-in reads
/// them through Office.js: `{sheets: [{name, top, left, values, numberFormat,
/// valueTypes}], date1904}`. The number formats decide dates as in a saved
/// workbook; header search, mapping, limits and rules are those of
/// `validateRegister`, and so is the result.
#[wasm_bindgen(js_name = validateGrid)]
pub fn validate_grid(
    workbook: JsValue,
    options: JsValue,
    on_progress: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    let book = grid_workbook(&workbook)?;
    run(
        |files, options, report| {
            Ok(api::validate_source(
                api::Register::Grid(&book),
                files,
                options,
                report,
            )?)
        },
        &options_or_default(options)?,
        on_progress.as_ref(),
    )
}
