//! Non-participant indicators (SPEC §4), no age or gender split:
//! organisations counted by organisation number (O.2.2, never the
//! beneficiary itself), projects where a local or regional authority is
//! the beneficiary or a partner (O.2.7), and items counted by inventory
//! number where there is one, else by name (O.2.4, O.3.2).

use super::indicator_set::IndicatorSet;
use super::tally::Tally;
use super::RuleOptions;
use crate::catalogue::{Catalogue, ListEntry, Unit};
use crate::diagnostic::Diagnostic;
use crate::ids::{self, Country};
use crate::register::values;
use crate::register::{Cell, Field, HeaderMap, Row, RowSink};
use chrono::NaiveDate;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityKind {
    Organisation,
    Item,
}

/// An organisation's role in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The beneficiary (stödmottagare, tuensaaja).
    Beneficiary,
    /// A project partner (projektpartner, kumppani, osatoteuttaja).
    Partner,
    /// Neither (an empty cell).
    Other,
}

impl Role {
    fn parse(cell: &Cell) -> Result<Role, ()> {
        let text = values::text(cell).trim().to_lowercase();
        match text.as_str() {
            "" => Ok(Role::Other),
            "stödmottagare" | "stodmottagare" | "tuensaaja" | "beneficiary" => {
                Ok(Role::Beneficiary)
            }
            "projektpartner" | "partner" | "kumppani" | "osatoteuttaja" | "project partner" => {
                Ok(Role::Partner)
            }
            _ => Err(()),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub number: u32,
    /// Organisation number (canonical once resolved), or an item's
    /// inventory number or name (normalised, each marked as which).
    pub key: String,
    pub flags: IndicatorSet,
    pub date: Option<NaiveDate>,
    /// Organisations: the role, when the table has a role column.
    pub role: Option<Role>,
    /// Organisations: the local-or-regional-authority column's answer.
    pub authority: Option<bool>,
    /// Organisations: the project, when the table names one.
    pub project: Option<String>,
}

/// Collects an organisations or items table.
pub struct EntitySink {
    kind: EntityKind,
    catalogue: &'static Catalogue,
    sheet: Option<String>,
    header: HeaderMap,
    indicator_columns: Vec<(usize, String, usize)>,
    pub(crate) entities: Vec<Entity>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) rows_read: usize,
}

pub type OrganisationSink = EntitySink;
pub type ItemSink = EntitySink;

/// Text as a key: spacing and case do not matter.
fn key_text(cell: &Cell) -> String {
    values::text(cell)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl EntitySink {
    pub fn organisations(_options: &RuleOptions, sheet: Option<String>) -> Self {
        Self::new(EntityKind::Organisation, sheet)
    }

    pub fn items(_options: &RuleOptions, sheet: Option<String>) -> Self {
        Self::new(EntityKind::Item, sheet)
    }

    fn new(kind: EntityKind, sheet: Option<String>) -> Self {
        EntitySink {
            kind,
            catalogue: Catalogue::get(),
            sheet,
            header: HeaderMap::default(),
            indicator_columns: Vec::new(),
            entities: Vec::new(),
            diagnostics: Vec::new(),
            rows_read: 0,
        }
    }

    /// The units a table of this kind counts.
    fn counts(&self, unit: Unit) -> bool {
        match self.kind {
            EntityKind::Organisation => matches!(unit, Unit::Organisations | Unit::Projects),
            EntityKind::Item => unit == Unit::Items,
        }
    }

    /// Names the sheet or file its diagnostics point at, those made so far
    /// included (a table's sheet is known once it has been read).
    pub fn with_sheet(mut self, sheet: Option<String>) -> Self {
        for d in self.diagnostics.iter_mut().filter(|d| d.sheet.is_none()) {
            d.sheet.clone_from(&sheet);
        }
        self.sheet = sheet;
        self
    }

    fn column(&self, field: &Field) -> Option<(usize, String)> {
        self.header
            .column(field)
            .map(|c| (c.index, c.header.clone()))
    }

    fn error(&self, code: &'static str, row: u32, column: Option<&str>) -> Diagnostic {
        Diagnostic::error(code)
            .at_row(row)
            .in_optional_column(column)
            .in_sheet(self.sheet.as_deref())
    }

    /// An items table headed by items indicators' code columns alone: each
    /// non-empty cell of such a column names one item of that indicator.
    fn items_by_column(&mut self, row: &Row, date: Option<NaiveDate>) {
        for (index, _, indicator) in self.indicator_columns.clone() {
            let name = key_text(row.cell(index));
            if name.is_empty() {
                continue;
            }
            let mut flags = IndicatorSet::default();
            flags.insert(indicator);
            self.entities.push(Entity {
                number: row.number,
                key: format!("name:{name}"),
                flags,
                date,
                role: None,
                authority: None,
                project: None,
            });
        }
    }

    /// The row's indicators, from its yes/no columns and its list; `None`
    /// when a cell is neither (reported).
    fn flags(&mut self, row: &Row) -> Option<IndicatorSet> {
        let mut flags = IndicatorSet::default();
        let mut clean = true;
        for (index, header, indicator) in self.indicator_columns.clone() {
            match values::boolean(row.cell(index)) {
                Ok(true) => flags.insert(indicator),
                Ok(false) => {}
                Err(_) => {
                    clean = false;
                    let d = self.error("indicator.value", row.number, Some(&header));
                    self.diagnostics.push(d);
                }
            }
        }
        if let Some((index, header)) = self.column(&Field::IndicatorList) {
            let text = values::text(row.cell(index)).into_owned();
            for entry in self.catalogue.list_entries(&text) {
                match entry {
                    ListEntry::Known(index) => flags.insert(index),
                    ListEntry::Unknown(code) => {
                        self.diagnostics.push(super::indicator_not_counted(
                            &code,
                            row.number,
                            &header,
                            self.sheet.as_deref(),
                            false,
                        ))
                    }
                    ListEntry::NotACode => {
                        clean = false;
                        let d = self.error("indicator.value", row.number, Some(&header));
                        self.diagnostics.push(d.with("value", "list"));
                    }
                }
            }
        }
        clean.then_some(flags)
    }

    /// A yes/no cell, `None` when empty; an error when it is neither.
    fn yes_no(&mut self, row: &Row, field: &Field) -> Result<Option<bool>, ()> {
        let Some((index, header)) = self.column(field) else {
            return Ok(None);
        };
        let cell = row.cell(index);
        if cell.is_empty() {
            return Ok(None);
        }
        values::boolean(cell).map(Some).map_err(|_| {
            let d = self.error("value.invalid", row.number, Some(&header));
            self.diagnostics.push(d.with("value", "boolean"));
        })
    }
}

impl RowSink for EntitySink {
    fn header(&mut self, header: &HeaderMap) {
        self.header = header.clone();
        // Items under no indicator count as O.2.4: said, never silent.
        if self.kind == EntityKind::Item
            && header.indicator_columns().next().is_none()
            && header.column(&Field::IndicatorList).is_none()
        {
            self.diagnostics.push(
                Diagnostic::warning("item.no_indicator")
                    .at_row(header.row)
                    .in_sheet(self.sheet.as_deref()),
            );
        }
        for (column, code) in header.indicator_columns() {
            match self.catalogue.index_of(code) {
                Some(index)
                    if self
                        .catalogue
                        .indicators()
                        .get(index)
                        .is_some_and(|i| self.counts(i.unit)) =>
                {
                    self.indicator_columns
                        .push((column.index, column.header.clone(), index));
                }
                // Known, but counted from another table.
                known => self.diagnostics.push(super::indicator_not_counted(
                    code,
                    header.row,
                    &column.header,
                    self.sheet.as_deref(),
                    known.is_some(),
                )),
            }
        }
    }

    fn row(&mut self, row: &Row) {
        if row.is_empty() {
            return;
        }
        self.rows_read += 1;
        let mut has_error = false;

        let date = match self.column(&Field::StartDate) {
            Some((index, header)) => match values::date(row.cell(index)) {
                Ok(date) => date,
                Err(_) => {
                    has_error = true;
                    let d = self.error("date.invalid", row.number, Some(&header));
                    let d = super::invalid_date(d.with("value", "start_date"), row.cell(index));
                    self.diagnostics.push(d);
                    None
                }
            },
            None => None,
        };

        let name = self.column(&Field::ItemName);
        let inventory = self.column(&Field::InventoryNumber);
        if self.kind == EntityKind::Item && name.is_none() && inventory.is_none() {
            if !has_error {
                self.items_by_column(row, date);
            }
            return;
        }

        let key = match self.kind {
            EntityKind::Organisation => self
                .column(&Field::OrgNumber)
                .map(|(index, _)| values::text(row.cell(index)).trim().to_string())
                .unwrap_or_default(),
            EntityKind::Item => {
                let text = |column: &Option<(usize, String)>| {
                    column
                        .as_ref()
                        .map(|(index, _)| key_text(row.cell(*index)))
                        .unwrap_or_default()
                };
                match (text(&inventory), text(&name)) {
                    (number, _) if !number.is_empty() => format!("inventory:{number}"),
                    (_, name) if !name.is_empty() => format!("name:{name}"),
                    _ => String::new(),
                }
            }
        };
        if key.is_empty() {
            let (code, column) = match self.kind {
                EntityKind::Organisation => ("id.missing", self.column(&Field::OrgNumber)),
                EntityKind::Item => ("item.missing", name.or(inventory)),
            };
            let d = self.error(code, row.number, column.as_ref().map(|(_, h)| h.as_str()));
            self.diagnostics.push(d);
            has_error = true;
        }

        let flags = self.flags(row);
        has_error |= flags.is_none();
        // An items table without indicator columns lists O.2.4 items (and says so).
        let mut flags = flags.unwrap_or_default();
        if self.kind == EntityKind::Item
            && self.indicator_columns.is_empty()
            && self.column(&Field::IndicatorList).is_none()
        {
            if let Some(index) = self.catalogue.index_of("O.2.4") {
                flags.insert(index);
            }
        }

        let role = match self.column(&Field::Role) {
            Some((index, header)) => match Role::parse(row.cell(index)) {
                Ok(role) => Some(role),
                Err(()) => {
                    has_error = true;
                    let d = self.error("value.invalid", row.number, Some(&header));
                    self.diagnostics.push(d.with("value", "role"));
                    None
                }
            },
            None => None,
        };
        let authority = self.yes_no(row, &Field::LocalAuthority);
        has_error |= authority.is_err();
        let project = self
            .column(&Field::Project)
            .map(|(index, _)| key_text(row.cell(index)))
            .filter(|p| !p.is_empty());
        if !has_error {
            self.entities.push(Entity {
                number: row.number,
                key,
                flags,
                date,
                role,
                authority: authority.unwrap_or(None),
                project,
            });
        }
    }
}

/// Distinct keys and the first date of each: the earliest of its rows'
/// dates, none when no row has one.
#[derive(Default)]
struct Firsts(BTreeMap<String, Option<NaiveDate>>);

impl Firsts {
    fn add(&mut self, key: &str, date: Option<NaiveDate>) {
        match self.0.get_mut(key) {
            Some(first) => {
                *first = match (*first, date) {
                    (Some(current), Some(date)) => Some(current.min(date)),
                    (current, date) => current.or(date),
                }
            }
            None => {
                self.0.insert(key.to_string(), date);
            }
        }
    }

    fn dates(&self) -> impl Iterator<Item = Option<NaiveDate>> + '_ {
        self.0.values().copied()
    }
}

/// O.2.2 counts the organisations flagged for it, never the beneficiary
/// itself (a warning, and left out); O.2.7 counts projects: the project
/// (or the register's one project) counts when its beneficiary or a
/// partner flagged O.2.7 is a local or regional authority. Without a role
/// column every flagged organisation is taken as the beneficiary or a
/// partner. `org.not_public` only on rows reported as such an authority.
pub(super) fn count_organisations(
    mut sink: EntitySink,
    country: Country,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let catalogue = sink.catalogue;
    let number_column = sink.column(&Field::OrgNumber).map(|(_, h)| h);
    let role_column = sink.column(&Field::Role).map(|(_, h)| h);
    let authority_column = sink.column(&Field::LocalAuthority).map(|(_, h)| h);
    let sheet = sink.sheet.clone();
    let projects = catalogue
        .indicators()
        .iter()
        .enumerate()
        .filter(|(_, i)| i.unit == Unit::Projects)
        .map(|(index, _)| index)
        .collect::<Vec<_>>();
    let o22 = catalogue.index_of("O.2.2");
    let mut firsts: BTreeMap<usize, Firsts> = BTreeMap::new();
    let found = |code: &'static str, number: u32, column: &Option<String>| {
        Diagnostic::warning(code)
            .at_row(number)
            .in_optional_column(column.as_deref())
            .in_sheet(sheet.as_deref())
    };
    for entity in &sink.entities {
        let parsed = match ids::parse_org(&entity.key, country) {
            Ok(parsed) => parsed,
            Err(err) => {
                diagnostics.push(
                    Diagnostic::error(err.code())
                        .at_row(entity.number)
                        .in_optional_column(number_column.as_deref())
                        .in_sheet(sheet.as_deref()),
                );
                continue;
            }
        };
        // Sweden: a public body's number starts with 2; Finland: only the column can tell.
        let public_number =
            country == Country::Se && ids::organisationsnummer::is_public_body(&parsed.canonical);
        let not_public = country == Country::Se && !public_number;
        let beneficiary_or_partner = entity.role != Some(Role::Other);
        for index in entity.flags.iter() {
            tally.mention_in(index, sheet.as_deref());
            if Some(index) == o22 {
                if entity.role == Some(Role::Beneficiary) {
                    diagnostics.push(found("org.beneficiary_o22", entity.number, &role_column));
                    continue;
                }
                if entity.authority == Some(false) {
                    // Flagged, though its own row says it is no such authority.
                    let d = found("org.not_public", entity.number, &authority_column);
                    diagnostics.push(d.with("hint", "column_no"));
                } else if not_public {
                    diagnostics.push(found("org.not_public", entity.number, &number_column));
                }
                firsts
                    .entry(index)
                    .or_default()
                    .add(&parsed.canonical, entity.date);
            } else if projects.contains(&index) {
                if entity.authority.is_none() && country == Country::Fi && beneficiary_or_partner {
                    // In Finland only the column can tell: without it, no project counts.
                    diagnostics.push(found("org.authority_unknown", entity.number, &None));
                }
                let authority = entity.authority.unwrap_or(public_number);
                if !beneficiary_or_partner || !authority {
                    continue;
                }
                if entity.authority == Some(true) && not_public {
                    diagnostics.push(found("org.not_public", entity.number, &number_column));
                }
                let project = entity.project.as_deref().unwrap_or("");
                firsts.entry(index).or_default().add(project, entity.date);
            } else {
                firsts
                    .entry(index)
                    .or_default()
                    .add(&parsed.canonical, entity.date);
            }
        }
    }
    tally_firsts(firsts, &mut sink, tally, diagnostics);
}

/// Items: distinct per indicator, by inventory number where a row has one,
/// else by name.
pub(super) fn count_items(
    mut sink: EntitySink,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut firsts: BTreeMap<usize, Firsts> = BTreeMap::new();
    for entity in &sink.entities {
        for index in entity.flags.iter() {
            firsts
                .entry(index)
                .or_default()
                .add(&entity.key, entity.date);
        }
    }
    tally_firsts(firsts, &mut sink, tally, diagnostics);
}

/// Each indicator's distinct things into the tally, with the indicators the
/// table's columns name even when nothing counts, and the table's findings.
fn tally_firsts(
    mut firsts: BTreeMap<usize, Firsts>,
    sink: &mut EntitySink,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for index in sink_indicators(sink) {
        firsts.entry(index).or_default();
    }
    for (index, keys) in firsts {
        tally.mention_in(index, sink.sheet.as_deref());
        let undated = tally.distinct(index, keys.dates());
        if undated > 0 {
            diagnostics.push(undated_finding(
                tally,
                index,
                undated,
                sink.sheet.as_deref(),
            ));
        }
    }
    diagnostics.append(&mut sink.diagnostics);
}

/// `undated` things counted under `index` have no date, so no reporting
/// period can be told for them: said once, for the table.
fn undated_finding(tally: &Tally, index: usize, undated: usize, sheet: Option<&str>) -> Diagnostic {
    let code = tally
        .catalogue()
        .indicators()
        .get(index)
        .map_or("", |i| i.code.as_str());
    let d = Diagnostic::warning("period.undated")
        .with("indicator", code)
        .with("count", undated.to_string())
        .in_sheet(sheet);
    if tally.has_period() {
        d.with("hint", "in_period")
    } else {
        d
    }
}

/// The indicators a table's columns name: reported even when nothing counts.
fn sink_indicators(sink: &EntitySink) -> Vec<usize> {
    sink.indicator_columns
        .iter()
        .map(|(_, _, index)| *index)
        .collect()
}
