//! The JavaScript face of the core: the only module that knows about
//! wasm-bindgen. Values cross as plain objects (serde-wasm-bindgen), bytes as
//! `Uint8Array`, dates as `YYYY-MM-DD` strings.
//!
//! One file per kind of export: checking a register held as bytes
//! (`validation`) or streamed in chunks (`stream`), held as the add-in's
//! sheets of cells (`host`); what changed since an earlier report
//! (`comparison`); one identifier (`identifiers`); what the page lists
//! (`reference`); what is made from a result (`outputs`). `js_options` turns
//! the JS options object into the core's.

mod comparison;
mod host;
mod identifiers;
mod js_options;
mod outputs;
mod reference;
mod stream;
mod validation;

pub use comparison::{compare_grid_with_previous, compare_with_previous};
pub use host::validate_grid;
pub use identifiers::validate_id;
pub use outputs::{
    aggregates_csv, aggregates_table, annotated_workbook, annotated_workbook_kind, diagnostics_csv,
    individual_report_csv, preview_rows, register_template, FileHasher,
};
pub use reference::{catalogue, diagnostic_codes, fields};
pub use stream::{RegisterPart, RegisterValidator};
pub use validation::validate_register;

use crate::ids::Country;
use crate::messages::{message, Lang};
use crate::register::ReadError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn js_error(text: impl std::fmt::Display) -> JsError {
    JsError::new(&text.to_string())
}

/// A file that cannot be checked, thrown as an `Error` with the finding's
/// `code` (`header.not_found`, `file.unreadable`, …), its `sheet` when it
/// names one, and its `params` (never a cell's content): the page tells
/// "no header found" (offer the header picker) from "not a register".
fn read_error(err: &ReadError, lang: Lang) -> JsValue {
    let diagnostic = err.diagnostic();
    let error = js_sys::Error::new(&message(&diagnostic, lang));
    let params = js_sys::Object::new();
    for (key, value) in &diagnostic.params {
        let _ = js_sys::Reflect::set(&params, &(*key).into(), &value.into());
    }
    let sheet = diagnostic
        .sheet
        .as_deref()
        .or(diagnostic.param("sheet"))
        .map_or(JsValue::NULL, JsValue::from);
    for (key, value) in [
        ("code", JsValue::from(diagnostic.code)),
        ("sheet", sheet),
        ("params", params.into()),
    ] {
        let _ = js_sys::Reflect::set(&error, &key.into(), &value);
    }
    error.into()
}

/// An options object; `undefined` or `null` gives the defaults.
fn options_or_default<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(format!("options: {e}")))
}

fn parse_lang(lang: &Option<String>) -> Result<Lang, JsError> {
    match lang {
        None => Ok(Lang::Sv),
        Some(text) => Lang::parse(text).ok_or_else(|| js_error("lang: expected sv, en or fi")),
    }
}

fn parse_country(country: &Option<String>) -> Result<Option<Country>, JsError> {
    match country {
        None => Ok(None),
        Some(text) => Country::parse(text)
            .map(Some)
            .ok_or_else(|| js_error("country: expected se or fi")),
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Absent values are null, as in the CLI's JSON (not undefined, which
    // JSON.stringify drops).
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(js_error)
}
