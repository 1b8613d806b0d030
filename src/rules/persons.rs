//! From rows to persons: identifiers resolved with the register's country,
//! rows joined on the canonical ID, and the person-level checks (conflicts,
//! first registration, birth after first registration, age).

use super::age::{completed_years, AgeCategory};
use super::fast_hash::FastMap;
use super::participants::{IdCell, ParticipantSink, RowRecord};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::{self, Country, IdError, IdKind, ParsedId};
use crate::register::values::Gender;
use chrono::NaiveDate;

/// A participant row's identity, once the country is known.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub canonical: String,
    pub kind: IdKind,
    pub birth: NaiveDate,
}

/// Finland when chosen, or when most identifiers are valid only as henkilötunnus.
pub(crate) fn detect_country(sink: &ParticipantSink) -> (Country, bool) {
    if let Some(country) = sink.options.country {
        return (country, false);
    }
    let reference = sink.options.reference_date;
    let mut present = 0usize;
    let mut finnish_only = 0usize;
    for row in &sink.rows {
        if let IdCell::Text(text) = &row.id {
            present += 1;
            if ids::parse_person(text, Country::Fi, reference).is_ok()
                && ids::parse_person(text, Country::Se, reference).is_err()
            {
                finnish_only += 1;
            }
        }
    }
    if present > 0 && finnish_only * 2 > present {
        (Country::Fi, true)
    } else {
        (Country::Se, false)
    }
}

fn id_error(code: IdError, row: &RowRecord, column: &Option<String>) -> Diagnostic {
    let d = Diagnostic::error(code.code()).at_row(row.number);
    match column {
        Some(c) => d.in_column(c.clone()),
        None => d,
    }
}

/// Resolves every row's identifier and birth date, adding the identifier
/// and birth-date diagnostics; rows in error get `has_error`.
pub(crate) fn resolve_identities(
    sink: &mut ParticipantSink,
    country: Country,
) -> Vec<Option<Identity>> {
    let reference = sink.options.reference_date;
    let id_column = sink.columns.id.as_ref().map(|c| c.header.clone());
    let birth_column = sink.columns.birth_date.as_ref().map(|c| c.header.clone());
    let mut diagnostics = Vec::new();
    let mut identities = Vec::with_capacity(sink.rows.len());
    for row in &mut sink.rows {
        let mut found = Vec::new();
        let parsed: Option<ParsedId> = match &row.id {
            IdCell::LeadingZeroLost => {
                found.push(id_error(IdError::Format, row, &id_column).with("hint", "leading_zero"));
                None
            }
            IdCell::Empty => match &row.derived {
                Some(derived) => {
                    if derived.short_name {
                        found.push(short_name(row, &id_column));
                    }
                    ids::internal::parse(&derived.id).ok()
                }
                None => {
                    found.push(id_error(IdError::Missing, row, &id_column));
                    None
                }
            },
            IdCell::Text(text) => match ids::parse_person(text, country, reference) {
                Err(err) => {
                    found.push(id_error(err, row, &id_column));
                    None
                }
                Ok(parsed) => {
                    if parsed.kind == IdKind::Internal {
                        match &row.derived {
                            Some(derived) if derived.id != parsed.canonical => {
                                found.push(
                                    Diagnostic::error("id.internal_mismatch")
                                        .at_row(row.number)
                                        .in_column(id_column.clone().unwrap_or_default()),
                                );
                            }
                            Some(derived) if derived.short_name => {
                                found.push(short_name(row, &id_column))
                            }
                            None if parsed
                                .canonical
                                .chars()
                                .filter(|c| c.is_alphabetic())
                                .count()
                                < 6 =>
                            {
                                found.push(short_name(row, &id_column))
                            }
                            _ => {}
                        }
                    }
                    if parsed.temporary {
                        let mut d = id_error(IdError::Format, row, &id_column);
                        d.code = "id.temporary";
                        d.severity = Severity::Info;
                        found.push(d);
                    }
                    Some(parsed)
                }
            },
        };

        // Birth date: the column, else the date the identifier carries.
        let mut birth = row.birth_column;
        if let Some(parsed) = &parsed {
            match (row.birth_column, parsed.birth_date) {
                (Some(column), Some(from_id)) if column != from_id => {
                    // For internal IDs with names, id.internal_mismatch already says it.
                    let said = parsed.kind == IdKind::Internal && row.derived.is_some();
                    if !said {
                        let d = Diagnostic::error("birthdate.mismatch").at_row(row.number);
                        found.push(match &birth_column {
                            Some(c) => d.in_column(c.clone()),
                            None => d,
                        });
                    }
                }
                (None, from_id) => birth = from_id,
                _ => {}
            }
            if birth.is_none() {
                let d = Diagnostic::error("birthdate.missing").at_row(row.number);
                found.push(match &birth_column {
                    Some(c) => d.in_column(c.clone()),
                    None => d,
                });
            }
        }

        if found.iter().any(|d| d.severity == Severity::Error) {
            row.has_error = true;
        }
        diagnostics.append(&mut found);
        identities.push(match (parsed, birth) {
            (Some(parsed), Some(birth)) => Some(Identity {
                canonical: parsed.canonical,
                kind: parsed.kind,
                birth,
            }),
            _ => None,
        });
    }
    sink.diagnostics.append(&mut diagnostics);
    identities
}

fn short_name(row: &RowRecord, id_column: &Option<String>) -> Diagnostic {
    let d = Diagnostic::warning("id.short_name").at_row(row.number);
    match id_column {
        Some(c) => d.in_column(c.clone()),
        None => d,
    }
}

/// A person: the rows joined on one canonical ID.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub id: String,
    /// Indexes of the person's rows without row-level errors, in row order.
    pub rows: Vec<usize>,
    pub gender: Gender,
    pub age_category: AgeCategory,
    /// A person-level error leaves the person out entirely.
    pub excluded: bool,
}

/// Joins rows into persons and runs the person-level checks.
pub(crate) fn build_persons(
    sink: &mut ParticipantSink,
    identities: &[Option<Identity>],
) -> Vec<Person> {
    let mut by_id: FastMap<&str, usize> = FastMap::default();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, identity) in identities.iter().enumerate() {
        if let Some(identity) = identity {
            let group = *by_id.entry(identity.canonical.as_str()).or_insert_with(|| {
                groups.push((identity.canonical.clone(), Vec::new()));
                groups.len() - 1
            });
            if let Some((_, rows)) = groups.get_mut(group) {
                rows.push(index);
            }
        }
    }

    let birth_header = sink.columns.birth_date.as_ref().map(|c| c.header.clone());
    let gender_header = sink.columns.gender.as_ref().map(|c| c.header.clone());
    let mut persons = Vec::with_capacity(groups.len());
    let mut diagnostics = Vec::new();
    for (id, all_rows) in groups {
        // Only rows without row-level errors take part (SPEC §4).
        let clean: Vec<usize> = all_rows
            .iter()
            .copied()
            .filter(|&i| sink.rows.get(i).is_some_and(|r| !r.has_error))
            .collect();
        let mut facts = clean.iter().filter_map(|&i| {
            let row = sink.rows.get(i)?;
            let birth = identities.get(i)?.as_ref()?.birth;
            Some((row.number, birth, row.gender?, row.start?))
        });
        let Some((first_number, birth, gender, first_start)) = facts.next() else {
            continue;
        };
        let mut births_differ = false;
        let mut genders_differ = false;
        let mut first = (first_start, first_number);
        for (number, b, g, start) in facts {
            births_differ |= b != birth;
            genders_differ |= g != gender;
            first = first.min((start, number));
        }
        let (first_registration, first_row) = first;
        let mut excluded = false;
        let numbers: Vec<u32> = clean
            .iter()
            .filter_map(|&i| sink.rows.get(i).map(|r| r.number))
            .collect();
        let rows_list = numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if births_differ || genders_differ {
            excluded = true;
            let column = if births_differ {
                &birth_header
            } else {
                &gender_header
            };
            let what = match (births_differ, genders_differ) {
                (true, true) => "birth_date_and_gender",
                (true, false) => "birth_date",
                _ => "gender",
            };
            for &number in &numbers {
                let d = Diagnostic::error("person.conflict")
                    .at_row(number)
                    .with("conflict", what)
                    .with("rows", rows_list.clone());
                diagnostics.push(match column {
                    Some(c) => d.in_column(c.clone()),
                    None => d,
                });
            }
        } else if birth > first_registration {
            excluded = true;
            for &number in &numbers {
                let d = Diagnostic::error("birthdate.after_start")
                    .at_row(number)
                    .with("first_registration_row", first_row.to_string());
                diagnostics.push(match &birth_header {
                    Some(c) => d.in_column(c.clone()),
                    None => d,
                });
            }
        }
        let age = completed_years(birth, first_registration);
        if !excluded {
            if age > 110 {
                let d = Diagnostic::warning("birthdate.implausible")
                    .at_row(first_row)
                    .with("age", age.to_string());
                diagnostics.push(match &birth_header {
                    Some(c) => d.in_column(c.clone()),
                    None => d,
                });
            }
            if age >= 18 {
                let uam_header = sink
                    .columns
                    .unaccompanied_minor
                    .as_ref()
                    .map(|c| c.header.clone());
                for &i in &clean {
                    if let Some(row) = sink.rows.get(i).filter(|r| r.unaccompanied_minor) {
                        let d = Diagnostic::warning("uam.adult")
                            .at_row(row.number)
                            .with("age", age.to_string());
                        diagnostics.push(match &uam_header {
                            Some(c) => d.in_column(c.clone()),
                            None => d,
                        });
                    }
                }
            }
        }
        persons.push(Person {
            id,
            rows: clean,
            gender,
            age_category: AgeCategory::of_age(age),
            excluded,
        });
    }
    sink.diagnostics.append(&mut diagnostics);
    persons
}
