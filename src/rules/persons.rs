//! From rows to persons: identifiers resolved with the register's country,
//! rows joined on the canonical ID, and the person-level checks (conflicts,
//! first registration, birth after first registration, age).

use super::age::{completed_years, AgeCategory};
use super::fast_hash::FastMap;
use super::participants::{ParticipantSink, RowId, RowRecord};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::internal::DerivedId;
use crate::ids::{self, Country, IdError, IdKind, ParsedId};
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
    fn key(&mut self, canonical: &str) -> u64 {
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

    /// Gives every row with a key its person index: persons are numbered in
    /// the order of their first row.
    fn assign(&mut self, row_keys: Vec<u64>, rows: &mut [RowRecord]) {
        let mut keyed: Vec<(u64, u32)> = row_keys
            .iter()
            .enumerate()
            .filter(|(_, &key)| key != NO_KEY)
            .map(|(row, &key)| (key, row as u32))
            .collect();
        drop(row_keys);
        // By key, then row: each person's rows together, first row first.
        keyed.sort_unstable();
        let groups = || keyed.chunk_by(|a, b| a.0 == b.0);
        // One entry a person, in key order; the person index comes next.
        self.by_key = groups()
            .filter_map(|rows| rows.first().map(|&(key, _)| (key, NO_PERSON)))
            .collect();
        // Groups by their first row: the persons' order.
        let mut firsts: Vec<(u32, u32)> = groups()
            .enumerate()
            .filter_map(|(group, rows)| rows.first().map(|&(_, row)| (row, group as u32)))
            .collect();
        firsts.sort_unstable();
        self.keys = Vec::with_capacity(firsts.len());
        for (person, &(_, group)) in firsts.iter().enumerate() {
            if let Some((key, slot)) = self.by_key.get_mut(group as usize) {
                *slot = person as u32;
                self.keys.push(*key);
            }
        }
        drop(firsts);
        let mut person_of_row = vec![NO_PERSON; rows.len()];
        for (members, &(_, person)) in groups().zip(&self.by_key) {
            for &(_, row) in members {
                if let Some(slot) = person_of_row.get_mut(row as usize) {
                    *slot = person;
                }
            }
        }
        drop(keyed);
        for (record, person) in rows.iter_mut().zip(person_of_row) {
            record.person = person;
        }
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
        row.person = NO_PERSON;
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

    // Birth date: the column, else the date the identifier carries.
    let mut birth = row.birth_column;
    if let Some(parsed) = &parsed {
        match (row.birth_column, parsed.birth_date) {
            (Some(column), Some(from_id)) if column != from_id => {
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
    /// Where the person's rows are in [`Persons::rows`].
    rows: std::ops::Range<u32>,
    pub gender: Gender,
    pub age_category: AgeCategory,
    /// A person-level error leaves the person out entirely.
    pub excluded: bool,
}

/// Every person, in the order their first row appears.
#[derive(Debug, Default)]
pub(crate) struct Persons {
    pub list: Vec<Person>,
    /// Every person's rows without row-level errors, one person after the
    /// other, each in row order: one array instead of one per person.
    rows: Vec<u32>,
}

impl Persons {
    /// Indexes of the person's rows without row-level errors, in row order.
    pub fn rows(&self, person: &Person) -> &[u32] {
        let range = person.rows.start as usize..person.rows.end as usize;
        self.rows.get(range).unwrap_or_default()
    }

    /// Starts loading the rows of the persons after `person` (see [`load_ahead`]).
    pub fn load_ahead(&self, person: &Person, rows: &[RowRecord]) {
        load_ahead(&self.rows, person.rows.clone(), rows);
    }
}

/// How many grouped rows ahead of the current ones are loaded.
const AHEAD: usize = 16;

/// A person's rows lie anywhere in a table of a million: each one read is a
/// wait for memory. Reading the rows [`AHEAD`] places further on while this
/// person is worked on lets those waits overlap instead of adding up.
fn load_ahead(grouped: &[u32], current: std::ops::Range<u32>, rows: &[RowRecord]) {
    let ahead = current.start as usize + AHEAD..current.end as usize + AHEAD;
    for &index in grouped.get(ahead).unwrap_or_default() {
        if let Some(row) = rows.get(index as usize) {
            std::hint::black_box(row.number);
        }
    }
}

/// Gives every row with a usable identity its person index, once all rows
/// are in and resolved with the register's country.
pub(crate) fn assign_persons(sink: &mut ParticipantSink) {
    let row_keys = std::mem::take(&mut sink.row_keys);
    sink.ids.assign(row_keys, &mut sink.rows);
}

/// Joins rows into persons and runs the person-level checks.
pub(crate) fn build_persons(sink: &mut ParticipantSink) -> Persons {
    // Only rows without row-level errors take part (SPEC §4). Grouped by
    // counting sort: rows per person, then each row into its place.
    let people = sink.ids.len();
    let mut starts = vec![0u32; people + 1];
    for row in sink.rows.iter().filter(|r| !r.has_error()) {
        if let Some(count) = starts.get_mut(row.person as usize + 1) {
            *count += 1;
        }
    }
    let mut total = 0;
    for start in starts.iter_mut() {
        total += *start;
        *start = total;
    }
    let mut next = starts.clone();
    let mut grouped = vec![0u32; starts.last().copied().unwrap_or(0) as usize];
    for (index, row) in sink.rows.iter().enumerate() {
        if row.has_error() {
            continue;
        }
        if let Some(slot) = next.get_mut(row.person as usize) {
            if let Some(place) = grouped.get_mut(*slot as usize) {
                *place = index as u32;
            }
            *slot += 1;
        }
    }

    let birth_header = sink.columns.birth_date.as_ref().map(|c| c.header.as_str());
    let gender_header = sink.columns.gender.as_ref().map(|c| c.header.as_str());
    let uam_header = sink
        .columns
        .unaccompanied_minor
        .as_ref()
        .map(|c| c.header.as_str());
    let mut persons = Vec::new();
    let mut diagnostics = Vec::new();
    for (id, range) in starts.windows(2).enumerate() {
        let &[from, to] = range else { continue };
        let range = from..to;
        load_ahead(&grouped, range.clone(), &sink.rows);
        let clean = grouped
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default();
        let rows = || clean.iter().filter_map(|&i| sink.rows.get(i as usize));
        let mut facts =
            rows().filter_map(|row| Some((row.number, row.birth?, row.gender?, row.start?)));
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
        } else if birth > first_registration {
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
        let age = completed_years(birth, first_registration);
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
            rows: range,
            gender,
            age_category: AgeCategory::of_age(age),
            excluded,
        });
    }
    sink.diagnostics.append(&mut diagnostics);
    Persons {
        list: persons,
        rows: grouped,
    }
}
