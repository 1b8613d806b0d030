//! Each person's indicators: where they first counted under each (the
//! start date of the first row flagging them for it, or a sub-indicator of
//! it), the rules on their rows that concern results (R.1.6 follow-up,
//! R.2.8 without a course, a sub-indicator without its parent), and the
//! families of R.1.7.2.

use super::evaluations::Evaluated;
use super::fast_hash::FastMap;
use super::indicator_set::IndicatorSet;
use super::participants::ParticipantSink;
use super::participants::{PersonRow, Persons};
use super::tally::Tally;
use crate::catalogue::{Catalogue, Unit};
use crate::diagnostic::Diagnostic;
use chrono::{Months, NaiveDate};

/// Where a person first counted under an indicator: (start date, row).
type FirstFlag = (NaiveDate, u32);

/// The whole register's person figures.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PersonTotals {
    /// Rows used for counting.
    pub rows_counted: u32,
    /// Distinct persons counted.
    pub persons: u32,
    /// Persons left out: by a person-level error, or with an error on every row.
    pub persons_excluded: u32,
    /// Some person counts under O.2.3, which makes R.2.9 mandatory.
    pub o23_counted: bool,
}

/// The catalogue positions the per-person rules look at, found once.
struct Positions {
    r16: Option<usize>,
    r28: Option<usize>,
    o23: Option<usize>,
    o231: Option<usize>,
    /// Each indicator's parent.
    parents: Vec<Option<usize>>,
    /// Indicators counted in families (R.1.7.2).
    families: IndicatorSet,
}

impl Positions {
    fn new(catalogue: &Catalogue) -> Positions {
        let mut families = IndicatorSet::default();
        for (index, indicator) in catalogue.indicators().iter().enumerate() {
            if indicator.unit == Unit::Families {
                families.insert(index);
            }
        }
        Positions {
            r16: catalogue.index_of("R.1.6"),
            r28: catalogue.index_of("R.2.8"),
            o23: catalogue.index_of("O.2.3"),
            o231: catalogue.index_of("O.2.3.1"),
            parents: catalogue
                .indicators()
                .iter()
                .map(|i| i.parent.as_deref().and_then(|p| catalogue.index_of(p)))
                .collect(),
            families,
        }
    }
}

/// Counts every person who is not left out under each indicator they
/// count under: by their rows, and by what their evaluations decided
/// (`evaluated`), once per indicator at the earliest date either gives.
pub(super) fn count(
    sink: &ParticipantSink,
    persons: &Persons,
    evaluated: &Evaluated,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) -> PersonTotals {
    let catalogue = sink.catalogue();
    let at = Positions::new(catalogue);
    let mut totals = PersonTotals {
        persons_excluded: persons.without_clean_rows,
        ..PersonTotals::default()
    };
    // One buffer for every person: where they first counted under each indicator.
    let mut first: Vec<Option<FirstFlag>> = vec![None; catalogue.indicators().len()];
    let mut touched = IndicatorSet::default();
    // Each family's first participation, by indicator.
    let mut families: FastMap<(usize, u32), NaiveDate> = FastMap::default();
    for person in &persons.list {
        if person.excluded {
            totals.persons_excluded += 1;
            continue;
        }
        totals.persons += 1;
        let rows = persons.rows(person);
        totals.rows_counted += rows.len() as u32;
        let explicit = rows
            .iter()
            .fold(IndicatorSet::default(), |all, row| all.union(row.flags));
        // Only the slots of the indicators a person can have are used: the
        // previous person's are emptied, every other one is empty already.
        for index in touched.iter() {
            if let Some(slot) = first.get_mut(index) {
                *slot = None;
            }
        }
        touched = explicit.with_ancestors(catalogue);
        for row in rows {
            let Some(start) = row.start else { continue };
            for index in row.flags.with_ancestors(catalogue).iter() {
                if let Some(slot) = first.get_mut(index) {
                    let candidate = (start, row.number);
                    if slot.is_none_or(|current| candidate < current) {
                        *slot = Some(candidate);
                    }
                }
            }
            follow_up_rule(sink, &at, row, diagnostics);
        }
        // An evaluation has no register row: it comes after any row of the same day.
        for (index, date) in evaluated.of(person.id) {
            if let Some(slot) = first.get_mut(index) {
                let candidate = (date, u32::MAX);
                if slot.is_none_or(|current| candidate < current) {
                    *slot = Some(candidate);
                }
                touched.insert(index);
            }
        }
        parent_rule(sink, &at, explicit, &first, tally, diagnostics);
        language_rule(sink, &at, explicit, &first, diagnostics);
        if at
            .o23
            .is_some_and(|i| first.get(i).is_some_and(Option::is_some))
        {
            totals.o23_counted = true;
        }

        for index in touched.iter() {
            let Some(Some((start, row))) = first.get(index).copied() else {
                continue;
            };
            tally.mentioned.insert(index);
            if at.families.contains(index) {
                if let Some(family) = sink.family_of_row(row) {
                    let earliest = families.entry((index, family)).or_insert(start);
                    *earliest = (*earliest).min(start);
                }
                continue;
            }
            tally.person(index, start, person, || sink.canonical(person.id));
        }
    }
    for index in at.families.iter() {
        let firsts = families
            .iter()
            .filter(|((of, _), _)| *of == index)
            .map(|(_, &date)| Some(date));
        tally.distinct(index, firsts);
    }
    totals
}

/// R.1.6: the follow-up answer must come three months after the training.
fn follow_up_rule(
    sink: &ParticipantSink,
    at: &Positions,
    row: &PersonRow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !at.r16.is_some_and(|i| row.flags.contains(i)) {
        return;
    }
    let (Some(end), Some(answered)) = (row.end, row.follow_up) else {
        return;
    };
    if end
        .checked_add_months(Months::new(3))
        .is_some_and(|due| answered < due)
    {
        diagnostics.push(
            Diagnostic::warning("result.follow_up_early")
                .at_row(row.number)
                .in_optional_column(sink.columns().follow_up.as_ref().map(|c| c.header.as_str())),
        );
    }
}

/// A sub-indicator flagged without its parent: counted under both (the
/// first flags already hold the parent), with a warning at the first row.
fn parent_rule(
    sink: &ParticipantSink,
    at: &Positions,
    explicit: IndicatorSet,
    first: &[Option<FirstFlag>],
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let catalogue = sink.catalogue();
    for index in explicit.iter() {
        tally.mentioned.insert(index);
        let indicator = catalogue.indicators().get(index);
        let Some(parent) = indicator.and_then(|i| i.parent.as_deref()) else {
            continue;
        };
        let parent_flagged = at
            .parents
            .get(index)
            .copied()
            .flatten()
            .is_some_and(|p| explicit.contains(p));
        if let (false, Some(Some((_, row)))) = (parent_flagged, first.get(index)) {
            diagnostics.push(
                Diagnostic::warning("indicator.parent_implied")
                    .at_row(*row)
                    .in_optional_column(sink.columns().indicator_header(index).as_deref())
                    .with("indicator", indicator.map_or("", |i| i.code.as_str()))
                    .with("parent", parent),
            );
        }
    }
}

/// R.2.8 for a person who is not under O.2.3.1 (language courses).
fn language_rule(
    sink: &ParticipantSink,
    at: &Positions,
    explicit: IndicatorSet,
    first: &[Option<FirstFlag>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(r28), Some(o231)) = (at.r28, at.o231) else {
        return;
    };
    if let (Some(Some((_, row))), false) = (
        first.get(r28),
        explicit.with_ancestors(sink.catalogue()).contains(o231),
    ) {
        diagnostics.push(
            Diagnostic::warning("result.r28_without_course")
                .at_row(*row)
                .in_optional_column(sink.columns().level_end.as_ref().map(|c| c.header.as_str())),
        );
    }
}
