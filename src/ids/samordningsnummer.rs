//! Swedish samordningsnummer: a personnummer whose day is the birth day + 60.
//! When the birth date is not fully known, Skatteverket writes month `00`
//! and/or day `60` (day 00 + 60): the number then gives only the year, or
//! the year and month (see [`super::BirthDate`]).

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
            parsed.map(|p| p.birth_date()),
            Ok(NaiveDate::from_ymd_opt(1981, 12, 18))
        );
    }

    #[test]
    fn days_61_to_91() {
        // 61 is the 1st, 91 the 31st; 92 never exists.
        assert!(parse("19810161-0015", reference()).is_ok());
        assert!(parse("19810191-0019", reference()).is_ok());
        assert_eq!(parse("19810192-0018", reference()), Err(IdError::Date));
        // 30 February does not exist as day 90 either.
        assert_eq!(parse("19810290-0019", reference()), Err(IdError::Date));
        // 29 February + 60 in a leap year.
        assert!(parse("20000289-0010", reference()).is_ok());
    }

    /// A samordningsnummer `YYYYMMDD` + serial `NNN` with its Luhn digit.
    fn number(date: &str, serial: &str) -> String {
        let digits = format!("{}{serial}", &date[2..]);
        let check = crate::ids::checksum::luhn_check_digit(digits.as_bytes());
        format!("{date}-{serial}{}", char::from(check))
    }

    fn range(text: &str) -> Result<(NaiveDate, NaiveDate), IdError> {
        parse(text, reference()).and_then(|p| {
            p.birth
                .map(|b| (b.earliest, b.latest))
                .ok_or(IdError::Format)
        })
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn partly_known_birth_dates_are_valid() {
        // Day 60: the month is known.
        assert_eq!(
            range(&number("19900560", "123")),
            Ok((day(1990, 5, 1), day(1990, 5, 31)))
        );
        assert_eq!(
            range(&number("20000260", "123")),
            Ok((day(2000, 2, 1), day(2000, 2, 29)))
        );
        // Month 00: only the year is known, with or without the day.
        assert_eq!(
            range(&number("19900060", "123")),
            Ok((day(1990, 1, 1), day(1990, 12, 31)))
        );
        assert_eq!(
            range(&number("19900075", "123")),
            Ok((day(1990, 1, 1), day(1990, 12, 31)))
        );
        let parsed = parse(&number("19900560", "123"), reference());
        assert_eq!(
            parsed.clone().map(|p| (p.kind, p.birth_date())),
            Ok((IdKind::Samordningsnummer, None))
        );
        assert_eq!(parsed.map(|p| p.canonical), Ok("199005601233".into()));
        // Ten digits: the century from the reference date, as for any number.
        assert_eq!(
            range(&number("19900560", "123")[2..]),
            Ok((day(1990, 5, 1), day(1990, 5, 31)))
        );
    }

    #[test]
    fn other_dates_that_do_not_exist_stay_errors() {
        assert_eq!(
            parse(&number("19901360", "123"), reference()),
            Err(IdError::Date)
        );
        assert_eq!(
            parse(&number("19900092", "123"), reference()),
            Err(IdError::Date)
        );
        assert_eq!(
            parse(&number("19900231", "123"), reference()).map(|p| p.kind),
            Err(IdError::Date)
        );
        // A personnummer never has month 00 or day 00.
        assert_eq!(
            parse(&number("19900500", "123"), reference()),
            Err(IdError::Date)
        );
        assert_eq!(
            parse(&number("19900015", "123"), reference()),
            Err(IdError::Date)
        );
        // A wrong check digit is still a wrong check digit.
        let mut wrong = number("19900560", "123");
        let last = wrong.pop().and_then(|c| c.to_digit(10)).unwrap_or(0);
        wrong.push(char::from_digit((last + 1) % 10, 10).unwrap_or('0'));
        assert_eq!(parse(&wrong, reference()), Err(IdError::Checksum));
        // Serial 000 is never issued.
        assert_eq!(
            parse(&number("19900560", "000"), reference()),
            Err(IdError::Format)
        );
    }

    #[test]
    fn personnummer_is_not_a_samordningsnummer() {
        assert_eq!(parse("811218-9876", reference()), Err(IdError::Format));
    }
}
