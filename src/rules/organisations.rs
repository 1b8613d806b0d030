//! Non-participant indicators (SPEC §4): organisations counted by
//! organisation number (O.2.2, O.2.7) and items counted by name (O.2.4).
//! No age or gender split.

use super::indicator_set::IndicatorSet;
use super::RuleOptions;
use crate::catalogue::{normalise_code, Catalogue, Unit};
use crate::diagnostic::Diagnostic;
use crate::ids::{self, Country};
use crate::register::values;
use crate::register::{Field, HeaderMap, Row, RowSink};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityKind {
    Organisation,
    Item,
}

#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub number: u32,
    /// Organisation number (canonical once resolved) or item name (normalised).
    pub key: String,
    pub flags: IndicatorSet,
    pub date: Option<NaiveDate>,
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

    fn unit(&self) -> Unit {
        match self.kind {
            EntityKind::Organisation => Unit::Organisations,
            EntityKind::Item => Unit::Items,
        }
    }

    /// Resolves organisation numbers with the register's country and checks
    /// that local and regional authorities carry a public body's number.
    pub(crate) fn resolve(&mut self, country: Country) {
        if self.kind != EntityKind::Organisation {
            return;
        }
        let column = self
            .header
            .column(&Field::OrgNumber)
            .map(|c| c.header.clone());
        let sheet = self.sheet.clone();
        let mut kept = Vec::with_capacity(self.entities.len());
        for mut entity in std::mem::take(&mut self.entities) {
            match ids::parse_org(&entity.key, country) {
                Ok(parsed) => {
                    if country == Country::Se
                        && !ids::organisationsnummer::is_public_body(&parsed.canonical)
                    {
                        self.diagnostics.push(
                            Diagnostic::warning("org.not_public")
                                .at_row(entity.number)
                                .in_optional_column(column.as_deref())
                                .in_sheet(sheet.as_deref()),
                        );
                    }
                    entity.key = parsed.canonical;
                    kept.push(entity);
                }
                Err(err) => self.diagnostics.push(
                    Diagnostic::error(err.code())
                        .at_row(entity.number)
                        .in_optional_column(column.as_deref())
                        .in_sheet(sheet.as_deref()),
                ),
            }
        }
        self.entities = kept;
    }

    /// Names the sheet or file its diagnostics point at.
    pub fn with_sheet(mut self, sheet: Option<String>) -> Self {
        self.sheet = sheet;
        self
    }

    pub(crate) fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }
}

impl RowSink for EntitySink {
    fn header(&mut self, header: &HeaderMap) {
        self.header = header.clone();
        let unit = self.unit();
        for (column, code) in header.indicator_columns() {
            match self.catalogue.index_of(code) {
                Some(index)
                    if self
                        .catalogue
                        .indicators()
                        .get(index)
                        .is_some_and(|i| i.unit == unit) =>
                {
                    self.indicator_columns
                        .push((column.index, column.header.clone(), index));
                }
                _ => self.diagnostics.push(
                    Diagnostic::warning("indicator.unknown")
                        .at_row(header.row)
                        .in_column(column.header.clone())
                        .in_sheet(self.sheet.as_deref())
                        .with("indicator", code),
                ),
            }
        }
    }

    fn row(&mut self, row: &Row) {
        if row.is_empty() {
            return;
        }
        self.rows_read += 1;
        let sheet = self.sheet.clone();
        let key_field = match self.kind {
            EntityKind::Organisation => Field::OrgNumber,
            EntityKind::Item => Field::ItemName,
        };
        let key_column = self
            .header
            .column(&key_field)
            .map(|c| (c.index, c.header.clone()));
        let mut has_error = false;
        let key = key_column
            .as_ref()
            .map(|(i, _)| values::text(row.cell(*i)).into_owned())
            .unwrap_or_default();
        let key = match self.kind {
            EntityKind::Item => key
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
            EntityKind::Organisation => key,
        };
        if key.is_empty() {
            let code = match self.kind {
                EntityKind::Organisation => "id.missing",
                EntityKind::Item => "item.missing",
            };
            self.diagnostics.push(
                Diagnostic::error(code)
                    .at_row(row.number)
                    .in_optional_column(key_column.as_ref().map(|(_, h)| h.as_str()))
                    .in_sheet(sheet.as_deref()),
            );
            has_error = true;
        }

        let mut flags = IndicatorSet::default();
        for (index, header, indicator) in &self.indicator_columns {
            match values::boolean(row.cell(*index)) {
                Ok(true) => flags.insert(*indicator),
                Ok(false) => {}
                Err(_) => {
                    has_error = true;
                    self.diagnostics.push(
                        Diagnostic::error("indicator.value")
                            .at_row(row.number)
                            .in_column(header.clone())
                            .in_sheet(sheet.as_deref()),
                    );
                }
            }
        }
        if let Some(list) = self.header.column(&Field::IndicatorList) {
            let text = values::text(row.cell(list.index));
            for token in text
                .split(|c: char| matches!(c, ',' | ';' | '/') || c.is_whitespace())
                .filter(|t| !t.is_empty())
            {
                match normalise_code(token).and_then(|c| self.catalogue.index_of(&c)) {
                    Some(index) => flags.insert(index),
                    None => {
                        has_error = true;
                        self.diagnostics.push(
                            Diagnostic::error("indicator.value")
                                .at_row(row.number)
                                .in_column(list.header.clone())
                                .in_sheet(sheet.as_deref())
                                .with("value", "list"),
                        );
                    }
                }
            }
        }
        // An items table without indicator columns lists O.2.4 items.
        if self.kind == EntityKind::Item
            && self.indicator_columns.is_empty()
            && self.header.column(&Field::IndicatorList).is_none()
        {
            if let Some(index) = self.catalogue.index_of("O.2.4") {
                flags.insert(index);
            }
        }

        let date_column = self
            .header
            .column(&Field::StartDate)
            .map(|c| (c.index, c.header.clone()));
        let date = match date_column
            .as_ref()
            .map(|(i, _)| values::date(row.cell(*i)))
        {
            Some(Ok(date)) => date,
            Some(Err(_)) => {
                has_error = true;
                self.diagnostics.push(
                    Diagnostic::error("date.invalid")
                        .at_row(row.number)
                        .in_optional_column(date_column.as_ref().map(|(_, h)| h.as_str()))
                        .in_sheet(sheet.as_deref())
                        .with("value", "start_date"),
                );
                None
            }
            None => None,
        };
        if !has_error {
            self.entities.push(Entity {
                number: row.number,
                key,
                flags,
                date,
            });
        }
    }
}
