//! Every person's rows side by side. Persons are checked and counted one
//! after the other, but their rows lie anywhere in a register of a million:
//! reading them in person order straight from the register is a wait for
//! memory per row. So the rows are copied once into person order, in parts
//! small enough to stay in cache, and the person checks and counting then
//! read memory in order. The rows are kept in chunks, each let go of once
//! copied: the rows and their copy are never both held whole.

use crate::ids::BirthDate;
use crate::register::values::Gender;
use crate::rules::indicator_set::IndicatorSet;
use crate::rules::records::RowRecord;
use chrono::NaiveDate;

/// What the person checks and counting read of a row.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PersonRow {
    pub flags: IndicatorSet,
    pub number: u32,
    pub birth: Option<BirthDate>,
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
/// Rows in one chunk of a [`RowStore`]: 4 MB.
const ROWS_PER_CHUNK: usize = 64 * 1024;

/// The participant rows in file order, in chunks (see the module's text).
#[derive(Debug, Default)]
pub(crate) struct RowStore {
    chunks: Vec<Vec<RowRecord>>,
    len: usize,
}

impl RowStore {
    pub(crate) fn push(&mut self, row: RowRecord) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < ROWS_PER_CHUNK => chunk.push(row),
            _ => {
                let mut chunk = Vec::with_capacity(ROWS_PER_CHUNK);
                chunk.push(row);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &RowRecord> {
        self.chunks.iter().flatten()
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut RowRecord> {
        self.chunks.iter_mut().flatten()
    }
}

/// Every person's rows without row-level errors, one person after the
/// other, each in row order, in parts of whole persons.
#[derive(Debug, Default)]
pub(crate) struct PersonRows {
    /// Where each person's rows start, counting over all parts, and where
    /// the last ends.
    starts: Vec<u32>,
    part_of_person: Vec<u16>,
    /// Where each part starts, counting over all parts.
    part_starts: Vec<u32>,
    parts: Vec<Vec<PersonRow>>,
}

impl PersonRows {
    /// Groups `rows` by `person_of_row` (a person index below `persons`, or
    /// anything above for a row without a person).
    pub(crate) fn group(rows: RowStore, person_of_row: &[u32], persons: usize) -> PersonRows {
        let mut starts = vec![0u32; persons + 1];
        for (row, &person) in rows.iter().zip(person_of_row) {
            // (`checked_add`: a row without a person is u32::MAX, which
            // would wrap round on 32-bit WebAssembly.)
            let slot = (person as usize).checked_add(1);
            if let (false, Some(count)) = (row.has_error(), slot.and_then(|s| starts.get_mut(s))) {
                *count += 1;
            }
        }
        let mut total = 0;
        for start in starts.iter_mut() {
            total += *start;
            *start = total;
        }
        // Persons split into parts whose rows fill about ROWS_PER_PART.
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
        // Every row into its part, in file order: the rows are read in
        // order, each part is written in order, each chunk let go of once
        // read. A part is made when its first row comes: persons are
        // numbered by their first row, so the parts are made along the way.
        let mut parts: Vec<Vec<PersonRow>> = vec![Vec::new(); part_starts.len() - 1];
        let mut person_of_row = person_of_row.iter();
        for chunk in rows.chunks {
            for (row, &person) in chunk.iter().zip(person_of_row.by_ref()) {
                if row.has_error() {
                    continue;
                }
                let Some(index) = part_of_person.get(person as usize) else {
                    continue;
                };
                let index = usize::from(*index);
                if let (Some(part), Some(&[from, to])) = (
                    parts.get_mut(index),
                    part_starts
                        .get(index..index + 2)
                        .and_then(|s| s.first_chunk()),
                ) {
                    if part.capacity() == 0 {
                        part.reserve_exact((to - from) as usize);
                    }
                    part.push(PersonRow::from(row, person));
                }
            }
        }
        // Then each part, small enough to stay in cache, into person order.
        let mut next = starts.clone();
        let mut scratch = Vec::new();
        for (part, &from) in parts.iter_mut().zip(&part_starts) {
            scratch.clear();
            scratch.extend_from_slice(part);
            for row in &scratch {
                if let Some(slot) = next.get_mut(row.person as usize) {
                    if let Some(place) = part.get_mut(slot.saturating_sub(from) as usize) {
                        *place = *row;
                    }
                    *slot += 1;
                }
            }
        }
        PersonRows {
            starts,
            part_of_person,
            part_starts,
            parts,
        }
    }

    /// How many persons there are.
    pub(crate) fn persons(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The rows of a person, in row order.
    pub(crate) fn of(&self, person: usize) -> &[PersonRow] {
        let part = self
            .part_of_person
            .get(person)
            .map_or(0, |&p| usize::from(p));
        let base = self.part_starts.get(part).copied().unwrap_or(0);
        let from = self.starts.get(person).copied().unwrap_or(0);
        let to = self.starts.get(person + 1).copied().unwrap_or(0);
        self.parts
            .get(part)
            .and_then(|rows| {
                rows.get(from.saturating_sub(base) as usize..to.saturating_sub(base) as usize)
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::participants::RowId;

    fn row(number: u32, error: bool) -> RowRecord {
        RowRecord {
            number,
            id: RowId::Empty,
            kind: None,
            birth_column: None,
            birth: None,
            gender: None,
            start: None,
            end: None,
            follow_up: None,
            flags: IndicatorSet::default(),
            unaccompanied_minor: false,
            value_error: error,
            id_error: false,
        }
    }

    /// Enough rows for several parts: every person gets exactly their rows
    /// without errors, in row order.
    #[test]
    fn groups_across_parts() {
        let persons = 30_011;
        let count = 5 * ROWS_PER_PART as u32;
        let mut rows = RowStore::default();
        let mut expected = vec![Vec::new(); persons as usize];
        // Persons scattered over the file, and some rows without a person.
        let person_of_row: Vec<u32> = (0..count)
            .map(|n| {
                if n % 17 == 0 {
                    u32::MAX
                } else {
                    n.wrapping_mul(7919) % persons
                }
            })
            .collect();
        for (n, &person) in (0..count).zip(&person_of_row) {
            let error = n % 13 == 0;
            if person != u32::MAX && !error {
                expected[person as usize].push(n);
            }
            rows.push(row(n, error));
        }
        assert_eq!(rows.len(), count as usize);
        let grouped = PersonRows::group(rows, &person_of_row, persons as usize);
        assert_eq!(grouped.persons(), persons as usize);
        for (person, numbers) in expected.iter().enumerate() {
            let got: Vec<u32> = grouped.of(person).iter().map(|r| r.number).collect();
            assert_eq!(&got, numbers, "person {person}");
        }
    }
}
