//! The JavaScript face of the core: the only module that knows about
//! wasm-bindgen. Values cross as plain objects (serde-wasm-bindgen), bytes as
//! `Uint8Array`, dates as `YYYY-MM-DD` strings.
//!
//! One file per kind of export: checking a register held as bytes
//! (`validation`) or streamed in chunks (`stream`), held as the add-in's
//! sheets of cells (`host`); one identifier (`identifiers`); what the page
//! lists (`reference`); what is made from a result (`outputs`). `js_options`
//! turns the JS options object into the core's.

mod host;
mod identifiers;
mod js_options;
mod outputs;
mod reference;
mod stream;
mod validation;

pub use host::validate_grid;
pub use identifiers::validate_id;
pub use outputs::{
    aggregates_csv, aggregates_table, annotated_workbook, annotated_workbook_kind,
    compare_with_previous, diagnostics_csv, individual_report_csv, preview_rows, register_template,
    FileHasher,
};
pub use reference::{catalogue, diagnostic_codes, fields};
pub use stream::{RegisterPart, RegisterValidator};
pub use validation::validate_register;

use crate::ids::Country;
use crate::messages::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn js_error(text: impl std::fmt::Display) -> JsError {
    JsError::new(&text.to_string())
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
