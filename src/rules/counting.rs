//! Counting, in stages: the country and the persons, then each person's
//! indicators ([`super::person_counting`]), the evaluations, the
//! organisations and items, the chosen action's list, and last the result.
//! Each stage adds to one [`Tally`].

use super::age::AgeCategory;
use super::evaluations::{self, EvaluationSink};
use super::organisations::{self, EntitySink};
use super::participants::ParticipantSink;
use super::person_counting::{self, PersonTotals};
use super::persons::{build_persons, detect_country, resolve_for_country};
use super::tally::Tally;
use super::{Period, RuleOptions};
use crate::catalogue::{Catalogue, Unit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::Country;
use crate::register::values::Gender;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Counts by age category (rows) and gender category (columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Breakdown(pub [[u32; 3]; 3]);

impl Breakdown {
    pub fn get(&self, age: AgeCategory, gender: Gender) -> u32 {
        self.0
            .get(age.index())
            .and_then(|row| row.get(gender.index()))
            .copied()
            .unwrap_or(0)
    }

    pub(super) fn add(&mut self, age: AgeCategory, gender: Gender) {
        if let Some(cell) = self
            .0
            .get_mut(age.index())
            .and_then(|row| row.get_mut(gender.index()))
        {
            *cell += 1;
        }
    }

    pub fn total(&self) -> u32 {
        self.0.iter().flatten().sum()
    }
}

/// One indicator's result.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorCount {
    pub code: String,
    pub unit: Unit,
    pub total: u32,
    /// `None` for organisations, projects, families, items and places: no
    /// age or gender split.
    pub breakdown: Option<Breakdown>,
}

/// The whole-register figures, whatever the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Non-empty data rows read from the participant table.
    pub rows: u32,
    /// Rows used for counting.
    pub rows_counted: u32,
    /// Distinct persons counted.
    pub persons: u32,
    /// Persons left out by a person-level error.
    pub persons_excluded: u32,
    pub errors: u32,
    pub warnings: u32,
}

impl Summary {
    /// Rows left out: every one of them carries an error or belongs to a
    /// person who does.
    pub fn rows_excluded(&self) -> u32 {
        self.rows - self.rows_counted
    }
}

/// One line of the individual-level report (personal data: made on request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndividualRecord {
    pub id: String,
    pub age: AgeCategory,
    pub gender: Gender,
    pub indicator: String,
    /// The first participation under the indicator (not in the report:
    /// it places the person in a period when reports are compared);
    /// `None` for records handed back from elsewhere.
    pub first: Option<NaiveDate>,
}

/// One reporting period's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodCount {
    pub period: Period,
    pub indicators: Vec<IndicatorCount>,
}

/// Everything a run produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub country: Country,
    /// The country was detected from the identifiers rather than chosen.
    pub country_detected: bool,
    pub summary: Summary,
    pub indicators: Vec<IndicatorCount>,
    pub diagnostics: Vec<Diagnostic>,
    pub individuals: Vec<IndividualRecord>,
    /// Each reporting period asked for (`RuleOptions::periods`): the
    /// persons whose first participation falls in it, and so on.
    pub periods: Vec<PeriodCount>,
}

pub(super) fn count(
    options: &RuleOptions,
    mut participants: ParticipantSink,
    evaluations: Option<EvaluationSink>,
    organisations: Option<EntitySink>,
    items: Option<EntitySink>,
) -> Outcome {
    let catalogue = Catalogue::get();
    let mut diagnostics = Vec::new();
    let (country, country_detected) = settle_identifiers(&mut participants, &mut diagnostics);
    let rows_read = participants.rows.len() as u32;
    // Periods every so many months begin at the first start date: found
    // before the rows go to the persons.
    let periods = options.periods.resolve(options, first_start(&participants));
    let persons = build_persons(&mut participants);

    let mut tally = Tally::new(options, catalogue, periods);
    for (_, index) in &participants.columns.indicators {
        tally.mentioned.insert(*index);
    }
    let totals = person_counting::count(&participants, &persons, &mut tally, &mut diagnostics);
    let mut r29_data = catalogue.index_of("R.2.9").is_some_and(|r29| {
        participants
            .columns
            .indicators
            .iter()
            .any(|(_, index)| *index == r29)
    });
    if let Some(sink) = evaluations {
        r29_data |= evaluations::count(
            options,
            country,
            &participants,
            &persons,
            sink,
            &mut tally,
            &mut diagnostics,
        );
    }
    if totals.o23_counted && !r29_data {
        diagnostics.push(Diagnostic::warning("result.r29_missing"));
    }
    if let Some(sink) = organisations {
        organisations::count_organisations(sink, country, &mut tally, &mut diagnostics);
    }
    if let Some(sink) = items {
        organisations::count_items(sink, &mut tally, &mut diagnostics);
    }
    check_action(options, &participants, &mut tally, &mut diagnostics);

    let mut all = participants.diagnostics;
    all.append(&mut diagnostics);
    assemble(country, country_detected, rows_read, totals, tally, all)
}

/// The register's country, and every identifier resolved with it: the
/// identifier findings join the rows' others, and the register's own
/// (`country.detected`, `id.mixed_methods`) go to `diagnostics`.
fn settle_identifiers(
    participants: &mut ParticipantSink,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Country, bool) {
    let (country, detected) = detect_country(participants);
    resolve_for_country(participants, country);
    let mut id_diagnostics = std::mem::take(&mut participants.id_diagnostics);
    participants.diagnostics.append(&mut id_diagnostics);
    if detected {
        diagnostics.push(Diagnostic::info("country.detected").with("country", country.as_str()));
    }
    let kinds = || participants.rows.iter().filter_map(|r| r.kind);
    let national = kinds().any(|kind| kind.is_national());
    let internal = kinds().any(|kind| !kind.is_national());
    if national && internal {
        diagnostics.push(Diagnostic::warning("id.mixed_methods"));
    }
    (country, detected)
}

/// A chosen Finnish action: a warning for each indicator the register
/// reports outside its list; its own indicators are reported, even at 0.
fn check_action(
    options: &RuleOptions,
    participants: &ParticipantSink,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let catalogue = tally.catalogue();
    let Some(action) = options.action.as_deref().and_then(|a| catalogue.action(a)) else {
        return;
    };
    let allowed: BTreeSet<usize> = action
        .indicators
        .iter()
        .filter_map(|code| catalogue.index_of(code))
        .collect();
    for index in tally.mentioned.iter() {
        if allowed.contains(&index) {
            continue;
        }
        let code = catalogue
            .indicators()
            .get(index)
            .map_or("", |i| i.code.as_str());
        let (row, column) = participants
            .first_use
            .get(index)
            .cloned()
            .flatten()
            .map_or((None, None), |(row, column)| (Some(row), column));
        let mut d = Diagnostic::warning("indicator.not_in_action")
            .with("indicator", code)
            .with("action", action.code.as_str())
            .in_optional_column(column.as_deref());
        d.row = row;
        diagnostics.push(d);
    }
    for &index in &allowed {
        tally.mentioned.insert(index);
    }
}

/// The outcome: findings sorted file-level first, then by sheet and row
/// (one row's in the order found), counted by severity.
fn assemble(
    country: Country,
    country_detected: bool,
    rows_read: u32,
    totals: PersonTotals,
    tally: Tally,
    mut all: Vec<Diagnostic>,
) -> Outcome {
    all.sort_by(|a, b| (a.row.is_some(), &a.sheet, a.row).cmp(&(b.row.is_some(), &b.sheet, b.row)));
    let count = |severity| all.iter().filter(|d| d.severity == severity).count() as u32;
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let (indicators, periods, individuals) = tally.finish();
    Outcome {
        country,
        country_detected,
        summary: Summary {
            rows: rows_read,
            rows_counted: totals.rows_counted,
            persons: totals.persons,
            persons_excluded: totals.persons_excluded,
            errors,
            warnings,
        },
        indicators,
        diagnostics: all,
        individuals,
        periods,
    }
}

/// The earliest start date of any row: where periods counted every so many
/// months begin when there is no project period.
fn first_start(participants: &ParticipantSink) -> Option<NaiveDate> {
    participants.rows.iter().filter_map(|r| r.start).min()
}
