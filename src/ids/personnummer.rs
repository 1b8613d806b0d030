//! Swedish personnummer: `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYYYMMDDNNNC`,
//! `YYYYMMDD-NNNC`; Luhn over the ten digits `YYMMDDNNN` + C.
//!
//! Samordningsnummer share the layout with day + 60, so the shared parser
//! `parse_national` lives here and tells the two apart by the day.

use super::checksum::luhn_valid;
use super::{compact, digits_value, push_digits, BirthDate, IdError, IdKind, ParsedId};
use chrono::{Datelike, NaiveDate};

/// Parses a personnummer (not a samordningsnummer).
pub fn parse(text: &str, reference_date: NaiveDate) -> Result<ParsedId, IdError> {
    let parsed = parse_national(&compact(text), reference_date)?;
    match parsed.kind {
        IdKind::Personnummer => Ok(parsed),
        _ => Err(IdError::Format),
    }
}

/// Parses a personnummer or samordningsnummer from text without white space.
pub(crate) fn parse_national(
    compact: &str,
    reference_date: NaiveDate,
) -> Result<ParsedId, IdError> {
    // (YYMMDD or YYYYMMDD, NNNC, the separator of a short form)
    let (date_part, tail, sign) = split_national(compact.as_bytes()).ok_or(IdError::Format)?;
    let (Some(date_value), Some(_)) = (digits_value(date_part), digits_value(tail)) else {
        return Err(IdError::Format);
    };
    // Serial number 000 is never issued.
    if tail.starts_with(b"000") {
        return Err(IdError::Format);
    }
    let yymmdd = date_value % 1_000_000;
    let (yy, month, day) = (yymmdd / 10_000, yymmdd / 100 % 100, yymmdd % 100);
    let year = if date_part.len() == 8 {
        (date_value / 10_000) as i32
    } else {
        let century_back = if sign == b'+' { 100 } else { 0 };
        latest_year_ending_in(yy as i32, reference_date.year()) - century_back
    };
    let (kind, birth) = if (60..=91).contains(&day) {
        (
            IdKind::Samordningsnummer,
            coordination_birth(year, month, day - 60),
        )
    } else {
        (
            IdKind::Personnummer,
            NaiveDate::from_ymd_opt(year, month, day).map(BirthDate::exact),
        )
    };
    let birth = birth.ok_or(IdError::Date)?;

    // YYMMDDNNNC: the century is not part of the check.
    let yymmdd_digits = date_part.get(date_part.len().saturating_sub(6)..);
    let mut luhn_digits = [0u8; 10];
    for (to, from) in luhn_digits
        .iter_mut()
        .zip(yymmdd_digits.unwrap_or_default().iter().chain(tail))
    {
        *to = *from;
    }
    if !luhn_valid(&luhn_digits) {
        return Err(IdError::Checksum);
    }

    // The date part keeps the day as written (+60 for samordningsnummer).
    let mut canonical = match u32::try_from(year) {
        Ok(year @ 0..=9999) => {
            let mut canonical = String::with_capacity(12);
            push_digits(&mut canonical, year, 4);
            canonical
        }
        _ => format!("{year:04}"),
    };
    push_digits(&mut canonical, month, 2);
    push_digits(&mut canonical, day, 2);
    canonical.extend(tail.iter().map(|&b| char::from(b)));
    Ok(ParsedId::new(canonical, kind, Some(birth)))
}

/// The birth date of a samordningsnummer (`birth_day`: its day − 60).
/// Skatteverket writes month `00` when the month is not known and day `60`
/// (day 00) when the day is not: the number then gives only the year, or
/// the year and the month (SPEC §2). Any other date must exist.
fn coordination_birth(year: i32, month: u32, birth_day: u32) -> Option<BirthDate> {
    let first_of = |month| NaiveDate::from_ymd_opt(year, month, 1);
    let last_of = |month| match month {
        12 => NaiveDate::from_ymd_opt(year, 12, 31),
        _ => first_of(month + 1)?.pred_opt(),
    };
    match (month, birth_day) {
        (0, 0..=31) => Some(BirthDate {
            earliest: first_of(1)?,
            latest: last_of(12)?,
        }),
        (1..=12, 0) => Some(BirthDate {
            earliest: first_of(month)?,
            latest: last_of(month)?,
        }),
        _ => NaiveDate::from_ymd_opt(year, month, birth_day).map(BirthDate::exact),
    }
}

/// The date part, the last four digits and the sign of the written forms
/// `YYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYYYMMDDNNNC` and
/// `YYYYMMDD-NNNC`; `None` for any other length or separator.
fn split_national(bytes: &[u8]) -> Option<(&[u8], &[u8], u8)> {
    let (date, tail) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    let (date, sign) = match date {
        [short @ .., sign @ (b'-' | b'+')] if short.len() == 6 => (short, *sign),
        [long @ .., b'-'] if long.len() == 8 => (long, b'-'),
        _ if date.len() == 6 || date.len() == 8 => (date, b'-'),
        _ => return None,
    };
    Some((date, tail, sign))
}

/// The latest year ending in `yy` that is not after `reference_year`.
fn latest_year_ending_in(yy: i32, reference_year: i32) -> i32 {
    reference_year - (reference_year - yy).rem_euclid(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn reference() -> NaiveDate {
        date(2026, 11, 22)
    }

    fn canonical(text: &str) -> Result<String, IdError> {
        parse(text, reference()).map(|p| p.canonical)
    }

    #[test]
    fn all_written_forms_give_the_same_canonical_form() {
        for text in [
            "811218-9876",
            "8112189876",
            "198112189876",
            "19811218-9876",
            " 811218 - 9876 ",
            "811218\u{a0}9876",
        ] {
            assert_eq!(canonical(text), Ok("198112189876".to_string()), "{text}");
        }
    }

    #[test]
    fn plus_sign_moves_a_century_back() {
        let minus = parse("121212-1212", reference());
        let plus = parse("121212+1212", reference());
        assert_eq!(minus.map(|p| p.canonical), Ok("201212121212".into()));
        assert_eq!(plus.map(|p| p.canonical), Ok("191212121212".into()));
    }

    #[test]
    fn year_is_latest_not_after_reference_year() {
        // YY equal to the reference year's stays in that year, even when the
        // birthday is later in the year (SPEC §2 compares years only).
        let p = parse("261231-0017", reference());
        assert_eq!(p.map(|p| p.canonical), Ok("202612310017".into()));
        let p = parse("270101-0015", reference());
        assert_eq!(p.map(|p| p.birth_date()), Ok(Some(date(1927, 1, 1))));
    }

    #[test]
    fn leap_days() {
        assert!(parse("20000229-0013", reference()).is_ok());
        assert_eq!(parse("19000229-0013", reference()), Err(IdError::Date));
        // Two-digit 00 in 2026 means 2000, a leap year.
        assert_eq!(
            parse("000229-0013", reference()).map(|p| p.birth_date()),
            Ok(Some(date(2000, 2, 29)))
        );
        // ...but with + it means 1900, which was not.
        assert_eq!(parse("000229+0013", reference()), Err(IdError::Date));
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(parse("811200-9870", reference()), Err(IdError::Date));
        assert_eq!(parse("811232-9870", reference()), Err(IdError::Date));
        assert_eq!(parse("811318-9870", reference()), Err(IdError::Date));
        assert_eq!(parse("810018-9870", reference()), Err(IdError::Date));
        // Day 60 is a samordningsnummer whose day is not known (see samordningsnummer.rs).
        assert_eq!(parse("811160-9870", reference()), Err(IdError::Checksum));
    }

    #[test]
    fn wrong_check_digit() {
        assert_eq!(parse("811218-9875", reference()), Err(IdError::Checksum));
    }

    #[test]
    fn malformed() {
        for text in [
            "81121-89876",
            "811218_9876",
            "19811218+9876",
            "811218-98766",
            "8112189",
            "81121898760000",
            "811218-987X",
            "１８１１２１８９８７６",
        ] {
            assert_eq!(parse(text, reference()), Err(IdError::Format), "{text}");
        }
    }

    #[test]
    fn serial_000_is_never_issued() {
        // The Luhn digit fits, but Skatteverket never issues serial 000.
        assert_eq!(canonical("811218-0008"), Err(IdError::Format));
        assert_eq!(canonical("811218-0016"), Ok("198112180016".into()));
    }

    #[test]
    fn dashes_and_invisible_characters_from_word_and_web_pages() {
        for text in [
            "811218\u{2013}9876",
            "811218\u{2014}9876",
            "811218\u{2212}9876",
            "811218\u{2011}9876",
            "\u{feff}811218-9876",
            "811218-\u{200b}9876",
            "8112\u{ad}18-9876",
            "811218\u{202f}-\u{a0}9876",
        ] {
            assert_eq!(canonical(text), Ok("198112189876".to_string()), "{text:?}");
        }
        // A control character is not dropped: the cell is in error.
        assert_eq!(canonical("811218-98\u{0}76"), Err(IdError::Format));
    }

    #[test]
    fn samordningsnummer_is_not_a_personnummer() {
        assert_eq!(parse("811278-9873", reference()), Err(IdError::Format));
    }
}
