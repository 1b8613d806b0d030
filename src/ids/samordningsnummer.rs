//! Swedish samordningsnummer: a personnummer whose day is the birth day + 60.

use super::{compact, personnummer, IdError, IdKind, ParsedId};
use chrono::NaiveDate;

/// Parses a samordningsnummer (not a personnummer); the canonical form keeps
/// the day as written and the birth date is day − 60.
pub fn parse(text: &str, reference_date: NaiveDate) -> Result<ParsedId, IdError> {
    let parsed = personnummer::parse_national(&compact(text), reference_date)?;
    match parsed.kind {
        IdKind::Samordningsnummer => Ok(parsed),
        _ => Err(IdError::Format),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    #[test]
    fn day_plus_sixty_is_kept_and_birth_date_is_day_minus_sixty() {
        let parsed = parse("811278-9873", reference());
        assert_eq!(
            parsed.clone().map(|p| p.canonical),
            Ok("198112789873".into())
        );
        assert_eq!(
            parsed.map(|p| p.birth_date),
            Ok(NaiveDate::from_ymd_opt(1981, 12, 18))
        );
    }

    #[test]
    fn days_61_to_91() {
        // 61 is the 1st, 91 the 31st; 92 never exists.
        assert!(parse("19810161-0007", reference()).is_ok());
        assert!(parse("19810191-0001", reference()).is_ok());
        assert_eq!(parse("19810192-0005", reference()), Err(IdError::Date));
        // 30 February does not exist as day 90 either.
        assert_eq!(parse("19810290-0000", reference()), Err(IdError::Date));
        // 29 February + 60 in a leap year.
        assert!(parse("20000289-0002", reference()).is_ok());
    }

    #[test]
    fn personnummer_is_not_a_samordningsnummer() {
        assert_eq!(parse("811218-9876", reference()), Err(IdError::Format));
    }
}
