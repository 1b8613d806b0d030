//! Finnish henkilötunnus `DDMMYYCZZZQ`: century sign C, individual number ZZZ
//! (002–899 ordinary, 900–999 temporary), mod-31 check character Q.

use super::{compact, digits_value, BirthDate, IdError, IdKind, ParsedId};
use chrono::NaiveDate;

const CHECK_CHARACTERS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// The century a sign stands for, with the 2023 signs Y X W V U and B–F.
fn century(sign: u8) -> Option<i32> {
    match sign {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => Some(2000),
        _ => None,
    }
}

/// True when the text is laid out as a henkilötunnus (digits, sign, digits,
/// one more character), whatever its check character.
pub(crate) fn has_shape(compact: &str) -> bool {
    let Ok(b): Result<&[u8; 11], _> = compact.as_bytes().try_into() else {
        return false;
    };
    b[..6].iter().all(u8::is_ascii_digit)
        && century(b[6].to_ascii_uppercase()).is_some()
        && b[7..10].iter().all(u8::is_ascii_digit)
        && b[10].is_ascii_alphanumeric()
}

/// Parses a henkilötunnus; lowercase is accepted and the canonical form has
/// the sign normalised to `+`, `-` or `A`.
pub fn parse(text: &str) -> Result<ParsedId, IdError> {
    let compact = compact(text).to_ascii_uppercase();
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    if !has_shape(&compact) {
        return Err(IdError::Format);
    }
    let Ok(b): Result<&[u8; 11], _> = compact.as_bytes().try_into() else {
        return Err(IdError::Format);
    };
    let individual = digits_value(&b[7..10]).ok_or(IdError::Format)?;
    if individual < 2 {
        return Err(IdError::Format);
    }
    let dd_mm_yy = digits_value(&b[..6]).ok_or(IdError::Format)?;
    let century = century(b[6]).ok_or(IdError::Format)?;
    let (day, month, yy) = (dd_mm_yy / 10_000, dd_mm_yy / 100 % 100, dd_mm_yy % 100);
    let birth_date =
        NaiveDate::from_ymd_opt(century + yy as i32, month, day).ok_or(IdError::Date)?;

    let number = dd_mm_yy * 1000 + individual;
    if CHECK_CHARACTERS.get((number % 31) as usize) != Some(&b[10]) {
        return Err(IdError::Checksum);
    }
    let sign = match century {
        1800 => '+',
        1900 => '-',
        _ => 'A',
    };
    let canonical = format!("{}{sign}{}", &compact[..6], &compact[7..]);
    Ok(ParsedId {
        canonical,
        kind: IdKind::Henkilotunnus,
        birth: Some(BirthDate::exact(birth_date)),
        temporary: individual >= 900,
    })
}

/// The check character for `DDMMYY` and individual number `ZZZ`.
pub fn check_character(dd_mm_yy: u32, individual: u32) -> char {
    let index = ((dd_mm_yy * 1000 + individual) % 31) as usize;
    CHECK_CHARACTERS.get(index).map_or('?', |&c| char::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn known_number() {
        let parsed = parse("131052-308T");
        assert_eq!(
            parsed.clone().map(|p| p.canonical),
            Ok("131052-308T".into())
        );
        assert_eq!(parsed.map(|p| p.birth_date()), Ok(Some(date(1952, 10, 13))));
    }

    #[test]
    fn new_century_signs_normalise() {
        for sign in ["-", "Y", "X", "W", "V", "U", "y", "u"] {
            let text = format!("131052{sign}308T");
            assert_eq!(parse(&text).map(|p| p.canonical), Ok("131052-308T".into()));
        }
        let a_form = format!("010105A{}{}", "002", check_character(10105, 2));
        for sign in ["A", "B", "C", "D", "E", "F", "b", "f"] {
            let text = a_form.replacen('A', sign, 1);
            assert_eq!(parse(&text).map(|p| p.canonical), Ok(a_form.clone()));
            assert_eq!(
                parse(&text).map(|p| p.birth_date()),
                Ok(Some(date(2005, 1, 1)))
            );
        }
        let plus = format!("010199+002{}", check_character(10199, 2));
        assert_eq!(
            parse(&plus).map(|p| p.birth_date()),
            Ok(Some(date(1899, 1, 1)))
        );
    }

    #[test]
    fn lowercase_check_character() {
        assert_eq!(
            parse("131052-308t").map(|p| p.canonical),
            Ok("131052-308T".into())
        );
    }

    #[test]
    fn temporary_numbers_are_valid_and_flagged() {
        let text = format!("131052-900{}", check_character(131052, 900));
        assert_eq!(parse(&text).map(|p| p.temporary), Ok(true));
        assert_eq!(parse("131052-308T").map(|p| p.temporary), Ok(false));
    }

    #[test]
    fn individual_number_000_and_001_do_not_exist() {
        for individual in [0, 1] {
            let text = format!(
                "131052-{individual:03}{}",
                check_character(131052, individual)
            );
            assert_eq!(parse(&text), Err(IdError::Format));
        }
    }

    #[test]
    fn errors() {
        assert_eq!(parse("131052-308U"), Err(IdError::Checksum));
        assert_eq!(parse("310252-308T"), Err(IdError::Date));
        assert_eq!(parse("131352-308T"), Err(IdError::Date));
        assert_eq!(parse("131052G308T"), Err(IdError::Format));
        assert_eq!(parse("131052-308"), Err(IdError::Format));
        assert_eq!(parse("131052-308TT"), Err(IdError::Format));
        assert_eq!(parse("1310523308T"), Err(IdError::Format));
    }

    #[test]
    fn leap_day() {
        let text = format!("290200A002{}", check_character(290200, 2));
        assert_eq!(
            parse(&text).map(|p| p.birth_date()),
            Ok(Some(date(2000, 2, 29)))
        );
        let text = format!("290201A002{}", check_character(290201, 2));
        assert_eq!(parse(&text), Err(IdError::Date));
    }
}
