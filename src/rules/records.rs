//! What the participant table is read into: the columns the rules read,
//! and each row parsed into a compact record.

use super::indicator_set::IndicatorSet;
use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::ids::{BirthDate, IdKind};
use crate::register::values::Gender;
use crate::register::{Field, HeaderMap};
use chrono::NaiveDate;

/// A column the rules read: index and header as written.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub index: usize,
    pub header: String,
}

/// The participant columns, resolved once from the header.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    pub id: Option<Col>,
    pub first_name: Option<Col>,
    pub last_name: Option<Col>,
    pub birth_date: Option<Col>,
    pub gender: Option<Col>,
    pub start: Option<Col>,
    pub end: Option<Col>,
    pub citizenship: Option<Col>,
    pub unaccompanied_minor: Option<Col>,
    pub indicator_list: Option<Col>,
    pub level_start: Option<Col>,
    pub level_end: Option<Col>,
    pub follow_up: Option<Col>,
    pub family: Option<Col>,
    /// Indicator columns: the column and the indicator's catalogue index.
    pub indicators: Vec<(Col, usize)>,
}

fn col(header: &HeaderMap, field: &Field) -> Option<Col> {
    header.column(field).map(|c| Col {
        index: c.index,
        header: c.header.clone(),
    })
}

impl Columns {
    /// The header of the column flagging indicator `index`: its own column,
    /// else the indicator list.
    pub(crate) fn indicator_header(&self, index: usize) -> Option<String> {
        self.indicators
            .iter()
            .find(|(_, i)| *i == index)
            .map(|(c, _)| c.header.clone())
            .or_else(|| self.indicator_list.as_ref().map(|c| c.header.clone()))
    }

    pub(crate) fn resolve(header: &HeaderMap, catalogue: &Catalogue) -> (Columns, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut indicators = Vec::new();
        for (column, code) in header.indicator_columns() {
            match catalogue.index_of(code) {
                Some(index) => indicators.push((
                    Col {
                        index: column.index,
                        header: column.header.clone(),
                    },
                    index,
                )),
                None => diagnostics.push(super::indicator_not_counted(
                    code,
                    header.row,
                    &column.header,
                    None,
                    false,
                )),
            }
        }
        let columns = Columns {
            id: col(header, &Field::Id),
            first_name: col(header, &Field::FirstName),
            last_name: col(header, &Field::LastName),
            birth_date: col(header, &Field::BirthDate),
            gender: col(header, &Field::Gender),
            start: col(header, &Field::StartDate),
            end: col(header, &Field::EndDate),
            citizenship: col(header, &Field::Citizenship),
            unaccompanied_minor: col(header, &Field::UnaccompaniedMinor),
            indicator_list: col(header, &Field::IndicatorList),
            level_start: col(header, &Field::LanguageLevelStart),
            level_end: col(header, &Field::LanguageLevelEnd),
            follow_up: col(header, &Field::FollowUpDate),
            family: col(header, &Field::Family),
            indicators,
        };
        (columns, diagnostics)
    }
}

/// The identifier cell of an evaluation row, before the register's country is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdCell {
    Empty,
    Text(String),
    LeadingZeroLost,
}

/// The identifier cell of a participant row: its text lives in the sink's
/// `id_texts`, so a row owns no string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowId {
    Empty,
    /// `id_texts[start..end]`.
    Text {
        start: u32,
        end: u32,
    },
    LeadingZeroLost,
}

/// One participant row, parsed.
#[derive(Debug, Clone)]
pub(crate) struct RowRecord {
    pub number: u32,
    pub id: RowId,
    /// The identifier's kind, when it is valid.
    pub kind: Option<IdKind>,
    pub birth_column: Option<NaiveDate>,
    /// The birth date column, else the date the identifier carries (a
    /// samordningsnummer may give only its year or month).
    pub birth: Option<BirthDate>,
    pub gender: Option<Gender>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub follow_up: Option<NaiveDate>,
    /// Indicators the row flags itself (columns, list, R.2.8 levels).
    pub flags: IndicatorSet,
    pub unaccompanied_minor: bool,
    /// A row-level error in a value other than the identifier.
    pub value_error: bool,
    /// An error in the identifier or birth date.
    pub id_error: bool,
}

// Kept to a cache line: a million-row register holds a million of them.
const _: () = assert!(std::mem::size_of::<RowRecord>() <= 64);

impl RowRecord {
    /// Any error: the row does not count (SPEC §4).
    pub fn has_error(&self) -> bool {
        self.value_error || self.id_error
    }
}
