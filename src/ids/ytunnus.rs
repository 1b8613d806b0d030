//! Finnish business ID Y-tunnus `NNNNNNN-C`: weights 7 9 10 5 8 4 2,
//! C = 11 − (sum mod 11), remainder 0 → 0, remainder 1 never issued.

use super::{compact, IdError, IdKind, ParsedId};

const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

/// The check digit for seven digits, `None` when the remainder is 1.
pub fn check_digit(digits: &[u8; 7]) -> Option<u8> {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    match sum % 11 {
        0 => Some(b'0'),
        1 => None,
        r => Some(b'0' + (11 - r) as u8),
    }
}

/// Parses a Y-tunnus, with or without its hyphen.
pub fn parse(text: &str) -> Result<ParsedId, IdError> {
    let compact = compact(text);
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    let (seven, check): ([u8; 7], u8) = match compact.as_bytes() {
        [body @ .., check] | [body @ .., b'-', check] if body.len() == 7 => {
            (body.try_into().map_err(|_| IdError::Format)?, *check)
        }
        _ => return Err(IdError::Format),
    };
    if !seven.iter().all(u8::is_ascii_digit) || !check.is_ascii_digit() {
        return Err(IdError::Format);
    }
    if check_digit(&seven) != Some(check) {
        return Err(IdError::Checksum);
    }
    let canonical = format!("{}-{}", &compact[..7], char::from(check));
    Ok(ParsedId::new(canonical, IdKind::YTunnus, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_numbers() {
        // Sisäministeriö (Ministry of the Interior).
        assert_eq!(
            parse("1019252-8").map(|p| p.canonical),
            Ok("1019252-8".into())
        );
        assert_eq!(
            parse("20774740").map(|p| p.canonical),
            Ok("2077474-0".into())
        );
    }

    #[test]
    fn remainder_one_has_no_valid_check_digit() {
        // 0000010: sum 2*... find a body with remainder 1.
        let body = (0..10_000_000u32).map(|n| format!("{n:07}")).find(|s| {
            let mut seven = [0u8; 7];
            seven.copy_from_slice(s.as_bytes());
            check_digit(&seven).is_none()
        });
        let body = body.unwrap_or_default();
        for c in 0..10 {
            assert_eq!(parse(&format!("{body}-{c}")), Err(IdError::Checksum));
        }
    }

    #[test]
    fn errors() {
        assert_eq!(parse("1019252-5"), Err(IdError::Checksum));
        assert_eq!(parse("1019252+8"), Err(IdError::Format));
        assert_eq!(parse("101925-8"), Err(IdError::Format));
        assert_eq!(parse("1019252-X"), Err(IdError::Format));
    }
}
