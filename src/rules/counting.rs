//! Counting: each person at most once per indicator, in the period holding
//! the start date of the first row flagging them for it; sub-indicators imply
//! their parents; result indicators from their own rules.

use super::age::AgeCategory;
use super::evaluations::{decide, Evaluation, EvaluationSink};
use super::fast_hash::FastMap;
use super::indicator_set::IndicatorSet;
use super::organisations::EntitySink;
use super::participants::{IdCell, ParticipantSink};
use super::persons::{build_persons, detect_country, resolve_for_country, Person};
use super::RuleOptions;
use crate::catalogue::{Catalogue, Unit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::{self, Country};
use crate::register::values::Gender;
use chrono::{Months, NaiveDate};
use std::collections::{BTreeSet, HashMap};

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

    fn add(&mut self, age: AgeCategory, gender: Gender) {
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
    /// `None` for organisations, items and places: no age or gender split.
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
}

/// Where a person first counted under an indicator: (start date, row).
type FirstFlag = (NaiveDate, u32);

pub(super) fn count(
    options: &RuleOptions,
    mut participants: ParticipantSink,
    evaluations: Option<EvaluationSink>,
    organisations: Option<EntitySink>,
    items: Option<EntitySink>,
) -> Outcome {
    let catalogue = Catalogue::get();
    let (country, country_detected) = detect_country(&participants);
    resolve_for_country(&mut participants, country);
    let mut id_diagnostics = std::mem::take(&mut participants.id_diagnostics);
    participants.diagnostics.append(&mut id_diagnostics);
    let mut diagnostics = Vec::new();
    if country_detected {
        diagnostics.push(Diagnostic::info("country.detected").with("country", country.as_str()));
    }
    let kinds = || participants.rows.iter().filter_map(|r| r.kind);
    let national = kinds().any(|kind| kind.is_national());
    let internal = kinds().any(|kind| !kind.is_national());
    if national && internal {
        diagnostics.push(Diagnostic::warning("id.mixed_methods"));
    }
    let rows_read = participants.rows.len() as u32;
    let persons = build_persons(&mut participants);

    let indicator_count = catalogue.indicators().len();
    let mut breakdowns = vec![Breakdown::default(); indicator_count];
    let mut entity_totals = vec![0u32; indicator_count];
    let mut individuals = Vec::new();
    let mut mentioned = IndicatorSet::default();
    for (_, index) in &participants.columns.indicators {
        mentioned.insert(*index);
    }
    let r29 = catalogue.index_of("R.2.9");
    let r28 = catalogue.index_of("R.2.8");
    let r16 = catalogue.index_of("R.1.6");
    let o23 = catalogue.index_of("O.2.3");
    let o231 = catalogue.index_of("O.2.3.1");
    let in_period = |date: NaiveDate| options.period.is_none_or(|p| p.contains(date));
    let header_of = |index: usize| {
        participants
            .columns
            .indicators
            .iter()
            .find(|(_, i)| *i == index)
            .map(|(c, _)| c.header.clone())
            .or_else(|| {
                participants
                    .columns
                    .indicator_list
                    .as_ref()
                    .map(|c| c.header.clone())
            })
    };

    // Each indicator's parent, looked up once rather than per person.
    let parents: Vec<Option<usize>> = catalogue
        .indicators()
        .iter()
        .map(|i| i.parent.as_deref().and_then(|p| catalogue.index_of(p)))
        .collect();
    let mut rows_counted = 0u32;
    let mut counted_persons = 0u32;
    let mut persons_excluded = 0u32;
    // Only evaluations look persons up by ID.
    let mut person_by_id: FastMap<u32, &Person> = FastMap::default();
    // One buffer for every person: where they first counted under each indicator.
    let mut first: Vec<Option<FirstFlag>> = vec![None; indicator_count];
    let mut touched = IndicatorSet::default();
    let mut counted_o23_anywhere = false;
    for person in &persons.list {
        if person.excluded {
            persons_excluded += 1;
            continue;
        }
        if evaluations.is_some() {
            person_by_id.insert(person.id, person);
        }
        counted_persons += 1;
        let person_rows = persons.rows(person);
        rows_counted += person_rows.len() as u32;
        let rows = || person_rows.iter();

        let explicit = rows().fold(IndicatorSet::default(), |all, row| all.union(row.flags));
        // Only the slots of the indicators a person can have are used: the
        // previous person's are emptied, every other one is empty already.
        for index in touched.iter() {
            if let Some(slot) = first.get_mut(index) {
                *slot = None;
            }
        }
        touched = explicit.with_ancestors(catalogue);
        for row in rows() {
            let Some(start) = row.start else { continue };
            for index in row.flags.with_ancestors(catalogue).iter() {
                if let Some(slot) = first.get_mut(index) {
                    let candidate = (start, row.number);
                    if slot.is_none_or(|current| candidate < current) {
                        *slot = Some(candidate);
                    }
                }
            }
            // R.1.6: the follow-up answer must come three months after the training.
            if r16.is_some_and(|i| row.flags.contains(i)) {
                if let (Some(end), Some(answered)) = (row.end, row.follow_up) {
                    if end
                        .checked_add_months(Months::new(3))
                        .is_some_and(|due| answered < due)
                    {
                        diagnostics.push(
                            Diagnostic::warning("result.follow_up_early")
                                .at_row(row.number)
                                .in_optional_column(
                                    participants
                                        .columns
                                        .follow_up
                                        .as_ref()
                                        .map(|c| c.header.as_str()),
                                ),
                        );
                    }
                }
            }
        }

        for index in explicit.iter() {
            mentioned.insert(index);
            let indicator = catalogue.indicators().get(index);
            // A sub-indicator flagged without its parent: counted under both, with a warning.
            if let Some(parent) = indicator.and_then(|i| i.parent.as_deref()) {
                let parent_flagged = parents
                    .get(index)
                    .copied()
                    .flatten()
                    .is_some_and(|p| explicit.contains(p));
                if let (false, Some(Some((_, row)))) = (parent_flagged, first.get(index)) {
                    diagnostics.push(
                        Diagnostic::warning("indicator.parent_implied")
                            .at_row(*row)
                            .in_optional_column(header_of(index).as_deref())
                            .with("indicator", indicator.map_or("", |i| i.code.as_str()))
                            .with("parent", parent),
                    );
                }
            }
        }
        if let (Some(r28), Some(o231)) = (r28, o231) {
            if let (Some(Some((_, row))), false) = (
                first.get(r28),
                explicit.with_ancestors(catalogue).contains(o231),
            ) {
                diagnostics.push(
                    Diagnostic::warning("result.r28_without_course")
                        .at_row(*row)
                        .in_optional_column(
                            participants
                                .columns
                                .level_end
                                .as_ref()
                                .map(|c| c.header.as_str()),
                        ),
                );
            }
        }
        if o23.is_some_and(|i| first.get(i).is_some_and(Option::is_some)) {
            counted_o23_anywhere = true;
        }

        for index in touched.iter() {
            let Some(Some((start, _))) = first.get(index) else {
                continue;
            };
            mentioned.insert(index);
            if !in_period(*start) {
                continue;
            }
            if let (Some(breakdown), Some(indicator)) =
                (breakdowns.get_mut(index), catalogue.indicators().get(index))
            {
                breakdown.add(person.age_category, person.gender);
                if !options.individual_report {
                    continue;
                }
                individuals.push(IndividualRecord {
                    id: participants.ids.canonical(person.id),
                    age: person.age_category,
                    gender: person.gender,
                    indicator: indicator.code.clone(),
                });
            }
        }
    }

    // Evaluations (R.2.9, R.1.5).
    let mut r29_data =
        r29.is_some_and(|i| participants.columns.indicators.iter().any(|(_, c)| *c == i));
    if let Some(mut sink) = evaluations {
        let sheet = sink.sheet().map(str::to_string);
        let mut by_person: HashMap<(String, usize), Vec<&Evaluation>> = HashMap::new();
        let is_person: std::collections::HashSet<u32> = persons.list.iter().map(|p| p.id).collect();
        let reference = options.reference_date;
        let id_header = "ID";
        let mut late = Vec::new();
        for evaluation in &sink.evaluations {
            r29_data |= Some(evaluation.indicator) == r29;
            let IdCell::Text(text) = &evaluation.id else {
                continue;
            };
            match ids::parse_person(text, country, reference) {
                Ok(parsed) => {
                    let id = participants.ids.get(&parsed.canonical);
                    if id.is_some_and(|id| person_by_id.contains_key(&id)) {
                        by_person
                            .entry((parsed.canonical, evaluation.indicator))
                            .or_default()
                            .push(evaluation);
                    } else if !id.is_some_and(|id| is_person.contains(&id)) {
                        late.push(
                            Diagnostic::warning("evaluation.unknown_person")
                                .at_row(evaluation.number)
                                .in_sheet(sheet.as_deref()),
                        );
                    }
                }
                Err(err) => late.push(
                    Diagnostic::error(err.code())
                        .at_row(evaluation.number)
                        .in_column(id_header)
                        .in_sheet(sheet.as_deref()),
                ),
            }
        }
        let mut decided: Vec<_> = by_person.into_iter().collect();
        decided.sort_by(|a, b| a.0.cmp(&b.0));
        for ((id, indicator), mut list) in decided {
            let Some(person) = participants
                .ids
                .get(&id)
                .and_then(|id| person_by_id.get(&id))
            else {
                continue;
            };
            mentioned.insert(indicator);
            if let Some((date, _)) = decide(&mut list) {
                if in_period(date) {
                    if let (Some(breakdown), Some(code)) = (
                        breakdowns.get_mut(indicator),
                        catalogue.indicators().get(indicator),
                    ) {
                        breakdown.add(person.age_category, person.gender);
                        if options.individual_report {
                            individuals.push(IndividualRecord {
                                id: id.clone(),
                                age: person.age_category,
                                gender: person.gender,
                                indicator: code.code.clone(),
                            });
                        }
                    }
                }
            }
        }
        sink.diagnostics.append(&mut late);
        diagnostics.append(&mut sink.diagnostics);
    }
    if counted_o23_anywhere && !r29_data {
        diagnostics.push(Diagnostic::warning("result.r29_missing"));
    }

    // Organisations and items: distinct keys per indicator.
    for mut sink in [organisations, items].into_iter().flatten() {
        sink.resolve(country);
        let mut seen: HashMap<usize, HashMap<String, Option<NaiveDate>>> = HashMap::new();
        for entity in &sink.entities {
            for index in entity.flags.iter() {
                mentioned.insert(index);
                let first = seen
                    .entry(index)
                    .or_default()
                    .entry(entity.key.clone())
                    .or_insert(entity.date);
                if let (Some(date), Some(current)) = (entity.date, *first) {
                    *first = Some(date.min(current));
                }
            }
        }
        for (index, keys) in seen {
            let counted = keys
                .values()
                .filter(|date| date.is_none_or(&in_period))
                .count() as u32;
            if let Some(total) = entity_totals.get_mut(index) {
                *total += counted;
            }
        }
        let _ = sink.sheet();
        diagnostics.append(&mut sink.diagnostics);
    }

    // A chosen Finnish action: reported indicators outside its list.
    if let Some(action) = options.action.as_deref().and_then(|a| catalogue.action(a)) {
        let allowed: BTreeSet<usize> = action
            .indicators
            .iter()
            .filter_map(|code| catalogue.index_of(code))
            .collect();
        for index in mentioned.iter() {
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
        for code in &action.indicators {
            if let Some(index) = catalogue.index_of(code) {
                mentioned.insert(index);
            }
        }
    }

    let mentioned = mentioned.with_ancestors(catalogue);
    let indicators = catalogue
        .indicators()
        .iter()
        .enumerate()
        .filter(|(index, _)| mentioned.contains(*index))
        .map(|(index, indicator)| {
            if indicator.unit == Unit::Participants {
                let breakdown = breakdowns.get(index).copied().unwrap_or_default();
                IndicatorCount {
                    code: indicator.code.clone(),
                    unit: indicator.unit,
                    total: breakdown.total(),
                    breakdown: Some(breakdown),
                }
            } else {
                IndicatorCount {
                    code: indicator.code.clone(),
                    unit: indicator.unit,
                    total: entity_totals.get(index).copied().unwrap_or(0),
                    breakdown: None,
                }
            }
        })
        .collect();

    let mut all = participants.diagnostics;
    all.append(&mut diagnostics);
    // File-level first, then by sheet and row; same row keeps finding order.
    all.sort_by(|a, b| (a.row.is_some(), &a.sheet, a.row).cmp(&(b.row.is_some(), &b.sheet, b.row)));
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count() as u32;
    let warnings = all
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count() as u32;
    Outcome {
        country,
        country_detected,
        summary: Summary {
            rows: rows_read,
            rows_counted,
            persons: counted_persons,
            persons_excluded,
            errors,
            warnings,
        },
        indicators,
        diagnostics: all,
        individuals,
    }
}
