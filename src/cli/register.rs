//! `amif-check check` and `amif-check report`: read a register, apply every
//! rule, print diagnostics or aggregates.

use super::{today, CountryArg, RegisterArgs, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use amif_check::api::{
    compare_with_previous, Earlier, Options, Register, RegisterStream, Validation,
};
use amif_check::messages::{message, Lang};
use amif_check::output::aggregates::FileHasher;
use amif_check::output::comparison::Comparison;
use amif_check::output::marked_copy;
use amif_check::output::{aggregates, diagnostics, individual};
use amif_check::register::{ReadError, ReadOptions, Unreadable};
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
        let d = Unreadable::TooLarge { limit_bytes: limit }.diagnostic();
        return Err(format!("{}: {}", path.display(), message(&d, lang)));
    }
    Ok(size)
}

/// The most an aggregates file (the stamped one, or an earlier report)
/// may hold: it is a few kilobytes of counts.
pub(super) const AGGREGATES_LIMIT: u64 = 16 << 20;

/// Reads a file whole (further files: small tables).
pub(super) fn read_file(path: &Path, limit: u64, lang: Lang) -> Result<Vec<u8>, String> {
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
            message(&err.diagnostic(), options.lang)
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
    if let Some(out) = marked {
        let written = marked_name_refused(&args.file, &args.extra, out, lang)
            .and_then(|()| {
                fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))
            })
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
        // After the findings: a copy that cannot be made never hides them.
        if let Err(text) = written {
            return fail(&text);
        }
    }
    Ok(exit_code(&validation))
}

/// Why the marked copy may not be written at `out`: it would replace the
/// register or one of its files (never lose the user's data), or its name
/// does not say what it is. A macro workbook's copy is one too, and Excel
/// opens no `.xlsm` package named `.xlsx`; every other copy is an `.xlsx`.
fn marked_name_refused(
    register: &Path,
    extra: &[PathBuf],
    out: &Path,
    lang: Lang,
) -> Result<(), String> {
    let same = |input: &Path| match (fs::canonicalize(input), fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let refuse =
        |sv: &str, en: &str, fi: &str| Err(format!("{}: {}", out.display(), lang.pick(sv, en, fi)));
    if std::iter::once(register)
        .chain(extra.iter().map(PathBuf::as_path))
        .any(same)
    {
        return refuse(
            "den markerade kopian skulle ersätta registret självt. Ge kopian ett annat namn.",
            "the marked copy would replace the register itself. Give the copy another name.",
            "merkitty kopio korvaisi itse rekisterin. Anna kopiolle toinen nimi.",
        );
    }
    let extension = |path: &Path, wanted: &str| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(wanted))
    };
    match (extension(register, "xlsm"), extension(out, "xlsm"), extension(out, "xlsx")) {
        (true, false, _) => refuse(
            "registret är en makroarbetsbok (.xlsm), så den markerade kopian är det också: ge den ett namn som slutar på .xlsm.",
            "the register is a macro workbook (.xlsm), and so is its marked copy: give it a name ending in .xlsm.",
            "rekisteri on makrotyökirja (.xlsm), ja niin on sen merkitty kopiokin: anna sille nimi, joka päättyy .xlsm.",
        ),
        (false, _, false) => refuse(
            "den markerade kopian är en Excel-arbetsbok: ge den ett namn som slutar på .xlsx.",
            "the marked copy is an Excel workbook: give it a name ending in .xlsx.",
            "merkitty kopio on Excel-työkirja: anna sille nimi, joka päättyy .xlsx.",
        ),
        _ => Ok(()),
    }
}

/// What `report` compares with: the aggregates of an earlier report.
#[derive(clap::Args)]
pub(super) struct PreviousArgs {
    /// Compare with an earlier report's aggregates (JSON): for each indicator and period of
    /// that file, the figure then, the figure now and the difference
    #[arg(long, value_name = "OLD.json")]
    previous: Option<PathBuf>,
    /// The register that earlier report was counted from: the reasons for each change,
    /// counted (never listed by person), from both registers on this computer
    #[arg(long, value_name = "OLD-REGISTER", requires = "previous")]
    previous_register: Option<PathBuf>,
    /// A further file of the earlier register (evaluations, organisations, items); repeatable
    #[arg(long, value_name = "FILE", requires = "previous_register")]
    previous_extra: Vec<PathBuf>,
}

/// Every further file, read whole, by name.
fn read_further(
    paths: &[PathBuf],
    limit: u64,
    lang: Lang,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    paths
        .iter()
        .map(|path| {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            read_file(path, limit, lang).map(|bytes| (name, bytes))
        })
        .collect()
}

/// The comparison `report --previous` asks for.
fn comparison(args: &RegisterArgs, previous: &PreviousArgs) -> Result<Option<Comparison>, String> {
    let Some(previous_path) = &previous.previous else {
        return Ok(None);
    };
    let options = options(args, false);
    let (limit, lang) = (options.read.max_file_bytes, options.lang);
    // Not text, or not JSON: the comparison says so, the figures stand.
    let json = read_file(previous_path, AGGREGATES_LIMIT, lang)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())?;
    let register = read_file(&args.file, limit, lang)?;
    let further = read_further(&args.extra, limit, lang)?;
    let further: Vec<(&str, &[u8])> = further
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let earlier_register = match &previous.previous_register {
        Some(path) => Some(read_file(path, limit, lang)?),
        None => None,
    };
    let earlier_further = read_further(&previous.previous_extra, limit, lang)?;
    let earlier_further: Vec<(&str, &[u8])> = earlier_further
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let earlier = earlier_register.as_deref().map(|register| Earlier {
        register,
        further_files: &earlier_further,
    });
    let failed = |err: ReadError| message(&err.diagnostic(), lang);
    compare_with_previous(
        Register::Bytes(&register),
        &further,
        &options,
        &json,
        earlier,
    )
    .map(Some)
    .map_err(failed)
}

pub(super) fn report(
    args: &RegisterArgs,
    format: ReportFormat,
    individual_report: Option<&Path>,
    previous: &PreviousArgs,
) -> io::Result<i32> {
    let validation = match validate(args, individual_report.is_some()) {
        Ok(v) => v,
        Err(text) => return fail(&text),
    };
    let lang = validation.options.lang;
    let comparison = match comparison(args, previous) {
        Ok(comparison) => comparison,
        Err(text) => return fail(&text),
    };
    let result = validation.aggregates().with_comparison(comparison);
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
