//! The one entry point the CLI, the WebAssembly layer and tests share:
//! bytes in, outcome out.

use crate::diagnostic::Diagnostic;
use crate::messages::Lang;
use crate::output::aggregates::{self, Aggregates};
use crate::register::{read_table, ReadError, ReadOptions, RowSink, TableInfo, TableKind};
use crate::rules::{self, EntitySink, EvaluationSink, Outcome, ParticipantSink, RuleOptions};

/// Everything a run needs besides the bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub rules: RuleOptions,
    pub read: ReadOptions,
    pub lang: Lang,
}

/// A validated register: the outcome and what is needed to write outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub outcome: Outcome,
    pub options: Options,
    /// How the participant table's header was understood.
    pub table: TableInfo,
}

impl Validation {
    pub fn aggregates(&self) -> Aggregates {
        aggregates::build(
            &self.outcome,
            self.options.rules.reference_date,
            self.options.rules.period,
        )
    }

    pub fn has_errors(&self) -> bool {
        self.outcome.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads `register` (and any further files holding evaluations,
/// organisations or items) and applies every rule.
///
/// A workbook may hold the other tables as sheets; a further file is read as
/// whichever of those tables its header fits.
pub fn validate(
    register: &[u8],
    further_files: &[&[u8]],
    options: &Options,
) -> Result<Validation, ReadError> {
    let mut participants = ParticipantSink::new(&options.rules);
    let table = read_table(
        register,
        TableKind::Participants,
        &options.read,
        &mut participants,
    )?
    .unwrap_or_default();
    let participant_sheet = table.sheet.clone();

    let mut evaluations = None;
    let mut organisations = None;
    let mut items = None;
    // Other sheets of the same workbook: never the participant sheet itself.
    let workbook_options = ReadOptions {
        sheet: None,
        mapping: options.read.mapping.clone(),
        ..options.read.clone()
    };
    let sources: Vec<(&[u8], bool)> = std::iter::once((register, true))
        .chain(further_files.iter().map(|f| (*f, false)))
        .collect();
    for (bytes, is_register) in sources {
        if is_register && participant_sheet.is_none() {
            continue; // A CSV register holds only the participant table.
        }
        if evaluations.is_none() {
            let mut sink = EvaluationSink::new(&options.rules, None);
            if let Some(info) = read_other(
                bytes,
                TableKind::Evaluations,
                &workbook_options,
                &mut sink,
                &participant_sheet,
                is_register,
            )? {
                evaluations = Some(sink.with_sheet(sheet_name(info, "evaluations")));
                continue;
            }
        }
        if organisations.is_none() {
            let mut sink = EntitySink::organisations(&options.rules, None);
            if let Some(info) = read_other(
                bytes,
                TableKind::Organisations,
                &workbook_options,
                &mut sink,
                &participant_sheet,
                is_register,
            )? {
                organisations = Some(sink.with_sheet(sheet_name(info, "organisations")));
                if !is_register {
                    continue;
                }
            }
        }
        if items.is_none() {
            let mut sink = EntitySink::items(&options.rules, None);
            if let Some(info) = read_other(
                bytes,
                TableKind::Items,
                &workbook_options,
                &mut sink,
                &participant_sheet,
                is_register,
            )? {
                items = Some(sink.with_sheet(sheet_name(info, "items")));
            }
        }
    }

    let mut outcome = rules::finish(
        &options.rules,
        participants,
        evaluations,
        organisations,
        items,
    );
    let mut reading = table.diagnostics.clone();
    reading.append(&mut outcome.diagnostics);
    outcome.diagnostics = reading;
    Ok(Validation {
        outcome,
        options: options.clone(),
        table,
    })
}

/// Where a further table's diagnostics point: its sheet, or for a separate
/// CSV file the kind of table it holds.
fn sheet_name(info: TableInfo, kind: &str) -> Option<String> {
    Some(info.sheet.unwrap_or_else(|| kind.to_string()))
}

/// Reads one of the other tables; a table found on the participant sheet
/// itself does not count.
fn read_other(
    bytes: &[u8],
    kind: TableKind,
    options: &ReadOptions,
    sink: &mut dyn RowSink,
    participant_sheet: &Option<String>,
    is_register: bool,
) -> Result<Option<TableInfo>, ReadError> {
    match read_table(bytes, kind, options, sink) {
        Ok(Some(info)) if is_register && info.sheet == *participant_sheet => Ok(None),
        Ok(found) => Ok(found),
        // A further table that cannot be read is not fatal for the register itself.
        Err(err) if is_register => {
            let _ = err;
            Ok(None)
        }
        Err(err) => Err(err),
    }
}
