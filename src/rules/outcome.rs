//! What a run produces: per indicator its count and age × gender table,
//! per reporting period the same, the whole register's figures, the
//! findings, and the individual-level records made on request.

use super::age::AgeCategory;
use super::Period;
use crate::catalogue::Unit;
use crate::diagnostic::Diagnostic;
use crate::ids::Country;
use crate::register::values::Gender;
use chrono::NaiveDate;

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
    /// Persons left out: by a person-level error (conflicting data, born
    /// after the first registration), or with an error on every row. A row
    /// whose ID is unusable names no person and counts in neither figure.
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
