//! The counting rules of SPEC §4: from parsed rows to persons, diagnostics
//! and per-indicator counts.
//!
//! Participant rows are parsed as they stream in ([`ParticipantSink`]); the
//! identifiers are resolved once the whole table is read, since the
//! register's country may depend on all of them. Person-level checks and
//! counting follow in [`finish`].

pub mod age;
pub mod citizenship;
mod counting;
mod evaluations;
mod fast_hash;
mod indicator_set;
mod organisations;
mod participants;
mod parts;
mod person_counting;
mod person_rows;
mod persons;

pub use age::AgeCategory;
pub use counting::{Breakdown, IndicatorCount, IndividualRecord, Outcome, Summary};
pub use evaluations::EvaluationSink;
pub use organisations::{EntitySink, ItemSink, OrganisationSink};
pub use participants::ParticipantSink;
pub(crate) use parts::PartSink;

use crate::diagnostic::Diagnostic;
use crate::ids::Country;
use crate::register::Cell;
use chrono::NaiveDate;

/// A `date.invalid` finding for `cell`, saying so when the date has the
/// right form but does not exist.
pub(crate) fn invalid_date(finding: Diagnostic, cell: &Cell) -> Diagnostic {
    if crate::register::values::nonexistent_date(cell) {
        finding.with("problem", "nonexistent")
    } else {
        finding
    }
}

/// An inclusive date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// What the user chose for this run.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOptions {
    /// The report date: 10-digit personnummer century, `date.future`.
    pub reference_date: NaiveDate,
    /// `None` detects it: Finland when most IDs are valid only as henkilötunnus.
    pub country: Option<Country>,
    /// Count only first participations in this period.
    pub period: Option<Period>,
    /// Start dates outside it get `date.outside_project`.
    pub project_period: Option<Period>,
    /// A Finnish action (e.g. `2D5`): indicators outside its list get a warning.
    pub action: Option<String>,
    /// Keep the individual-level records (personal data): only on request.
    pub individual_report: bool,
}

impl RuleOptions {
    pub fn new(reference_date: NaiveDate) -> Self {
        RuleOptions {
            reference_date,
            country: None,
            period: None,
            project_period: None,
            action: None,
            individual_report: false,
        }
    }
}

/// Runs every rule over what the sinks collected.
pub fn finish(
    options: &RuleOptions,
    participants: ParticipantSink,
    evaluations: Option<EvaluationSink>,
    organisations: Option<OrganisationSink>,
    items: Option<ItemSink>,
) -> Outcome {
    counting::count(options, participants, evaluations, organisations, items)
}

#[cfg(test)]
mod tests;
