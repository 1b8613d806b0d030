//! Diagnostics: what is wrong, where (row and column as the user sees them),
//! and how bad. Messages are rendered per language by `messages`; parameters
//! never hold identifiers, names or birth dates.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Every code a diagnostic can have (SPEC §7), with its severity: a
/// finding of a code always has that severity.
pub const CODES: &[(&str, Severity)] = &[
    ("file.unreadable", Severity::Error),
    ("header.not_found", Severity::Error),
    ("column.unknown", Severity::Info),
    ("column.duplicate", Severity::Warning),
    ("mapping.unknown_column", Severity::Error),
    ("id.missing", Severity::Error),
    ("id.format", Severity::Error),
    ("id.checksum", Severity::Error),
    ("id.date", Severity::Error),
    ("id.internal_mismatch", Severity::Error),
    ("id.short_name", Severity::Warning),
    ("id.mixed_methods", Severity::Warning),
    ("id.temporary", Severity::Info),
    ("gender.invalid", Severity::Error),
    ("date.invalid", Severity::Error),
    ("date.end_before_start", Severity::Error),
    ("date.future", Severity::Error),
    ("date.outside_project", Severity::Warning),
    ("birthdate.missing", Severity::Error),
    ("birthdate.mismatch", Severity::Error),
    ("birthdate.after_start", Severity::Error),
    ("birthdate.implausible", Severity::Warning),
    ("birthdate.partial", Severity::Info),
    ("citizenship.eu", Severity::Error),
    ("citizenship.ch", Severity::Warning),
    ("person.conflict", Severity::Error),
    ("indicator.parent_implied", Severity::Warning),
    ("indicator.value", Severity::Error),
    ("indicator.not_in_action", Severity::Warning),
    ("indicator.unknown", Severity::Warning),
    ("uam.adult", Severity::Warning),
    ("result.r29_missing", Severity::Warning),
    ("result.r28_without_course", Severity::Warning),
    ("result.follow_up_early", Severity::Warning),
    ("value.invalid", Severity::Error),
    ("language_level.invalid", Severity::Error),
    ("evaluation.unknown_person", Severity::Warning),
    ("org.not_public", Severity::Warning),
    ("item.missing", Severity::Error),
    ("item.no_indicator", Severity::Warning),
    ("family.missing", Severity::Error),
    ("org.beneficiary_o22", Severity::Warning),
    ("org.authority_unknown", Severity::Warning),
    ("register.empty", Severity::Warning),
    ("period.undated", Severity::Warning),
    ("period.outside", Severity::Warning),
    ("country.detected", Severity::Info),
];

/// Every name a diagnostic's parameter can have.
pub const PARAMS: &[&str] = &[
    "action",
    "age",
    "conflict",
    "count",
    "country",
    "field",
    "first_registration_row",
    "from",
    "header",
    "header_row",
    "hint",
    "indicator",
    "limit_mb",
    "parent",
    "problem",
    "reason",
    "reference_date",
    "rows",
    "sheet",
    "sheets",
    "table",
    "to",
    "value",
];

/// `code` as one of [`CODES`].
pub(crate) fn known_code(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .map(|&(known, _)| known)
        .find(|&known| known == code)
}

/// The severity every finding of `code` has.
pub fn severity_of(code: &str) -> Option<Severity> {
    CODES
        .iter()
        .find(|&&(known, _)| known == code)
        .map(|&(_, severity)| severity)
}

/// `name` as one of [`PARAMS`].
pub(crate) fn known_param(name: &str) -> Option<&'static str> {
    PARAMS.iter().copied().find(|&known| known == name)
}

/// One finding. `code` is a stable SPEC §7 code such as `id.checksum`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// 1-based row number as shown in the spreadsheet; `None` for the whole file.
    pub row: Option<u32>,
    /// The column's header as written in the file; `None` for the whole row.
    pub column: Option<String>,
    /// The sheet or file, for tables other than the participant table.
    pub sheet: Option<String>,
    /// Named values for the message (codes, accepted forms, other rows...),
    /// never a cell's personal content.
    pub params: Vec<(&'static str, String)>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity) -> Self {
        Diagnostic {
            code,
            severity,
            row: None,
            column: None,
            sheet: None,
            params: Vec::new(),
        }
    }

    pub fn error(code: &'static str) -> Self {
        Self::new(code, Severity::Error)
    }

    pub fn warning(code: &'static str) -> Self {
        Self::new(code, Severity::Warning)
    }

    pub fn info(code: &'static str) -> Self {
        Self::new(code, Severity::Info)
    }

    pub fn at_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Sets the column when there is one.
    pub fn in_optional_column(mut self, column: Option<&str>) -> Self {
        self.column = column.map(str::to_string);
        self
    }

    pub fn in_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}
