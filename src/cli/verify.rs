//! `amif-check verify REGISTER AGGREGATES.json`: the auditor's check that
//! reported figures come from this register. The aggregates' stamp names
//! the register file (SHA-256 and size), the further files and every
//! option; the figures are counted again with those options and compared.
//! Exit codes: 0 they match, 1 figures differ (listed), 2 the file is not
//! the stamped one, or the aggregates cannot be verified.

use super::register::validate_file;
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use amif_check::messages::Lang;
use amif_check::output::aggregates::{Aggregates, FileStamp, IndicatorJson};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

fn l(lang: Lang, sv: &'static str, en: &'static str, fi: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
        Lang::Fi => fi,
    }
}

/// Why the figures cannot be compared at all (exit 2).
fn refuse(text: String) -> io::Result<i32> {
    writeln!(io::stderr(), "amif-check: {text}")?;
    Ok(EXIT_USAGE)
}

fn file_stamp(path: &Path) -> Result<FileStamp, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(FileStamp::of(&bytes))
}

/// The differences between the stamped figures and the figures now.
fn differences(stamped: &Aggregates, now: &Aggregates, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let find = |list: &[IndicatorJson], code: &str| list.iter().find(|i| i.code == code).cloned();
    let mut codes: Vec<&str> = stamped
        .indicators
        .iter()
        .chain(&now.indicators)
        .map(|i| i.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let (then, later) = (find(&stamped.indicators, code), find(&now.indicators, code));
        if then == later {
            continue;
        }
        let total = |i: &Option<IndicatorJson>| i.as_ref().map_or(0, |i| i.total);
        let line = if total(&then) == total(&later) {
            format!(
                "{code}: {} {}",
                total(&then),
                l(
                    lang,
                    "(samma totalt, annan fördelning på ålder och kön)",
                    "(the same total, another split by age and gender)",
                    "(sama yhteensä, eri jako iän ja sukupuolen mukaan)",
                )
            )
        } else {
            format!(
                "{code}: {} {}, {} {}",
                l(lang, "stämplat", "stamped", "leimattu"),
                total(&then),
                l(lang, "nu", "now", "nyt"),
                total(&later)
            )
        };
        out.push(line);
    }
    if stamped.periods != now.periods {
        out.push(
            l(
                lang,
                "Siffrorna per rapportperiod skiljer sig.",
                "The figures per reporting period differ.",
                "Raportointikausien luvut eroavat.",
            )
            .to_string(),
        );
    }
    if stamped.summary != now.summary {
        out.push(
            l(
                lang,
                "Sammanfattningen (rader, personer, fel, varningar) skiljer sig.",
                "The summary (rows, persons, errors, warnings) differs.",
                "Yhteenveto (rivit, henkilöt, virheet, varoitukset) eroaa.",
            )
            .to_string(),
        );
    }
    out
}

pub(super) fn run(
    register: &Path,
    aggregates: &Path,
    extra: &[PathBuf],
    lang: Lang,
) -> io::Result<i32> {
    let not_ours = || {
        format!(
            "{}: {}",
            aggregates.display(),
            l(
                lang,
                "inte en aggregatfil från amif-check (JSON).",
                "not an aggregates file of amif-check (JSON).",
                "ei amif-checkin koostetiedosto (JSON).",
            )
        )
    };
    let text = match fs::read_to_string(aggregates) {
        Ok(text) => text,
        Err(e) => return refuse(format!("{}: {e}", aggregates.display())),
    };
    let stamped: Aggregates = match serde_json::from_str(&text) {
        Ok(a) => a,
        Err(_) => return refuse(not_ours()),
    };
    let Some(stamp) = &stamped.stamp else {
        return refuse(format!(
            "{}: {}",
            aggregates.display(),
            l(
                lang,
                "filen saknar stämpel (den skrevs av en äldre version) och kan inte verifieras.",
                "the file has no stamp (an older version wrote it) and cannot be verified.",
                "tiedostossa ei ole leimaa (vanhempi versio kirjoitti sen), eikä sitä voi todentaa.",
            )
        ));
    };
    let Some(register_stamp) = &stamp.register else {
        return refuse(format!(
            "{}: {}",
            aggregates.display(),
            l(
                lang,
                "stämpeln anger ingen registerfil (siffrorna räknades från ett öppet kalkylblad).",
                "the stamp names no register file (the figures were counted from an open workbook).",
                "leima ei nimeä rekisteritiedostoa (luvut laskettiin avoimesta työkirjasta).",
            )
        ));
    };
    let actual = match file_stamp(register) {
        Ok(stamp) => stamp,
        Err(text) => return refuse(text),
    };
    if &actual != register_stamp {
        return refuse(format!(
            "{}: {}",
            register.display(),
            l(
                lang,
                "är inte den stämplade registerfilen (SHA-256 eller storlek skiljer sig).",
                "is not the stamped register file (the SHA-256 or size differs).",
                "ei ole leimattu rekisteritiedosto (SHA-256 tai koko eroaa).",
            )
        ));
    }
    // The further files: each stamped one must be given, by content.
    let mut given = Vec::new();
    for path in extra {
        match file_stamp(path) {
            Ok(stamp) => given.push(stamp),
            Err(text) => return refuse(text),
        }
    }
    for file in &stamp.further_files {
        let found = given
            .iter()
            .any(|g| g.sha256 == file.sha256 && g.bytes == file.bytes);
        if !found {
            return refuse(format!(
                "{} {} {}",
                l(
                    lang,
                    "Siffrorna räknades också från",
                    "The figures were also counted from",
                    "Luvut laskettiin myös tiedostosta",
                ),
                file.name,
                l(
                    lang,
                    "(ange filen med --extra, oförändrad).",
                    "(give that file with --extra, unchanged).",
                    "(anna tiedosto --extra-valinnalla muuttamattomana).",
                )
            ));
        }
    }
    let Some(options) = amif_check::api::stamped_options(stamp, lang) else {
        return refuse(not_ours());
    };
    let validation = match validate_file(register, extra, &options) {
        Ok(v) => v,
        Err(text) => return refuse(text),
    };
    let now = validation.aggregates();
    let mut out = io::stdout().lock();
    if stamped.tool.version != now.tool.version {
        writeln!(
            out,
            "{} {} ({} {}).",
            l(
                lang,
                "Obs: siffrorna stämplades av amif-check",
                "Note: the figures were stamped by amif-check",
                "Huom: luvut leimasi amif-check",
            ),
            stamped.tool.version,
            l(lang, "detta är", "this is", "tämä on"),
            now.tool.version
        )?;
    }
    let catalogue = now.stamp.as_ref().map(|s| s.catalogue_version.as_str());
    if catalogue != Some(stamp.catalogue_version.as_str()) {
        writeln!(
            out,
            "{} {}.",
            l(
                lang,
                "Obs: indikatorkatalogen har en annan version än vid stämplingen:",
                "Note: the indicator catalogue has another version than when stamped:",
                "Huom: indikaattoriluettelon versio on eri kuin leimattaessa:",
            ),
            stamp.catalogue_version
        )?;
    }
    let differences = differences(&stamped, &now, lang);
    if differences.is_empty() {
        writeln!(
            out,
            "{} {} ({} {}).",
            l(
                lang,
                "Siffrorna stämmer: registret och inställningarna ger samma aggregat som",
                "The figures match: the register and options give the same aggregates as",
                "Luvut täsmäävät: rekisteri ja asetukset antavat samat koosteet kuin",
            ),
            aggregates.display(),
            l(lang, "SHA-256", "SHA-256", "SHA-256"),
            actual.sha256
        )?;
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "{}",
        l(
            lang,
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
