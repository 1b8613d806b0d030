//! What the counting stages count into: per indicator the persons' age ×
//! gender tables and the other units' totals, for the whole register (or
//! the period asked for) and for each reporting period; and which
//! indicators the register speaks of at all.

use super::indicator_set::IndicatorSet;
use super::outcome::{Breakdown, IndicatorCount, IndividualRecord, PeriodCount};
use super::participants::Person;
use super::{Period, RuleOptions};
use crate::catalogue::{Catalogue, Unit};
use chrono::NaiveDate;

/// Counts per indicator.
#[derive(Debug, Clone)]
struct Counts {
    breakdowns: Vec<Breakdown>,
    totals: Vec<u32>,
}

impl Counts {
    fn new(indicators: usize) -> Counts {
        Counts {
            breakdowns: vec![Breakdown::default(); indicators],
            totals: vec![0; indicators],
        }
    }

    fn person(&mut self, index: usize, person: &Person) {
        if let Some(breakdown) = self.breakdowns.get_mut(index) {
            breakdown.add(person.age_category, person.gender);
        }
    }

    fn add(&mut self, index: usize, count: u32) {
        if let Some(total) = self.totals.get_mut(index) {
            *total += count;
        }
    }

    /// One result per indicator of `mentioned`, in catalogue order.
    fn indicators(&self, catalogue: &Catalogue, mentioned: IndicatorSet) -> Vec<IndicatorCount> {
        catalogue
            .indicators()
            .iter()
            .enumerate()
            .filter(|(index, _)| mentioned.contains(*index))
            .map(|(index, indicator)| {
                let (total, breakdown) = if indicator.unit == Unit::Participants {
                    let breakdown = self.breakdowns.get(index).copied().unwrap_or_default();
                    (breakdown.total(), Some(breakdown))
                } else {
                    (self.totals.get(index).copied().unwrap_or(0), None)
                };
                IndicatorCount {
                    code: indicator.code.clone(),
                    unit: indicator.unit,
                    total,
                    breakdown,
                }
            })
            .collect()
    }
}

pub(super) struct Tally {
    catalogue: &'static Catalogue,
    period: Option<Period>,
    individual_report: bool,
    counts: Counts,
    /// The reporting periods asked for, each with its counts.
    periods: Vec<(Period, Counts)>,
    /// Indicators a column, a row or a table names: each is reported, even at 0.
    pub(super) mentioned: IndicatorSet,
    /// The sheet or file of the first table besides the participants' that
    /// names each indicator: where a finding about it points.
    tables: Vec<Option<String>>,
    /// Per indicator, how many first participations (or dated things) fall
    /// in none of the reporting periods asked for.
    outside: Vec<u32>,
    individuals: Vec<IndividualRecord>,
}

impl Tally {
    /// `periods`: the reporting periods to count each one in besides.
    pub(super) fn new(
        options: &RuleOptions,
        catalogue: &'static Catalogue,
        periods: Vec<Period>,
    ) -> Tally {
        let indicators = catalogue.indicators().len();
        Tally {
            catalogue,
            period: options.period,
            individual_report: options.individual_report,
            counts: Counts::new(indicators),
            periods: periods
                .into_iter()
                .map(|p| (p, Counts::new(indicators)))
                .collect(),
            mentioned: IndicatorSet::default(),
            tables: vec![None; indicators],
            outside: vec![0; indicators],
            individuals: Vec::new(),
        }
    }

    /// Indicator `index` is named by the table on `sheet` (not the participants').
    pub(super) fn mention_in(&mut self, index: usize, sheet: Option<&str>) {
        self.mentioned.insert(index);
        if let (Some(sheet), Some(slot @ None)) = (sheet, self.tables.get_mut(index)) {
            *slot = Some(sheet.to_string());
        }
    }

    /// The sheet or file of the first other table that names `index`.
    pub(super) fn table_of(&self, index: usize) -> Option<&str> {
        self.tables.get(index)?.as_deref()
    }

    /// Whether a first participation on `date` counts in the period asked for.
    fn in_period(&self, date: NaiveDate) -> bool {
        self.period.is_none_or(|p| p.contains(date))
    }

    /// Counts `person` under indicator `index` in the period holding
    /// `first`, their first participation in it; `id` gives their
    /// identifier for the individual-level report, asked for only when it
    /// is made.
    pub(super) fn person(
        &mut self,
        index: usize,
        first: NaiveDate,
        person: &Person,
        id: impl FnOnce() -> String,
    ) {
        let mut placed = false;
        for (period, counts) in &mut self.periods {
            if period.contains(first) {
                counts.person(index, person);
                placed = true;
            }
        }
        if !placed && !self.periods.is_empty() {
            if let Some(count) = self.outside.get_mut(index) {
                *count += 1;
            }
        }
        if !self.in_period(first) {
            return;
        }
        self.counts.person(index, person);
        if let (true, Some(indicator)) = (
            self.individual_report,
            self.catalogue.indicators().get(index),
        ) {
            self.individuals.push(IndividualRecord {
                id: id(),
                age: person.age_category,
                gender: person.gender,
                indicator: indicator.code.clone(),
                first: Some(first),
            });
        }
    }

    /// Counts under indicator `index` the distinct things (organisations,
    /// projects, families, items) whose first dates are `firsts`: in the
    /// whole, those without a date or first in the period asked for; in
    /// each reporting period, those first in it. Returns how many have no
    /// date when a period was asked for: no period can be told for them.
    pub(super) fn distinct(
        &mut self,
        index: usize,
        firsts: impl Iterator<Item = Option<NaiveDate>>,
    ) -> usize {
        let firsts: Vec<Option<NaiveDate>> = firsts.collect();
        let counted = firsts
            .iter()
            .filter(|date| date.is_none_or(|d| self.in_period(d)))
            .count() as u32;
        self.counts.add(index, counted);
        let mut placed = 0;
        for (period, counts) in &mut self.periods {
            let in_it = firsts
                .iter()
                .filter(|date| date.is_some_and(|d| period.contains(d)))
                .count() as u32;
            counts.add(index, in_it);
            placed += in_it;
        }
        let dated = firsts.iter().filter(|date| date.is_some()).count() as u32;
        if !self.periods.is_empty() && dated > placed {
            if let Some(count) = self.outside.get_mut(index) {
                *count += dated - placed;
            }
        }
        if self.period.is_none() && self.periods.is_empty() {
            return 0;
        }
        firsts.iter().filter(|date| date.is_none()).count()
    }

    /// The indicators with first participations in none of the reporting
    /// periods, and how many each: the periods add up to less than the whole.
    pub(super) fn outside_periods(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.outside
            .iter()
            .zip(self.catalogue.indicators())
            .filter(|(&count, _)| count > 0)
            .map(|(&count, indicator)| (indicator.code.as_str(), count))
    }

    /// Whether one period is asked for (undated things count in it).
    pub(super) fn has_period(&self) -> bool {
        self.period.is_some()
    }

    /// The results: per indicator mentioned (and their parents), the
    /// whole's and each period's, and the individual-level records.
    pub(super) fn finish(self) -> (Vec<IndicatorCount>, Vec<PeriodCount>, Vec<IndividualRecord>) {
        let mentioned = self.mentioned.with_ancestors(self.catalogue);
        let indicators = self.counts.indicators(self.catalogue, mentioned);
        let periods = self
            .periods
            .iter()
            .map(|(period, counts)| PeriodCount {
                period: *period,
                indicators: counts.indicators(self.catalogue, mentioned),
            })
            .collect();
        (indicators, periods, self.individuals)
    }

    pub(super) fn catalogue(&self) -> &'static Catalogue {
        self.catalogue
    }
}
