//! The one entry point the CLI, the WebAssembly layer and tests share:
//! bytes in, outcome out.

use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::Country;
use crate::messages::Lang;
use crate::output::aggregates::{self, Aggregates, FileStamp, PeriodJson, Stamp};
use crate::output::compare;
use crate::output::comparison::{Comparison, Problem};
use crate::pipeline::Participants;
use crate::register::{
    read_grid_table, read_table, unread_grid_tables, unread_tables, GridWorkbook, HeaderMap,
    ReadError, ReadOptions, Row, RowSink, StreamReader, Streamed, TableInfo, TableKind,
};
use crate::rules::{
    self, EntitySink, EvaluationSink, Outcome, PartSink, ParticipantSink, Period, PeriodPlan,
    RuleOptions,
};

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
    /// The register file, when its caller hashed it (see
    /// [`crate::output::aggregates::FileHasher`]).
    pub register: Option<FileStamp>,
    /// The further files read, by name.
    pub further: Vec<(String, FileStamp)>,
}

impl Validation {
    /// The aggregates, stamped with everything they were counted from.
    pub fn aggregates(&self) -> Aggregates {
        let built = aggregates::build(
            &self.outcome,
            &self.options.rules,
            &self.options.read,
            self.table.sheet.as_deref(),
        );
        let built = built.with_further_files(&self.further);
        match &self.register {
            Some(register) => built.with_register(register.clone()),
            None => built,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.outcome.summary.errors > 0
    }
}

/// Where a register comes from: a file's bytes, or the sheets of a workbook
/// open in a spreadsheet program (the Excel add-in).
#[derive(Clone, Copy)]
pub enum Register<'a> {
    Bytes(&'a [u8]),
    Grid(&'a GridWorkbook),
}

impl Register<'_> {
    fn read_table(
        self,
        kind: TableKind,
        options: &ReadOptions,
        sink: &mut dyn RowSink,
    ) -> Result<Option<TableInfo>, ReadError> {
        match self {
            Register::Bytes(bytes) => read_table(bytes, kind, options, sink),
            Register::Grid(book) => read_grid_table(book, kind, options, sink),
        }
    }

    fn unread_tables(
        self,
        used: &[String],
        options: &ReadOptions,
    ) -> Result<Vec<(String, Option<TableKind>)>, ReadError> {
        match self {
            Register::Bytes(bytes) => unread_tables(bytes, used, options),
            Register::Grid(book) => unread_grid_tables(book, used, options),
        }
    }
}

/// The tables besides the participants, each taken from the first place
/// that holds it, and what reading them found.
#[derive(Default)]
struct OtherTables {
    evaluations: Option<EvaluationSink>,
    organisations: Option<EntitySink>,
    items: Option<EntitySink>,
    /// Unknown columns of those tables, and tables nothing reads.
    diagnostics: Vec<Diagnostic>,
}

impl OtherTables {
    /// Reads whichever missing tables `source` holds, besides the sheets
    /// in `used`; `Ok(false)` when it holds none. Sheets of `source` that
    /// look like a table but were not read get `header.not_found`, when
    /// `source` holds some table (`always`: even when it holds none).
    fn read_from(
        &mut self,
        source: Register<'_>,
        read: &ReadOptions,
        rules: &RuleOptions,
        fallback_name: &str,
        always: bool,
    ) -> Result<bool, ReadError> {
        let mut read = read.clone();
        let mut found = false;
        for kind in [
            TableKind::Evaluations,
            TableKind::Organisations,
            TableKind::Items,
        ] {
            let mut sink = match kind {
                TableKind::Evaluations if self.evaluations.is_none() => {
                    OtherSink::Evaluations(EvaluationSink::new(rules, None))
                }
                TableKind::Organisations if self.organisations.is_none() => {
                    OtherSink::Entities(EntitySink::organisations(rules, None))
                }
                TableKind::Items if self.items.is_none() => {
                    OtherSink::Entities(EntitySink::items(rules, None))
                }
                _ => continue,
            };
            let Some(info) = source.read_table(kind, &read, sink.as_row_sink())? else {
                continue;
            };
            let name = info.sheet.clone().unwrap_or_else(|| fallback_name.into());
            self.diagnostics
                .extend(info.diagnostics.into_iter().map(|d| match d.sheet {
                    Some(_) => d,
                    None => d.in_sheet(Some(&name)),
                }));
            match sink {
                OtherSink::Evaluations(sink) => {
                    self.evaluations = Some(sink.with_sheet(Some(name)))
                }
                OtherSink::Entities(sink) if kind == TableKind::Organisations => {
                    self.organisations = Some(sink.with_sheet(Some(name)))
                }
                OtherSink::Entities(sink) => self.items = Some(sink.with_sheet(Some(name))),
            }
            found = true;
            match info.sheet {
                Some(sheet) => read.skip_sheets.push(sheet),
                // A CSV file is exactly one table.
                None => break,
            }
        }
        if found || always {
            for (sheet, kind) in source.unread_tables(&read.skip_sheets, &read)? {
                self.diagnostics.push(
                    Diagnostic::error("header.not_found")
                        .in_sheet(Some(&sheet))
                        .with("table", kind.map_or("unknown", TableKind::key)),
                );
            }
        }
        Ok(found)
    }
}

/// The sink of one of the other tables.
enum OtherSink {
    Evaluations(EvaluationSink),
    Entities(EntitySink),
}

impl OtherSink {
    fn as_row_sink(&mut self) -> &mut dyn RowSink {
        match self {
            OtherSink::Evaluations(sink) => sink,
            OtherSink::Entities(sink) => sink,
        }
    }
}

/// A further file: its name (for diagnostics) and bytes.
pub type NamedFile<'a> = (&'a str, &'a [u8]);

/// Reads `register` (and any further files holding evaluations,
/// organisations or items) and applies every rule.
///
/// A workbook may hold the other tables as sheets besides the participant
/// sheet; a further file is read as whichever of those tables it holds.
pub fn validate(
    register: &[u8],
    further_files: &[NamedFile],
    options: &Options,
) -> Result<Validation, ReadError> {
    validate_with_progress(register, further_files, options, &mut |_| {})
}

/// Participant rows between two progress reports.
const PROGRESS_EVERY: u32 = 10_000;

/// Hands rows on and reports how many were read, for progress bars.
struct Progress<'a> {
    sink: &'a mut ParticipantSink,
    rows: u32,
    report: &'a mut dyn FnMut(u32),
}

impl RowSink for Progress<'_> {
    fn header(&mut self, header: &HeaderMap) {
        self.sink.header(header);
    }

    fn row(&mut self, row: &Row) {
        self.sink.row(row);
        self.rows += 1;
        if self.rows % PROGRESS_EVERY == 0 {
            (self.report)(self.rows);
        }
    }
}

/// [`validate`], calling `report` with the number of participant rows read
/// so far every few thousand rows.
pub fn validate_with_progress(
    register: &[u8],
    further_files: &[NamedFile],
    options: &Options,
    report: &mut dyn FnMut(u32),
) -> Result<Validation, ReadError> {
    validate_source(Register::Bytes(register), further_files, options, report)
}

/// [`validate_with_progress`] for a register from bytes or from sheets.
pub fn validate_source(
    register: Register<'_>,
    further_files: &[NamedFile],
    options: &Options,
    report: &mut dyn FnMut(u32),
) -> Result<Validation, ReadError> {
    let mut participants = ParticipantSink::new(&options.rules);
    let mut progress = Progress {
        sink: &mut participants,
        rows: 0,
        report,
    };
    let table = register
        .read_table(TableKind::Participants, &options.read, &mut progress)?
        .ok_or_else(|| ReadError::HeaderNotFound(Diagnostic::error("header.not_found")))?;
    (progress.report)(progress.rows);
    complete(participants, table, Some(register), further_files, options)
}

/// The participant table read: reads the other tables (from the register's
/// other sheets, if it is a workbook, and from further files) and applies
/// every rule.
fn complete(
    participants: ParticipantSink,
    table: TableInfo,
    register: Option<Register<'_>>,
    further_files: &[NamedFile],
    options: &Options,
) -> Result<Validation, ReadError> {
    // The user's mapping and sheet choice are for the participant table.
    let others_options = ReadOptions {
        sheet: None,
        mapping: Vec::new(),
        skip_sheets: table.sheet.iter().cloned().collect(),
        ..options.read.clone()
    };
    let mut others = OtherTables::default();
    let mut file_diagnostics = Vec::new();
    if table.rows == 0 {
        let mut empty = Diagnostic::warning("register.empty");
        if let Some(sheet) = &table.sheet {
            empty = empty.with("sheet", sheet);
        }
        file_diagnostics.push(empty);
    }
    if let (Some(register), Some(_)) = (register, &table.sheet) {
        others.read_from(register, &others_options, &options.rules, "register", true)?;
    }
    let further_options = ReadOptions {
        skip_sheets: Vec::new(),
        ..others_options.clone()
    };
    for (name, bytes) in further_files {
        let found = others.read_from(
            Register::Bytes(bytes),
            &further_options,
            &options.rules,
            name,
            false,
        );
        // A further file that cannot be read is a finding about that file:
        // the register is still checked.
        let found = match found {
            Ok(found) => found,
            Err(err) => {
                file_diagnostics.push(err.diagnostic().in_sheet(Some(name)));
                continue;
            }
        };
        if !found {
            file_diagnostics.push(
                Diagnostic::error("header.not_found")
                    .in_sheet(Some(name))
                    .with("table", "further"),
            );
        }
    }

    let mut outcome = rules::finish(
        &options.rules,
        participants,
        others.evaluations,
        others.organisations,
        others.items,
    );
    let mut all = table.diagnostics.clone();
    all.append(&mut file_diagnostics);
    all.append(&mut others.diagnostics);
    all.append(&mut outcome.diagnostics);
    outcome.summary.errors = count(&all, Severity::Error);
    outcome.summary.warnings = count(&all, Severity::Warning);
    name_columns_by_letter_if_data(&mut all, &table, &options.read);
    outcome.diagnostics = all;
    Ok(Validation {
        outcome,
        options: options.clone(),
        table,
        register: None,
        further: further_files
            .iter()
            .map(|(name, bytes)| (name.to_string(), FileStamp::of(bytes)))
            .collect(),
    })
}

/// A header row that holds a person's data (the user chose a data row as
/// the header row): the participant table's findings name their columns by
/// letter, never by those cells. Only a header row the user pointed at, by
/// its number or by a choice naming such a cell: a register's own header
/// (`Kurs 202401`) keeps its names.
fn name_columns_by_letter_if_data(
    diagnostics: &mut [Diagnostic],
    table: &TableInfo,
    read: &ReadOptions,
) {
    use crate::register::looks_like_row_data;
    let chosen = read.header_row.is_some()
        || read
            .mapping
            .iter()
            .any(|(_, header)| looks_like_row_data(header));
    let columns = &table.header.columns;
    if !chosen || !columns.iter().any(|c| looks_like_row_data(&c.header)) {
        return;
    }
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.sheet.is_none() || d.sheet == table.sheet)
    {
        let letter = d.column.as_deref().and_then(|name| {
            let column = columns.iter().find(|c| c.header == name)?;
            Some(crate::output::xlsx::column_name(
                u16::try_from(column.index).ok()?,
            ))
        });
        if let Some(letter) = letter {
            d.column = Some(letter);
        }
    }
}

/// A register pushed piece by piece (see [`StreamReader`]): a CSV file's
/// rows are checked as they arrive, so it is never held whole.
///
/// A large CSV file can be checked in two parts at once: this stream takes
/// the file up to a line break, a [`RegisterPart`] the rest, and
/// [`RegisterStream::finish_with_part`] joins them.
pub struct RegisterStream {
    reader: StreamReader,
    participants: Participants,
    options: Options,
    /// The whole file's size, when told.
    total: u64,
}

/// Why a part could not be joined: the file is then checked in one piece.
#[derive(Debug)]
pub enum JoinError {
    /// The parts do not fit together (the first did not end at a line
    /// break outside quotes; the part was refused or is not one this build
    /// wrote; rows past the limit). Nothing is wrong with the file itself.
    NotJoinable,
    /// The first part could not be read.
    Read(ReadError),
}

impl From<ReadError> for JoinError {
    fn from(err: ReadError) -> JoinError {
        JoinError::Read(err)
    }
}

impl RegisterStream {
    pub fn new(options: &Options) -> RegisterStream {
        RegisterStream {
            reader: StreamReader::new(&options.read),
            participants: Participants::new(&options.rules),
            options: options.clone(),
            total: 0,
        }
    }

    /// Bytes pushed so far.
    pub fn received(&self) -> u64 {
        self.reader.received()
    }

    /// Participant rows read so far (CSV; workbooks are read at the end).
    pub fn rows(&self) -> usize {
        self.participants.rows()
    }

    /// See [`StreamReader::expect`].
    pub fn expect(&mut self, total: u64) {
        self.total = total;
        self.reader.expect(total);
    }

    pub fn push(&mut self, piece: &[u8]) -> Result<(), ReadError> {
        self.reader.push(piece, &mut self.participants)
    }

    /// Ends the file and validates; `report` as in [`validate_with_progress`].
    pub fn finish(
        mut self,
        further_files: &[NamedFile],
        report: &mut dyn FnMut(u32),
    ) -> Result<Validation, ReadError> {
        match self.reader.finish(&mut self.participants)? {
            Streamed::Text(table) => {
                report(table.rows);
                let participants = self.participants.finish();
                complete(participants, table, None, further_files, &self.options)
            }
            Streamed::Workbook(bytes) => validate_source(
                Register::Bytes(&bytes),
                further_files,
                &self.options,
                report,
            ),
        }
    }
}

impl RegisterStream {
    /// Ends the first part of a file whose rest was checked by a
    /// [`RegisterPart`] (`part`: what it wrote) and validates the whole, as
    /// [`RegisterStream::finish`] would have validated it read in one piece.
    /// The whole file's size must have been told ([`RegisterStream::expect`]).
    pub fn finish_with_part(
        mut self,
        part: &[u8],
        further_files: &[NamedFile],
        report: &mut dyn FnMut(u32),
    ) -> Result<Validation, JoinError> {
        if self.total == 0 || self.total > self.options.read.max_file_bytes {
            return Err(JoinError::NotJoinable);
        }
        let (offset, reading) = self
            .reader
            .rows_before_part(&mut self.participants)
            .ok_or(JoinError::NotJoinable)?;
        let Streamed::Text(mut table) = self.reader.finish(&mut self.participants)? else {
            return Err(JoinError::NotJoinable);
        };
        let mut participants = self.participants.finish();
        let joined = participants
            .join_part(part, reading, offset, self.options.read.max_rows)
            .and_then(|rows| u32::try_from(rows).ok())
            .ok_or(JoinError::NotJoinable)?;
        table.rows = table.rows.saturating_add(joined);
        report(table.rows);
        Ok(complete(
            participants,
            table,
            None,
            further_files,
            &self.options,
        )?)
    }
}

/// The rest of a CSV register from a line break past its header, checked on
/// its own while the part before it is read by a [`RegisterStream`].
pub struct RegisterPart {
    reader: StreamReader,
    participants: PartSink,
}

impl RegisterPart {
    /// `first_bytes`: the file's first 64 KB (or all of a shorter file), to
    /// read the rest as the whole file is read; `size`: the part's size in
    /// bytes, if known, so room for its rows is made once. `None` when the
    /// file cannot be checked in parts (see [`StreamReader::part`]).
    pub fn new(options: &Options, first_bytes: &[u8], size: Option<u64>) -> Option<RegisterPart> {
        let (mut reader, header, reading) = StreamReader::part(&options.read, first_bytes)?;
        let mut participants = PartSink::new(&options.rules, &header, reading);
        if let Some(size) = size {
            reader.expect(size);
            if let Some(rows) = reader.rows_expected(first_bytes) {
                participants.expect_rows(rows);
            }
        }
        Some(RegisterPart {
            reader,
            participants,
        })
    }

    /// Participant rows read so far.
    pub fn rows(&self) -> usize {
        self.participants.rows()
    }

    pub fn push(&mut self, piece: &[u8]) -> Result<(), ReadError> {
        self.reader.push(piece, &mut self.participants)
    }

    /// Ends the part: what [`RegisterStream::finish_with_part`] joins.
    pub fn finish(mut self) -> Result<Vec<u8>, ReadError> {
        self.reader.finish(&mut self.participants)?;
        Ok(self.participants.finish())
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> u32 {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count() as u32
}

/// The options a stamp records: the run that counted the stamped figures,
/// made again. `None` when the stamp holds something no option can be.
pub fn stamped_options(stamp: &Stamp, lang: Lang) -> Option<Options> {
    let date = crate::dates::parse;
    let period = |p: &Option<PeriodJson>| -> Option<Option<Period>> {
        match p {
            None => Some(None),
            Some(p) => Some(Some(Period {
                from: date(&p.from)?,
                to: date(&p.to)?,
            })),
        }
    };
    let o = &stamp.options;
    let mut rules = RuleOptions::new(date(&o.reference_date)?);
    rules.period = period(&o.period)?;
    rules.project_period = period(&o.project_period)?;
    rules.country = match &o.country {
        Some(text) => Some(Country::parse(text)?),
        None => None,
    };
    rules.action = o.action.clone();
    rules.periods = match &o.periods {
        Some(text) => crate::options::parse_periods(text).ok()?,
        None => PeriodPlan::None,
    };
    let read = ReadOptions {
        sheet: stamp.sheet.clone(),
        header_row: o.header_row,
        mapping: o
            .mapping
            .iter()
            .map(|(header, field)| (field.clone(), header.clone()))
            .collect(),
        ..ReadOptions::default()
    };
    Some(Options { rules, read, lang })
}

/// A register to compare with: its bytes and further files.
pub struct Earlier<'a> {
    pub register: &'a [u8],
    pub further_files: &'a [NamedFile<'a>],
}

/// What changed since an earlier report (`previous_json`, the aggregates
/// it wrote): the register now counted in that report's periods, figure
/// for figure; with the earlier register too, the reasons, person by
/// person on this machine and counted, never listed. A file that cannot be
/// compared with gives the reason instead.
pub fn compare_with_previous(
    register: Register<'_>,
    further_files: &[NamedFile],
    options: &Options,
    previous_json: &str,
    earlier: Option<Earlier<'_>>,
) -> Result<Comparison, ReadError> {
    let previous = match compare::read_previous(previous_json) {
        Ok(previous) => previous,
        Err(problem) => return Ok(Comparison::refused(problem, None)),
    };
    let stamp = previous.stamp.as_ref();
    let project_period = options.rules.project_period.map(|p| PeriodJson {
        from: p.from.to_string(),
        to: p.to.to_string(),
    });
    if stamp.is_some_and(|s| s.options.project_period != project_period) {
        return Ok(Comparison::refused(
            Problem::OtherProjectPeriod,
            Some(previous.reference_date.clone()),
        ));
    }
    let periods: Vec<Period> = compare::previous_periods(&previous)
        .into_iter()
        .flatten()
        .collect();
    let mut now_options = options.clone();
    now_options.rules.period = None;
    now_options.rules.periods = match periods.is_empty() {
        true => PeriodPlan::None,
        false => PeriodPlan::List(periods),
    };
    now_options.rules.individual_report = earlier.is_some();
    let now = validate_source(register, further_files, &now_options, &mut |_| {})?;
    if now.outcome.country.as_str() != previous.country {
        return Ok(Comparison::refused(
            Problem::OtherCountry,
            Some(previous.reference_date.clone()),
        ));
    }
    let now_aggregates = now.aggregates();
    let now_lists: Vec<Vec<aggregates::IndicatorJson>> = match now_aggregates.periods {
        Some(periods) => periods.into_iter().map(|p| p.indicators).collect(),
        None => vec![now_aggregates.indicators],
    };
    let Some(earlier) = earlier else {
        return Ok(compare::compare(&previous, &now_lists, None, None));
    };
    let stamped_register = stamp.and_then(|s| s.register.as_ref());
    if stamped_register.is_some_and(|r| *r != FileStamp::of(earlier.register)) {
        let problem = Some(Problem::PreviousRegisterNotStamped);
        return Ok(compare::compare(&previous, &now_lists, None, problem));
    }
    // The earlier run: its stamp's options, else this run's with its dates.
    let mut then_options = match stamp.and_then(|s| stamped_options(s, options.lang)) {
        Some(stamped) => stamped,
        None => {
            let mut then = options.clone();
            if let Some(date) = crate::dates::parse(&previous.reference_date) {
                then.rules.reference_date = date;
            }
            then
        }
    };
    then_options.rules.period = None;
    then_options.rules.periods = PeriodPlan::None;
    then_options.rules.individual_report = true;
    let then = validate(earlier.register, earlier.further_files, &then_options)?;
    Ok(compare::compare(
        &previous,
        &now_lists,
        Some((&then.outcome.individuals, &now.outcome.individuals)),
        None,
    ))
}
