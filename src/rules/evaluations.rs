//! Evaluation rows for R.2.9 and R.1.5 (SPEC §4): one row per completed
//! activity. An R.2.9 evaluation is positive when at least two of the five
//! areas are marked, an R.1.5 one when the answer is yes. A person is
//! reported when more than half of their evaluations are positive; on
//! exactly half the latest evaluation decides.

use super::participants::{ParticipantSink, Persons};
use super::records::IdCell;
use super::tally::Tally;
use super::RuleOptions;
use crate::catalogue::{code_prefix, normalise_code, Catalogue};
use crate::diagnostic::Diagnostic;
use crate::ids::{self, Country};
use crate::register::values::{self, IdCellProblem};
use crate::register::{Field, HeaderMap, IntegrationArea, Row, RowSink};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

const AREAS: [IntegrationArea; 5] = [
    IntegrationArea::LabourMarket,
    IntegrationArea::Language,
    IntegrationArea::Community,
    IntegrationArea::Housing,
    IntegrationArea::Health,
];

#[derive(Debug, Clone)]
pub(crate) struct Evaluation {
    pub number: u32,
    pub id: IdCell,
    pub date: NaiveDate,
    /// Catalogue index of R.2.9 or R.1.5.
    pub indicator: usize,
    pub positive: bool,
}

/// Collects an evaluation table.
pub struct EvaluationSink {
    catalogue: &'static Catalogue,
    sheet: Option<String>,
    header: HeaderMap,
    /// The indicator the answer column's header names (`R.2.9`), if any.
    answer_indicator: Option<usize>,
    pub(crate) evaluations: Vec<Evaluation>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) rows_read: usize,
}

impl EvaluationSink {
    pub fn new(_options: &RuleOptions, sheet: Option<String>) -> Self {
        EvaluationSink {
            catalogue: Catalogue::get(),
            sheet,
            header: HeaderMap::default(),
            answer_indicator: None,
            evaluations: Vec::new(),
            diagnostics: Vec::new(),
            rows_read: 0,
        }
    }

    /// Names the sheet or file its diagnostics point at, those made so far
    /// included (a table's sheet is known once it has been read).
    pub fn with_sheet(mut self, sheet: Option<String>) -> Self {
        for d in self.diagnostics.iter_mut().filter(|d| d.sheet.is_none()) {
            d.sheet.clone_from(&sheet);
        }
        self.sheet = sheet;
        self
    }

    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The ID column's header as written.
    fn id_header(&self) -> Option<String> {
        self.header.column(&Field::Id).map(|c| c.header.clone())
    }

    fn column(&self, field: &Field) -> Option<(usize, &str)> {
        self.header
            .column(field)
            .map(|c| (c.index, c.header.as_str()))
    }
}

impl RowSink for EvaluationSink {
    fn header(&mut self, header: &HeaderMap) {
        self.header = header.clone();
        self.answer_indicator = header
            .column(&Field::EvaluationAnswer)
            .and_then(|c| code_prefix(&c.header))
            .and_then(|code| self.catalogue.index_of(&code));
        // Other indicators' columns: evaluations count only R.2.9 and R.1.5.
        for (column, code) in header.indicator_columns() {
            let elsewhere = self.catalogue.index_of(code).is_some();
            self.diagnostics.push(super::indicator_not_counted(
                code,
                header.row,
                &column.header,
                self.sheet.as_deref(),
                elsewhere,
            ));
        }
    }

    fn row(&mut self, row: &Row) {
        if row.is_empty() {
            return;
        }
        self.rows_read += 1;
        let sheet = self.sheet.clone();
        let mut found = Vec::new();
        let problem = |code: &'static str, column: Option<(usize, &str)>| {
            Diagnostic::error(code)
                .at_row(row.number)
                .in_optional_column(column.map(|(_, h)| h))
                .in_sheet(sheet.as_deref())
        };
        let cell = |column: Option<(usize, &str)>| column.map(|(i, _)| row.cell(i));

        let id_column = self.column(&Field::Id);
        let id = match cell(id_column).map(values::id_text) {
            None | Some(Ok(_)) if cell(id_column).is_none_or(|c| c.is_empty()) => {
                found.push(problem("id.missing", id_column));
                IdCell::Empty
            }
            Some(Err(IdCellProblem::LeadingZeroLost)) => {
                found.push(problem("id.format", id_column).with("hint", "leading_zero"));
                IdCell::LeadingZeroLost
            }
            Some(Ok(text)) => IdCell::Text(text.into_owned()),
            None => IdCell::Empty,
        };

        let date_column = self.column(&Field::EvaluationDate);
        let date = match cell(date_column).map(values::date) {
            Some(Ok(Some(date))) => Some(date),
            Some(Err(_)) => {
                found.push(super::invalid_date(
                    problem("date.invalid", date_column).with("value", "evaluation_date"),
                    cell(date_column).unwrap_or(&crate::register::Cell::Empty),
                ));
                None
            }
            _ => {
                found.push(
                    problem("date.invalid", date_column).with("value", "evaluation_date_missing"),
                );
                None
            }
        };

        let area_columns: Vec<(usize, &str)> = AREAS
            .iter()
            .filter_map(|a| self.column(&Field::Area(*a)))
            .collect();
        let answer_column = self.column(&Field::EvaluationAnswer);
        let indicator_column = self.column(&Field::EvaluationIndicator);
        let r29 = self.catalogue.index_of("R.2.9");
        let r15 = self.catalogue.index_of("R.1.5");
        let indicator = match cell(indicator_column).map(values::text) {
            Some(text) if !text.is_empty() => {
                let index = normalise_code(&text).and_then(|c| self.catalogue.index_of(&c));
                if index.is_some() && (index == r29 || index == r15) {
                    index
                } else {
                    found.push(
                        problem("indicator.value", indicator_column)
                            .with("value", "evaluation_indicator"),
                    );
                    None
                }
            }
            // No indicator cell: the answer column's own code, else the areas make it R.2.9.
            _ if self.answer_indicator.is_some() => self.answer_indicator,
            _ if !area_columns.is_empty() => r29,
            _ => r15,
        };

        let mut marked = 0;
        for &(index, header) in &area_columns {
            match values::boolean(row.cell(index)) {
                Ok(true) => marked += 1,
                Ok(false) => {}
                Err(_) => found
                    .push(problem("value.invalid", Some((index, header))).with("value", "boolean")),
            }
        }
        let answer = match cell(answer_column).map(values::boolean) {
            Some(Ok(answer)) => answer,
            Some(Err(_)) => {
                found.push(problem("value.invalid", answer_column).with("value", "boolean"));
                false
            }
            None => false,
        };
        let positive = if indicator.is_some() && indicator == r29 && !area_columns.is_empty() {
            marked >= 2
        } else {
            answer
        };

        let clean = !found.iter().any(Diagnostic::is_error);
        self.diagnostics.append(&mut found);
        if let (true, Some(date), Some(indicator)) = (clean, date, indicator) {
            self.evaluations.push(Evaluation {
                number: row.number,
                id,
                date,
                indicator,
                positive,
            });
        }
    }
}

/// What the evaluations decide: for each counted person (by id), the
/// indicators (R.2.9, R.1.5) they count under and the date of the first
/// positive evaluation, where they first count. The person is counted with
/// their register rows, so a person with a yes in a column and positive
/// evaluations counts once, at the earlier date.
#[derive(Debug, Default)]
pub(super) struct Evaluated {
    /// Each person's latest entry in `entries` (`NONE`: none).
    heads: Vec<u32>,
    /// (indicator, date, the person's entry before it).
    entries: Vec<(usize, NaiveDate, u32)>,
    /// The table holds an R.2.9 evaluation (R.2.9 data, mandatory with O.2.3).
    pub r29_data: bool,
}

const NONE: u32 = u32::MAX;

impl Evaluated {
    fn add(&mut self, person: u32, indicator: usize, date: NaiveDate) {
        let Ok(at) = usize::try_from(person) else {
            return;
        };
        if self.heads.len() <= at {
            self.heads.resize(at + 1, NONE);
        }
        let (Some(head), Ok(entry)) = (self.heads.get_mut(at), u32::try_from(self.entries.len()))
        else {
            return;
        };
        self.entries.push((indicator, date, *head));
        *head = entry;
    }

    /// What the evaluations decided for `person`: (indicator, date).
    pub(super) fn of(&self, person: u32) -> impl Iterator<Item = (usize, NaiveDate)> + '_ {
        let head = usize::try_from(person)
            .ok()
            .and_then(|at| self.heads.get(at))
            .copied()
            .unwrap_or(NONE);
        std::iter::successors(self.entries.get(head as usize), |&&(_, _, before)| {
            self.entries.get(before as usize)
        })
        .map(|&(index, date, _)| (index, date))
    }
}

/// Decides R.2.9 and R.1.5 from the evaluations: each evaluation's ID is
/// parsed with the register's country and joined to a counted person;
/// evaluations for an ID with no error-free row are reported.
pub(super) fn decide_all(
    options: &RuleOptions,
    country: Country,
    participants: &ParticipantSink,
    persons: &Persons,
    mut sink: EvaluationSink,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) -> Evaluated {
    let r29 = sink.catalogue.index_of("R.2.9");
    let sheet = sink.sheet.clone();
    let counted: HashSet<u32> = persons
        .list
        .iter()
        .filter(|p| !p.excluded)
        .map(|p| p.id)
        .collect();
    let is_person: HashSet<u32> = persons.list.iter().map(|p| p.id).collect();
    let mut r29_data = false;
    let mut by_person: HashMap<(String, usize), Vec<&Evaluation>> = HashMap::new();
    for evaluation in &sink.evaluations {
        r29_data |= Some(evaluation.indicator) == r29;
        let IdCell::Text(text) = &evaluation.id else {
            continue;
        };
        match ids::parse_person(text, country, options.reference_date) {
            Ok(parsed) => {
                let id = participants.person_of(&parsed.canonical);
                if id.is_some_and(|id| counted.contains(&id)) {
                    by_person
                        .entry((parsed.canonical, evaluation.indicator))
                        .or_default()
                        .push(evaluation);
                } else if !id.is_some_and(|id| is_person.contains(&id)) {
                    diagnostics.push(
                        Diagnostic::warning("evaluation.unknown_person")
                            .at_row(evaluation.number)
                            .in_sheet(sheet.as_deref()),
                    );
                }
            }
            Err(err) => diagnostics.push(
                Diagnostic::error(err.code())
                    .at_row(evaluation.number)
                    .in_optional_column(sink.id_header().as_deref())
                    .in_sheet(sheet.as_deref()),
            ),
        }
    }
    let mut evaluated = Evaluated {
        r29_data,
        ..Evaluated::default()
    };
    for ((id, indicator), mut list) in by_person {
        let Some(person) = participants
            .person_of(&id)
            .filter(|id| counted.contains(id))
        else {
            continue;
        };
        tally.mention_in(indicator, sheet.as_deref());
        if let Some((date, _)) = decide(&mut list) {
            evaluated.add(person, indicator, date);
        }
    }
    diagnostics.append(&mut sink.diagnostics);
    evaluated
}

/// Whether a person's evaluations make them count, and the date they count
/// on (the first positive evaluation's): `None` when they do not count.
pub(crate) fn decide(evaluations: &mut [&Evaluation]) -> Option<(NaiveDate, u32)> {
    evaluations.sort_by_key(|e| (e.date, e.number));
    let positive = evaluations.iter().filter(|e| e.positive).count();
    let total = evaluations.len();
    let reported = if positive * 2 == total {
        evaluations.last().is_some_and(|e| e.positive)
    } else {
        positive * 2 > total
    };
    if reported {
        evaluations
            .iter()
            .find(|e| e.positive)
            .map(|e| (e.date, e.number))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(number: u32, day: u32, positive: bool) -> Evaluation {
        Evaluation {
            number,
            id: IdCell::Empty,
            date: NaiveDate::from_ymd_opt(2024, 1, day).unwrap(),
            indicator: 0,
            positive,
        }
    }

    #[test]
    fn majority_counts() {
        let (a, b, c) = (eval(2, 1, true), eval(3, 2, true), eval(4, 3, false));
        assert_eq!(
            decide(&mut [&a, &b, &c]),
            NaiveDate::from_ymd_opt(2024, 1, 1).map(|d| (d, 2))
        );
        let (a, b, c) = (eval(2, 1, false), eval(3, 2, true), eval(4, 3, false));
        assert_eq!(decide(&mut [&a, &b, &c]), None);
    }

    #[test]
    fn tie_is_decided_by_the_latest_evaluation() {
        // The seed's example: two evaluations, one positive; the later decides.
        let (a, b) = (eval(2, 1, false), eval(3, 5, true));
        assert_eq!(
            decide(&mut [&b, &a]),
            NaiveDate::from_ymd_opt(2024, 1, 5).map(|d| (d, 3))
        );
        let (a, b) = (eval(2, 1, true), eval(3, 5, false));
        assert_eq!(decide(&mut [&a, &b]), None);
    }
}
