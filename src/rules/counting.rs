//! Counting, in stages: the country and the persons, then each person's
//! indicators ([`super::person_counting`]), the evaluations, the
//! organisations and items, the chosen action's list, and last the result.
//! Each stage adds to one [`Tally`].

use super::evaluations::{self, Evaluated, EvaluationSink};
use super::organisations::{self, EntitySink};
use super::outcome::{Outcome, Summary};
use super::participants::ParticipantSink;
use super::person_counting::{self, PersonTotals};
use super::tally::Tally;
use super::RuleOptions;
use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::Country;
use std::collections::BTreeSet;

pub(super) fn count(
    options: &RuleOptions,
    mut participants: ParticipantSink,
    evaluations: Option<EvaluationSink>,
    organisations: Option<EntitySink>,
    items: Option<EntitySink>,
) -> Outcome {
    let catalogue = Catalogue::get();
    let mut diagnostics = Vec::new();
    let (country, country_detected) = participants.settle_identifiers(&mut diagnostics);
    let rows_read = participants.rows_read() as u32;
    // Periods every so many months begin at the first start date: found
    // before the rows go to the persons.
    let periods = options.periods.resolve(options, participants.first_start());
    let persons = participants.persons();

    let mut tally = Tally::new(options, catalogue, periods);
    for (_, index) in &participants.columns().indicators {
        tally.mentioned.insert(*index);
    }
    let r29_column = catalogue.index_of("R.2.9").is_some_and(|r29| {
        participants
            .columns()
            .indicators
            .iter()
            .any(|(_, index)| *index == r29)
    });
    let evaluated = match evaluations {
        Some(sink) => evaluations::decide_all(
            options,
            country,
            &participants,
            &persons,
            sink,
            &mut tally,
            &mut diagnostics,
        ),
        None => Evaluated::default(),
    };
    let r29_data = r29_column || evaluated.r29_data;
    let totals = person_counting::count(
        &participants,
        &persons,
        &evaluated,
        &mut tally,
        &mut diagnostics,
    );
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
    let outside: Vec<String> = tally
        .outside_periods()
        .map(|(code, count)| format!("{code} ({count})"))
        .collect();
    if !outside.is_empty() {
        diagnostics
            .push(Diagnostic::warning("period.outside").with("indicator", outside.join(", ")));
    }

    let mut all = participants.take_diagnostics();
    all.append(&mut diagnostics);
    assemble(country, country_detected, rows_read, totals, tally, all)
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
            .first_use(index)
            .map_or((None, None), |(row, column)| (Some(row), column));
        // Named by another table only: the finding names that table.
        let sheet = row.is_none().then(|| tally.table_of(index)).flatten();
        let mut d = Diagnostic::warning("indicator.not_in_action")
            .with("indicator", code)
            .with("action", action.code.as_str())
            .in_optional_column(column.as_deref())
            .in_sheet(sheet);
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
