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
use crate::catalogue::{Catalogue, ListEntry};
use crate::diagnostic::Diagnostic;
use crate::ids::internal::{derive, DerivedId};
use crate::ids::{self, Country, IdError, ParsedId};
use crate::register::values::{self, Gender, IdCellProblem};
use crate::register::{Cell, HeaderMap, Row, RowSink};
use chrono::NaiveDate;
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
        let (id, uses_names) = self.store_id(values::id_text(cell(row, &self.columns.id)));
        let mut cells = Cells::new(row, &self.columns);
        let birth_column = cells.date(&cells.columns.birth_date, "birth_date");
        let derived = match birth_column {
            Some(birth) if uses_names => derive(
                &values::text(cell(row, &cells.columns.first_name)),
                &values::text(cell(row, &cells.columns.last_name)),
                birth,
            ),
            _ => None,
        };
        let gender = cells.gender();
        let (start, end) = cells.activity_dates(&self.options);
        let unaccompanied_minor = cells.boolean(&cells.columns.unaccompanied_minor);
        let flags = cells.flags(self.catalogue);
        let follow_up = cells.date(&cells.columns.follow_up, "follow_up_date");
        cells.citizenship(flags, self.catalogue);
        let mut found = cells.found;
        self.note_first_use(row.number, flags);
        self.family(row, flags, &mut found);
        let value_error = found
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        self.diagnostics.append(&mut found);
        let mut record = RowRecord {
            number: row.number,
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
        self.resolve(&mut record, derived);
        record
    }

    /// Keeps the identifier cell's text: the row's [`RowId`], and whether
    /// the row's names count (only empty and internal identifiers are
    /// compared with the names).
    fn store_id(
        &mut self,
        text: Result<std::borrow::Cow<'_, str>, IdCellProblem>,
    ) -> (RowId, bool) {
        match &text {
            Err(IdCellProblem::LeadingZeroLost) => (RowId::LeadingZeroLost, false),
            Ok(text) if text.trim().is_empty() => (RowId::Empty, true),
            Ok(text) => {
                let uses_names = text.trim().chars().next().is_none_or(char::is_alphabetic);
                let start = self.id_texts.len();
                self.id_texts.push_str(text);
                let id = match (u32::try_from(start), u32::try_from(self.id_texts.len())) {
                    (Ok(start), Ok(end)) => RowId::Text { start, end },
                    // Past 4 GB of identifiers: beyond any file the reader accepts.
                    _ => RowId::LeadingZeroLost,
                };
                (id, uses_names)
            }
        }
    }

    /// Where each indicator the row flags was first flagged.
    fn note_first_use(&mut self, number: u32, flags: IndicatorSet) {
        for index in flags.iter() {
            if let Some(slot @ None) = self.first_use.get_mut(index) {
                *slot = Some((number, self.columns.indicator_header(index)));
            }
        }
    }

    /// The row's identifier and birth date, resolved with the current
    /// country; its person key kept beside the rows.
    fn resolve(&mut self, record: &mut RowRecord, derived: Option<DerivedId>) {
        let parsed = self.parse_id(record.id);
        if let (None, Some(parsed)) = (self.options.country, &parsed) {
            // Detection: is the identifier valid only as a henkilötunnus? The
            // Swedish parse is at hand; the Finnish one is needed only when it failed.
            self.ids_present += 1;
            if parsed.is_err()
                && self.id_text(record.id).is_some_and(|text| {
                    ids::parse_person(text, Country::Fi, self.options.reference_date).is_ok()
                })
            {
                self.ids_finnish_only += 1;
            }
        }
        // The row's index: every row before it left a key.
        let index = u32::try_from(self.row_keys.len());
        let key = identities::resolve(self, record, parsed, derived.as_ref());
        self.row_keys.push(key);
        if let (Some(derived), Ok(index)) = (derived, index) {
            self.derived.insert(index, derived);
        }
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

    /// The earliest start date of a row without errors: where periods
    /// counted every so many months begin when there is no project period.
    /// A row in error counts nowhere, so its date (a mistyped year) never
    /// moves every period's bounds.
    pub(crate) fn first_start(&self) -> Option<chrono::NaiveDate> {
        self.rows
            .iter()
            .filter(|r| !r.has_error())
            .filter_map(|r| r.start)
            .min()
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

/// The cell of `row` in column `column`, empty when the table has none.
fn cell<'r>(row: &'r Row, column: &Option<Col>) -> &'r Cell {
    column.as_ref().map_or(&Cell::Empty, |c| row.cell(c.index))
}

/// One row's cells read as the columns say, and the findings about them,
/// in the order a user reads a row's problems.
struct Cells<'r> {
    row: &'r Row,
    columns: &'r Columns,
    found: Vec<Diagnostic>,
}

impl<'r> Cells<'r> {
    fn new(row: &'r Row, columns: &'r Columns) -> Cells<'r> {
        Cells {
            row,
            columns,
            found: Vec::new(),
        }
    }

    fn error(&self, code: &'static str, column: &Option<Col>) -> Diagnostic {
        let d = Diagnostic::error(code).at_row(self.row.number);
        match column {
            Some(c) => d.in_column(c.header.clone()),
            None => d,
        }
    }

    /// A date cell (empty is `None`); `what` names it in the finding.
    fn date(&mut self, column: &Option<Col>, what: &str) -> Option<NaiveDate> {
        let cell = cell(self.row, column);
        values::date(cell).unwrap_or_else(|_| {
            let d = invalid_date(self.error("date.invalid", column).with("value", what), cell);
            self.found.push(d);
            None
        })
    }

    fn gender(&mut self) -> Option<Gender> {
        let column = &self.columns.gender;
        values::gender(cell(self.row, column)).ok().or_else(|| {
            self.found.push(self.error("gender.invalid", column));
            None
        })
    }

    /// The start date (required) and end date, with their checks: the end
    /// after the start, the start not after the report date and within
    /// the project period.
    fn activity_dates(&mut self, options: &RuleOptions) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let column = &self.columns.start;
        let start = match values::date(cell(self.row, column)) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                let d = self
                    .error("date.invalid", column)
                    .with("value", "start_missing");
                self.found.push(d);
                None
            }
            Err(_) => {
                let d = self
                    .error("date.invalid", column)
                    .with("value", "start_date");
                self.found.push(invalid_date(d, cell(self.row, column)));
                None
            }
        };
        let end = self.date(&self.columns.end, "end_date");
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                self.found
                    .push(self.error("date.end_before_start", &self.columns.end));
            }
        }
        if let Some(start) = start {
            if start > options.reference_date {
                let d = self
                    .error("date.future", column)
                    .with("reference_date", options.reference_date.to_string());
                self.found.push(d);
            }
            if let Some(project) = options.project_period.filter(|p| !p.contains(start)) {
                let mut d = self
                    .error("date.outside_project", column)
                    .with("from", project.from.to_string())
                    .with("to", project.to.to_string());
                d.severity = crate::diagnostic::Severity::Warning;
                self.found.push(d);
            }
        }
        (start, end)
    }

    /// A yes/no cell; anything else is `value.invalid` (and no).
    fn boolean(&mut self, column: &Option<Col>) -> bool {
        values::boolean(cell(self.row, column)).unwrap_or_else(|_| {
            let d = self.error("value.invalid", column).with("value", "boolean");
            self.found.push(d);
            false
        })
    }

    /// The indicators the row flags: its yes/no columns, its list, and
    /// R.2.8 when the language level reached is above the initial one.
    fn flags(&mut self, catalogue: &Catalogue) -> IndicatorSet {
        let mut flags = IndicatorSet::default();
        let number = self.row.number;
        for (column, index) in &self.columns.indicators {
            match values::boolean(self.row.cell(column.index)) {
                Ok(true) => flags.insert(*index),
                Ok(false) => {}
                Err(_) => self.found.push(
                    Diagnostic::error("indicator.value")
                        .at_row(number)
                        .in_column(column.header.clone()),
                ),
            }
        }
        if let Some(list) = &self.columns.indicator_list {
            let text = values::text(self.row.cell(list.index));
            for entry in catalogue.list_entries(&text) {
                match entry {
                    ListEntry::Known(index) => flags.insert(index),
                    // Looks like a code the catalogue lacks: not counted, the row is.
                    ListEntry::Unknown(code) => {
                        self.found.push(crate::rules::indicator_not_counted(
                            &code,
                            number,
                            &list.header,
                            None,
                            false,
                        ))
                    }
                    ListEntry::NotACode => self.found.push(
                        Diagnostic::error("indicator.value")
                            .at_row(number)
                            .in_column(list.header.clone())
                            .with("value", "list"),
                    ),
                }
            }
        }
        let level_start = values::language_level(cell(self.row, &self.columns.level_start));
        let level_end = values::language_level(cell(self.row, &self.columns.level_end));
        for (level, column) in [
            (&level_start, &self.columns.level_start),
            (&level_end, &self.columns.level_end),
        ] {
            if level.is_err() {
                self.found
                    .push(self.error("language_level.invalid", column));
            }
        }
        if let (Ok(Some(initial)), Ok(Some(reached))) = (level_start, level_end) {
            if let (true, Some(index)) = (reached > initial, catalogue.index_of("R.2.8")) {
                flags.insert(index);
            }
        }
        flags
    }

    /// On target-group indicators: an EU or EEA citizen is an error, a
    /// Swiss one a warning.
    fn citizenship(&mut self, flags: IndicatorSet, catalogue: &Catalogue) {
        if !flags.with_ancestors(catalogue).targets_group(catalogue) {
            return;
        }
        let column = &self.columns.citizenship;
        match classify(&values::text(cell(self.row, column))) {
            Citizenship::EuEea => self.found.push(self.error("citizenship.eu", column)),
            Citizenship::Swiss => {
                let mut d = self.error("citizenship.ch", column);
                d.severity = crate::diagnostic::Severity::Warning;
                self.found.push(d);
            }
            Citizenship::ThirdCountry => {}
        }
    }
}
