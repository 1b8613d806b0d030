//! The JavaScript API as JavaScript sees it, in Node and in headless
//! Chromium (tests/npm/run.sh runs both).
#![cfg(target_arch = "wasm32")]
// Tests may fail loudly.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use amif_check::wasm;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const MESSY: &[u8] = include_bytes!("fixtures/messy_register.csv");

/// A JavaScript object literal.
fn js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

/// A result as JSON, the way JSON.stringify sees it (no Maps, no undefined).
fn value<E: Into<JsValue>>(result: Result<JsValue, E>) -> Value {
    let result = result.unwrap_or_else(|e| panic!("{}", error_text(e)));
    let text: String = js_sys::JSON::stringify(&result).expect("stringify").into();
    serde_json::from_str(&text).expect("JSON")
}

/// A value that is not a result: as JSON.
fn plain(object: JsValue) -> Value {
    value(Ok::<_, JsValue>(object))
}

fn error_text(e: impl Into<JsValue>) -> String {
    let value: JsValue = e.into();
    assert!(
        value.is_instance_of::<js_sys::Error>(),
        "errors are Error objects"
    );
    js_sys::Reflect::get(&value, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

fn error_of<T, E: Into<JsValue>>(result: Result<T, E>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => error_text(e),
    }
}

fn messy(options: &str) -> JsValue {
    wasm::validate_register(MESSY, js(options)).unwrap_or_else(|e| panic!("{}", error_text(e)))
}

#[wasm_bindgen_test]
fn validates_a_register() {
    let result = plain(messy(r#"{"referenceDate": "2026-11-22", "lang": "en"}"#));
    assert_eq!(result["lang"], "en");
    assert_eq!(result["country"], "se");
    assert_eq!(result["sheet"], Value::Null);
    assert_eq!(result["sheets"], json!([]));
    assert_eq!(result["headerRow"], 4);
    let aggregates = &result["aggregates"];
    assert_eq!(aggregates["schema_version"], 1);
    assert_eq!(aggregates["tool"]["name"], "amif-check");
    assert_eq!(aggregates["reference_date"], "2026-11-22");
    // Absent values are null, as in the CLI's JSON.
    assert_eq!(aggregates["period"], Value::Null);
    assert_eq!(result["summary"], aggregates["summary"]);
    assert_eq!(result["indicators"], aggregates["indicators"]);
    assert!(result["summary"]["rows"].as_u64().unwrap_or(0) >= 10);
    let codes: Vec<&str> = result["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    assert!(codes.contains(&"O.2.3"), "{codes:?}");
    let o23 = result["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "O.2.3")
        .unwrap();
    assert!(o23["breakdown"]["18-60"]["man"].is_u64());
    assert!(o23["breakdown"]["<18"]["icke-binär"].is_u64());

    let diagnostics = result["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(result["summary"]["errors"], errors as u64);
    // Diagnostics never quote an identifier.
    let text = result["diagnostics"].to_string();
    assert!(!text.contains("811218"), "identifier in diagnostics");

    let columns = result["columns"].as_array().unwrap();
    assert_eq!(columns[0]["header"], "Personnummer");
    assert_eq!(columns[0]["index"], 0);
    assert!(columns.iter().any(|c| c["field"] == "gender"));
}

#[wasm_bindgen_test]
fn streaming_gives_the_same_result() {
    let options = js(r#"{"referenceDate": "2026-11-22"}"#);
    let mut validator = wasm::RegisterValidator::new(options).unwrap();
    for chunk in MESSY.chunks(100) {
        validator.push(chunk).unwrap();
    }
    assert_eq!(validator.bytes_received() as usize, MESSY.len());
    let calls = js_sys::Array::new();
    let calls_in = calls.clone();
    let progress = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |rows| {
        calls_in.push(&rows);
    });
    let streamed = value(
        validator.finish(
            Some(
                progress
                    .as_ref()
                    .unchecked_ref::<js_sys::Function>()
                    .clone(),
            ),
            JsValue::UNDEFINED,
        ),
    );
    assert!(calls.length() >= 1, "progress was reported");
    let whole = plain(messy(r#"{"referenceDate": "2026-11-22"}"#));
    assert_eq!(streamed, whole);
    // The caller may hash the file itself (the page, with WebCrypto) and
    // hand its stamp over; a stamp of another size is refused.
    let stamp_of_messy = whole["aggregates"]["stamp"]["register"].to_string();
    let given = |stamp: &str| {
        let mut validator = wasm::RegisterValidator::new(js(
            r#"{"referenceDate": "2026-11-22", "hashFile": false}"#,
        ))
        .unwrap();
        validator.push(MESSY).unwrap();
        validator.finish(None, js(stamp))
    };
    assert_eq!(value(given(&stamp_of_messy)), whole);
    let unhashed = value(given("null"));
    assert_eq!(unhashed["aggregates"]["stamp"]["register"], Value::Null);
    let short = stamp_of_messy.replace(&format!("{}", MESSY.len()), "12");
    assert!(error_of(given(&short)).starts_with("stamp"));
    // Both stamp the register file as the CLI does.
    let mut hasher = amif_check::output::aggregates::FileHasher::default();
    hasher.update(MESSY);
    assert_eq!(
        whole["aggregates"]["stamp"]["register"],
        serde_json::to_value(hasher.finish()).unwrap()
    );
}

/// A file checked in two parts (the page's worker and its helper) gives
/// what it gives whole; parts that do not fit together give `undefined`.
#[wasm_bindgen_test]
fn two_parts_give_the_same_result() {
    let options = r#"{"referenceDate": "2026-11-22"}"#;
    let whole = plain(messy(options));
    // Just after the header's line and after a later line.
    let breaks: Vec<usize> = MESSY
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(at, _)| at + 1)
        .collect();
    for split in [breaks[3], breaks[12]] {
        let joined = |hash_the_rest: bool| {
            let mut first = wasm::RegisterValidator::new(js(options)).unwrap();
            first.reserve(MESSY.len() as f64);
            first.push(&MESSY[..split]).unwrap();
            if hash_the_rest {
                first.hash_only(&MESSY[split..]);
            }
            let mut part =
                wasm::RegisterPart::new(js(options), MESSY, Some((MESSY.len() - split) as f64))
                    .unwrap();
            part.push(&MESSY[split..]).unwrap();
            let rows = part.finish().unwrap();
            value(first.finish_with_part(&rows, None, JsValue::UNDEFINED))
        };
        assert_eq!(joined(true), whole, "split at {split}");
        // The rest not hashed: the same figures, no file in the stamp.
        let mut unstamped = joined(false);
        assert_eq!(unstamped["aggregates"]["stamp"]["register"], Value::Null);
        unstamped["aggregates"]["stamp"]["register"] =
            whole["aggregates"]["stamp"]["register"].clone();
        assert_eq!(unstamped, whole, "split at {split}");
    }
    // Bytes that are no part: the file is to be checked whole.
    let mut first = wasm::RegisterValidator::new(js(options)).unwrap();
    first.reserve(MESSY.len() as f64);
    first.push(&MESSY[..breaks[12]]).unwrap();
    assert!(first
        .finish_with_part(b"not a part", None, JsValue::UNDEFINED)
        .unwrap()
        .is_undefined());
    // A workbook is never split.
    let xlsx = include_bytes!("fixtures/messy_register.xlsx");
    assert!(wasm::RegisterPart::new(js(options), &xlsx[..], None).is_err());
}

#[wasm_bindgen_test]
fn bad_input_throws_errors() {
    let message = error_of(wasm::validate_register(
        MESSY,
        js(r#"{"referenceDate": "22.11.2026"}"#),
    ));
    assert!(message.contains("YYYY-MM-DD"), "{message}");
    let message = error_of(wasm::validate_register(MESSY, js(r#"{"lang": "de"}"#)));
    assert!(message.contains("lang"), "{message}");
    let message = error_of(wasm::validate_register(
        MESSY,
        js(r#"{"period": {"from": "2025-01-01", "to": "2024-01-01"}}"#),
    ));
    assert!(message.contains("period"), "{message}");
    // Not a register at all: the reason in the user's language.
    let junk = [0u8, 159, 146, 150, 0, 1, 2, 3];
    assert!(!error_of(wasm::validate_register(&junk, js(r#"{"lang": "en"}"#))).is_empty());
    assert!(!error_of(wasm::validate_register(b"a;b\n1;2\n", JsValue::UNDEFINED)).is_empty());
    assert!(error_of(wasm::aggregates_csv(js("42"), None)).contains("validateRegister"));
    // A file that cannot be checked throws its finding's code, so the page
    // tells "no header found" (offer the picker) from "not a register".
    let thrown = |result: Result<JsValue, JsValue>, key: &str| -> JsValue {
        let error = result.expect_err("expected an error");
        js_sys::Reflect::get(&error, &key.into()).unwrap()
    };
    let no_header = wasm::validate_register(b"a;b\n1;2\n", JsValue::UNDEFINED);
    assert_eq!(thrown(no_header, "code"), "header.not_found");
    let pdf = wasm::validate_register(b"%PDF-1.7\n...", js(r#"{"lang": "fi"}"#));
    assert_eq!(thrown(pdf, "code"), "file.unreadable");
    let pdf = wasm::validate_register(b"%PDF-1.7\n...", JsValue::UNDEFINED);
    assert_eq!(plain(thrown(pdf, "params")), json!({"reason": "pdf"}));
    let pdf = wasm::preview_rows(b"%PDF-1.7\n", js(r#"{"lang": "en"}"#));
    assert!(error_text(pdf.unwrap_err()).contains("PDF"));
    let mut stream = wasm::RegisterValidator::new(JsValue::UNDEFINED).unwrap();
    let refused = stream
        .push(b"%PDF-1.7\n")
        .and_then(|()| stream.finish(None, JsValue::UNDEFINED));
    assert_eq!(thrown(refused, "code"), "file.unreadable");
}

#[wasm_bindgen_test]
fn identifiers() {
    let ok = value(wasm::validate_id(
        "811218-9876",
        js(r#"{"referenceDate": "2026-11-22"}"#),
    ));
    assert_eq!(
        ok,
        json!({
            "valid": true,
            "canonical": "198112189876",
            "kind": "personnummer",
            "code": null,
            "birthDate": "1981-12-18",
            "temporary": false
        })
    );
    let bad = value(wasm::validate_id("811218-9875", JsValue::UNDEFINED));
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["code"], "id.checksum");
    assert_eq!(bad["canonical"], Value::Null);
    let fi = value(wasm::validate_id("131052-308T", js(r#"{"country": "fi"}"#)));
    assert_eq!(fi["kind"], "henkilötunnus");
    let org = value(wasm::validate_id(
        "556036-0793",
        js(r#"{"context": "org"}"#),
    ));
    assert_eq!(org["kind"], "organisationsnummer");
    assert!(error_of(wasm::validate_id("x", js(r#"{"context": "nobody"}"#))).contains("context"));
}

#[wasm_bindgen_test]
fn catalogue_and_fields() {
    let sv = value(wasm::catalogue(None));
    let en = value(wasm::catalogue(Some("en".into())));
    let indicators = sv["indicators"].as_array().unwrap();
    let o23 = indicators.iter().find(|i| i["code"] == "O.2.3").unwrap();
    assert_eq!(o23["objective"], 2);
    assert_eq!(o23["unit"], "participants");
    assert!(o23["targetGroup"].is_boolean());
    let o23_en = en["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "O.2.3")
        .unwrap();
    assert_ne!(o23["name"], o23_en["name"]);
    assert!(!sv["actions"].as_array().unwrap().is_empty());
    assert!(error_of(wasm::catalogue(Some("xx".into()))).contains("lang"));

    let fields = value(wasm::fields(Some("fi".into())));
    let fields = fields.as_array().unwrap();
    assert!(fields.iter().any(|f| f["key"] == "gender"));
    assert!(fields
        .iter()
        .all(|f| f["label"].as_str().is_some_and(|l| !l.is_empty())));
}

#[wasm_bindgen_test]
fn csv_helpers() {
    let result = messy(r#"{"referenceDate": "2026-11-22", "individualReport": true}"#);
    let aggregates = wasm::aggregates_csv(result.clone(), None).unwrap();
    assert!(aggregates.starts_with('\u{feff}'), "BOM for Excel");
    assert!(aggregates.contains("O.2.3"));
    let diagnostics = wasm::diagnostics_csv(result.clone(), Some("en".into())).unwrap();
    assert!(diagnostics.contains("Severity"));
    let individual = wasm::individual_report_csv(result.clone(), None).unwrap();
    assert!(individual.lines().count() > 1);
    // Without individualReport the individual-level report is refused.
    let plain = messy(r#"{"referenceDate": "2026-11-22"}"#);
    assert!(error_of(wasm::individual_report_csv(plain, None)).contains("individualReport"));
    // A result that is not one says where, never the value it holds there.
    let wrong = js(
        r#"{"individuals": [{"id": 199001011234, "ageCategory": "<18", "gender": "man", "indicator": "O.2.3"}]}"#,
    );
    let message = error_of(wasm::individual_report_csv(wrong, None));
    assert!(message.contains("line 1"), "{message}");
    assert!(!message.contains("199001011234"), "{message}");
    // The result survives a round trip through JSON (e.g. postMessage, storage).
    let copied =
        js_sys::JSON::parse(&String::from(js_sys::JSON::stringify(&result).unwrap())).unwrap();
    assert_eq!(wasm::aggregates_csv(copied, None).unwrap(), aggregates);
}

#[wasm_bindgen_test]
fn annotated_workbook() {
    let result = messy(r#"{"referenceDate": "2026-11-22", "lang": "en"}"#);
    let bytes = wasm::annotated_workbook(MESSY, result.clone(), None).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let names = amif_check::register::sheet_names(&bytes).unwrap();
    assert_eq!(names, vec!["Check", "Participants"]);
    // The copy is itself a register that validates to the same figures
    // (its stamp names the sheet the copy's participants are on).
    let again = value(wasm::validate_register(
        &bytes,
        js(r#"{"referenceDate": "2026-11-22", "lang": "en", "sheet": "Participants"}"#),
    ));
    let first = plain(result.clone());
    for part in ["indicators", "summary"] {
        assert_eq!(again["aggregates"][part], first["aggregates"][part]);
    }
    assert_eq!(again["aggregates"]["stamp"]["sheet"], "Participants");
    let fi = wasm::annotated_workbook(MESSY, result, Some("fi".into())).unwrap();
    assert_eq!(
        amif_check::register::sheet_names(&fi).unwrap(),
        vec!["Tarkistus", "Osallistujat"]
    );
    assert!(error_of(wasm::annotated_workbook(MESSY, js("{}"), None)).contains("validateRegister"));
}

const QUARTER1: &[u8] = include_bytes!("fixtures/quarter1.csv");
const QUARTER2: &[u8] = include_bytes!("fixtures/quarter2.csv");
const MARKING: &[u8] = include_bytes!("fixtures/marking.xlsx");

/// The first quarter's aggregates JSON, as the page saves it.
fn first_quarter_json() -> String {
    let result = value(wasm::validate_register(
        QUARTER1,
        js(
            r#"{"referenceDate": "2025-04-05", "projectPeriod": {"from": "2025-01-01", "to": "2025-12-31"}, "periods": "quarterly"}"#,
        ),
    ));
    result["aggregates"].to_string()
}

#[wasm_bindgen_test]
fn periods_and_comparison() {
    let options = r#"{"referenceDate": "2025-07-05", "projectPeriod": {"from": "2025-01-01", "to": "2025-12-31"}, "periods": "quarterly"}"#;
    let result = value(wasm::validate_register(QUARTER2, js(options)));
    let periods = result["aggregates"]["periods"].as_array().unwrap();
    // The project period's quarters.
    assert_eq!(periods.len(), 4);
    assert_eq!(periods[0]["from"], "2025-01-01");
    assert_eq!(periods[3]["to"], "2025-12-31");
    // The same periods given as a list count the same.
    let listed = value(wasm::validate_register(
        QUARTER2,
        js(
            r#"{"referenceDate": "2025-07-05", "projectPeriod": {"from": "2025-01-01", "to": "2025-12-31"}, "periods": [{"from": "2025-01-01", "to": "2025-03-31"}, {"from": "2025-04-01", "to": "2025-06-30"}, {"from": "2025-07-01", "to": "2025-09-30"}, {"from": "2025-10-01", "to": "2025-12-31"}]}"#,
        ),
    ));
    assert_eq!(
        listed["aggregates"]["periods"],
        result["aggregates"]["periods"]
    );
    assert!(error_of(wasm::validate_register(
        QUARTER2,
        js(r#"{"periods": "2025-03-01..2025-01-01"}"#)
    ))
    .starts_with("periods:"));

    // Hand-worked in tests/fixtures/README.md: Q1's O.2.3 was 5, is now 7.
    let previous = first_quarter_json();
    let change = value(wasm::compare_with_previous(
        QUARTER2,
        js(options),
        &previous,
        Some(QUARTER1.to_vec()),
    ));
    assert_eq!(change["problem"], Value::Null);
    assert_eq!(change["reasons_known"], true);
    let q1 = change["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["from"] == "2025-01-01")
        .unwrap();
    let o23 = q1["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "O.2.3")
        .unwrap();
    assert_eq!((&o23["then"], &o23["now"]), (&json!(5), &json!(7)));
    assert_eq!(o23["reasons"]["now_counted"], 2);
    // Without the earlier register the figures, not the reasons.
    let bare = value(wasm::compare_with_previous(
        QUARTER2,
        js(options),
        &previous,
        None,
    ));
    assert_eq!(bare["reasons_known"], false);
    // Something else than an earlier report: a problem in words, no figures.
    let wrong = value(wasm::compare_with_previous(
        QUARTER2,
        js(r#"{"lang": "fi"}"#),
        "not json",
        None,
    ));
    assert_eq!(wrong["problem"], "not_json");
    assert!(wrong["problem_message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

#[wasm_bindgen_test]
fn register_template() {
    let bytes = wasm::register_template(js(r#"{"country": "fi", "lang": "fi"}"#)).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    // The empty template is a register without participants: checked, it
    // says so instead of showing green.
    let result = value(wasm::validate_register(&bytes, JsValue::UNDEFINED));
    assert_eq!(result["summary"]["rows"], 0);
    assert!(result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "register.empty"));
    assert!(error_of(wasm::register_template(js(r#"{"country": "no"}"#))).contains("country"));
    assert!(error_of(wasm::register_template(js(r#"{"action": "X.9"}"#))).contains("X.9"));
}

#[wasm_bindgen_test]
fn marked_workbook_kind_preview_and_stamp() {
    assert_eq!(wasm::annotated_workbook_kind(MESSY), "new");
    assert_eq!(wasm::annotated_workbook_kind(MARKING), "own");

    let preview = value(wasm::preview_rows(MESSY, js(r#"{"rows": 5}"#)));
    assert_eq!(preview["sheet"], Value::Null);
    let rows = preview["rows"].as_array().unwrap();
    // Empty rows are left out; each row keeps its number in the file.
    let numbers: Vec<u64> = rows.iter().filter_map(|r| r["number"].as_u64()).collect();
    assert_eq!(numbers, [1, 2, 4, 5, 6]);
    assert_eq!(rows[2]["cells"][0], "Personnummer");
    // The header row the user points at gives the result found unaided.
    let chosen = plain(messy(r#"{"referenceDate": "2026-11-22", "headerRow": 4}"#));
    let found = plain(messy(r#"{"referenceDate": "2026-11-22"}"#));
    assert_eq!(chosen["indicators"], found["indicators"]);

    // The stamp made piece by piece is the one the CLI writes.
    let mut hasher = wasm::FileHasher::new();
    let (head, tail) = MESSY.split_at(100);
    hasher.update(head);
    hasher.update(tail);
    let stamp = value(hasher.finish());
    let mut native = amif_check::output::aggregates::FileHasher::default();
    native.update(MESSY);
    assert_eq!(stamp, serde_json::to_value(native.finish()).unwrap());
    assert_eq!(stamp["bytes"], MESSY.len() as u64);
}

#[wasm_bindgen_test]
fn diagnostic_codes() {
    let codes = value(wasm::diagnostic_codes(Some("fi".into())));
    let codes = codes.as_array().unwrap();
    let checksum = codes.iter().find(|c| c["code"] == "id.checksum").unwrap();
    assert_eq!(checksum["severity"], "error");
    assert!(checksum["title"].as_str().is_some_and(|t| !t.is_empty()));
    let mut names: Vec<&str> = codes.iter().filter_map(|c| c["code"].as_str()).collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all, "every code once");
    assert!(error_of(wasm::diagnostic_codes(Some("de".into()))).starts_with("lang"));
}

#[wasm_bindgen_test]
fn column_choices() {
    let field_of = |result: &Value, header: &str| -> Value {
        result["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["header"] == header)
            .map(|c| c["field"].clone())
            .unwrap()
    };
    let found = plain(messy(r#"{"referenceDate": "2026-11-22"}"#));
    assert_eq!(field_of(&found, "Förnamn"), "first_name");
    // As a list, several columns can be left unused.
    let ignored = plain(messy(
        r#"{"referenceDate": "2026-11-22", "mapping": [{"header": "Förnamn", "field": "-"}, {"header": "Efternamn", "field": "-"}]}"#,
    ));
    assert_eq!(field_of(&ignored, "Förnamn"), Value::Null);
    assert_eq!(field_of(&ignored, "Efternamn"), Value::Null);
    // The object form, keyed by field, still works.
    let by_field = plain(messy(
        r#"{"referenceDate": "2026-11-22", "mapping": {"-": "Förnamn"}}"#,
    ));
    assert_eq!(field_of(&by_field, "Förnamn"), Value::Null);
    assert_eq!(field_of(&by_field, "Efternamn"), "last_name");
    let bad = wasm::validate_register(MESSY, js(r#"{"mapping": [{"header": "Kön"}]}"#));
    assert!(error_of(bad).starts_with("options"));
}

/// A CSV register as the add-in hands a sheet over: text cells.
fn grid_of(csv: &[u8]) -> JsValue {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(csv);
    let values: Vec<Vec<&str>> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(';').collect())
        .collect();
    js(&json!({"sheets": [{"name": "Deltagare", "values": values}]}).to_string())
}

#[wasm_bindgen_test]
fn comparison_of_the_open_workbook() {
    let options = r#"{"referenceDate": "2025-07-05", "projectPeriod": {"from": "2025-01-01", "to": "2025-12-31"}, "periods": "quarterly"}"#;
    let previous = first_quarter_json();
    let from_file = value(wasm::compare_with_previous(
        QUARTER2,
        js(options),
        &previous,
        Some(QUARTER1.to_vec()),
    ));
    let from_sheets = value(wasm::compare_grid_with_previous(
        grid_of(QUARTER2),
        js(options),
        &previous,
        Some(QUARTER1.to_vec()),
    ));
    assert_eq!(from_sheets, from_file);
    assert_eq!(from_sheets["reasons_known"], true);
    assert!(error_of(wasm::compare_grid_with_previous(
        js("42"),
        js(options),
        &previous,
        None
    ))
    .contains("workbook"));
}
