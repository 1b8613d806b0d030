//! Participant rows: each row is parsed into a compact [`RowRecord`] as it
//! streams in, with its row-level diagnostics. Identifiers are kept as text
//! until the whole table is read.

use super::citizenship::{classify, Citizenship};
use super::indicator_set::IndicatorSet;
use super::RuleOptions;
use crate::catalogue::{normalise_code, Catalogue};
use crate::diagnostic::Diagnostic;
use crate::ids::internal::{derive, DerivedId};
use crate::register::values::{self, Gender, IdCellProblem};
use crate::register::{Cell, Field, HeaderMap, Row, RowSink};
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
    fn resolve(header: &HeaderMap, catalogue: &Catalogue) -> (Columns, Vec<Diagnostic>) {
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
                None => diagnostics.push(
                    Diagnostic::warning("indicator.unknown")
                        .at_row(header.row)
                        .in_column(column.header.clone())
                        .with("indicator", code),
                ),
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
            indicators,
        };
        (columns, diagnostics)
    }
}

/// The identifier cell of a row, before the register's country is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdCell {
    Empty,
    Text(String),
    LeadingZeroLost,
}

/// One participant row, parsed.
#[derive(Debug, Clone)]
pub(crate) struct RowRecord {
    pub number: u32,
    pub id: IdCell,
    /// The internal ID the row's names and birth date give, if they are there.
    pub derived: Option<DerivedId>,
    pub birth_column: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub unaccompanied_minor: bool,
    /// Indicators the row flags itself (columns, list, R.2.8 levels).
    pub flags: IndicatorSet,
    pub follow_up: Option<NaiveDate>,
    /// A row-level error was found; identifier errors are added later.
    pub has_error: bool,
}

/// Collects the participant table as it streams in.
pub struct ParticipantSink {
    pub(crate) options: RuleOptions,
    pub(crate) catalogue: &'static Catalogue,
    pub(crate) header: HeaderMap,
    pub(crate) columns: Columns,
    pub(crate) rows: Vec<RowRecord>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Where each indicator was first flagged: for `indicator.not_in_action`.
    pub(crate) first_use: Vec<Option<(u32, Option<String>)>>,
}

impl ParticipantSink {
    pub fn new(options: &RuleOptions) -> Self {
        let catalogue = Catalogue::get();
        ParticipantSink {
            options: options.clone(),
            catalogue,
            header: HeaderMap::default(),
            columns: Columns::default(),
            rows: Vec::new(),
            diagnostics: Vec::new(),
            first_use: vec![None; catalogue.indicators().len()],
        }
    }

    /// Number of non-empty data rows read.
    pub fn rows_read(&self) -> usize {
        self.rows.len()
    }

    fn parse_row(&mut self, row: &Row) -> RowRecord {
        let cols = &self.columns;
        let mut found: Vec<Diagnostic> = Vec::new();
        let number = row.number;
        let cell = |c: &Option<Col>| c.as_ref().map_or(&Cell::Empty, |c| row.cell(c.index));
        let header = |c: &Option<Col>| c.as_ref().map(|c| c.header.clone());
        let error_at = |code: &'static str, c: &Option<Col>| {
            let d = Diagnostic::error(code).at_row(number);
            match header(c) {
                Some(h) => d.in_column(h),
                None => d,
            }
        };

        let id = match values::id_text(cell(&cols.id)) {
            Err(IdCellProblem::LeadingZeroLost) => IdCell::LeadingZeroLost,
            Ok(text) if text.trim().is_empty() => IdCell::Empty,
            Ok(text) => IdCell::Text(text.into_owned()),
        };

        let birth_column = match values::date(cell(&cols.birth_date)) {
            Ok(date) => date,
            Err(_) => {
                found.push(error_at("date.invalid", &cols.birth_date).with("value", "birth_date"));
                None
            }
        };
        let first_name = values::text(cell(&cols.first_name));
        let last_name = values::text(cell(&cols.last_name));
        let derived = birth_column.and_then(|birth| derive(&first_name, &last_name, birth));

        let gender = match values::gender(cell(&cols.gender)) {
            Ok(gender) => Some(gender),
            Err(_) => {
                found.push(error_at("gender.invalid", &cols.gender));
                None
            }
        };

        let start = match values::date(cell(&cols.start)) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                found.push(error_at("date.invalid", &cols.start).with("value", "start_missing"));
                None
            }
            Err(_) => {
                found.push(error_at("date.invalid", &cols.start).with("value", "start_date"));
                None
            }
        };
        let end = match values::date(cell(&cols.end)) {
            Ok(date) => date,
            Err(_) => {
                found.push(error_at("date.invalid", &cols.end).with("value", "end_date"));
                None
            }
        };
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                found.push(error_at("date.end_before_start", &cols.end));
            }
        }
        if let Some(start) = start {
            if start > self.options.reference_date {
                found.push(
                    error_at("date.future", &cols.start)
                        .with("reference_date", self.options.reference_date.to_string()),
                );
            }
            if let Some(project) = self.options.project_period {
                if !project.contains(start) {
                    let mut d = error_at("date.outside_project", &cols.start)
                        .with("from", project.from.to_string())
                        .with("to", project.to.to_string());
                    d.severity = crate::diagnostic::Severity::Warning;
                    found.push(d);
                }
            }
        }

        let unaccompanied_minor = match values::boolean(cell(&cols.unaccompanied_minor)) {
            Ok(value) => value,
            Err(_) => {
                found.push(
                    error_at("value.invalid", &cols.unaccompanied_minor).with("value", "boolean"),
                );
                false
            }
        };

        let mut flags = IndicatorSet::default();
        for (column, index) in &cols.indicators {
            match values::boolean(row.cell(column.index)) {
                Ok(true) => flags.insert(*index),
                Ok(false) => {}
                Err(_) => found.push(
                    Diagnostic::error("indicator.value")
                        .at_row(number)
                        .in_column(column.header.clone()),
                ),
            }
        }
        if let Some(list) = &cols.indicator_list {
            let text = values::text(row.cell(list.index));
            for token in text
                .split(|c: char| matches!(c, ',' | ';' | '/' | '\n' | '\r') || c.is_whitespace())
                .filter(|t| !t.is_empty())
            {
                match normalise_code(token).and_then(|code| self.catalogue.index_of(&code)) {
                    Some(index) => flags.insert(index),
                    None => found.push(
                        Diagnostic::error("indicator.value")
                            .at_row(number)
                            .in_column(list.header.clone())
                            .with("value", "list"),
                    ),
                }
            }
        }

        let level_start = values::language_level(cell(&cols.level_start));
        let level_end = values::language_level(cell(&cols.level_end));
        for (level, column) in [
            (&level_start, &cols.level_start),
            (&level_end, &cols.level_end),
        ] {
            if level.is_err() {
                found.push(error_at("language_level.invalid", column));
            }
        }
        if let (Ok(Some(initial)), Ok(Some(reached))) = (level_start, level_end) {
            if reached > initial {
                if let Some(index) = self.catalogue.index_of("R.2.8") {
                    flags.insert(index);
                }
            }
        }

        let follow_up = match values::date(cell(&cols.follow_up)) {
            Ok(date) => date,
            Err(_) => {
                found.push(
                    error_at("date.invalid", &cols.follow_up).with("value", "follow_up_date"),
                );
                None
            }
        };

        let target_group = flags.with_ancestors(self.catalogue).iter().any(|i| {
            self.catalogue
                .indicators()
                .get(i)
                .is_some_and(|i| i.target_group)
        });
        if target_group {
            match classify(&values::text(cell(&cols.citizenship))) {
                Citizenship::EuEea => found.push(error_at("citizenship.eu", &cols.citizenship)),
                Citizenship::Swiss => {
                    let mut d = error_at("citizenship.ch", &cols.citizenship);
                    d.severity = crate::diagnostic::Severity::Warning;
                    found.push(d);
                }
                Citizenship::ThirdCountry => {}
            }
        }

        for index in flags.iter() {
            if let Some(slot @ None) = self.first_use.get_mut(index) {
                let column = cols
                    .indicators
                    .iter()
                    .find(|(_, i)| *i == index)
                    .map(|(c, _)| c.header.clone())
                    .or_else(|| header(&cols.indicator_list));
                *slot = Some((number, column));
            }
        }

        let has_error = found
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        self.diagnostics.append(&mut found);
        RowRecord {
            number,
            id,
            derived,
            birth_column,
            gender,
            start,
            end,
            unaccompanied_minor,
            flags,
            follow_up,
            has_error,
        }
    }
}

impl RowSink for ParticipantSink {
    fn header(&mut self, header: &HeaderMap) {
        let (columns, diagnostics) = Columns::resolve(header, self.catalogue);
        self.header = header.clone();
        self.columns = columns;
        self.diagnostics.extend(diagnostics);
    }

    fn row(&mut self, row: &Row) {
        if row.is_empty() {
            return;
        }
        let record = self.parse_row(row);
        self.rows.push(record);
    }
}
