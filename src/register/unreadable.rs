//! Why a file cannot be read at all (`file.unreadable`): one variant per
//! reason, so a reason is never a misspelt string and the messages match
//! every one of them (see `crate::messages`).

use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unreadable {
    /// No bytes, or nothing but blank lines.
    Empty,
    Pdf,
    /// A Word or other text document.
    Word,
    Image,
    /// A zip archive that is no workbook.
    Zip,
    UnknownFormat,
    /// XLS or XLSB where only XLSX and ODS are read (the WebAssembly build).
    LegacyFormat,
    Encrypted,
    /// Unpacks to an unreasonable size.
    ZipBomb,
    /// A workbook without worksheets (only macros or charts).
    NoSheets,
    /// Damaged: a part is missing or cannot be read.
    Corrupt,
    TooLarge {
        limit_bytes: u64,
    },
    TooManyRows,
    TooManyColumns,
    /// A sheet spans too many cells (far-apart cells in a dense format).
    TooManyCells,
    CellTooLong,
    /// The sheet asked for is not there; the workbook's sheets.
    SheetNotFound {
        sheets: Vec<String>,
    },
}

impl Unreadable {
    /// The stable name of the reason (the diagnostic's `reason`).
    pub fn key(&self) -> &'static str {
        match self {
            Unreadable::Empty => "empty",
            Unreadable::Pdf => "pdf",
            Unreadable::Word => "word",
            Unreadable::Image => "image",
            Unreadable::Zip => "zip",
            Unreadable::UnknownFormat => "unknown_format",
            Unreadable::LegacyFormat => "legacy_format",
            Unreadable::Encrypted => "encrypted",
            Unreadable::ZipBomb => "zip_bomb",
            Unreadable::NoSheets => "no_sheets",
            Unreadable::Corrupt => "corrupt",
            Unreadable::TooLarge { .. } => "too_large",
            Unreadable::TooManyRows => "too_many_rows",
            Unreadable::TooManyColumns => "too_many_columns",
            Unreadable::TooManyCells => "too_many_cells",
            Unreadable::CellTooLong => "cell_too_long",
            Unreadable::SheetNotFound { .. } => "sheet_not_found",
        }
    }

    /// The `file.unreadable` finding, its reason and what the message needs.
    pub fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error("file.unreadable").with("reason", self.key());
        match self {
            Unreadable::TooLarge { limit_bytes } => d.with("limit_mb", megabytes(*limit_bytes)),
            Unreadable::SheetNotFound { sheets } => d.with("sheets", sheets.join(", ")),
            _ => d,
        }
    }

    /// The reason a `file.unreadable` finding names, if it is one.
    pub fn of(d: &Diagnostic) -> Option<Unreadable> {
        let reason = d.param("reason")?;
        REASONS.iter().find(|r| r.key() == reason).cloned()
    }
}

/// Every reason, those with details empty: what a finding's `reason` is read back as.
const REASONS: &[Unreadable] = &[
    Unreadable::Empty,
    Unreadable::Pdf,
    Unreadable::Word,
    Unreadable::Image,
    Unreadable::Zip,
    Unreadable::UnknownFormat,
    Unreadable::LegacyFormat,
    Unreadable::Encrypted,
    Unreadable::ZipBomb,
    Unreadable::NoSheets,
    Unreadable::Corrupt,
    Unreadable::TooLarge { limit_bytes: 0 },
    Unreadable::TooManyRows,
    Unreadable::TooManyColumns,
    Unreadable::TooManyCells,
    Unreadable::CellTooLong,
    Unreadable::SheetNotFound { sheets: Vec::new() },
];

/// A limit in MB as the message shows it: whole MB, or one decimal below 10
/// (in integers: float formatting costs the .wasm ~5 KB for this one place).
fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    let whole = bytes / MB;
    if whole >= 10 || bytes % MB == 0 {
        return whole.to_string();
    }
    let tenths = (bytes % MB * 10 + MB / 2) / MB;
    match tenths {
        10 => (whole + 1).to_string() + ".0",
        tenths => format!("{whole}.{tenths}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_in_megabytes() {
        assert_eq!(megabytes(200 * 1024 * 1024), "200");
        assert_eq!(megabytes(1024 * 1024), "1");
        assert_eq!(megabytes(512 * 1024), "0.5");
        assert_eq!(megabytes(15 * 1024 * 1024 + 1), "15");
        assert_eq!(megabytes(1024 * 1024 * 196 / 100), "2.0");
        assert_eq!(megabytes(1024 * 1024 * 125 / 100), "1.3");
    }

    #[test]
    fn every_reason_round_trips_through_its_finding() {
        let keys: std::collections::BTreeSet<&str> = REASONS.iter().map(Unreadable::key).collect();
        assert_eq!(keys.len(), REASONS.len(), "one key per reason");
        for reason in REASONS {
            assert_eq!(Unreadable::of(&reason.diagnostic()).as_ref(), Some(reason));
        }
        let huge = Unreadable::TooLarge {
            limit_bytes: 1 << 30,
        };
        assert!(matches!(
            Unreadable::of(&huge.diagnostic()),
            Some(Unreadable::TooLarge { .. })
        ));
    }
}
