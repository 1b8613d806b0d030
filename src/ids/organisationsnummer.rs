//! Swedish organisationsnummer `NNNNNN-NNNN`: Luhn over ten digits, third
//! digit ≥ 2; a first digit 2 marks public bodies.

use super::checksum::luhn_valid;
use super::{compact, IdError, IdKind, ParsedId};

/// Parses an organisationsnummer, with or without its hyphen.
pub fn parse(text: &str) -> Result<ParsedId, IdError> {
    let compact = compact(text);
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    let b = compact.as_bytes();
    let digits: Vec<u8> = match b.len() {
        10 => b.to_vec(),
        11 if b.get(6) == Some(&b'-') => b
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != 6)
            .map(|(_, &d)| d)
            .collect(),
        _ => return Err(IdError::Format),
    };
    // The third digit is at least 2 (it tells organisations from persons).
    if !digits.iter().all(u8::is_ascii_digit) || digits.get(2).is_none_or(|&d| d < b'2') {
        return Err(IdError::Format);
    }
    if !luhn_valid(&digits) {
        return Err(IdError::Checksum);
    }
    let text = String::from_utf8_lossy(&digits);
    let canonical = format!("{}-{}", &text[..6], &text[6..]);
    Ok(ParsedId::new(canonical, IdKind::Organisationsnummer, None))
}

/// Public bodies (state, regions, municipalities, parishes) start with 2.
pub fn is_public_body(canonical: &str) -> bool {
    canonical.starts_with('2')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_numbers() {
        // Migrationsverket and Stockholms kommun.
        assert_eq!(
            parse("202100-2163").map(|p| p.canonical),
            Ok("202100-2163".into())
        );
        assert_eq!(
            parse("2120000142").map(|p| p.canonical),
            Ok("212000-0142".into())
        );
        assert!(is_public_body("212000-0142"));
        assert!(!is_public_body("556036-0793"));
    }

    #[test]
    fn third_digit_below_two_is_a_personnummer_shape() {
        assert_eq!(parse("811218-9876"), Err(IdError::Format));
    }

    #[test]
    fn errors() {
        assert_eq!(parse("202100-2164"), Err(IdError::Checksum));
        assert_eq!(parse("202100+2163"), Err(IdError::Format));
        assert_eq!(parse("20210-02163"), Err(IdError::Format));
        assert_eq!(parse("202100-216X"), Err(IdError::Format));
        assert_eq!(parse("16202100-2163"), Err(IdError::Format));
        assert_eq!(parse(" "), Err(IdError::Missing));
    }
}
