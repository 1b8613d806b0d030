//! LMA-nummer, the asylum seeker's dossier number: `NN-NNNNNN` or `NNNNNNNN`.
//! No check digit is known, so only the format is checked.

use super::{compact, IdError, IdKind, ParsedId};

/// True for the two written forms, so that other 8-digit-ish text is left to
/// the other kinds.
pub(crate) fn has_shape(compact: &str) -> bool {
    match compact.as_bytes() {
        b if b.len() == 8 => b.iter().all(u8::is_ascii_digit),
        [a, b, b'-', rest @ ..] if rest.len() == 6 => {
            [a, b].into_iter().chain(rest).all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Parses an LMA-nummer; the canonical form is its 8 digits.
pub fn parse(text: &str) -> Result<ParsedId, IdError> {
    let compact = compact(text);
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    if !has_shape(&compact) {
        return Err(IdError::Format);
    }
    let canonical = compact.chars().filter(char::is_ascii_digit).collect();
    Ok(ParsedId::new(canonical, IdKind::Lma, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms() {
        assert_eq!(
            parse("12-345678").map(|p| p.canonical),
            Ok("12345678".into())
        );
        assert_eq!(
            parse(" 12345678 ").map(|p| p.canonical),
            Ok("12345678".into())
        );
        assert_eq!(parse("12 - 345678").map(|p| p.birth_date()), Ok(None));
    }

    #[test]
    fn other_shapes_are_rejected() {
        for text in [
            "1234567",
            "123456789",
            "123-45678",
            "12-34567A",
            "12_345678",
        ] {
            assert_eq!(parse(text), Err(IdError::Format), "{text}");
        }
        assert_eq!(parse(""), Err(IdError::Missing));
    }
}
