//! From rows to persons: rows joined on the canonical ID, and the
//! person-level checks (conflicts, first registration, birth after first
//! registration, age).

use super::person_rows::{PersonRow, PersonRows};
use super::ParticipantSink;
use crate::diagnostic::Diagnostic;
use crate::ids::BirthDate;
use crate::register::values::Gender;
use crate::rules::age::{completed_years, AgeCategory};
use crate::rules::records::Columns;
use chrono::NaiveDate;

/// A person: the rows joined on one canonical ID.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// Index in the sink's [`IdTable`].
    pub id: u32,
    pub gender: Gender,
    pub age_category: AgeCategory,
    /// A person-level error leaves the person out entirely.
    pub excluded: bool,
}

/// Every person, in the order their first row appears.
#[derive(Debug, Default)]
pub(crate) struct Persons {
    pub list: Vec<Person>,
    /// Identifiers whose every row has an error: persons left out too.
    pub without_clean_rows: u32,
    rows: PersonRows,
}

impl Persons {
    /// The person's rows without row-level errors, in row order.
    pub fn rows(&self, person: &Person) -> &[PersonRow] {
        self.rows.of(person.id as usize)
    }
}

/// Joins rows into persons and runs the person-level checks.
pub(crate) fn build_persons(sink: &mut ParticipantSink) -> Persons {
    let person_of_row = sink.ids.assign(std::mem::take(&mut sink.row_keys));
    // Only rows without row-level errors take part (SPEC §4).
    // The rows in file order are not needed any more: let go of them.
    let rows = PersonRows::group(
        std::mem::take(&mut sink.rows),
        &person_of_row,
        sink.ids.len(),
    );
    let headers = Headers::of(&sink.columns);
    let mut persons = Vec::new();
    let mut without_clean_rows = 0;
    let mut diagnostics = Vec::new();
    for id in 0..rows.persons() {
        let clean = rows.of(id);
        let Some(facts) = Facts::of(clean) else {
            without_clean_rows += 1;
            continue;
        };
        let excluded = facts.errors(clean, &headers, &mut diagnostics);
        if !excluded {
            facts.warnings(clean, &headers, &mut diagnostics);
        }
        persons.push(Person {
            id: id as u32,
            gender: facts.gender,
            age_category: AgeCategory::of_age(facts.age()),
            excluded,
        });
    }
    sink.diagnostics.append(&mut diagnostics);
    Persons {
        list: persons,
        without_clean_rows,
        rows,
    }
}

/// The headers the person-level findings point at.
struct Headers<'c> {
    id: Option<&'c str>,
    birth: Option<&'c str>,
    gender: Option<&'c str>,
    unaccompanied_minor: Option<&'c str>,
}

impl<'c> Headers<'c> {
    fn of(columns: &'c Columns) -> Headers<'c> {
        let header =
            |c: &'c Option<crate::rules::records::Col>| c.as_ref().map(|c| c.header.as_str());
        Headers {
            id: header(&columns.id),
            birth: header(&columns.birth_date),
            gender: header(&columns.gender),
            unaccompanied_minor: header(&columns.unaccompanied_minor),
        }
    }
}

/// What a person's error-free rows say together.
struct Facts {
    /// The first error-free row.
    first_number: u32,
    /// An exact date wins over a range: rows that leave the birth date to
    /// a partly known number agree with rows giving a date it admits (each
    /// was checked against it).
    birth: BirthDate,
    gender: Gender,
    births_differ: bool,
    genders_differ: bool,
    /// The first registration: (start date, row).
    first: (NaiveDate, u32),
}

impl Facts {
    fn of(rows: &[PersonRow]) -> Option<Facts> {
        let mut facts = rows
            .iter()
            .filter_map(|row| Some((row.number, row.birth?, row.gender?, row.start?)));
        let (first_number, birth, gender, first_start) = facts.next()?;
        let mut person = Facts {
            first_number,
            birth,
            gender,
            births_differ: false,
            genders_differ: false,
            first: (first_start, first_number),
        };
        for (number, b, g, start) in facts {
            match (person.birth.date(), b.date()) {
                (Some(known), Some(other)) => person.births_differ |= known != other,
                (None, Some(_)) => person.birth = b,
                _ => {}
            }
            person.genders_differ |= g != gender;
            person.first = person.first.min((start, number));
        }
        Some(person)
    }

    /// The youngest the person can be at first registration: their age.
    fn age(&self) -> i32 {
        completed_years(self.birth.latest, self.first.0)
    }

    /// The person-level errors (each on every error-free row); whether they
    /// leave the person out.
    fn errors(
        &self,
        rows: &[PersonRow],
        headers: &Headers<'_>,
        found: &mut Vec<Diagnostic>,
    ) -> bool {
        let (first_registration, first_row) = self.first;
        let each_row = |found: &mut Vec<Diagnostic>, d: Diagnostic| {
            found.extend(rows.iter().map(|row| d.clone().at_row(row.number)));
        };
        if self.births_differ || self.genders_differ {
            let column = if self.births_differ {
                headers.birth
            } else {
                headers.gender
            };
            let what = match (self.births_differ, self.genders_differ) {
                (true, true) => "birth_date_and_gender",
                (true, false) => "birth_date",
                _ => "gender",
            };
            let rows_list = rows
                .iter()
                .map(|r| r.number.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let d = Diagnostic::error("person.conflict")
                .with("conflict", what)
                .with("rows", rows_list)
                .in_optional_column(column);
            each_row(found, d);
            return true;
        }
        if self.birth.earliest > first_registration {
            let d = Diagnostic::error("birthdate.after_start")
                .with("first_registration_row", first_row.to_string())
                .in_optional_column(headers.birth);
            each_row(found, d);
            return true;
        }
        // A partly known birth date: the youngest and the oldest the person
        // can be. The category counts only when both give the same one.
        let oldest = completed_years(self.birth.earliest, first_registration);
        if AgeCategory::of_age(oldest) != AgeCategory::of_age(self.age()) {
            let d = Diagnostic::error("birthdate.missing")
                .with("reason", "partial")
                .in_optional_column(headers.birth.or(headers.id));
            each_row(found, d);
            return true;
        }
        if self.birth.is_partial() {
            found.push(
                Diagnostic::info("birthdate.partial")
                    .at_row(self.first_number)
                    .in_optional_column(headers.id),
            );
        }
        false
    }

    /// The person-level warnings: an implausible age, an unaccompanied minor
    /// of 18 or more.
    fn warnings(&self, rows: &[PersonRow], headers: &Headers<'_>, found: &mut Vec<Diagnostic>) {
        let age = self.age();
        if age > 110 {
            found.push(
                Diagnostic::warning("birthdate.implausible")
                    .at_row(self.first.1)
                    .with("age", age.to_string())
                    .in_optional_column(headers.birth),
            );
        }
        if age >= 18 {
            for row in rows.iter().filter(|r| r.unaccompanied_minor) {
                found.push(
                    Diagnostic::warning("uam.adult")
                        .at_row(row.number)
                        .with("age", age.to_string())
                        .in_optional_column(headers.unaccompanied_minor),
                );
            }
        }
    }
}
