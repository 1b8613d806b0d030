//! Aggregates: per indicator the total and the age × gender table, plus the
//! whole-register summary. No identifier, name, date of birth or row number.

use super::comparison::Comparison;
use super::csv_safe;
use crate::catalogue::{Catalogue, Unit};
use crate::dates;
use crate::messages::Lang;
use crate::register::values::Gender;
use crate::register::{looks_like_row_data, Field, ReadOptions, AGGREGATES_TABLE_HEADERS};
use crate::rules::{
    AgeCategory, Breakdown, IndicatorCount, Outcome, Period, PeriodPlan, RuleOptions,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Aggregates {
    pub schema_version: u32,
    pub tool: Tool,
    pub reference_date: String,
    pub period: Option<PeriodJson>,
    pub country: String,
    /// The user's column choices: header as written → field key
    /// (`gender`, `indicator:O.2.3.1`, `-` for a column left out).
    #[serde(default)]
    pub mapping: BTreeMap<String, String>,
    /// What the figures were counted from: enough to count them again.
    /// Absent in files written before the stamp was added.
    #[serde(default)]
    pub stamp: Option<Stamp>,
    pub summary: SummaryJson,
    pub indicators: Vec<IndicatorJson>,
    /// Each reporting period asked for (`--periods`): the figures of the
    /// persons (and things) whose first participation falls in it. Where
    /// the periods cover every first participation they add up to
    /// `indicators`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<PeriodFiguresJson>>,
    /// What changed since an earlier report, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// One reporting period's figures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeriodFiguresJson {
    pub from: String,
    pub to: String,
    pub indicators: Vec<IndicatorJson>,
}

/// Which file, which tool and catalogue, and every option: no identifier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stamp {
    /// The register file; `null` when it was not hashed (sheets handed over
    /// by a spreadsheet program, or before the page has hashed the file).
    pub register: Option<FileStamp>,
    /// The participant table's sheet (workbooks).
    pub sheet: Option<String>,
    pub catalogue_version: String,
    pub options: StampOptions,
    /// The further files (evaluations, organisations, items), by name.
    #[serde(default)]
    pub further_files: Vec<NamedStamp>,
}

/// A further file by its name and content.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NamedStamp {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// A file by its content.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileStamp {
    /// Lowercase hex.
    pub sha256: String,
    pub bytes: u64,
}

impl FileStamp {
    /// The stamp of a file held whole.
    pub fn of(bytes: &[u8]) -> FileStamp {
        let mut hasher = FileHasher::default();
        hasher.update(bytes);
        hasher.finish()
    }
}

/// A [`FileStamp`] made as the file is read, piece by piece.
#[derive(Default, Clone)]
pub struct FileHasher {
    sha256: sha2::Sha256,
    bytes: u64,
}

impl FileHasher {
    pub fn update(&mut self, piece: &[u8]) {
        use sha2::Digest;
        self.sha256.update(piece);
        self.bytes += piece.len() as u64;
    }

    pub fn finish(self) -> FileStamp {
        use sha2::Digest;
        use std::fmt::Write;
        let digest = self.sha256.finalize();
        let mut hex = String::with_capacity(64);
        for byte in digest.iter() {
            let _ = write!(hex, "{byte:02x}");
        }
        FileStamp {
            sha256: hex,
            bytes: self.bytes,
        }
    }
}

/// Every option of the run, as given (`country` is `null` when the
/// country was told from the identifiers).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StampOptions {
    pub reference_date: String,
    pub period: Option<PeriodJson>,
    pub project_period: Option<PeriodJson>,
    pub country: Option<String>,
    pub action: Option<String>,
    pub header_row: Option<u32>,
    pub mapping: BTreeMap<String, String>,
    /// `--periods` as given (`quarterly`, or `FROM..TO,…`).
    #[serde(default)]
    pub periods: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeriodJson {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SummaryJson {
    pub rows: u32,
    pub rows_counted: u32,
    pub rows_excluded: u32,
    pub persons: u32,
    pub persons_excluded: u32,
    pub errors: u32,
    pub warnings: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndicatorJson {
    pub code: String,
    pub unit: String,
    pub total: u32,
    /// `null` for organisations, items and places (no age or gender split).
    pub breakdown: Option<BreakdownJson>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BreakdownJson {
    #[serde(rename = "<18")]
    pub under_18: GenderJson,
    #[serde(rename = "18-60")]
    pub from_18_to_60: GenderJson,
    #[serde(rename = ">60")]
    pub over_60: GenderJson,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GenderJson {
    pub man: u32,
    pub kvinna: u32,
    #[serde(rename = "icke-binär")]
    pub icke_binar: u32,
}

fn gender_json(breakdown: &Breakdown, age: AgeCategory) -> GenderJson {
    GenderJson {
        man: breakdown.get(age, Gender::Man),
        kvinna: breakdown.get(age, Gender::Kvinna),
        icke_binar: breakdown.get(age, Gender::IckeBinar),
    }
}

fn indicator_json(count: &IndicatorCount) -> IndicatorJson {
    IndicatorJson {
        code: count.code.clone(),
        unit: count.unit.as_str().to_string(),
        total: count.total,
        breakdown: count.breakdown.as_ref().map(|b| BreakdownJson {
            under_18: gender_json(b, AgeCategory::Under18),
            from_18_to_60: gender_json(b, AgeCategory::From18To60),
            over_60: gender_json(b, AgeCategory::Over60),
        }),
    }
}

/// The aggregates of a run: `sheet` is the participant table's.
pub fn build(
    outcome: &Outcome,
    rules: &RuleOptions,
    read: &ReadOptions,
    sheet: Option<&str>,
) -> Aggregates {
    let s = &outcome.summary;
    let mapping = mapping_json(&read.mapping);
    let period = |p: Option<Period>| {
        p.map(|p| PeriodJson {
            from: dates::write(p.from),
            to: dates::write(p.to),
        })
    };
    let reference_date = dates::write(rules.reference_date);
    Aggregates {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        reference_date: reference_date.clone(),
        period: period(rules.period),
        country: outcome.country.as_str().to_string(),
        stamp: Some(Stamp {
            register: None,
            sheet: sheet.map(str::to_string),
            catalogue_version: Catalogue::get().version().to_string(),
            options: StampOptions {
                reference_date,
                period: period(rules.period),
                project_period: period(rules.project_period),
                country: rules.country.map(|c| c.as_str().to_string()),
                action: rules.action.clone(),
                header_row: read.header_row,
                mapping: mapping.clone(),
                periods: rules.periods.describe(),
            },
            further_files: Vec::new(),
        }),
        mapping,
        summary: SummaryJson {
            rows: s.rows,
            rows_counted: s.rows_counted,
            rows_excluded: s.rows_excluded(),
            persons: s.persons,
            persons_excluded: s.persons_excluded,
            errors: s.errors,
            warnings: s.warnings,
        },
        indicators: outcome.indicators.iter().map(indicator_json).collect(),
        comparison: None,
        periods: (rules.periods != PeriodPlan::None).then(|| {
            outcome
                .periods
                .iter()
                .map(|p| PeriodFiguresJson {
                    from: dates::write(p.period.from),
                    to: dates::write(p.period.to),
                    indicators: p.indicators.iter().map(indicator_json).collect(),
                })
                .collect()
        }),
    }
}

impl Aggregates {
    /// The aggregates stamped with the register file they were counted from.
    pub fn with_register(mut self, register: FileStamp) -> Aggregates {
        if let Some(stamp) = &mut self.stamp {
            stamp.register = Some(register);
        }
        self
    }

    /// The aggregates with the comparison with an earlier report.
    pub fn with_comparison(mut self, comparison: Option<Comparison>) -> Aggregates {
        self.comparison = comparison;
        self
    }

    /// The aggregates stamped with the further files they were counted from.
    pub fn with_further_files(mut self, files: &[(String, FileStamp)]) -> Aggregates {
        if let Some(stamp) = &mut self.stamp {
            stamp.further_files = files
                .iter()
                .map(|(name, file)| NamedStamp {
                    name: name.clone(),
                    sha256: file.sha256.clone(),
                    bytes: file.bytes,
                })
                .collect();
        }
        self
    }
}

/// The user's mapping as header → field key. None at all when a chosen
/// "header" looks like a cell of a person's row: the user pointed at a data
/// row as the header row, and its cells (an identifier, a name) must not
/// leave the machine in the aggregates.
fn mapping_json(mapping: &[(String, String)]) -> BTreeMap<String, String> {
    if mapping
        .iter()
        .any(|(_, header)| looks_like_row_data(header))
    {
        return BTreeMap::new();
    }
    mapping
        .iter()
        .map(|(field, header)| {
            let field = match field.trim() {
                "-" => "-".to_string(),
                name => Field::parse(name).map_or_else(|| name.to_string(), |f| f.key()),
            };
            (header.trim().to_string(), field)
        })
        .collect()
}

/// Pretty JSON text of the aggregates.
pub fn to_json(aggregates: &Aggregates) -> String {
    serde_json::to_string_pretty(aggregates).unwrap_or_default()
}

/// [`rows`] as semicolon CSV, formulas neutralised.
pub fn to_csv(aggregates: &Aggregates, lang: Lang) -> String {
    csv_safe::write(rows(aggregates, lang))
}

/// Everything the aggregates say as rows of text in the user's language,
/// as the CSV and the add-in's sheet show them: the indicator table (code,
/// name, unit, total and the nine cells), then after a blank line each
/// reporting period's table, the comparison with the last report, and the
/// stamp (key and value). Every row is as wide as the first.
pub fn rows(aggregates: &Aggregates, lang: Lang) -> Vec<Vec<String>> {
    let mut rows = table(aggregates, lang);
    for period in aggregates.periods.iter().flatten() {
        rows.push(Vec::new());
        rows.push(vec![
            word("period", lang).to_string(),
            format!("{}..{}", period.from, period.to),
        ]);
        rows.extend(indicator_rows(&period.indicators, lang));
    }
    if let Some(comparison) = &aggregates.comparison {
        rows.push(Vec::new());
        rows.extend(comparison_rows(comparison, lang));
    }
    let stamp = stamp_rows(aggregates, lang);
    if !stamp.is_empty() {
        rows.push(Vec::new());
        rows.extend(stamp);
    }
    let width = rows.first().map_or(0, Vec::len);
    for row in &mut rows {
        row.resize(width.max(row.len()), String::new());
    }
    rows
}

/// The rows of the indicator table before CSV quoting, in the user's
/// language: a header, then one row per indicator (counts as decimal text,
/// empty breakdown for what is not counted in persons).
fn table(aggregates: &Aggregates, lang: Lang) -> Vec<Vec<String>> {
    let [sv, en, fi] = AGGREGATES_TABLE_HEADERS;
    let mut header: Vec<String> = match lang {
        Lang::Sv => sv,
        Lang::En => en,
        Lang::Fi => fi,
    }
    .iter()
    .map(|word| word.to_string())
    .collect();
    for age in AgeCategory::ALL {
        for gender in Gender::ALL {
            header.push(format!("{} {}", age.as_str(), gender_word(gender, lang)));
        }
    }
    std::iter::once(header)
        .chain(indicator_rows(&aggregates.indicators, lang))
        .collect()
}

/// One row per indicator: code, name, unit, total and the nine cells.
fn indicator_rows(indicators: &[IndicatorJson], lang: Lang) -> Vec<Vec<String>> {
    let catalogue = Catalogue::get();
    let rows = indicators.iter().map(|i| {
        let name = catalogue
            .indicator(&i.code)
            .map(|c| c.name.get(lang.as_str()).to_string())
            .unwrap_or_default();
        let unit = unit_word(&i.unit, lang).to_string();
        let mut row = vec![i.code.clone(), name, unit, i.total.to_string()];
        if let Some(b) = &i.breakdown {
            for g in [&b.under_18, &b.from_18_to_60, &b.over_60] {
                row.extend([g.man, g.kvinna, g.icke_binar].map(|n| n.to_string()));
            }
        } else {
            row.extend(std::iter::repeat_n(String::new(), 9));
        }
        row
    });
    rows.collect()
}

/// The comparison with an earlier report as rows: a title, the problem if
/// any, then per period and indicator the figures and reasons.
fn comparison_rows(comparison: &Comparison, lang: Lang) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        word("comparison", lang).to_string(),
        comparison
            .previous_reference_date
            .clone()
            .unwrap_or_default(),
    ]];
    if let Some(problem) = comparison.problem {
        rows.push(vec![problem.message(lang).to_string()]);
    }
    if comparison.periods.is_empty() {
        return rows;
    }
    rows.push(
        [
            "period",
            "code",
            "then",
            "now",
            "difference",
            "now_counted",
            "no_longer_counted",
            "from_later_period",
            "to_earlier_period",
            "from_earlier_period",
            "to_later_period",
            "age_category_changed",
        ]
        .iter()
        .map(|w| word(w, lang).to_string())
        .collect(),
    );
    for period in &comparison.periods {
        let when = match (&period.from, &period.to) {
            (Some(from), Some(to)) => format!("{from}..{to}"),
            _ => word("whole", lang).to_string(),
        };
        for i in &period.indicators {
            let mut row = vec![
                when.clone(),
                i.code.clone(),
                i.then.to_string(),
                i.now.to_string(),
                format!("{:+}", i.difference),
            ];
            if let Some(r) = &i.reasons {
                row.extend(
                    [
                        r.now_counted,
                        r.no_longer_counted,
                        r.from_later_period,
                        r.to_earlier_period,
                        r.from_earlier_period,
                        r.to_later_period,
                        r.age_category_changed,
                    ]
                    .map(|n| n.to_string()),
                );
            }
            rows.push(row);
        }
    }
    rows
}

/// The stamp as key–value rows in the user's language.
fn stamp_rows(aggregates: &Aggregates, lang: Lang) -> Vec<Vec<String>> {
    let Some(stamp) = &aggregates.stamp else {
        return Vec::new();
    };
    let o = &stamp.options;
    let period = |p: &Option<PeriodJson>| {
        p.as_ref()
            .map_or_else(String::new, |p| format!("{}..{}", p.from, p.to))
    };
    let mapping = o
        .mapping
        .iter()
        .map(|(header, field)| format!("{header} = {field}"))
        .collect::<Vec<_>>()
        .join("; ");
    let (sha256, bytes) = stamp
        .register
        .as_ref()
        .map_or((String::new(), String::new()), |r| {
            (r.sha256.clone(), r.bytes.to_string())
        });
    [
        ("register_sha256", sha256),
        ("register_bytes", bytes),
        ("sheet", stamp.sheet.clone().unwrap_or_default()),
        (
            "tool",
            format!("{} {}", aggregates.tool.name, aggregates.tool.version),
        ),
        ("catalogue", stamp.catalogue_version.clone()),
        ("reference_date", o.reference_date.clone()),
        ("period", period(&o.period)),
        ("project_period", period(&o.project_period)),
        ("country", o.country.clone().unwrap_or_default()),
        ("action", o.action.clone().unwrap_or_default()),
        (
            "header_row",
            o.header_row.map(|r| r.to_string()).unwrap_or_default(),
        ),
        ("periods", o.periods.clone().unwrap_or_default()),
        ("mapping", mapping),
    ]
    .into_iter()
    .map(|(key, value)| vec![word(key, lang).to_string(), value])
    .collect()
}

/// A unit as the user's language names it.
pub fn unit_word(unit: &str, lang: Lang) -> &str {
    let (sv, en, fi) = match unit {
        u if u == Unit::Participants.as_str() => ("deltagare", "participants", "osallistujat"),
        u if u == Unit::Organisations.as_str() => {
            ("organisationer", "organisations", "organisaatiot")
        }
        u if u == Unit::Projects.as_str() => ("projekt", "projects", "hankkeet"),
        u if u == Unit::Families.as_str() => ("familjer", "families", "perheet"),
        u if u == Unit::Items.as_str() => ("insatser", "items", "kohteet"),
        u if u == Unit::Places.as_str() => ("platser", "places", "paikat"),
        other => return other,
    };
    lang.pick(sv, en, fi)
}

/// A gender category as the user's language names it.
pub fn gender_word(gender: Gender, lang: Lang) -> &'static str {
    match gender {
        Gender::Man => lang.pick("Man", "Man", "Mies"),
        Gender::Kvinna => lang.pick("Kvinna", "Woman", "Nainen"),
        Gender::IckeBinar => lang.pick("Icke-binär", "Non-binary", "Muu"),
    }
}

fn word(name: &str, lang: Lang) -> &'static str {
    let (sv, en, fi) = match name {
        "code" => ("Indikator", "Indicator", "Indikaattori"),
        "register_sha256" => (
            "Registerfil (SHA-256)",
            "Register file (SHA-256)",
            "Rekisteritiedosto (SHA-256)",
        ),
        "register_bytes" => (
            "Registerfil (byte)",
            "Register file (bytes)",
            "Rekisteritiedosto (tavua)",
        ),
        "sheet" => ("Blad", "Sheet", "Taulukko"),
        "tool" => ("Verktyg", "Tool", "Työkalu"),
        "catalogue" => (
            "Indikatorkatalog",
            "Indicator catalogue",
            "Indikaattoriluettelo",
        ),
        "reference_date" => ("Rapportdatum", "Report date", "Raportointipäivä"),
        "period" => ("Rapportperiod", "Reporting period", "Raportointikausi"),
        "project_period" => ("Projektperiod", "Project period", "Hankekausi"),
        "country" => ("Land (valt)", "Country (chosen)", "Maa (valittu)"),
        "action" => ("Åtgärd", "Action", "Toimenpide"),
        "header_row" => (
            "Rubrikrad (vald)",
            "Header row (chosen)",
            "Otsikkorivi (valittu)",
        ),
        "mapping" => ("Kolumnval", "Column choices", "Sarakevalinnat"),
        "periods" => ("Rapportperioder", "Reporting periods", "Raportointikaudet"),
        "comparison" => (
            "Jämförelse med rapporten från",
            "Compared with the report of",
            "Verrattu raporttiin",
        ),
        "whole" => ("Hela registret", "The whole register", "Koko rekisteri"),
        "then" => ("Då", "Then", "Silloin"),
        "now" => ("Nu", "Now", "Nyt"),
        "difference" => ("Skillnad", "Difference", "Ero"),
        "now_counted" => (
            "Räknas nu (rad tillagd eller rättad)",
            "Counted now (a row added or fixed)",
            "Lasketaan nyt (rivi lisätty tai korjattu)",
        ),
        "no_longer_counted" => (
            "Räknas inte längre (fel eller konflikt)",
            "No longer counted (an error or conflict)",
            "Ei enää lasketa (virhe tai ristiriita)",
        ),
        "from_later_period" => (
            "Från senare period (tidigare startdatum)",
            "From a later period (an earlier start date)",
            "Myöhemmältä kaudelta (aiempi aloituspäivä)",
        ),
        "to_earlier_period" => (
            "Till tidigare period",
            "To an earlier period",
            "Aiemmalle kaudelle",
        ),
        "from_earlier_period" => (
            "Från tidigare period",
            "From an earlier period",
            "Aiemmalta kaudelta",
        ),
        "to_later_period" => (
            "Till senare period",
            "To a later period",
            "Myöhemmälle kaudelle",
        ),
        "age_category_changed" => ("Annan åldersgrupp", "Another age category", "Eri ikäryhmä"),
        _ => ("", "", ""),
    };
    lang.pick(sv, en, fi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(field, header)| (field.to_string(), header.to_string()))
            .collect()
    }

    #[test]
    fn a_mapping_of_header_texts_is_kept() {
        let json = mapping_json(&mapping(&[("id", "Pers.nr"), ("-", "O.2.3.1 Kurs 2025")]));
        assert_eq!(json.get("Pers.nr").map(String::as_str), Some("id"));
        assert_eq!(json.get("O.2.3.1 Kurs 2025").map(String::as_str), Some("-"));
    }

    /// A data row taken for the header row: its cells never reach the aggregates.
    #[test]
    fn a_mapping_naming_a_persons_cells_is_left_out_whole() {
        for data in ["811218-9876", "19811218", "2025-02-03", "3.2.2025"] {
            let json = mapping_json(&mapping(&[("first_name", "Anna"), ("id", data)]));
            assert!(json.is_empty(), "{data}: {json:?}");
        }
    }
}
