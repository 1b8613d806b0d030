//! Identifiers of persons and organisations (SPEC §2).
//!
//! Every kind has a module with the same small API: `parse(text, ..) ->
//! Result<ParsedId, IdError>`. [`parse_person`] and [`parse_org`] pick the
//! kind from the text's shape and the register's country.

pub mod checksum;
pub mod henkilotunnus;
pub mod internal;
pub mod lma;
pub mod organisationsnummer;
pub mod personnummer;
pub mod samordningsnummer;
pub mod ytunnus;

use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;
use std::fmt;

/// The country a register belongs to: it decides which national numbers exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Country {
    #[default]
    Se,
    Fi,
}

impl Country {
    pub fn parse(text: &str) -> Option<Country> {
        match text.trim().to_ascii_lowercase().as_str() {
            "se" | "sverige" | "sweden" | "ruotsi" => Some(Country::Se),
            "fi" | "finland" | "suomi" => Some(Country::Fi),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Country::Se => "se",
            Country::Fi => "fi",
        }
    }
}

/// Whether an identifier names a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Context {
    #[default]
    Person,
    Org,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    Personnummer,
    Samordningsnummer,
    Lma,
    Internal,
    Henkilotunnus,
    Organisationsnummer,
    YTunnus,
}

impl IdKind {
    /// Stable name used in CLI output and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Personnummer => "personnummer",
            IdKind::Samordningsnummer => "samordningsnummer",
            IdKind::Lma => "lma",
            IdKind::Internal => "internal",
            IdKind::Henkilotunnus => "henkilötunnus",
            IdKind::Organisationsnummer => "organisationsnummer",
            IdKind::YTunnus => "y-tunnus",
        }
    }

    /// Method 1 (national ID) as opposed to method 2 (internal ID).
    pub fn is_national(self) -> bool {
        !matches!(self, IdKind::Internal)
    }
}

/// Why a text is not a valid identifier; each maps to a SPEC §7 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdError {
    Missing,
    Format,
    Checksum,
    Date,
}

impl IdError {
    pub fn code(self) -> &'static str {
        match self {
            IdError::Missing => "id.missing",
            IdError::Format => "id.format",
            IdError::Checksum => "id.checksum",
            IdError::Date => "id.date",
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            IdError::Missing => "the identifier is empty",
            IdError::Format => "not any accepted identifier form",
            IdError::Checksum => "the check digit or character is wrong",
            IdError::Date => "the date part of the identifier does not exist",
        };
        f.write_str(text)
    }
}

impl std::error::Error for IdError {}

/// The birth date an identifier carries: one day, or every day of a month
/// or a year (a samordningsnummer whose birth date is only partly known:
/// month `00` and/or day `60`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BirthDate {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl BirthDate {
    pub fn exact(date: NaiveDate) -> BirthDate {
        BirthDate {
            earliest: date,
            latest: date,
        }
    }

    /// The one day, when it is known.
    pub fn date(self) -> Option<NaiveDate> {
        (self.earliest == self.latest).then_some(self.earliest)
    }

    /// Only the year, or the year and month, are known.
    pub fn is_partial(self) -> bool {
        self.earliest != self.latest
    }

    /// Whether `date` is one of the days it admits.
    pub fn admits(self, date: NaiveDate) -> bool {
        self.earliest <= date && date <= self.latest
    }
}

/// A valid identifier in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedId {
    pub canonical: String,
    pub kind: IdKind,
    /// The birth date the number carries, if it carries one.
    pub birth: Option<BirthDate>,
    /// A Finnish temporary henkilötunnus (individual number 900–999).
    pub temporary: bool,
}

impl ParsedId {
    fn new(canonical: String, kind: IdKind, birth: Option<BirthDate>) -> Self {
        ParsedId {
            canonical,
            kind,
            birth,
            temporary: false,
        }
    }

    /// The birth date when the number gives the day.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth.and_then(BirthDate::date)
    }
}

/// Parses a person's identifier as the register's country allows.
///
/// Sweden: personnummer, samordningsnummer, LMA-nummer, internal ID.
/// Finland: henkilötunnus, internal ID. The reference date resolves the
/// century of 10-digit Swedish numbers.
pub fn parse_person(
    text: &str,
    country: Country,
    reference_date: NaiveDate,
) -> Result<ParsedId, IdError> {
    let compact = compact(text);
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    match country {
        Country::Se => {
            if compact.chars().next().is_some_and(char::is_alphabetic) {
                internal::parse(&compact)
            } else if lma::has_shape(&compact) {
                lma::parse(&compact)
            } else {
                personnummer::parse_national(&compact, reference_date)
            }
        }
        Country::Fi => {
            if henkilotunnus::has_shape(&compact) {
                henkilotunnus::parse(&compact)
            } else if compact.chars().next().is_some_and(char::is_alphabetic) {
                internal::parse(&compact)
            } else {
                Err(IdError::Format)
            }
        }
    }
}

/// Parses an organisation's number: organisationsnummer in Sweden, Y-tunnus in Finland.
pub fn parse_org(text: &str, country: Country) -> Result<ParsedId, IdError> {
    let compact = compact(text);
    if compact.is_empty() {
        return Err(IdError::Missing);
    }
    match country {
        Country::Se => organisationsnummer::parse(&compact),
        Country::Fi => ytunnus::parse(&compact),
    }
}

/// Parses in the given context.
pub fn parse(
    text: &str,
    country: Country,
    context: Context,
    reference_date: NaiveDate,
) -> Result<ParsedId, IdError> {
    match context {
        Context::Person => parse_person(text, country, reference_date),
        Context::Org => parse_org(text, country),
    }
}

/// The text as the parsers read it: every kind of white space removed
/// (registers hold `"900101 - 1234"`), and what text copied from Word,
/// Outlook and web pages puts in place of a plain hyphen or space: en and
/// em dashes, the minus sign and the non-breaking hyphen read as `-`;
/// zero-width spaces, soft hyphens and byte-order marks dropped.
pub(crate) fn compact(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\u{2010}'..='\u{2014}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => None,
                c if c.is_whitespace() => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Appends `value` as exactly `width` decimal digits (zero-padded; higher
/// digits dropped), without the formatting machinery: canonical IDs are
/// written once per row.
pub(crate) fn push_digits(out: &mut String, value: u32, width: u32) {
    for position in (0..width).rev() {
        let digit = value / 10u32.pow(position) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// The value of a run of ASCII digits; `None` when any byte is not a digit.
pub(crate) fn digits_value(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit()
            .then(|| acc.wrapping_mul(10).wrapping_add(u32::from(b - b'0')))
    })
}

/// The date written as 8 ASCII digits `YYYYMMDD`, if it exists.
pub(crate) fn date_from_yyyymmdd(digits: &[u8]) -> Option<NaiveDate> {
    if digits.len() != 8 {
        return None;
    }
    let value = digits_value(digits)?;
    NaiveDate::from_ymd_opt((value / 10_000) as i32, value / 100 % 100, value % 100)
}

/// `YYYYMMDD`, as internal IDs and canonical personnummer write dates.
pub(crate) fn yyyymmdd(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    #[test]
    fn picks_kind_from_shape_in_sweden() {
        let kinds: Vec<_> = ["811218-9876", "811278-9873", "12-345678", "annsan19990801"]
            .iter()
            .map(|t| parse_person(t, Country::Se, reference()).map(|p| p.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                Ok(IdKind::Personnummer),
                Ok(IdKind::Samordningsnummer),
                Ok(IdKind::Lma),
                Ok(IdKind::Internal)
            ]
        );
    }

    #[test]
    fn finland_rejects_swedish_numbers_and_accepts_hetu() {
        assert_eq!(
            parse_person("198112189876", Country::Fi, reference()),
            Err(IdError::Format)
        );
        // Laid out like a henkilötunnus, but day 81 does not exist.
        assert_eq!(
            parse_person("811218-9876", Country::Fi, reference()),
            Err(IdError::Date)
        );
        assert_eq!(
            parse_person("131052-308T", Country::Fi, reference()).map(|p| p.kind),
            Ok(IdKind::Henkilotunnus)
        );
        assert_eq!(
            parse_person("131052-308T", Country::Se, reference()),
            Err(IdError::Format)
        );
    }

    #[test]
    fn empty_and_blank_are_missing() {
        for text in ["", "   ", "\t", "\u{a0}"] {
            assert_eq!(
                parse_person(text, Country::Se, reference()),
                Err(IdError::Missing)
            );
            assert_eq!(parse_org(text, Country::Fi), Err(IdError::Missing));
        }
    }

    #[test]
    fn error_codes_are_the_spec_codes() {
        assert_eq!(IdError::Format.code(), "id.format");
        assert_eq!(IdError::Checksum.code(), "id.checksum");
        assert_eq!(IdError::Date.code(), "id.date");
        assert_eq!(IdError::Missing.code(), "id.missing");
    }
}
