//! `amif-check check` and `amif-check report`: read a register, apply every
//! rule, print diagnostics or aggregates.

use super::{today, CountryArg, RegisterArgs, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use amif_check::api::{Options, RegisterStream, Validation};
use amif_check::messages::{message, Lang};
use amif_check::output::aggregates::FileHasher;
use amif_check::output::marked_copy;
use amif_check::output::{aggregates, diagnostics, individual};
use amif_check::register::{ReadError, ReadOptions};
use amif_check::rules::RuleOptions;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum CheckFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ReportFormat {
    Json,
    Csv,
}

fn options(args: &RegisterArgs, individual_report: bool) -> Options {
    let mut rules = RuleOptions::new(args.reference_date.unwrap_or_else(today));
    rules.country = args.country.map(CountryArg::into);
    rules.period = args.period;
    rules.periods = args.periods.clone().unwrap_or_default();
    rules.project_period = args.project_period;
    rules.action = args.action.clone();
    rules.individual_report = individual_report;
    let read = ReadOptions {
        sheet: args.sheet.clone(),
        header_row: args.header_row,
        mapping: args.map.clone(),
        ..ReadOptions::default()
    };
    Options {
        rules,
        read,
        lang: args.lang.into(),
    }
}

/// Refuses a file over the size limit before reading it; its size.
fn check_size(path: &Path, limit: u64, lang: Lang) -> Result<u64, String> {
    let size = fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if size > limit {
        let d = amif_check::diagnostic::Diagnostic::error("file.unreadable")
            .with("reason", "too_large")
            .with("limit_mb", (limit / (1024 * 1024)).to_string());
        return Err(format!("{}: {}", path.display(), message(&d, lang)));
    }
    Ok(size)
}

/// Reads a file whole (further files: small tables).
fn read_file(path: &Path, limit: u64, lang: Lang) -> Result<Vec<u8>, String> {
    check_size(path, limit, lang)?;
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// How much of the register is read at a time: a CSV file is checked as
/// it is read, never held whole.
const PIECE_BYTES: usize = 1 << 20;

/// Runs the whole check; `Err` is one line for stderr (exit 2).
fn validate(args: &RegisterArgs, individual_report: bool) -> Result<Validation, String> {
    validate_file(&args.file, &args.extra, &options(args, individual_report))
}

/// Checks `register` with further files `extra`; the register is hashed as
/// it is read, for the aggregates' stamp.
pub(super) fn validate_file(
    register_path: &Path,
    extra: &[PathBuf],
    options: &Options,
) -> Result<Validation, String> {
    let limit = options.read.max_file_bytes;
    let size = check_size(register_path, limit, options.lang)?;
    let extras = extra
        .iter()
        .map(|path| {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            read_file(path, limit, options.lang).map(|bytes| (name, bytes))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let extra_refs: Vec<(&str, &[u8])> = extras
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let failed = |err: ReadError| {
        format!(
            "{}: {}",
            register_path.display(),
            message(err.diagnostic(), options.lang)
        )
    };
    let mut file =
        fs::File::open(register_path).map_err(|e| format!("{}: {e}", register_path.display()))?;
    let mut register = RegisterStream::new(options);
    register.expect(size);
    let mut hasher = FileHasher::default();
    let mut piece = vec![0; PIECE_BYTES];
    loop {
        let read = match file.read(&mut piece) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("{}: {e}", register_path.display())),
        };
        let piece = piece.get(..read).unwrap_or_default();
        hasher.update(piece);
        register.push(piece).map_err(failed)?;
    }
    let mut validation = register.finish(&extra_refs, &mut |_| {}).map_err(failed)?;
    validation.register = Some(hasher.finish());
    Ok(validation)
}

fn exit_code(validation: &Validation) -> i32 {
    if validation.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

fn fail(text: &str) -> io::Result<i32> {
    writeln!(io::stderr(), "amif-check: {text}")?;
    Ok(EXIT_USAGE)
}

pub(super) fn check(
    args: &RegisterArgs,
    format: CheckFormat,
    marked: Option<&Path>,
) -> io::Result<i32> {
    let validation = match validate(args, false) {
        Ok(v) => v,
        Err(text) => return fail(&text),
    };
    let lang = validation.options.lang;
    let found = &validation.outcome.diagnostics;
    if let Some(out) = marked {
        let written = fs::read(&args.file)
            .map_err(|e| format!("{}: {e}", args.file.display()))
            .and_then(|bytes| {
                marked_copy(
                    &bytes,
                    validation.table.sheet.as_deref(),
                    validation.table.header.row,
                    &diagnostics::to_records(found, lang),
                    lang,
                )
                .map_err(|err| format!("{}: {}", args.file.display(), err.message(lang)))
            })
            .and_then(|copy| fs::write(out, copy).map_err(|e| format!("{}: {e}", out.display())));
        if let Err(text) = written {
            return fail(&text);
        }
    }
    let text = match format {
        CheckFormat::Text => diagnostics::to_text(
            found,
            &validation.outcome.summary,
            &validation.options.read.mapping,
            lang,
        ),
        CheckFormat::Json => diagnostics::to_json(found, lang) + "\n",
        CheckFormat::Csv => diagnostics::to_csv(found, lang, validation.table.sheet.as_deref()),
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(exit_code(&validation))
}

pub(super) fn report(
    args: &RegisterArgs,
    format: ReportFormat,
    individual_report: Option<&Path>,
) -> io::Result<i32> {
    let validation = match validate(args, individual_report.is_some()) {
        Ok(v) => v,
        Err(text) => return fail(&text),
    };
    let lang = validation.options.lang;
    let result = validation.aggregates();
    let text = match format {
        ReportFormat::Json => aggregates::to_json(&result) + "\n",
        ReportFormat::Csv => aggregates::to_csv(&result, lang),
    };
    if let Some(path) = individual_report {
        let csv = individual::to_csv(&validation.outcome.individuals, lang);
        if let Err(e) = fs::write(path, csv) {
            return fail(&format!("{}: {e}", path.display()));
        }
    }
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(exit_code(&validation))
}
