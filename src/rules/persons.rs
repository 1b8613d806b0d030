//! From rows to persons: identifiers resolved with the register's country,
//! rows joined on the canonical ID, and the person-level checks (conflicts,
//! first registration, birth after first registration, age).

use super::age::{completed_years, AgeCategory};
use super::fast_hash::FastMap;
use super::participants::{ParticipantSink, RowId, RowRecord};
use super::person_rows::{PersonRow, PersonRows};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::internal::DerivedId;
use crate::ids::{self, BirthDate, Country, IdError, IdKind, ParsedId};
use crate::register::values::Gender;

/// A row without a person: its identifier or birth date is unusable.
pub(crate) const NO_PERSON: u32 = u32::MAX;

/// Canonical identifiers as keys, and, once every row is in, the persons
/// they make. Those made of digits alone (personnummer, samordningsnummer,
/// LMA) are their own key, an integer; the rest (internal IDs,
/// henkilötunnus) are numbered on first sight. Rows keep only the key:
/// persons are found by sorting the keys once ([`IdTable::assign`]), which
/// is much cheaper than a hash lookup per row in a table of a million.
#[derive(Debug, Default)]
pub(crate) struct IdTable {
    texts: FastMap<Box<str>, u32>,
    text_keys: Vec<Box<str>>,
    /// Each person's key, by person index.
    keys: Vec<u64>,
    /// (key, person index) in key order, for lookups.
    by_key: Vec<(u64, u32)>,
}

/// Marks a key that is not digits (bit 63; digit keys use at most 62 bits).
const TEXT: u64 = 1 << 63;
/// The key of a row without a person.
pub(crate) const NO_KEY: u64 = u64::MAX;

/// The number of a text key (see [`IdTable::texts`]); `None` for a digit key.
pub(crate) fn text_index(key: u64) -> Option<usize> {
    (key & TEXT != 0).then(|| usize::try_from(key & !TEXT).ok())?
}

impl IdTable {
    /// An all-digit canonical ID of up to 17 digits as one integer: the
    /// value, and the digit count in bits 57–61 so `0123` and `123` stay apart.
    fn digits_key(canonical: &str) -> Option<u64> {
        let len = canonical.len();
        if len == 0 || len > 17 || !canonical.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value = canonical
            .bytes()
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
        Some(value | (len as u64) << 57)
    }

    /// The key of `canonical`, numbering a new text.
    pub(crate) fn key(&mut self, canonical: &str) -> u64 {
        if let Some(key) = Self::digits_key(canonical) {
            return key;
        }
        if let Some(&index) = self.texts.get(canonical) {
            return TEXT | u64::from(index);
        }
        let index = u32::try_from(self.text_keys.len()).unwrap_or(u32::MAX);
        let text: Box<str> = canonical.into();
        self.texts.insert(text.clone(), index);
        self.text_keys.push(text);
        TEXT | u64::from(index)
    }

    /// Numbers the persons in the order of their first row: each row's
    /// person index ([`NO_PERSON`] for a row without a key).
    fn assign(&mut self, row_keys: Vec<u64>) -> Vec<u32> {
        let mut keyed: Vec<(u64, u32)> = row_keys
            .iter()
            .enumerate()
            .filter(|(_, &key)| key != NO_KEY)
            .map(|(row, &key)| (key, row as u32))
            .collect();
        let rows = row_keys.len();
        drop(row_keys);
        // By key, then row: each person's rows together, first row first.
        keyed.sort_unstable();
        let groups = || keyed.chunk_by(|a, b| a.0 == b.0);
        self.by_key = groups()
            .filter_map(|rows| rows.first().map(|&(key, _)| (key, NO_PERSON)))
            .collect();
        // Each group marked at its first row: the rows in order then meet
        // the groups in the persons' order, with no second sort.
        let mut person_of_row = vec![NO_PERSON; rows];
        for (group, members) in groups().enumerate() {
            if let Some(slot) = members
                .first()
                .and_then(|&(_, row)| person_of_row.get_mut(row as usize))
            {
                *slot = group as u32;
            }
        }
        self.keys = Vec::with_capacity(self.by_key.len());
        for group in person_of_row.iter().filter(|&&g| g != NO_PERSON) {
            if let Some((key, person)) = self.by_key.get_mut(*group as usize) {
                *person = self.keys.len() as u32;
                self.keys.push(*key);
            }
        }
        for (members, &(_, person)) in groups().zip(&self.by_key) {
            for &(_, row) in members {
                if let Some(slot) = person_of_row.get_mut(row as usize) {
                    *slot = person;
                }
            }
        }
        person_of_row
    }

    /// The texts numbered so far, in the order of their numbers.
    pub(crate) fn texts(&self) -> &[Box<str>] {
        &self.text_keys
    }

    fn get_key(&self, key: u64) -> Option<u32> {
        let at = self.by_key.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        self.by_key.get(at).map(|&(_, person)| person)
    }

    /// The person index of `canonical`, if some row has it.
    pub(crate) fn get(&self, canonical: &str) -> Option<u32> {
        let key = match Self::digits_key(canonical) {
            Some(key) => key,
            None => TEXT | u64::from(*self.texts.get(canonical)?),
        };
        self.get_key(key)
    }

    /// The canonical identifier of a person index.
    pub(crate) fn canonical(&self, index: u32) -> String {
        match self.keys.get(index as usize) {
            Some(&key) if key & TEXT != 0 => self
                .text_keys
                .get((key & !TEXT) as usize)
                .map_or_else(String::new, |text| text.to_string()),
            Some(&key) => {
                let (value, width) = (key & ((1 << 57) - 1), (key >> 57) as usize);
                format!("{value:0width$}")
            }
            None => String::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    fn clear(&mut self) {
        *self = IdTable::default();
    }
}

/// The country: the chosen one, else Finland when most identifiers are
/// valid only as henkilötunnus. The flag says it was detected.
pub(crate) fn detect_country(sink: &ParticipantSink) -> (Country, bool) {
    if let Some(country) = sink.options.country {
        return (country, false);
    }
    if sink.ids_present > 0 && sink.ids_finnish_only * 2 > sink.ids_present {
        (Country::Fi, true)
    } else {
        (Country::Se, false)
    }
}

/// Resolves every row's identifier again when the register turned out to
/// be of another country than the one they were resolved with.
pub(crate) fn resolve_for_country(sink: &mut ParticipantSink, country: Country) {
    if sink.country == country {
        return;
    }
    sink.country = country;
    sink.ids.clear();
    sink.row_keys.clear();
    sink.id_diagnostics.clear();
    let mut rows = std::mem::take(&mut sink.rows);
    let derived = std::mem::take(&mut sink.derived);
    for (index, row) in rows.iter_mut().enumerate() {
        row.kind = None;
        row.birth = None;
        row.id_error = false;
        let parsed = sink.parse_id(row.id);
        let derived = u32::try_from(index).ok().and_then(|i| derived.get(&i));
        let key = resolve(sink, row, parsed, derived);
        sink.row_keys.push(key);
    }
    sink.rows = rows;
    sink.derived = derived;
}

fn id_error(code: IdError, row: &RowRecord, column: Option<&str>) -> Diagnostic {
    Diagnostic::error(code.code())
        .at_row(row.number)
        .in_optional_column(column)
}

/// Resolves a row's identifier (`parsed`: its text parsed with the sink's
/// country) and birth date, adding the identifier and birth-date findings;
/// the key of a row with a usable identity, else [`NO_KEY`].
pub(crate) fn resolve(
    sink: &mut ParticipantSink,
    row: &mut RowRecord,
    parsed: Option<Result<ParsedId, IdError>>,
    derived: Option<&DerivedId>,
) -> u64 {
    let id_column = sink.columns.id.as_ref().map(|c| c.header.as_str());
    let birth_column = sink.columns.birth_date.as_ref().map(|c| c.header.as_str());
    let found = &mut sink.id_diagnostics;
    let first_finding = found.len();
    let parsed: Option<ParsedId> = match (row.id, parsed) {
        (RowId::LeadingZeroLost, _) => {
            found.push(id_error(IdError::Format, row, id_column).with("hint", "leading_zero"));
            None
        }
        (RowId::Empty, _) => match derived {
            Some(derived) => {
                if derived.short_name {
                    found.push(short_name(row, id_column));
                }
                ids::internal::parse(&derived.id).ok()
            }
            None => {
                found.push(id_error(IdError::Missing, row, id_column));
                None
            }
        },
        (RowId::Text { .. }, None) => None,
        (RowId::Text { .. }, Some(Err(err))) => {
            found.push(id_error(err, row, id_column));
            None
        }
        (RowId::Text { .. }, Some(Ok(parsed))) => {
            if parsed.kind == IdKind::Internal {
                match derived {
                    Some(derived) if derived.id != parsed.canonical => {
                        found.push(
                            Diagnostic::error("id.internal_mismatch")
                                .at_row(row.number)
                                .in_column(id_column.unwrap_or_default()),
                        );
                    }
                    Some(derived) if derived.short_name => found.push(short_name(row, id_column)),
                    None if parsed
                        .canonical
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .count()
                        < 6 =>
                    {
                        found.push(short_name(row, id_column))
                    }
                    _ => {}
                }
            }
            if parsed.temporary {
                let mut d = id_error(IdError::Format, row, id_column);
                d.code = "id.temporary";
                d.severity = Severity::Info;
                found.push(d);
            }
            Some(parsed)
        }
    };

    // Birth date: the column, else the date the identifier carries. A
    // column date must be one the identifier admits (any day of the year
    // or month a partly known samordningsnummer gives).
    let mut birth = row.birth_column.map(BirthDate::exact);
    if let Some(parsed) = &parsed {
        match (row.birth_column, parsed.birth) {
            (Some(column), Some(from_id)) if !from_id.admits(column) => {
                // For internal IDs with names, id.internal_mismatch already says it.
                let said = parsed.kind == IdKind::Internal && derived.is_some();
                if !said {
                    found.push(
                        Diagnostic::error("birthdate.mismatch")
                            .at_row(row.number)
                            .in_optional_column(birth_column),
                    );
                }
            }
            (None, from_id) => birth = from_id,
            _ => {}
        }
        if birth.is_none() {
            found.push(
                Diagnostic::error("birthdate.missing")
                    .at_row(row.number)
                    .in_optional_column(birth_column),
            );
        }
    }

    row.id_error = found
        .get(first_finding..)
        .is_some_and(|new| new.iter().any(|d| d.severity == Severity::Error));
    match (parsed, birth) {
        (Some(parsed), Some(birth)) => {
            row.kind = Some(parsed.kind);
            row.birth = Some(birth);
            sink.ids.key(&parsed.canonical)
        }
        _ => NO_KEY,
    }
}

fn short_name(row: &RowRecord, id_column: Option<&str>) -> Diagnostic {
    Diagnostic::warning("id.short_name")
        .at_row(row.number)
        .in_optional_column(id_column)
}

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
