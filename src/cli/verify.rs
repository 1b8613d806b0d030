//! `amif-check verify REGISTER AGGREGATES.json`: the auditor's check that
//! reported figures come from this register. The aggregates' stamp names
//! the register file (SHA-256 and size), the further files and every
//! option; the figures are counted again with those options and compared.
//! Exit codes: 0 they match, 1 figures differ (listed), 2 the file is not
//! the stamped one, or the aggregates cannot be verified.

use super::register::{read_file, validate_file, AGGREGATES_LIMIT};
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use amif_check::messages::Lang;
use amif_check::output::aggregates::{Aggregates, FileHasher, FileStamp, IndicatorJson, Stamp};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why the figures cannot be compared at all (exit 2).
fn refuse(text: String) -> io::Result<i32> {
    writeln!(io::stderr(), "amif-check: {text}")?;
    Ok(EXIT_USAGE)
}

/// A file's stamp, hashed a piece at a time: any size in bounded memory.
fn file_stamp(path: &Path) -> Result<FileStamp, String> {
    let failed = |e: io::Error| format!("{}: {e}", path.display());
    let mut file = fs::File::open(path).map_err(failed)?;
    let mut hasher = FileHasher::default();
    let mut piece = vec![0; 1 << 20];
    loop {
        let read = file.read(&mut piece).map_err(failed)?;
        if read == 0 {
            return Ok(hasher.finish());
        }
        hasher.update(piece.get(..read).unwrap_or_default());
    }
}

/// Per indicator, what differs between two lists of figures: each code
/// once (a code listed twice in the file is a difference too).
fn indicator_lines(stamped: &[IndicatorJson], now: &[IndicatorJson], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let find = |list: &[IndicatorJson], code: &str| list.iter().find(|i| i.code == code).cloned();
    let mut codes: Vec<&str> = stamped.iter().chain(now).map(|i| i.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let twice = |list: &[IndicatorJson]| list.iter().filter(|i| i.code == code).count() > 1;
        let (then, later) = (find(stamped, code), find(now, code));
        if twice(stamped) {
            out.push(format!(
                "{code}: {}",
                lang.pick(
                    "står mer än en gång i filen",
                    "is listed more than once in the file",
                    "on tiedostossa useammin kuin kerran",
                )
            ));
            continue;
        }
        if then == later {
            continue;
        }
        let total = |i: &Option<IndicatorJson>| i.as_ref().map(|i| i.total.to_string());
        let missing = || lang.pick("saknas", "missing", "puuttuu").to_string();
        out.push(
            if then.is_some() && later.is_some() && total(&then) == total(&later) {
                format!(
                    "{code}: {} {}",
                    total(&then).unwrap_or_default(),
                    lang.pick(
                        "(samma totalt, annan fördelning på ålder och kön)",
                        "(the same total, another split by age and gender)",
                        "(sama yhteensä, eri jako iän ja sukupuolen mukaan)",
                    )
                )
            } else {
                format!(
                    "{code}: {} {}, {} {}",
                    lang.pick("stämplat", "stamped", "leimattu"),
                    total(&then).unwrap_or_else(missing),
                    lang.pick("nu", "now", "nyt"),
                    total(&later).unwrap_or_else(missing)
                )
            },
        );
    }
    out
}

/// The differences between the stamped file and the aggregates counted
/// now: every figure, every period's, the summary, and what the file says
/// it counted (date, period, country, column choices, sheet, options), so
/// that no part of the file can be changed and still pass.
fn differences(stamped: &Aggregates, now: &Aggregates, lang: Lang) -> Vec<String> {
    let mut out = indicator_lines(&stamped.indicators, &now.indicators, lang);
    let no_periods = Vec::new();
    let (then_periods, now_periods) = (
        stamped.periods.as_ref().unwrap_or(&no_periods),
        now.periods.as_ref().unwrap_or(&no_periods),
    );
    if then_periods.len() != now_periods.len()
        || then_periods
            .iter()
            .zip(now_periods)
            .any(|(a, b)| (&a.from, &a.to) != (&b.from, &b.to))
    {
        out.push(
            lang.pick(
                "Rapportperioderna skiljer sig.",
                "The reporting periods differ.",
                "Raportointikaudet eroavat.",
            )
            .to_string(),
        );
    } else {
        for (then, later) in then_periods.iter().zip(now_periods) {
            for line in indicator_lines(&then.indicators, &later.indicators, lang) {
                out.push(format!("{}..{} {line}", then.from, then.to));
            }
        }
    }
    if stamped.summary != now.summary {
        // Each count that differs, by its key in the file.
        let counts = |a: &Aggregates| match serde_json::to_value(&a.summary) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let (then, later) = (counts(stamped), counts(now));
        for (key, value) in &then {
            if later.get(key) != Some(value) {
                out.push(format!(
                    "summary.{key}: {} {value}, {} {}",
                    lang.pick("stämplat", "stamped", "leimattu"),
                    lang.pick("nu", "now", "nyt"),
                    later.get(key).map_or_else(String::new, ToString::to_string)
                ));
            }
        }
    }
    let said = |field: &str, differs: bool| {
        differs.then(|| {
            format!(
                "{field}: {}",
                lang.pick(
                    "filen anger något annat än det som räknades med dess stämpel",
                    "the file says something other than what its stamp counts with",
                    "tiedosto sanoo muuta kuin sen leimalla lasketaan",
                )
            )
        })
    };
    let stamp_part = |a: &Aggregates| {
        a.stamp
            .as_ref()
            .map(|s| (s.sheet.clone(), s.options.clone()))
    };
    out.extend(
        [
            said(
                "schema_version",
                stamped.schema_version != now.schema_version,
            ),
            said(
                "reference_date",
                stamped.reference_date != now.reference_date,
            ),
            said("period", stamped.period != now.period),
            said("country", stamped.country != now.country),
            said("mapping", stamped.mapping != now.mapping),
            said("stamp", stamp_part(stamped) != stamp_part(now)),
        ]
        .into_iter()
        .flatten(),
    );
    out
}

/// The stamped aggregates, or why they cannot be verified.
fn read_stamped(aggregates: &Path, lang: Lang) -> Result<Aggregates, String> {
    let named = |text: &str| format!("{}: {text}", aggregates.display());
    let bytes = read_file(aggregates, AGGREGATES_LIMIT, lang)?;
    let stamped: Aggregates = serde_json::from_slice(&bytes).map_err(|_| {
        named(lang.pick(
            "inte en aggregatfil från amif-check (JSON).",
            "not an aggregates file of amif-check (JSON).",
            "ei amif-checkin koostetiedosto (JSON).",
        ))
    })?;
    let Some(stamp) = &stamped.stamp else {
        return Err(named(lang.pick(
            "filen saknar stämpel (den skrevs av en äldre version) och kan inte verifieras.",
            "the file has no stamp (an older version wrote it) and cannot be verified.",
            "tiedostossa ei ole leimaa (vanhempi versio kirjoitti sen), eikä sitä voi todentaa.",
        )));
    };
    if stamp.register.is_none() {
        return Err(named(lang.pick(
            "stämpeln anger ingen registerfil (siffrorna räknades från ett öppet kalkylblad).",
            "the stamp names no register file (the figures were counted from an open workbook).",
            "leima ei nimeä rekisteritiedostoa (luvut laskettiin avoimesta työkirjasta).",
        )));
    }
    Ok(stamped)
}

/// Whether the register and further files are the stamped ones; the
/// register's stamp.
fn check_files(
    register: &Path,
    extra: &[PathBuf],
    stamp: &Stamp,
    lang: Lang,
) -> Result<FileStamp, String> {
    let actual = file_stamp(register)?;
    if stamp.register.as_ref() != Some(&actual) {
        return Err(format!(
            "{}: {}",
            register.display(),
            lang.pick(
                "är inte den stämplade registerfilen (SHA-256 eller storlek skiljer sig).",
                "is not the stamped register file (the SHA-256 or size differs).",
                "ei ole leimattu rekisteritiedosto (SHA-256 tai koko eroaa).",
            )
        ));
    }
    let given = extra
        .iter()
        .map(|path| file_stamp(path))
        .collect::<Result<Vec<_>, _>>()?;
    for file in &stamp.further_files {
        if !given
            .iter()
            .any(|g| g.sha256 == file.sha256 && g.bytes == file.bytes)
        {
            return Err(format!(
                "{} {} {}",
                lang.pick(
                    "Siffrorna räknades också från",
                    "The figures were also counted from",
                    "Luvut laskettiin myös tiedostosta",
                ),
                file.name,
                lang.pick(
                    "(ange filen med --extra, oförändrad).",
                    "(give that file with --extra, unchanged).",
                    "(anna tiedosto --extra-valinnalla muuttamattomana).",
                )
            ));
        }
    }
    Ok(actual)
}

/// Notes on what may explain a difference: another tool or catalogue version.
fn version_notes(stamped: &Aggregates, now: &Aggregates, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    if stamped.tool.version != now.tool.version {
        notes.push(format!(
            "{} {} ({} {}).",
            lang.pick(
                "Obs: siffrorna stämplades av amif-check",
                "Note: the figures were stamped by amif-check",
                "Huom: luvut leimasi amif-check",
            ),
            stamped.tool.version,
            lang.pick("detta är", "this is", "tämä on"),
            now.tool.version
        ));
    }
    let catalogue = |a: &Aggregates| a.stamp.as_ref().map(|s| s.catalogue_version.clone());
    if catalogue(stamped) != catalogue(now) {
        notes.push(format!(
            "{} {}.",
            lang.pick(
                "Obs: indikatorkatalogen har en annan version än vid stämplingen:",
                "Note: the indicator catalogue has another version than when stamped:",
                "Huom: indikaattoriluettelon versio on eri kuin leimattaessa:",
            ),
            catalogue(stamped).unwrap_or_default()
        ));
    }
    notes
}

pub(super) fn run(
    register: &Path,
    aggregates: &Path,
    extra: &[PathBuf],
    lang: Lang,
) -> io::Result<i32> {
    let stamped = match read_stamped(aggregates, lang) {
        Ok(stamped) => stamped,
        Err(text) => return refuse(text),
    };
    let Some(stamp) = &stamped.stamp else {
        return refuse(String::new());
    };
    let actual = match check_files(register, extra, stamp, lang) {
        Ok(actual) => actual,
        Err(text) => return refuse(text),
    };
    let Some(options) = amif_check::api::stamped_options(stamp, lang) else {
        return refuse(format!(
            "{}: {}",
            aggregates.display(),
            lang.pick(
                "stämpeln anger inställningar som inte finns.",
                "the stamp names options that do not exist.",
                "leima nimeää asetuksia, joita ei ole.",
            )
        ));
    };
    // A further file given twice is one file.
    let mut unique: Vec<PathBuf> = Vec::new();
    for path in extra {
        let key = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if !unique
            .iter()
            .any(|u| fs::canonicalize(u).unwrap_or_else(|_| u.clone()) == key)
        {
            unique.push(path.clone());
        }
    }
    let now = match validate_file(register, &unique, &options) {
        Ok(v) => v.aggregates(),
        Err(text) => return refuse(text),
    };
    let mut out = io::stdout().lock();
    for note in version_notes(&stamped, &now, lang) {
        writeln!(out, "{note}")?;
    }
    if stamped.comparison.is_some() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "Obs: jämförelsen med en tidigare rapport i filen kontrolleras inte (den kräver de tidigare filerna).",
                "Note: the file's comparison with an earlier report is not verified (it needs the earlier files).",
                "Huom: tiedoston vertailua aiempaan raporttiin ei todenneta (se vaatii aiemmat tiedostot).",
            )
        )?;
    }
    let differences = differences(&stamped, &now, lang);
    if differences.is_empty() {
        writeln!(
            out,
            "{} {} (SHA-256 {}).",
            lang.pick(
                "Siffrorna stämmer: registret och inställningarna ger samma aggregat som",
                "The figures match: the register and options give the same aggregates as",
                "Luvut täsmäävät: rekisteri ja asetukset antavat samat koosteet kuin",
            ),
            aggregates.display(),
            actual.sha256
        )?;
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "{}",
        lang.pick(
            "Siffrorna stämmer inte med den stämplade filen:",
            "The figures do not match the stamped file:",
            "Luvut eivät täsmää leimattuun tiedostoon:",
        )
    )?;
    for line in differences {
        writeln!(out, "  {line}")?;
    }
    Ok(EXIT_ERRORS)
}
