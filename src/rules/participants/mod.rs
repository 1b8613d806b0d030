//! Participant rows: each row is parsed into a compact [`RowRecord`] as it
//! streams in, with its row-level diagnostics, and its identifier is
//! resolved at once with the register's country as chosen, else Sweden's;
//! should the identifiers show a Finnish register, [`super::persons`]
//! resolves them again from the kept text.

mod identities;
pub(super) mod parts;
mod person_rows;
mod persons;

pub(super) use person_rows::PersonRow;
pub(super) use persons::{Person, Persons};

use super::citizenship::{classify, Citizenship};
use super::fast_hash::FastMap;
use super::indicator_set::IndicatorSet;
use super::records::{Col, Columns, RowId, RowRecord};
use super::{invalid_date, RuleOptions};
use crate::catalogue::{normalise_code, Catalogue};
use crate::diagnostic::Diagnostic;
use crate::ids::internal::{derive, DerivedId};
use crate::ids::{self, Country, IdError, ParsedId};
use crate::register::values::{self, IdCellProblem};
use crate::register::{Cell, HeaderMap, Row, RowSink};
use identities::IdTable;
use person_rows::RowStore;

/// Collects the participant table as it streams in.
pub struct ParticipantSink {
    options: RuleOptions,
    catalogue: &'static Catalogue,
    header: HeaderMap,
    columns: Columns,
    rows: RowStore,
    diagnostics: Vec<Diagnostic>,
    /// Identifier and birth-date findings, by row: they follow the rows'
    /// other findings, and are made anew if the country changes.
    id_diagnostics: Vec<Diagnostic>,
    /// The country identifiers were resolved with so far.
    country: Country,
    /// The internal ID a row's names and birth date give, by row index:
    /// only for rows whose identifier is empty or internal, the only ones
    /// that use it, so kept beside the rows rather than in each.
    derived: FastMap<u32, DerivedId>,
    /// Every identifier cell's text, one after another (see [`RowId`]).
    id_texts: String,
    /// Canonical identifiers and, once assigned, the persons.
    ids: IdTable,
    /// Each row's identifier key ([`super::persons::NO_KEY`] without a person).
    row_keys: Vec<u64>,
    /// Country detection: identifiers present, and those valid only as henkilötunnus.
    ids_present: usize,
    ids_finnish_only: usize,
    /// Where each indicator was first flagged: for `indicator.not_in_action`.
    first_use: Vec<Option<(u32, Option<String>)>>,
    /// Indicators that count families (R.1.7.2).
    family_flags: IndicatorSet,
    /// The family of each row flagging such an indicator, by row number:
    /// an index into `family_names`.
    families: FastMap<u32, u32>,
    /// Family names as keys (spacing and case do not matter), each once.
    family_names: FastMap<Box<str>, u32>,
}

impl ParticipantSink {
    pub fn new(options: &RuleOptions) -> Self {
        let catalogue = Catalogue::get();
        ParticipantSink {
            options: options.clone(),
            catalogue,
            header: HeaderMap::default(),
            columns: Columns::default(),
            rows: RowStore::default(),
            diagnostics: Vec::new(),
            id_diagnostics: Vec::new(),
            country: options.country.unwrap_or_default(),
            derived: FastMap::default(),
            id_texts: String::new(),
            ids: IdTable::default(),
            row_keys: Vec::new(),
            ids_present: 0,
            ids_finnish_only: 0,
            first_use: vec![None; catalogue.indicators().len()],
            family_flags: catalogue
                .indicators()
                .iter()
                .enumerate()
                .filter(|(_, i)| i.unit == crate::catalogue::Unit::Families)
                .fold(IndicatorSet::default(), |mut set, (index, _)| {
                    set.insert(index);
                    set
                }),
            families: FastMap::default(),
            family_names: FastMap::default(),
        }
    }

    /// Notes the family of a row flagging R.1.7.2, which must name one.
    fn family(&mut self, row: &Row, flags: IndicatorSet, found: &mut Vec<Diagnostic>) {
        if !flags.iter().any(|index| self.family_flags.contains(index)) {
            return;
        }
        let column = self.columns.family.as_ref();
        let name = column
            .map(|c| values::text(row.cell(c.index)))
            .map(|text| {
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .unwrap_or_default();
        if name.is_empty() {
            found.push(
                Diagnostic::error("family.missing")
                    .at_row(row.number)
                    .in_optional_column(column.map(|c| c.header.as_str())),
            );
            return;
        }
        self.add_family(row.number, &name);
    }

    /// Puts row `number` in family `name` (a key already).
    pub(crate) fn add_family(&mut self, number: u32, name: &str) {
        let next = u32::try_from(self.family_names.len()).unwrap_or(u32::MAX);
        let id = *self.family_names.entry(name.into()).or_insert(next);
        self.families.insert(number, id);
    }

    /// Number of non-empty data rows read.
    pub fn rows_read(&self) -> usize {
        self.rows.len()
    }

    /// Checks a non-empty data row: its record, its findings kept here.
    pub(crate) fn parse_row(&mut self, row: &Row) -> RowRecord {
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

        let id_text = values::id_text(cell(&cols.id));
        let id = match &id_text {
            Err(IdCellProblem::LeadingZeroLost) => RowId::LeadingZeroLost,
            Ok(text) if text.trim().is_empty() => RowId::Empty,
            Ok(text) => {
                let start = self.id_texts.len();
                self.id_texts.push_str(text);
                match (u32::try_from(start), u32::try_from(self.id_texts.len())) {
                    (Ok(start), Ok(end)) => RowId::Text { start, end },
                    // Past 4 GB of identifiers: beyond any file the reader accepts.
                    _ => RowId::LeadingZeroLost,
                }
            }
        };
        // Only empty and internal identifiers are compared with the names.
        let uses_names = match &id_text {
            Ok(text) => text.trim().chars().next().is_none_or(char::is_alphabetic),
            Err(_) => false,
        };

        let birth_column = match values::date(cell(&cols.birth_date)) {
            Ok(date) => date,
            Err(_) => {
                found.push(invalid_date(
                    error_at("date.invalid", &cols.birth_date).with("value", "birth_date"),
                    cell(&cols.birth_date),
                ));
                None
            }
        };
        let derived = match birth_column {
            Some(birth) if uses_names => {
                let first_name = values::text(cell(&cols.first_name));
                let last_name = values::text(cell(&cols.last_name));
                derive(&first_name, &last_name, birth)
            }
            _ => None,
        };

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
                found.push(invalid_date(
                    error_at("date.invalid", &cols.start).with("value", "start_date"),
                    cell(&cols.start),
                ));
                None
            }
        };
        let end = match values::date(cell(&cols.end)) {
            Ok(date) => date,
            Err(_) => {
                found.push(invalid_date(
                    error_at("date.invalid", &cols.end).with("value", "end_date"),
                    cell(&cols.end),
                ));
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
                found.push(invalid_date(
                    error_at("date.invalid", &cols.follow_up).with("value", "follow_up_date"),
                    cell(&cols.follow_up),
                ));
                None
            }
        };

        if flags
            .with_ancestors(self.catalogue)
            .targets_group(self.catalogue)
        {
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

        self.family(row, flags, &mut found);
        let value_error = found
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        self.diagnostics.append(&mut found);
        let mut record = RowRecord {
            number,
            id,
            kind: None,
            birth_column,
            birth: None,
            gender,
            start,
            end,
            follow_up,
            flags,
            unaccompanied_minor,
            value_error,
            id_error: false,
        };
        let parsed = self.parse_id(id);
        if let (None, Some(parsed)) = (self.options.country, &parsed) {
            // Detection: is the identifier valid only as a henkilötunnus? The
            // Swedish parse is at hand; the Finnish one is needed only when it failed.
            self.ids_present += 1;
            if parsed.is_err()
                && self.id_text(id).is_some_and(|text| {
                    ids::parse_person(text, Country::Fi, self.options.reference_date).is_ok()
                })
            {
                self.ids_finnish_only += 1;
            }
        }
        // The row's index: every row before it left a key.
        let index = u32::try_from(self.row_keys.len());
        let key = identities::resolve(self, &mut record, parsed, derived.as_ref());
        self.row_keys.push(key);
        if let (Some(derived), Ok(index)) = (derived, index) {
            self.derived.insert(index, derived);
        }
        record
    }

    /// The row's identifier parsed with the current country; `None` when
    /// the cell holds no text.
    pub(crate) fn parse_id(&self, id: RowId) -> Option<Result<ParsedId, IdError>> {
        self.id_text(id)
            .map(|text| ids::parse_person(text, self.country, self.options.reference_date))
    }

    /// The identifier text of a row.
    pub(crate) fn id_text(&self, id: RowId) -> Option<&str> {
        match id {
            RowId::Text { start, end } => self.id_texts.get(start as usize..end as usize),
            _ => None,
        }
    }
}

/// The narrow view the counting stages have of the sink once every row is
/// in: the columns, the persons, identifiers and families by number, and
/// the findings.
impl ParticipantSink {
    /// Settles the register's country (chosen, or told from the
    /// identifiers) and resolves every identifier with it; the register's
    /// own findings (`country.detected`, `id.mixed_methods`) go to
    /// `diagnostics`.
    pub(crate) fn settle_identifiers(
        &mut self,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Country, bool) {
        let (country, detected) = identities::detect_country(self);
        identities::resolve_for_country(self, country);
        let mut id_diagnostics = std::mem::take(&mut self.id_diagnostics);
        self.diagnostics.append(&mut id_diagnostics);
        if detected {
            diagnostics
                .push(Diagnostic::info("country.detected").with("country", country.as_str()));
        }
        let kinds = || self.rows.iter().filter_map(|r| r.kind);
        let national = kinds().any(|kind| kind.is_national());
        let internal = kinds().any(|kind| !kind.is_national());
        if national && internal {
            diagnostics.push(Diagnostic::warning("id.mixed_methods"));
        }
        (country, detected)
    }

    /// The earliest start date of any row: where periods counted every so
    /// many months begin when there is no project period.
    pub(crate) fn first_start(&self) -> Option<chrono::NaiveDate> {
        self.rows.iter().filter_map(|r| r.start).min()
    }

    /// Joins the rows into persons and runs the person-level checks; the
    /// rows in file order are let go of.
    pub(crate) fn persons(&mut self) -> Persons {
        persons::build_persons(self)
    }

    pub(crate) fn columns(&self) -> &Columns {
        &self.columns
    }

    pub(crate) fn catalogue(&self) -> &'static Catalogue {
        self.catalogue
    }

    /// The canonical identifier of person `person`.
    pub(crate) fn canonical(&self, person: u32) -> String {
        self.ids.canonical(person)
    }

    /// The person whose canonical identifier is `canonical`, if any row has it.
    pub(crate) fn person_of(&self, canonical: &str) -> Option<u32> {
        self.ids.get(canonical)
    }

    /// The family (a number) of row `row`, when it flags R.1.7.2 and names one.
    pub(crate) fn family_of_row(&self, row: u32) -> Option<u32> {
        self.families.get(&row).copied()
    }

    /// Where indicator `index` was first flagged: row and column.
    pub(crate) fn first_use(&self, index: usize) -> Option<(u32, Option<String>)> {
        self.first_use.get(index).cloned().flatten()
    }

    /// Every finding so far.
    pub(crate) fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
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

    fn expect_rows(&mut self, rows: usize) {
        self.row_keys
            .reserve_exact(rows.saturating_sub(self.row_keys.len()));
    }
}
