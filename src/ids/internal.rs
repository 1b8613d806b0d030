//! Internal ID (method 2): first three letters of the first name + first
//! three of the surname + birth date `YYYYMMDD`, e.g. `ANNSAN19990801`.

use super::{compact, date_from_yyyymmdd, yyyymmdd, BirthDate, IdError, IdKind, ParsedId};
use chrono::NaiveDate;
// The crate's per-character functions only: its iterator adaptors also link
// the compatibility tables, which cost ~70 KB gzipped in the .wasm.
use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_canonical, is_combining_mark,
};

/// Letters the Nordic alphabets keep; every other diacritic is stripped.
const KEPT_LETTERS: [char; 6] = ['Å', 'Ä', 'Ö', 'Æ', 'Ø', 'Ü'];

/// Letters whose stroke or bar is a diacritic Unicode does not decompose
/// (Đorđević, Łukasz): their base letter.
fn base_of_stroked(c: char) -> Option<char> {
    match c {
        'Ł' | 'Ŀ' => Some('L'),
        'Đ' => Some('D'),
        'Ħ' => Some('H'),
        'Ŧ' => Some('T'),
        'Ɨ' => Some('I'),
        _ => None,
    }
}

/// The letters of a name cell as SPEC §2 normalises them: NFC, uppercase,
/// Å Ä Ö Æ Ø Ü kept, other diacritics stripped, everything but letters dropped.
pub fn normalise_name(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in nfc(cell).into_iter().flat_map(char::to_uppercase) {
        if KEPT_LETTERS.contains(&c) {
            out.push(c);
        } else if let Some(base) = base_of_stroked(c) {
            out.push(base);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) && d.is_alphabetic() {
                    out.push(d);
                }
            });
        }
    }
    out
}

/// Unicode NFC (UAX #15): canonical decomposition, canonical ordering of
/// each run of combining marks, then canonical composition.
fn nfc(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose_canonical(c, |d| chars.push(d));
    }
    for run in chars.chunk_by_mut(|a, b| {
        (canonical_combining_class(*a) == 0) == (canonical_combining_class(*b) == 0)
    }) {
        // Stable, so marks of equal class keep their order.
        run.sort_by_key(|c| canonical_combining_class(*c));
    }
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    // Class of the last character kept since the starter; None: adjacent.
    let mut last_class: Option<u8> = None;
    for c in chars {
        let class = canonical_combining_class(c);
        let blocked = last_class.is_some_and(|last| last == 0 || last >= class);
        if let Some(slot) = starter.and_then(|i| out.get_mut(i)) {
            if !blocked {
                if let Some(composed) = compose(*slot, c) {
                    *slot = composed;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push(c);
    }
    out
}

/// An internal ID derived from names and birth date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedId {
    pub id: String,
    /// A name had fewer than three letters (`id.short_name`).
    pub short_name: bool,
}

/// Derives the internal ID; `None` when a name has no letters at all.
pub fn derive(first_name: &str, surname: &str, birth_date: NaiveDate) -> Option<DerivedId> {
    let first = normalise_name(first_name);
    let last = normalise_name(surname);
    if first.is_empty() || last.is_empty() {
        return None;
    }
    let mut id: String = first.chars().take(3).collect();
    id.extend(last.chars().take(3));
    let short_name = first.chars().count() < 3 || last.chars().count() < 3;
    id.push_str(&yyyymmdd(birth_date));
    Some(DerivedId { id, short_name })
}

/// Parses a given internal ID: 2–6 letters then a date `YYYYMMDD` that exists.
pub fn parse(text: &str) -> Result<ParsedId, IdError> {
    let compact = compact(text);
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    let split = compact
        .find(|c: char| c.is_ascii_digit())
        .ok_or(IdError::Format)?;
    let (letters, digits) = compact.split_at(split);
    if !letters.chars().all(char::is_alphabetic) {
        return Err(IdError::Format);
    }
    let letters = normalise_name(letters);
    let letter_count = letters.chars().count();
    if !(2..=6).contains(&letter_count)
        || digits.len() != 8
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(IdError::Format);
    }
    let birth_date = date_from_yyyymmdd(digits.as_bytes()).ok_or(IdError::Date)?;
    Ok(ParsedId::new(
        letters + digits,
        IdKind::Internal,
        Some(BirthDate::exact(birth_date)),
    ))
}

/// Whether a given ID is the one the names and birth date give.
pub fn verify(given: &str, first_name: &str, surname: &str, birth_date: NaiveDate) -> bool {
    match (parse(given), derive(first_name, surname, birth_date)) {
        (Ok(parsed), Some(derived)) => parsed.canonical == derived.id,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// SPEC §2 written with the crate's iterators: the reference the
    /// per-character implementation must match.
    fn reference_normalise_name(cell: &str) -> String {
        let mut out = String::new();
        for c in cell.nfc().flat_map(char::to_uppercase) {
            if KEPT_LETTERS.contains(&c) {
                out.push(c);
            } else if let Some(base) = base_of_stroked(c) {
                out.push(base);
            } else {
                out.extend(
                    std::iter::once(c)
                        .nfd()
                        .filter(|d| !is_combining_mark(*d) && d.is_alphabetic()),
                );
            }
        }
        out
    }

    #[test]
    fn nfc_matches_the_crate_for_every_character() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(
                nfc(&text),
                text.nfc().collect::<Vec<_>>(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn names_match_the_reference_for_marks_in_any_order() {
        // Bases that compose (Latin, kept letters, Greek, Cyrillic, Hangul
        // jamo and syllables) and marks of different classes, up to three
        // marks in every order: composition, ordering and blocking.
        let bases = "AaOoUuEeIiNnCcZzÅåÄäÖöÜüÆØΑαΩωИиЕе\u{1100}\u{AC00}\u{212B}ß";
        let marks = [
            '\u{300}', '\u{301}', '\u{304}', '\u{308}', '\u{30A}', '\u{30C}', '\u{323}', '\u{327}',
            '\u{328}', '\u{345}', '\u{306}', '\u{1161}', '\u{11A8}', '\u{651}',
        ];
        let mut checked = 0;
        for base in bases.chars() {
            for a in marks {
                for b in marks {
                    for c in marks {
                        for text in [
                            format!("{base}{a}"),
                            format!("{base}{a}{b}"),
                            format!("{base}{a}{b}{c}"),
                            format!("x{a}{base}{b}{c}y"),
                        ] {
                            assert_eq!(
                                normalise_name(&text),
                                reference_normalise_name(&text),
                                "{:?}",
                                text.chars().map(|c| c as u32).collect::<Vec<_>>()
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100_000);
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn derived(first: &str, last: &str, birth: NaiveDate) -> Option<String> {
        derive(first, last, birth).map(|d| d.id)
    }

    #[test]
    fn spec_examples() {
        assert_eq!(
            derived("Anna", "Sandberg", date(1999, 8, 1)),
            Some("ANNSAN19990801".into())
        );
        assert_eq!(
            derived("Anna-Karin", "von Essen", date(1980, 1, 1)),
            Some("ANNVON19800101".into())
        );
        assert_eq!(
            derived("Per", "Ek Lund", date(1980, 1, 1)),
            Some("PEREKL19800101".into())
        );
        let short = derive("Li", "Ek", date(1990, 1, 2));
        assert_eq!(
            short,
            Some(DerivedId {
                id: "LIEK19900102".into(),
                short_name: true
            })
        );
    }

    #[test]
    fn nordic_letters_kept_other_diacritics_stripped() {
        assert_eq!(normalise_name("Åsa"), "ÅSA");
        assert_eq!(normalise_name("Jürgen"), "JÜRGEN");
        assert_eq!(normalise_name("Søren"), "SØREN");
        assert_eq!(normalise_name("Ærø"), "ÆRØ");
        assert_eq!(normalise_name("Élodie"), "ELODIE");
        assert_eq!(normalise_name("Çelik"), "CELIK");
        assert_eq!(normalise_name("Đorđević"), "DORDEVIC");
        assert_eq!(normalise_name("łukasz"), "LUKASZ");
        assert_eq!(normalise_name("O'Brien"), "OBRIEN");
        assert_eq!(normalise_name("Ann 2"), "ANN");
        // Decomposed input (A + combining ring) becomes Å through NFC.
        assert_eq!(normalise_name("A\u{30a}sa"), "ÅSA");
    }

    #[test]
    fn no_letters_no_id() {
        assert_eq!(derive("", "Ek", date(1990, 1, 2)), None);
        assert_eq!(derive("Li", "-", date(1990, 1, 2)), None);
    }

    #[test]
    fn parse_uppercases_and_checks_date() {
        assert_eq!(
            parse("annsan19990801").map(|p| p.canonical),
            Ok("ANNSAN19990801".into())
        );
        assert_eq!(
            parse("ÅSAÖST20000229").map(|p| p.birth_date()),
            Ok(Some(date(2000, 2, 29)))
        );
        assert_eq!(parse("ANNSAN19990229"), Err(IdError::Date));
        assert_eq!(parse("ANNSAN19991301"), Err(IdError::Date));
        assert_eq!(parse("ANNSAN1999080"), Err(IdError::Format));
        assert_eq!(parse("ANNSANN19990801"), Err(IdError::Format));
        assert_eq!(parse("A19990801"), Err(IdError::Format));
        assert_eq!(parse("ANN-SAN19990801"), Err(IdError::Format));
        assert_eq!(parse("ANNSAN19990801X"), Err(IdError::Format));
    }

    #[test]
    fn verify_compares_with_derived() {
        assert!(verify(
            "ANNSAN19990801",
            "Anna",
            "Sandberg",
            date(1999, 8, 1)
        ));
        assert!(!verify(
            "ANNSAN19990802",
            "Anna",
            "Sandberg",
            date(1999, 8, 1)
        ));
        assert!(!verify(
            "ANNSAM19990801",
            "Anna",
            "Sandberg",
            date(1999, 8, 1)
        ));
    }
}
