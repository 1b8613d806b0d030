//! What is made from a register and its result: the CSV exports, the
//! individual-level report, the marked workbook, the first rows for the
//! header picker, the file's stamp and the register template.

use super::{js_error, options_or_default, parse_country, parse_lang, read_error, to_js};
use crate::messages::Lang;
use crate::output::aggregates::{self, Aggregates};
use crate::output::diagnostics::{self, DiagnosticJson};
use crate::output::individual;
use crate::output::{marked_copy, CopyKind};
use crate::register::{self, ReadOptions};
use crate::rules::{AgeCategory, IndividualRecord};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct TemplateInput {
    country: Option<String>,
    action: Option<String>,
    indicators: Vec<String>,
    lang: Option<String>,
}

/// A register template as XLSX bytes: `{country, action?, indicators?,
/// lang?}` as `amif-check template` takes them.
#[wasm_bindgen(js_name = registerTemplate)]
pub fn register_template(options: JsValue) -> Result<Vec<u8>, JsError> {
    let input: TemplateInput = options_or_default(options)?;
    let options = crate::output::template::TemplateOptions {
        country: parse_country(&input.country)?.unwrap_or_default(),
        action: input.action.filter(|a| !a.trim().is_empty()),
        indicators: input.indicators,
        lang: parse_lang(&input.lang)?,
    };
    crate::output::template::template(&options).map_err(|err| js_error(err.message(options.lang)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResultInput {
    lang: Option<String>,
    sheet: Option<String>,
    header_row: Option<u32>,
    aggregates: Option<Aggregates>,
    diagnostics: Option<Vec<DiagnosticJson>>,
    individuals: Option<Vec<IndividualInput>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndividualInput {
    id: String,
    age_category: String,
    gender: String,
    indicator: String,
}

/// A result read through its JSON text: serde_json's deserializer for the
/// aggregates is in the module anyway (earlier reports are JSON), and a
/// second one, serde-wasm-bindgen's, would add some 30 KB.
fn result_from(value: JsValue) -> Result<ResultInput, JsError> {
    let expected =
        |e: &dyn std::fmt::Display| js_error(format!("expected a result of validateRegister: {e}"));
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| expected(&"not JSON"))?;
    // Where, never what: serde_json's own message quotes the value, which
    // may be an identifier.
    serde_json::from_str(&text).map_err(|e| {
        expected(&format!(
            "{:?} at line {} column {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

fn lang_for(result: &ResultInput, lang: Option<String>) -> Result<Lang, JsError> {
    parse_lang(&lang.or_else(|| result.lang.clone()))
}

/// The aggregates as semicolon CSV (formulas neutralised).
#[wasm_bindgen(js_name = aggregatesCsv)]
pub fn aggregates_csv(result: JsValue, lang: Option<String>) -> Result<String, JsError> {
    let result = result_from(result)?;
    let lang = lang_for(&result, lang)?;
    let aggregates = result
        .aggregates
        .ok_or_else(|| js_error("the result holds no aggregates"))?;
    Ok(aggregates::to_csv(&aggregates, lang))
}

/// The rows of `aggregatesCsv` as arrays of text (the indicator table
/// first, then periods, comparison and stamp), for writing into a sheet.
#[wasm_bindgen(js_name = aggregatesTable)]
pub fn aggregates_table(result: JsValue, lang: Option<String>) -> Result<JsValue, JsError> {
    let result = result_from(result)?;
    let lang = lang_for(&result, lang)?;
    let aggregates = result
        .aggregates
        .ok_or_else(|| js_error("the result holds no aggregates"))?;
    to_js(&aggregates::rows(&aggregates, lang))
}

/// The diagnostics as semicolon CSV (formulas neutralised).
#[wasm_bindgen(js_name = diagnosticsCsv)]
pub fn diagnostics_csv(result: JsValue, lang: Option<String>) -> Result<String, JsError> {
    let result = result_from(result)?;
    let lang = lang_for(&result, lang)?;
    let records = result
        .diagnostics
        .ok_or_else(|| js_error("the result holds no diagnostics"))?;
    Ok(diagnostics::records_to_csv(
        &records,
        lang,
        result.sheet.as_deref(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct PreviewOptions {
    sheet: Option<String>,
    /// The language of the error thrown when the file cannot be read.
    lang: Option<String>,
    rows: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviewJson {
    sheet: Option<String>,
    sheets: Vec<String>,
    rows: Vec<PreviewRow>,
}

#[derive(Serialize)]
struct PreviewRow {
    number: u32,
    /// Each cell as text (dates `YYYY-MM-DD`), by column index.
    cells: Vec<String>,
}

/// The first rows of a sheet (20 unless `rows` says otherwise), for a user
/// to point at the header row and the ID column when no header was found:
/// `{sheet, sheets, rows: [{number, cells}]}`. A CSV file's first bytes are
/// enough. What it returns is personal data: show it, never store it.
#[wasm_bindgen(js_name = previewRows)]
pub fn preview_rows(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options: PreviewOptions = options_or_default(options)?;
    let read = ReadOptions::default();
    let lang = parse_lang(&options.lang)?;
    let failed = |err: register::ReadError| read_error(&err, lang);
    let sheets = register::sheet_names(bytes).map_err(failed)?;
    let sheet = options.sheet.filter(|s| !s.is_empty());
    let grid = register::read_grid_head(bytes, sheet.as_deref(), &read, options.rows.unwrap_or(20))
        .map_err(failed)?;
    let rows = grid
        .rows
        .iter()
        .map(|row| PreviewRow {
            number: row.number,
            cells: row
                .cells
                .iter()
                .map(|cell| register::values::text(cell).into_owned())
                .collect(),
        })
        .collect();
    Ok(to_js(&PreviewJson {
        sheet: grid.sheet,
        sheets,
        rows,
    })?)
}

/// The register file's stamp (`{sha256, bytes}`) made as it is read, piece
/// by piece, for the aggregates' `stamp.register`.
#[wasm_bindgen]
pub struct FileHasher(aggregates::FileHasher);

#[wasm_bindgen]
impl FileHasher {
    #[wasm_bindgen(constructor)]
    pub fn new() -> FileHasher {
        FileHasher(aggregates::FileHasher::default())
    }

    pub fn update(&mut self, piece: &[u8]) {
        self.0.update(piece);
    }

    /// `{sha256, bytes}`.
    pub fn finish(self) -> Result<JsValue, JsError> {
        to_js(&self.0.finish())
    }
}

impl Default for FileHasher {
    fn default() -> Self {
        FileHasher::new()
    }
}

/// The individual-level report (personal data). Needs a result made with
/// `individualReport: true`.
#[wasm_bindgen(js_name = individualReportCsv)]
pub fn individual_report_csv(result: JsValue, lang: Option<String>) -> Result<String, JsError> {
    let result = result_from(result)?;
    let lang = lang_for(&result, lang)?;
    let records = result.individuals.ok_or_else(|| {
        js_error("the individual-level report needs validateRegister(…, {individualReport: true})")
    })?;
    let records: Vec<IndividualRecord> = records
        .into_iter()
        .filter_map(|r| {
            Some(IndividualRecord {
                id: r.id,
                age: AgeCategory::parse(&r.age_category)?,
                gender: crate::register::values::Gender::parse(&r.gender)?,
                indicator: r.indicator,
                first: None,
            })
        })
        .collect();
    Ok(individual::to_csv(&records, lang))
}

/// What `annotatedWorkbook` makes of a register: `"own"`, the user's own
/// workbook with the marks added (XLSX, XLSM), or `"new"`, a new workbook
/// holding the participant table only (CSV, ODS).
#[wasm_bindgen(js_name = annotatedWorkbookKind)]
pub fn annotated_workbook_kind(bytes: &[u8]) -> String {
    match CopyKind::of(bytes) {
        CopyKind::Own => "own",
        CopyKind::New => "new",
    }
    .to_string()
}

/// The register with its findings marked, as XLSX bytes. For an XLSX or
/// XLSM file it is the user's own workbook: problem cells of the
/// participant sheet filled (errors red, warnings yellow) and noted, a
/// sheet listing every finding added, every other part copied unchanged;
/// a workbook that cannot be marked safely is refused, never half copied.
/// For CSV and ODS it is a new workbook: the participant sheet's cells as
/// values, marked the same way, and the list. `bytes` is the register
/// `result` was made from; messages stay in the result's language, sheet
/// names and headers follow `lang`.
#[wasm_bindgen(js_name = annotatedWorkbook)]
pub fn annotated_workbook(
    bytes: &[u8],
    result: JsValue,
    lang: Option<String>,
) -> Result<Vec<u8>, JsError> {
    let result = result_from(result)?;
    let lang = lang_for(&result, lang)?;
    let (Some(header_row), Some(diagnostics)) = (result.header_row, &result.diagnostics) else {
        return Err(js_error(
            "expected a result of validateRegister: it holds no headerRow or diagnostics",
        ));
    };
    // One memory.grow up front instead of thousands while the copy is built
    // (halves the time on large registers): the grid and sheet take about
    // this much. Capped, and a refusal is harmless.
    let mut reserve = Vec::<u8>::new();
    let _ = reserve.try_reserve_exact(bytes.len().saturating_mul(12).min(512 << 20));
    drop(reserve);
    marked_copy(
        bytes,
        result.sheet.as_deref(),
        header_row,
        diagnostics,
        lang,
    )
    .map_err(|err| js_error(err.message(lang)))
}
