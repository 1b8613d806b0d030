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
mod outcome;
mod participants;
mod person_counting;
mod records;
mod tally;

pub use age::AgeCategory;
pub use evaluations::EvaluationSink;
pub use organisations::{EntitySink, ItemSink, OrganisationSink};
pub use outcome::{Breakdown, IndicatorCount, IndividualRecord, Outcome, PeriodCount, Summary};
pub(crate) use participants::parts::PartSink;
pub use participants::ParticipantSink;

use crate::diagnostic::Diagnostic;
use crate::ids::Country;
use crate::register::Cell;
use chrono::NaiveDate;

/// `indicator.unknown`: the column (or list cell) at `row` names `code`,
/// which is not counted there: the catalogue lacks it, or (`elsewhere`) it
/// is counted from another table.
pub(crate) fn indicator_not_counted(
    code: &str,
    row: u32,
    column: &str,
    sheet: Option<&str>,
    elsewhere: bool,
) -> Diagnostic {
    let d = Diagnostic::warning("indicator.unknown")
        .at_row(row)
        .in_column(column.to_string())
        .in_sheet(sheet)
        .with("indicator", code);
    if elsewhere {
        d.with("hint", "other_table")
    } else {
        d
    }
}

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

/// The reporting periods to count each one in: none, a list, or periods
/// of so many months from the project period's start (else the first start
/// date) to its end (else the report date).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PeriodPlan {
    #[default]
    None,
    List(Vec<Period>),
    Every {
        months: u32,
    },
}

impl PeriodPlan {
    /// The periods for a register whose earliest start date is `first`.
    pub fn resolve(&self, options: &RuleOptions, first: Option<NaiveDate>) -> Vec<Period> {
        let months = match self {
            PeriodPlan::None => return Vec::new(),
            PeriodPlan::List(periods) => return periods.clone(),
            PeriodPlan::Every { months } => (*months).max(1),
        };
        let Some(start) = options.project_period.map(|p| p.from).or(first) else {
            return Vec::new();
        };
        let end = options
            .project_period
            .map_or(options.reference_date, |p| p.to);
        // Each period from the start plus so many months (not from the last
        // period's end: month ends would drift, 31 March to 30 June to 30 September).
        let mut periods = Vec::new();
        let mut k: u32 = 0;
        let mut from = start;
        // A bound as well: no plan makes more periods than a century of months.
        while from <= end && periods.len() < 1200 {
            k += 1;
            let Some(next) = start.checked_add_months(chrono::Months::new(k * months)) else {
                break;
            };
            let to = next.pred_opt().unwrap_or(next).min(end);
            periods.push(Period { from, to });
            from = next;
        }
        periods
    }

    /// As `--periods` takes it: `quarterly`, `half-yearly`, `yearly`, or
    /// the periods `FROM..TO,…`.
    pub fn describe(&self) -> Option<String> {
        match self {
            PeriodPlan::None => None,
            PeriodPlan::Every { months: 3 } => Some("quarterly".into()),
            PeriodPlan::Every { months: 6 } => Some("half-yearly".into()),
            PeriodPlan::Every { months: 12 } => Some("yearly".into()),
            PeriodPlan::Every { months } => Some(format!("every {months} months")),
            PeriodPlan::List(periods) => Some(
                periods
                    .iter()
                    .map(|p| format!("{}..{}", p.from, p.to))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        }
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
    /// Count in each of these reporting periods too.
    pub periods: PeriodPlan,
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
            periods: PeriodPlan::None,
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
