//! Command-line parsing and dispatch. Exit codes: 0 fine, 1 the register has
//! errors, 2 unusable input or usage.

mod ids;
mod register;
mod verify;

use amif_check::ids::{Context, Country};
use amif_check::messages::Lang;
use amif_check::options;
use amif_check::rules::{Period, PeriodPlan};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser)]
#[command(
    name = "amif-check",
    version,
    about = "Validate AMIF participant registers and count programme indicators, on your own machine.",
    long_about = "Validate AMIF 2021-2027 participant registers (Sweden and Finland) and count \
programme indicators by age category and gender. Everything runs locally: identifiers never \
leave this computer and are never printed in diagnostics.\n\n\
Exit codes: 0 = no errors, 1 = the register has errors, 2 = unusable input or bad usage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check identifiers, one per line.
    #[command(long_about = IDS_HELP)]
    Ids(IdsArgs),
    /// Check a participant register and list every problem by row and column.
    #[command(long_about = CHECK_HELP)]
    Check {
        #[command(flatten)]
        register: RegisterArgs,
        /// text (for people, grouped and counted), json or csv
        #[arg(long, value_enum, default_value = "text")]
        format: register::CheckFormat,
        /// Also write the register with its findings marked to this XLSX file: an XLSX
        /// register's own workbook with problem cells filled and noted and a check sheet
        /// added (nothing else changed); for CSV, ODS and XLS a new workbook with the
        /// participant table only. It holds the register's personal data.
        #[arg(long, value_name = "OUT.xlsx")]
        marked: Option<PathBuf>,
    },
    /// Write a register template: a workbook whose headers, lists and date checks start the register right.
    #[command(long_about = TEMPLATE_HELP)]
    Template(TemplateArgs),
    /// Check that reported aggregates come from this register: the auditor's check.
    #[command(long_about = VERIFY_HELP)]
    Verify {
        /// The register file the aggregates name in their stamp
        #[arg(value_name = "REGISTER")]
        register: PathBuf,
        /// The aggregates (JSON) written by `amif-check report` or the page
        #[arg(value_name = "AGGREGATES.json")]
        aggregates: PathBuf,
        /// A further file the aggregates were counted from (evaluations, organisations, items); repeatable
        #[arg(long, value_name = "FILE")]
        extra: Vec<PathBuf>,
        /// Language of the output: sv (default), en or fi
        #[arg(long, value_enum, default_value = "sv")]
        lang: LangArg,
    },
    /// Count the programme indicators of a register by age category and gender.
    #[command(long_about = REPORT_HELP)]
    Report {
        #[command(flatten)]
        register: RegisterArgs,
        /// json (schema_version 1) or csv
        #[arg(long, value_enum, default_value = "json")]
        format: register::ReportFormat,
        /// Also write the individual-level report (ID, age category, gender, indicator) to
        /// this CSV file. It holds personal data: keep it on this computer.
        #[arg(long, value_name = "FILE")]
        individual_report: Option<PathBuf>,
        #[command(flatten)]
        previous: register::PreviousArgs,
    },
}

const VERIFY_HELP: &str = "Check that reported aggregates come from this register. The \
aggregates' stamp names the register file (SHA-256 and size), the further files and every option; \
the figures are counted again with those options and compared with the file's.\n\n\
Exit codes: 0 = the figures match, 1 = figures differ (listed), 2 = the register is not the stamped \
file, a further file is missing, or the aggregates cannot be verified (no stamp, not amif-check's).";

const TEMPLATE_HELP: &str = "Write a register template (XLSX): a participant sheet with the \
headers the check recognises in the chosen language, the ID column formatted as text, lists for \
gender and yes/no columns and date checks for dates, one column per indicator of the chosen action \
or list; an evaluation sheet when R.2.9 or R.1.5 is among them, an organisations sheet (with role) \
for O.2.2 and O.2.7, an items sheet for items; and a sheet of instructions. Without --action or \
--indicators: O.2.3 and R.2.9. A sub-indicator brings its parent, and O.2.3 brings R.2.9 (mandatory \
with it), so a template filled with valid rows passes the check.\n\n\
Exit codes: 0 = written, 2 = bad usage (an unknown action or indicator) or the file cannot be written.";

const CHECK_HELP: &str = "Check a participant register (CSV, XLSX, XLS or ODS) against the \
AMIF counting rules and list every problem with its row and column as seen in the spreadsheet. \
Identifiers, names and birth dates are never printed.\n\n\
Exit codes: 0 = no errors (warnings allowed), 1 = the register has errors, 2 = unusable input or bad usage.";

const REPORT_HELP: &str = "Count the programme indicators of a participant register: per \
indicator the number of unique participants split by age category (<18, 18-60, >60) and gender \
category (man, kvinna, icke-binär), plus rows read, rows counted, persons, errors and warnings. \
Rows with errors are left out of the counts. The aggregates hold no identifier, name, date or row \
number, so they are safe to send on.\n\n\
Exit codes: 0 = no errors, 1 = the register has errors (the aggregates are still printed), \
2 = unusable input or bad usage.";

/// What `check` and `report` share.
#[derive(clap::Args)]
struct RegisterArgs {
    /// The participant register: CSV (any common encoding and delimiter), XLSX, XLS or ODS
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// A further file holding evaluations (R.2.9, R.1.5), organisations (O.2.2, O.2.7) or
    /// items (O.2.4); repeatable. A workbook's other sheets are found by themselves.
    #[arg(long, value_name = "FILE")]
    extra: Vec<PathBuf>,
    /// Report date YYYY-MM-DD: 10-digit personnummer century, start dates after it are errors [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    reference_date: Option<NaiveDate>,
    /// Count only participants whose first participation falls in FROM..TO (inclusive)
    #[arg(long, value_name = "FROM..TO", value_parser = parse_period)]
    period: Option<Period>,
    /// Also count in each reporting period: quarterly, half-yearly or yearly (from the
    /// project period's start, else the first start date), or FROM..TO,FROM..TO,… in order
    #[arg(long, value_name = "PERIODS", value_parser = parse_periods, conflicts_with = "period")]
    periods: Option<PeriodPlan>,
    /// Warn about start dates outside the project period FROM..TO
    #[arg(long, value_name = "FROM..TO", value_parser = parse_period)]
    project_period: Option<Period>,
    /// se (Sweden) or fi (Finland) [default: Finland when most IDs are henkilötunnus, else Sweden]
    #[arg(long, value_enum)]
    country: Option<CountryArg>,
    /// The sheet holding the participants [default: the first sheet with an ID column]
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// The participant table's header row, as the sheet numbers it [default: found by its headers]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    header_row: Option<u32>,
    /// Column mapping FIELD=HEADER, e.g. 'Kön=Sex' or 'O.2.3.1=Språkkurs'; '-=HEADER' ignores a column. Repeatable
    #[arg(long, value_name = "FIELD=HEADER", value_parser = parse_mapping, allow_hyphen_values = true)]
    map: Vec<(String, String)>,
    /// A Finnish action (e.g. 2D5): warn about indicators outside its list
    #[arg(long, value_name = "CODE", value_parser = parse_action)]
    action: Option<String>,
    /// Language of messages: sv (default), en or fi
    #[arg(long, value_enum, default_value = "sv")]
    lang: LangArg,
}

#[derive(clap::Args)]
struct TemplateArgs {
    /// se (Sweden) or fi (Finland): which identifiers the ID column takes
    #[arg(long, value_enum)]
    country: CountryArg,
    /// A Finnish action (e.g. 2D5): a column for each of its indicators
    #[arg(long, value_name = "CODE")]
    action: Option<String>,
    /// Indicator codes, comma-separated (e.g. O.2.3,O.2.3.1,R.2.9)
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    indicators: Vec<String>,
    /// Language of headers, lists and instructions: sv (default), en or fi
    #[arg(long, value_enum, default_value = "sv")]
    lang: LangArg,
    /// The template to write
    #[arg(value_name = "OUT.xlsx")]
    out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Sv,
    En,
    Fi,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Self {
        match arg {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
            LangArg::Fi => Lang::Fi,
        }
    }
}

const IDS_HELP: &str = "Check identifiers, one candidate per line, read from FILE or standard input.\n\n\
Prints one tab-separated line per input line:\n  \
<line number> <valid|invalid> <canonical form, empty if invalid> <kind if valid, diagnostic code if invalid>\n\n\
Kinds (--context person): personnummer, samordningsnummer, lma, internal (Sweden); \
henkilötunnus, internal (Finland). Kinds (--context org): organisationsnummer (Sweden), y-tunnus (Finland).\n\n\
Canonical forms: personnummer and samordningsnummer as 12 digits YYYYMMDDNNNC (samordningsnummer keep day + 60); \
LMA-nummer as 8 digits; internal IDs in uppercase (ANNSAN19990801); henkilötunnus with the century sign \
normalised to + (1800s), - (1900s) or A (2000s); organisationsnummer as NNNNNN-NNNN; Y-tunnus as NNNNNNN-N.\n\n\
Diagnostic codes: id.missing (empty line), id.format (no accepted form), id.checksum (wrong check digit \
or character), id.date (the date in the number does not exist).\n\n\
A 10-digit personnummer gets the latest century whose year is not after the reference date's year; \
the + separator moves it 100 years back.";

#[derive(clap::Args)]
struct IdsArgs {
    /// Report date YYYY-MM-DD; decides the century of 10-digit personnummer [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    reference_date: Option<NaiveDate>,
    /// Which national numbers exist: se (Sweden) or fi (Finland)
    #[arg(long, value_enum, default_value_t = CountryArg::Se)]
    country: CountryArg,
    /// Whether the lines identify persons or organisations
    #[arg(long, value_enum, default_value_t = ContextArg::Person)]
    context: ContextArg,
    /// File with one identifier per line; - or nothing reads standard input
    #[arg(value_name = "FILE|-")]
    file: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CountryArg {
    Se,
    Fi,
}

impl From<CountryArg> for Country {
    fn from(arg: CountryArg) -> Self {
        match arg {
            CountryArg::Se => Country::Se,
            CountryArg::Fi => Country::Fi,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ContextArg {
    Person,
    Org,
}

impl From<ContextArg> for Context {
    fn from(arg: ContextArg) -> Self {
        match arg {
            ContextArg::Person => Context::Person,
            ContextArg::Org => Context::Org,
        }
    }
}

/// The shared parsers (amif_check::options) as clap's value parsers.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    options::parse_date(text).map_err(|e| e.to_string())
}

fn parse_period(text: &str) -> Result<Period, String> {
    options::parse_period(text).map_err(|e| e.to_string())
}

fn parse_periods(text: &str) -> Result<PeriodPlan, String> {
    options::parse_periods(text).map_err(|e| e.to_string())
}

fn parse_mapping(text: &str) -> Result<(String, String), String> {
    options::parse_mapping(text).map_err(|e| e.to_string())
}

fn parse_action(text: &str) -> Result<String, String> {
    options::parse_action(text).map_err(|e| e.to_string())
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Parses the command line and runs it; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let result = match cli.command {
        Command::Ids(args) => ids::run(&args),
        Command::Template(args) => template(&args),
        Command::Verify {
            register,
            aggregates,
            extra,
            lang,
        } => verify::run(&register, &aggregates, &extra, lang.into()),
        Command::Check {
            register,
            format,
            marked,
        } => register::check(&register, format, marked.as_deref()),
        Command::Report {
            register,
            format,
            individual_report,
            previous,
        } => register::report(&register, format, individual_report.as_deref(), &previous),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`amif-check ids | head`) is the reader's choice, not an error.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(err) => {
            eprintln!("amif-check: {err}");
            EXIT_USAGE
        }
    }
}

fn template(args: &TemplateArgs) -> io::Result<i32> {
    let options = amif_check::output::template::TemplateOptions {
        country: args.country.into(),
        action: args.action.clone(),
        indicators: args.indicators.clone(),
        lang: args.lang.into(),
    };
    if !args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let why = options.lang.pick(
            "mallen är en Excel-arbetsbok: ge den ett namn som slutar på .xlsx.",
            "the template is an Excel workbook: give it a name ending in .xlsx.",
            "pohja on Excel-työkirja: anna sille nimi, joka päättyy .xlsx.",
        );
        writeln!(io::stderr(), "amif-check: {}: {why}", args.out.display())?;
        return Ok(EXIT_USAGE);
    }
    let bytes = match amif_check::output::template::template(&options) {
        Ok(bytes) => bytes,
        Err(err) => {
            writeln!(io::stderr(), "amif-check: {}", err.message(options.lang))?;
            return Ok(EXIT_USAGE);
        }
    };
    if let Err(e) = std::fs::write(&args.out, bytes) {
        writeln!(io::stderr(), "amif-check: {}: {e}", args.out.display())?;
        return Ok(EXIT_USAGE);
    }
    Ok(EXIT_OK)
}

/// Help and version go to stdout with exit 0; any other problem is one line
/// on stderr with exit 2.
fn usage_error(err: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                EXIT_USAGE
            } else {
                EXIT_OK
            }
        }
        _ => {
            let rendered = err.to_string();
            let first = rendered.lines().next().unwrap_or("bad usage");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(
                io::stderr(),
                "amif-check: {first} (see 'amif-check --help')"
            );
            EXIT_USAGE
        }
    }
}
