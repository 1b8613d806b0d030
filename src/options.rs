//! Options as people write them, parsed by one set of rules for the
//! command line and the WebAssembly API alike: dates `YYYY-MM-DD`, periods
//! `FROM..TO`, reporting periods and column mappings `FIELD=HEADER`.
//!
//! ```
//! use amif_check::options::{parse_period, parse_periods};
//! use amif_check::rules::PeriodPlan;
//!
//! let first_half = parse_period("2024-01-01..2024-06-30").unwrap();
//! assert_eq!(first_half.to.to_string(), "2024-06-30");
//! assert_eq!(parse_periods("quarterly"), Ok(PeriodPlan::Every { months: 3 }));
//! assert!(parse_period("2024-06-30..2024-01-01").is_err());
//! ```

use crate::rules::{Period, PeriodPlan};
use chrono::NaiveDate;

/// Why an option was refused, in words for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError(pub String);

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptionError {}

fn refuse(text: &str) -> OptionError {
    OptionError(text.to_string())
}

/// An existing date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, OptionError> {
    crate::dates::parse(text.trim())
        .ok_or_else(|| refuse("expected an existing date written YYYY-MM-DD"))
}

/// A Finnish action of the catalogue (`2D5`, any case), as the catalogue
/// writes it. An unknown one is refused: it would check nothing.
pub fn parse_action(text: &str) -> Result<String, OptionError> {
    let catalogue = crate::catalogue::Catalogue::get();
    match catalogue.action(text) {
        Some(action) => Ok(action.code.clone()),
        None => {
            let known: Vec<&str> = catalogue
                .actions()
                .iter()
                .map(|a| a.code.as_str())
                .collect();
            Err(OptionError(format!(
                "unknown action {}; the catalogue's actions are {}",
                text.trim(),
                known.join(", ")
            )))
        }
    }
}

/// `FROM..TO`, both days included.
pub fn parse_period(text: &str) -> Result<Period, OptionError> {
    let (from, to) = text
        .split_once("..")
        .ok_or_else(|| refuse("expected FROM..TO, e.g. 2024-01-01..2024-06-30"))?;
    let (from, to) = (parse_date(from)?, parse_date(to)?);
    if to < from {
        return Err(refuse("the period ends before it starts"));
    }
    Ok(Period { from, to })
}

/// `quarterly`, `half-yearly` or `yearly` (counted from the project
/// period's start, else the first start date), or `FROM..TO,FROM..TO,…`:
/// periods in order that do not overlap, so each first participation
/// counts in one of them at most.
pub fn parse_periods(text: &str) -> Result<PeriodPlan, OptionError> {
    let months = match text.trim().to_ascii_lowercase().as_str() {
        "quarterly" | "quarter" | "kvartal" | "neljännesvuosi" => Some(3),
        "half-yearly" | "halfyearly" | "halvår" | "puolivuosi" => Some(6),
        "yearly" | "year" | "år" | "vuosi" => Some(12),
        _ => None,
    };
    if let Some(months) = months {
        return Ok(PeriodPlan::Every { months });
    }
    let periods = text
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(parse_period)
        .collect::<Result<Vec<_>, _>>()?;
    check_periods(&periods)?;
    Ok(PeriodPlan::List(periods))
}

/// Reporting periods must be in order and must not overlap.
pub fn check_periods(periods: &[Period]) -> Result<(), OptionError> {
    if periods.is_empty() {
        return Err(refuse(
            "expected quarterly, half-yearly, yearly or FROM..TO,FROM..TO,…",
        ));
    }
    if periods.windows(2).any(|w| match w {
        [a, b] => b.from <= a.to,
        _ => false,
    }) {
        return Err(refuse(
            "the periods must be in order and must not overlap (a person counts in one of them)",
        ));
    }
    Ok(())
}

/// `FIELD=HEADER`: the column headed HEADER holds FIELD (`-` = not used).
pub fn parse_mapping(text: &str) -> Result<(String, String), OptionError> {
    match text.split_once('=') {
        Some((field, header)) if !field.trim().is_empty() && !header.trim().is_empty() => {
            Ok((field.trim().to_string(), header.trim().to_string()))
        }
        _ => Err(refuse("expected FIELD=HEADER, e.g. 'Kön=Sex'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn dates_and_periods() {
        assert_eq!(parse_date(" 2024-02-29 "), Ok(date("2024-02-29")));
        for bad in ["2023-02-29", "24-01-01", "2024-1-01", "2024/01/01", ""] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(parse_period("2024-01-01").is_err());
        assert_eq!(
            parse_period("2024-01-01..2024-01-01").map(|p| p.to),
            Ok(date("2024-01-01"))
        );
    }

    #[test]
    fn reporting_periods() {
        assert_eq!(
            parse_periods("Yearly"),
            Ok(PeriodPlan::Every { months: 12 })
        );
        assert_eq!(
            parse_periods("half-yearly"),
            Ok(PeriodPlan::Every { months: 6 })
        );
        let two = parse_periods("2024-01-01..2024-06-30, 2024-07-01..2024-12-31");
        assert!(matches!(two, Ok(PeriodPlan::List(ref p)) if p.len() == 2));
        assert!(parse_periods("2024-01-01..2024-06-30,2024-06-30..2024-12-31").is_err());
        assert!(parse_periods("2024-07-01..2024-12-31,2024-01-01..2024-06-30").is_err());
        assert!(parse_periods("monthly").is_err());
        assert!(parse_periods("").is_err());
    }

    #[test]
    fn mappings() {
        assert_eq!(
            parse_mapping(" Kön = Sex "),
            Ok(("Kön".to_string(), "Sex".to_string()))
        );
        assert!(parse_mapping("Kön=").is_err());
        assert!(parse_mapping("Kön").is_err());
    }
}
