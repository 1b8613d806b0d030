//! Identifiers: canonical forms as keys, the register's country, and each
//! row's identifier and birth date resolved with it.

use super::ParticipantSink;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::internal::DerivedId;
use crate::ids::{self, BirthDate, Country, IdError, IdKind, ParsedId};
use crate::rules::fast_hash::FastMap;
use crate::rules::records::{RowId, RowRecord};

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
    pub(super) fn assign(&mut self, row_keys: Vec<u64>) -> Vec<u32> {
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
            let d = id_error(err, row, id_column);
            // The forms the message lists are the register's country's.
            found.push(match (err, sink.country) {
                (IdError::Format, Country::Fi) => d.with("country", "fi"),
                _ => d,
            });
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
