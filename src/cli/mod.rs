//! Command-line parsing and dispatch. Exit codes: 0 fine, 1 the register has
//! errors, 2 unusable input or usage.

mod ids;

use amif_check::ids::{Context, Country};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

pub const EXIT_OK: i32 = 0;
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

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| "expected an existing date written YYYY-MM-DD".to_string())
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
