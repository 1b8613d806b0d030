//! The JavaScript face of the core: the only module that knows about
//! wasm-bindgen. Values cross as plain objects (serde-wasm-bindgen), bytes as
//! `Uint8Array`, dates as `YYYY-MM-DD` strings.

use crate::api::{self, JoinError, Options};
use crate::catalogue::Catalogue;
use crate::ids::{self, Context, Country};
use crate::messages::{message, Lang};
use crate::options;
use crate::output::aggregates::{self, Aggregates};
use crate::output::diagnostics::{self, DiagnosticJson};
use crate::output::individual;
use crate::output::{marked_copy, CopyKind};
use crate::register::{self, ReadOptions};
use crate::rules::{AgeCategory, IndividualRecord, Period, PeriodPlan, RuleOptions};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsOptions {
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
    mapping: Option<BTreeMap<String, String>>,
    lang: Option<String>,
    action: Option<String>,
    /// Keep the individual-level records so `individualReportCsv` can run.
    individual_report: bool,
    /// Further files: evaluations, organisations or items.
    extra_files: Vec<JsFile>,
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

fn js_error(text: impl std::fmt::Display) -> JsError {
    JsError::new(&text.to_string())
}

/// The shared option rules (`crate::options`), naming the option at fault.
fn parse_date(text: &str, what: &str) -> Result<NaiveDate, JsError> {
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

fn today() -> NaiveDate {
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
    fn to_options(&self) -> Result<Options, JsError> {
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
        rules.action = self.action.clone().filter(|a| !a.trim().is_empty());
        rules.individual_report = self.individual_report;
        let read = ReadOptions {
            sheet: self.sheet.clone().filter(|s| !s.is_empty()),
            header_row: self.header_row.filter(|&row| row > 0),
            mapping: self
                .mapping
                .iter()
                .flatten()
                .map(|(field, header)| (field.clone(), header.clone()))
                .collect(),
            ..ReadOptions::default()
        };
        Ok(Options {
            rules,
            read,
            lang: parse_lang(&self.lang)?,
        })
    }
}

fn options_from(value: JsValue) -> Result<JsOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(JsOptions::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(format!("options: {e}")))
}

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

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Absent values are null, as in the CLI's JSON (not undefined, which
    // JSON.stringify drops).
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(js_error)
}

/// The result object of a validation: `validate` gets the further files,
/// the options and the progress callback.
/// Validates and turns the result into JS; `undefined` when the file was
/// read in two parts that do not fit together (see `finishWithPart`).
fn run(
    validate: impl FnOnce(
        &[api::NamedFile],
        &Options,
        &mut dyn FnMut(u32),
    ) -> Result<api::Validation, JoinError>,
    options: &JsOptions,
    on_progress: Option<&js_sys::Function>,
) -> Result<JsValue, JsError> {
    let parsed = options.to_options()?;
    let extras: Vec<(&str, &[u8])> = options
        .extra_files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    let mut report = |rows: u32| {
        if let Some(callback) = on_progress {
            // A throwing callback must not stop the check.
            let _ = callback.call1(&JsValue::NULL, &JsValue::from(rows));
        }
    };
    let validation = match validate(&extras, &parsed, &mut report) {
        Ok(validation) => validation,
        Err(JoinError::Read(err)) => return Err(js_error(message(&err.diagnostic(), parsed.lang))),
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
    to_js(&result)
}

/// Validates a register (CSV, XLSX, XLS or ODS bytes) and counts the indicators.
#[wasm_bindgen(js_name = validateRegister)]
pub fn validate_register(bytes: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    run(
        |files, options, report| {
            Ok(api::validate_source(
                api::Register::Bytes(bytes),
                files,
                options,
                report,
            )?)
        },
        &options_from(options)?,
        None,
    )
}

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
) -> Result<JsValue, JsError> {
    if !workbook.is_object() {
        return Err(js_error("workbook: expected {sheets: [...]}"));
    }
    let sheets = property(&workbook, "sheets")?;
    if !js_sys::Array::is_array(&sheets) {
        return Err(js_error("workbook: expected {sheets: [...]}"));
    }
    let sheets = js_sys::Array::from(&sheets);
    let book = register::GridWorkbook {
        sheets: sheets
            .iter()
            .map(|sheet| grid_sheet(&sheet))
            .collect::<Result<_, _>>()?,
        date_1904: property(&workbook, "date1904")?.as_bool().unwrap_or(false),
    };
    run(
        |files, options, report| {
            Ok(api::validate_source(
                api::Register::Grid(&book),
                files,
                options,
                report,
            )?)
        },
        &options_from(options)?,
        on_progress.as_ref(),
    )
}

/// The streaming form: feed the file in chunks, then `finish()`. A CSV
/// file's rows are checked as the chunks arrive, so it is never held whole;
/// a workbook is kept until `finish()`.
#[wasm_bindgen]
pub struct RegisterValidator {
    options: JsOptions,
    stream: api::RegisterStream,
    lang: Lang,
}

#[wasm_bindgen]
impl RegisterValidator {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<RegisterValidator, JsError> {
        let options = options_from(options)?;
        // Fail early on bad options rather than after the whole file arrived.
        let parsed = options.to_options()?;
        Ok(RegisterValidator {
            stream: api::RegisterStream::new(&parsed),
            lang: parsed.lang,
            options,
        })
    }

    /// Adds the next chunk, checking the CSV rows it completes; refuses a
    /// file over the size limit, or without a header, as soon as that shows.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.stream
            .push(chunk)
            .map_err(|err| js_error(message(&err.diagnostic(), self.lang)))
    }

    /// Says the file will be `total` bytes, so a workbook is held in one
    /// buffer, never grown and copied (wasm memory never shrinks).
    pub fn reserve(&mut self, total: f64) {
        if total.is_finite() && total > 0.0 {
            self.stream.expect(total as u64);
        }
    }

    /// Bytes received so far.
    #[wasm_bindgen(getter, js_name = bytesReceived)]
    pub fn bytes_received(&self) -> f64 {
        self.stream.received() as f64
    }

    /// Participant rows checked so far (CSV; a workbook's rows are read by
    /// `finish()`).
    #[wasm_bindgen(getter, js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.stream.rows() as f64
    }

    /// Validates what was pushed; the validator is used up. `onProgress`,
    /// if given, is called with the number of rows read so far.
    pub fn finish(self, on_progress: Option<js_sys::Function>) -> Result<JsValue, JsError> {
        let stream = self.stream;
        run(
            |files, _, report| Ok(stream.finish(files, report)?),
            &self.options,
            on_progress.as_ref(),
        )
    }
}

#[wasm_bindgen]
impl RegisterValidator {
    /// `finish()` for the first part of a large CSV file, pushed up to and
    /// including a line break, whose rest a `RegisterPart` checked at the
    /// same time (`part`: what its `finish()` gave): the result for the whole
    /// file, as `finish()` gives it for the file pushed whole. `undefined`
    /// when the two do not fit together (the first part did not end outside
    /// quotes, or the part was refused): check the file whole then.
    /// `reserve()` must have been told the whole file's size.
    #[wasm_bindgen(js_name = finishWithPart)]
    pub fn finish_with_part(
        self,
        part: &[u8],
        on_progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsError> {
        let stream = self.stream;
        run(
            |files, _, report| stream.finish_with_part(part, files, report),
            &self.options,
            on_progress.as_ref(),
        )
    }
}

/// The rest of a large CSV register, from a line break past its header,
/// checked in a second worker while a `RegisterValidator` reads the part
/// before it: the two workers then share the work of the check.
#[wasm_bindgen]
pub struct RegisterPart {
    part: api::RegisterPart,
    lang: Lang,
}

#[wasm_bindgen]
impl RegisterPart {
    /// `firstBytes`: the file's first 64 KB (the whole file if shorter),
    /// from which the rest is read as the whole file is read; `size`: the
    /// part's size in bytes, if known, so room for its rows is made once.
    /// Throws when the file cannot be checked in parts (not CSV text,
    /// UTF-16, or no header in its first 64 KB): check it whole then.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: JsValue,
        first_bytes: &[u8],
        size: Option<f64>,
    ) -> Result<RegisterPart, JsError> {
        let parsed = options_from(options)?.to_options()?;
        let size = size.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64);
        let part = api::RegisterPart::new(&parsed, first_bytes, size)
            .ok_or_else(|| js_error("this file cannot be checked in parts"))?;
        Ok(RegisterPart {
            part,
            lang: parsed.lang,
        })
    }

    /// Adds the next chunk of the part, checking the rows it completes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.part
            .push(chunk)
            .map_err(|err| js_error(message(&err.diagnostic(), self.lang)))
    }

    /// Participant rows checked so far.
    #[wasm_bindgen(getter, js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.part.rows() as f64
    }

    /// Ends the part: the checked rows, for `RegisterValidator.finishWithPart`.
    pub fn finish(self) -> Result<Vec<u8>, JsError> {
        self.part
            .finish()
            .map_err(|err| js_error(message(&err.diagnostic(), self.lang)))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
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
    let format = if !birth.is_partial() {
        "%Y-%m-%d"
    } else if birth.earliest.month() == birth.latest.month() {
        "%Y-%m"
    } else {
        "%Y"
    };
    birth.earliest.format(format).to_string()
}

/// Checks one identifier: `{valid, canonical, kind, code, birthDate, temporary}`.
#[wasm_bindgen(js_name = validateId)]
pub fn validate_id(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: IdOptions = if options.is_undefined() || options.is_null() {
        IdOptions {
            country: None,
            context: None,
            reference_date: None,
        }
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| js_error(format!("options: {e}")))?
    };
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

/// What changed since an earlier report: `register` (this register's
/// bytes) counted with `options` in the periods of `previousJson` (the
/// aggregates an earlier check wrote), figure for figure; with
/// `previousRegister` (that check's register) the reasons too, counted,
/// never listed by person. Keys as in `amif-check report --previous`'s
/// `comparison`: `{previous_reference_date, problem, problem_message,
/// reasons_known, periods: [{from, to, indicators: [{code, then, now,
/// difference, reasons}]}]}`; an earlier file that cannot be compared with gives its
/// `problem` (`not_json`, `other_tool`, `other_schema`,
/// `other_project_period`, `other_country`, `previous_register_not_stamped`).
#[wasm_bindgen(js_name = compareWithPrevious)]
pub fn compare_with_previous(
    register: &[u8],
    options: JsValue,
    previous_json: &str,
    previous_register: Option<Vec<u8>>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let parsed = options.to_options()?;
    let extras: Vec<(&str, &[u8])> = options
        .extra_files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    let earlier = previous_register.as_deref().map(|register| api::Earlier {
        register,
        further_files: &[],
    });
    let comparison = api::compare_with_previous(register, &extras, &parsed, previous_json, earlier)
        .map_err(|err| js_error(message(&err.diagnostic(), parsed.lang)))?;
    let problem_message = comparison.problem.map(|p| p.message(parsed.lang));
    to_js(&ComparisonJson {
        comparison,
        problem_message,
    })
}

#[derive(Serialize)]
struct ComparisonJson {
    #[serde(flatten)]
    comparison: crate::output::comparison::Comparison,
    /// The problem in the options' language.
    problem_message: Option<&'static str>,
}

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
    let input: TemplateInput = if options.is_undefined() || options.is_null() {
        TemplateInput::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| js_error(format!("options: {e}")))?
    };
    let options = crate::output::template::TemplateOptions {
        country: parse_country(&input.country)?.unwrap_or_default(),
        action: input.action.filter(|a| !a.trim().is_empty()),
        indicators: input.indicators,
        lang: parse_lang(&input.lang)?,
    };
    crate::output::template::template(&options).map_err(|err| js_error(err.message(options.lang)))
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

fn result_from(value: JsValue) -> Result<ResultInput, JsError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error(format!("expected a result of validateRegister: {e}")))
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

/// The rows of `aggregatesCsv` as arrays of text (header first), for
/// writing the indicator table into a spreadsheet.
#[wasm_bindgen(js_name = aggregatesTable)]
pub fn aggregates_table(result: JsValue, lang: Option<String>) -> Result<JsValue, JsError> {
    let result = result_from(result)?;
    let lang = lang_for(&result, lang)?;
    let aggregates = result
        .aggregates
        .ok_or_else(|| js_error("the result holds no aggregates"))?;
    to_js(&aggregates::table(&aggregates, lang))
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
pub fn preview_rows(bytes: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    let options: PreviewOptions = if options.is_undefined() || options.is_null() {
        PreviewOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| js_error(format!("options: {e}")))?
    };
    let read = ReadOptions::default();
    let failed = |err: register::ReadError| js_error(message(&err.diagnostic(), Lang::Sv));
    let sheets = register::sheet_names(bytes).map_err(failed)?;
    let sheet = options.sheet.filter(|s| !s.is_empty());
    let grid = register::read_grid_head(bytes, sheet.as_deref(), &read, options.rows.unwrap_or(20))
        .map_err(failed)?;
    to_js(&PreviewJson {
        sheet: grid.sheet,
        sheets,
        rows: grid
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
            .collect(),
    })
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
