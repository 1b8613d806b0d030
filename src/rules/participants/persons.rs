//! From rows to persons: rows joined on the canonical ID, and the
//! person-level checks (conflicts, first registration, birth after first
//! registration, age).

use super::person_rows::{PersonRow, PersonRows};
use super::ParticipantSink;
use crate::diagnostic::Diagnostic;
use crate::register::values::Gender;
use crate::rules::age::{completed_years, AgeCategory};

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

    let birth_header = sink.columns.birth_date.as_ref().map(|c| c.header.as_str());
    let id_header = sink.columns.id.as_ref().map(|c| c.header.as_str());
    let gender_header = sink.columns.gender.as_ref().map(|c| c.header.as_str());
    let uam_header = sink
        .columns
        .unaccompanied_minor
        .as_ref()
        .map(|c| c.header.as_str());
    let mut persons = Vec::new();
    let mut diagnostics = Vec::new();
    for id in 0..rows.persons() {
        let clean = rows.of(id);
        let rows = || clean.iter();
        let mut facts =
            rows().filter_map(|row| Some((row.number, row.birth?, row.gender?, row.start?)));
        let Some((first_number, mut birth, gender, first_start)) = facts.next() else {
            continue;
        };
        let mut births_differ = false;
        let mut genders_differ = false;
        let mut first = (first_start, first_number);
        for (number, b, g, start) in facts {
            // Rows that leave the birth date to a partly known number agree
            // with rows giving a date it admits (each was checked against it).
            match (birth.date(), b.date()) {
                (Some(known), Some(other)) => births_differ |= known != other,
                (None, Some(_)) => birth = b,
                _ => {}
            }
            genders_differ |= g != gender;
            first = first.min((start, number));
        }
        let (first_registration, first_row) = first;
        let mut excluded = false;
        if births_differ || genders_differ {
            excluded = true;
            let column = if births_differ {
                birth_header
            } else {
                gender_header
            };
            let what = match (births_differ, genders_differ) {
                (true, true) => "birth_date_and_gender",
                (true, false) => "birth_date",
                _ => "gender",
            };
            let rows_list = rows()
                .map(|r| r.number.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            for row in rows() {
                diagnostics.push(
                    Diagnostic::error("person.conflict")
                        .at_row(row.number)
                        .with("conflict", what)
                        .with("rows", rows_list.clone())
                        .in_optional_column(column),
                );
            }
        } else if birth.earliest > first_registration {
            excluded = true;
            for row in rows() {
                diagnostics.push(
                    Diagnostic::error("birthdate.after_start")
                        .at_row(row.number)
                        .with("first_registration_row", first_row.to_string())
                        .in_optional_column(birth_header),
                );
            }
        }
        // A partly known birth date: the youngest and the oldest the person
        // can be. The category counts only when both give the same one.
        let age = completed_years(birth.latest, first_registration);
        let oldest = completed_years(birth.earliest, first_registration);
        if !excluded && AgeCategory::of_age(oldest) != AgeCategory::of_age(age) {
            excluded = true;
            for row in rows() {
                diagnostics.push(
                    Diagnostic::error("birthdate.missing")
                        .at_row(row.number)
                        .with("reason", "partial")
                        .in_optional_column(birth_header.or(id_header)),
                );
            }
        } else if !excluded && birth.is_partial() {
            diagnostics.push(
                Diagnostic::info("birthdate.partial")
                    .at_row(first_number)
                    .in_optional_column(id_header),
            );
        }
        if !excluded {
            if age > 110 {
                diagnostics.push(
                    Diagnostic::warning("birthdate.implausible")
                        .at_row(first_row)
                        .with("age", age.to_string())
                        .in_optional_column(birth_header),
                );
            }
            if age >= 18 {
                for row in rows().filter(|r| r.unaccompanied_minor) {
                    diagnostics.push(
                        Diagnostic::warning("uam.adult")
                            .at_row(row.number)
                            .with("age", age.to_string())
                            .in_optional_column(uam_header),
                    );
                }
            }
        }
        persons.push(Person {
            id: id as u32,
            gender,
            age_category: AgeCategory::of_age(age),
            excluded,
        });
    }
    sink.diagnostics.append(&mut diagnostics);
    Persons {
        list: persons,
        rows,
    }
}
