//! Every person's rows side by side. Persons are checked and counted one
//! after the other, but their rows lie anywhere in a register of a million:
//! reading them in person order straight from the register is a wait for
//! memory per row. So the rows are copied once into person order, in a few
//! passes that each fill a part of the copy small enough to stay in cache,
//! and the person checks and counting then read memory in order.

use super::indicator_set::IndicatorSet;
use super::participants::RowRecord;
use crate::register::values::Gender;
use chrono::NaiveDate;

/// What the person checks and counting read of a row.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PersonRow {
    pub flags: IndicatorSet,
    pub number: u32,
    pub birth: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub follow_up: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub unaccompanied_minor: bool,
    /// The person's index, to group by.
    person: u32,
}

impl PersonRow {
    fn from(row: &RowRecord, person: u32) -> PersonRow {
        PersonRow {
            person,
            flags: row.flags,
            number: row.number,
            birth: row.birth,
            start: row.start,
            end: row.end,
            follow_up: row.follow_up,
            gender: row.gender,
            unaccompanied_minor: row.unaccompanied_minor,
        }
    }
}

/// Rows in one part of the copy: a few MB, to stay in cache.
const ROWS_PER_PART: usize = 32 * 1024;

/// Every person's rows without row-level errors, one person after the
/// other, each in row order.
#[derive(Debug, Default)]
pub(crate) struct PersonRows {
    /// Where each person's rows start in `rows`, and where the last ends.
    starts: Vec<u32>,
    rows: Vec<PersonRow>,
}

impl PersonRows {
    /// Groups `rows` by `person_of_row` (a person index below `persons`, or
    /// anything above for a row without a person).
    pub(crate) fn group(rows: &[RowRecord], person_of_row: &[u32], persons: usize) -> PersonRows {
        let counted = || {
            rows.iter()
                .zip(person_of_row)
                .filter(|(row, &person)| (person as usize) < persons && !row.has_error())
        };
        let mut starts = vec![0u32; persons + 1];
        for (_, &person) in counted() {
            if let Some(count) = starts.get_mut(person as usize + 1) {
                *count += 1;
            }
        }
        let mut total = 0;
        for start in starts.iter_mut() {
            total += *start;
            *start = total;
        }
        // Persons split into parts whose rows fill about ROWS_PER_PART
        // places of the copy.
        let mut part_of_person = vec![0u16; persons];
        let mut part_starts = vec![0u32];
        let mut part_end = ROWS_PER_PART as u32;
        for (person, part) in part_of_person.iter_mut().enumerate() {
            let start = starts.get(person).copied().unwrap_or(0);
            if start >= part_end && part_starts.len() < usize::from(u16::MAX) {
                part_starts.push(start);
                part_end = start + ROWS_PER_PART as u32;
            }
            *part = (part_starts.len() - 1) as u16;
        }
        part_starts.push(total);
        // First every row into its part, in file order: the rows are read
        // in order and each part is written in order.
        let mut copy = vec![PersonRow::default(); total as usize];
        let mut next = part_starts.clone();
        for (row, &person) in counted() {
            let part = part_of_person.get(person as usize).copied().unwrap_or(0);
            if let Some(slot) = next.get_mut(usize::from(part)) {
                if let Some(place) = copy.get_mut(*slot as usize) {
                    *place = PersonRow::from(row, person);
                }
                *slot += 1;
            }
        }
        // Then each part, small enough to stay in cache, into person order.
        let mut next = starts.clone();
        let mut part = Vec::new();
        for range in part_starts.windows(2) {
            let &[from, to] = range else { continue };
            part.clear();
            part.extend_from_slice(copy.get(from as usize..to as usize).unwrap_or_default());
            for row in &part {
                if let Some(slot) = next.get_mut(row.person as usize) {
                    if let Some(place) = copy.get_mut(*slot as usize) {
                        *place = *row;
                    }
                    *slot += 1;
                }
            }
        }
        PersonRows { starts, rows: copy }
    }

    /// How many persons there are.
    pub(crate) fn persons(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The rows of a person, in row order.
    pub(crate) fn of(&self, person: usize) -> &[PersonRow] {
        let from = self.starts.get(person).copied().unwrap_or(0) as usize;
        let to = self.starts.get(person + 1).copied().unwrap_or(0) as usize;
        self.rows.get(from..to).unwrap_or_default()
    }
}
