//! Diagnostics as JSON, CSV and grouped text for people.

use super::csv_safe;
use crate::diagnostic::{Diagnostic, Severity};
use crate::messages::{message, title, Lang};
use crate::rules::Summary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticJson {
    pub code: String,
    pub severity: Severity,
    pub row: Option<u32>,
    pub column: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

pub fn to_records(diagnostics: &[Diagnostic], lang: Lang) -> Vec<DiagnosticJson> {
    diagnostics
        .iter()
        .map(|d| DiagnosticJson {
            code: d.code.to_string(),
            severity: d.severity,
            row: d.row,
            column: d.column.clone(),
            message: message(d, lang),
            sheet: d.sheet.clone(),
        })
        .collect()
}

pub fn to_json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    serde_json::to_string_pretty(&to_records(diagnostics, lang)).unwrap_or_default()
}

/// CSV of the findings; `sheet`: the participant table's sheet, written on
/// its findings (the other tables' findings name their own).
pub fn to_csv(diagnostics: &[Diagnostic], lang: Lang, sheet: Option<&str>) -> String {
    records_to_csv(&to_records(diagnostics, lang), lang, sheet)
}

/// Diagnostics already rendered (as the WebAssembly API hands them out) as
/// CSV; `sheet` as in [`to_csv`].
pub fn records_to_csv(records: &[DiagnosticJson], lang: Lang, sheet: Option<&str>) -> String {
    let header = match lang {
        Lang::Sv => ["Rad", "Kolumn", "Allvarlighet", "Kod", "Meddelande", "Blad"],
        Lang::En => ["Row", "Column", "Severity", "Code", "Message", "Sheet"],
        Lang::Fi => ["Rivi", "Sarake", "Vakavuus", "Koodi", "Viesti", "Taulukko"],
    }
    .map(str::to_string);
    let rows = records.iter().map(|d| {
        [
            d.row.map(|r| r.to_string()).unwrap_or_default(),
            d.column.clone().unwrap_or_default(),
            severity_name(d.severity, lang).to_string(),
            d.code.clone(),
            d.message.clone(),
            d.sheet
                .clone()
                .or_else(|| d.row.and(sheet.map(str::to_string)))
                .unwrap_or_default(),
        ]
    });
    csv_safe::write(std::iter::once(header).chain(rows))
}

pub fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Sv) => "fel",
        (Severity::Warning, Lang::Sv) => "varning",
        (Severity::Info, Lang::Sv) => "info",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
        (Severity::Error, Lang::Fi) => "virhe",
        (Severity::Warning, Lang::Fi) => "varoitus",
        (Severity::Info, Lang::Fi) => "tieto",
    }
}

/// Text for people: a summary line (and the user's column choices), then
/// findings grouped by severity and code with counts, each with row,
/// column and what to do.
pub fn to_text(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    mapping: &[(String, String)],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let (rows, counted, left_out, persons, errors, warnings) = match lang {
        Lang::Sv => (
            "rader lästa",
            "räknade",
            "utelämnade",
            "personer räknade",
            "fel",
            "varningar",
        ),
        Lang::En => (
            "rows read",
            "counted",
            "left out",
            "persons counted",
            "errors",
            "warnings",
        ),
        Lang::Fi => (
            "riviä luettu",
            "laskettu",
            "jätetty pois",
            "henkilöä laskettu",
            "virhettä",
            "varoitusta",
        ),
    };
    let _ = writeln!(
        out,
        "{} {rows}, {} {counted}, {} {left_out}; {} {persons}, {} {left_out}; {} {errors}, {} {warnings}.",
        summary.rows,
        summary.rows_counted,
        summary.rows_excluded(),
        summary.persons,
        summary.persons_excluded,
        summary.errors,
        summary.warnings
    );
    // Choices naming a person's cells (a data row taken as the header row) are not repeated.
    if !mapping.is_empty()
        && !mapping
            .iter()
            .any(|(_, header)| crate::register::looks_like_row_data(header))
    {
        let chosen = mapping
            .iter()
            .map(|(field, header)| format!("{header} = {field}"))
            .collect::<Vec<_>>()
            .join("; ");
        let label = match lang {
            Lang::Sv => "Dina kolumnval",
            Lang::En => "Your column choices",
            Lang::Fi => "Sarakevalintasi",
        };
        let _ = writeln!(out, "{label}: {chosen}.");
    }
    let mut groups: BTreeMap<(Severity, &str), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        groups.entry((d.severity, d.code)).or_default().push(d);
    }
    let (row_word, column_word, sheet_word) = match lang {
        Lang::Sv => ("rad", "kolumn", "blad"),
        Lang::En => ("row", "column", "sheet"),
        Lang::Fi => ("rivi", "sarake", "taulukko"),
    };
    for ((severity, code), list) in groups {
        let _ = writeln!(
            out,
            "\n{} {code}: {} ({})",
            severity_name(severity, lang).to_uppercase(),
            title(code, lang),
            list.len()
        );
        for d in list {
            let mut place = Vec::new();
            if let Some(sheet) = &d.sheet {
                place.push(format!("{sheet_word} {sheet}"));
            }
            if let Some(row) = d.row {
                place.push(format!("{row_word} {row}"));
            }
            if let Some(column) = &d.column {
                place.push(format!("{column_word} {column}"));
            }
            let place = if place.is_empty() {
                String::new()
            } else {
                format!("{}: ", place.join(", "))
            };
            let _ = writeln!(out, "  {place}{}", message(d, lang));
        }
    }
    out
}
