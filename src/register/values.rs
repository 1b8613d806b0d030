//! Cell values as SPEC §3 accepts them: trimmed, case-insensitive booleans,
//! dates and gender categories. Anything else is a [`ValueError`] naming the
//! kind of value expected, so the message can list the accepted forms.

use super::Cell;
use chrono::{Days, NaiveDate};
use std::borrow::Cow;

/// The gender categories of the indicator breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Man,
    Kvinna,
    IckeBinar,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Man, Gender::Kvinna, Gender::IckeBinar];

    /// The key used in aggregates and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Man => "man",
            Gender::Kvinna => "kvinna",
            Gender::IckeBinar => "icke-binär",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The category written as [`Gender::as_str`] writes it.
    pub fn parse(text: &str) -> Option<Gender> {
        Self::ALL.into_iter().find(|g| g.as_str() == text)
    }
}

/// The kind of value a cell should have held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Boolean,
    Date,
    Gender,
    LanguageLevel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueError(pub ValueKind);

/// Trimmed and lowercased text; short ASCII text (most cells: `X`, `Ja`,
/// `Kvinna`) is lowercased on the stack rather than allocated.
pub(crate) enum Lowercase<'a> {
    Borrowed(&'a str),
    Short([u8; SHORT], usize),
    Owned(String),
}

const SHORT: usize = 24;

impl Lowercase<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Lowercase::Borrowed(text) => text,
            Lowercase::Short(bytes, len) => bytes
                .get(..*len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Lowercase::Owned(text) => text,
        }
    }
}

pub(crate) fn lowercase_trimmed(text: &str) -> Lowercase<'_> {
    let trimmed = trimmed(text);
    if trimmed.is_ascii() {
        if !trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            return Lowercase::Borrowed(trimmed);
        }
        if trimmed.len() <= SHORT {
            let mut bytes = [0u8; SHORT];
            for (to, from) in bytes.iter_mut().zip(trimmed.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            return Lowercase::Short(bytes, trimmed.len());
        }
        return Lowercase::Owned(trimmed.to_ascii_lowercase());
    }
    if trimmed.chars().any(char::is_uppercase) {
        Lowercase::Owned(trimmed.to_lowercase())
    } else {
        Lowercase::Borrowed(trimmed)
    }
}

/// `Ja/Nej, J/N, X/empty, 1/0, Yes/No, Kyllä/Ei, True/False, Sant/Falskt,
/// Tosi/Epätosi` and boolean cells. Empty is "no".
pub fn boolean(cell: &Cell) -> Result<bool, ValueError> {
    let error = ValueError(ValueKind::Boolean);
    match cell {
        Cell::Empty => Ok(false),
        Cell::Bool(value) => Ok(*value),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        Cell::Text(text) => match trimmed(text) {
            // The forms nearly every register uses, before any lowercasing.
            "" | "Nej" | "nej" | "0" => Ok(false),
            "X" | "x" | "Ja" | "ja" | "1" => Ok(true),
            other => match lowercase_trimmed(other).as_str() {
                "" | "nej" | "n" | "0" | "no" | "ei" | "false" | "falskt" | "epätosi" => Ok(false),
                "ja" | "j" | "x" | "1" | "yes" | "kyllä" | "true" | "sant" | "tosi" => Ok(true),
                _ => Err(error),
            },
        },
        _ => Err(error),
    }
}

/// `YYYY-MM-DD`, `YYYYMMDD`, `D.M.YYYY`, date cells and Excel serials.
/// Empty gives `None`.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, ValueError> {
    let error = ValueError(ValueKind::Date);
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(date) => Ok(Some(*date)),
        Cell::DateTime(date_time) => Ok(Some(date_time.date())),
        Cell::Number(n) => number_date(*n).map(Some).ok_or(error),
        Cell::Text(text) => {
            let text = trimmed(text);
            if text.is_empty() {
                Ok(None)
            } else {
                text_date(text).map(Some).ok_or(error)
            }
        }
        Cell::Bool(_) | Cell::Error(_) => Err(error),
    }
}

/// Whether a cell that is no date has a date's form all the same: the
/// digits of `YYYY-MM-DD`, `YYYYMMDD` or `D.M.YYYY` naming a day that does
/// not exist (`2024-13-01`, `30.2.2025`). Such a cell's message says the
/// date does not exist rather than listing the form it already has.
pub fn nonexistent_date(cell: &Cell) -> bool {
    let text = match cell {
        Cell::Number(n) => return (10_000_101.0..=99_991_231.0).contains(n) && n.fract() == 0.0,
        Cell::Text(text) => trimmed(text),
        _ => return false,
    };
    let digits = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
        all_digits(s) && lengths.contains(&s.len())
    };
    let shaped = (text.len() == 8 && all_digits(text))
        || three_parts(text, '-')
            .is_some_and(|[y, m, d]| digits(y, 4..=4) && digits(m, 2..=2) && digits(d, 2..=2))
        || three_parts(text, '.')
            .is_some_and(|[d, m, y]| digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4));
    shaped && text_date(text).is_none()
}

/// A number in a date column: `YYYYMMDD` typed as a number, or an Excel
/// serial (days since 1899-12-30; serials before March 1900 are not used).
fn number_date(n: f64) -> Option<NaiveDate> {
    if !n.is_finite() || n < 1.0 || n.fract() != 0.0 {
        return None;
    }
    if (10_000_101.0..=99_991_231.0).contains(&n) {
        let value = n as u32;
        return NaiveDate::from_ymd_opt((value / 10_000) as i32, value / 100 % 100, value % 100);
    }
    if n <= 2_958_465.0 {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch.checked_add_days(Days::new(n as u64));
    }
    None
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The text split at `separator` into exactly three parts, without allocating.
fn three_parts(text: &str, separator: char) -> Option<[&str; 3]> {
    let mut parts = text.split(separator);
    let found = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(found)
}

/// `YYYY-MM-DD` (most date cells), straight from the bytes.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)?.iter().try_fold(0u32, |value, &d| {
            d.is_ascii_digit().then(|| value * 10 + u32::from(d - b'0'))
        })
    };
    ymd(digits(0..4)?, digits(5..7)?, digits(8..10)?)
}

/// The date of a year, month and day read from digits, if there is one.
/// A register holds few distinct dates, each many times, so the last
/// thousand or so are remembered: checking a date is most of reading it.
fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    use std::cell::RefCell;
    // Slot by key; a slot's (0, None) is right for the key 0 as well.
    type Recent = [(u32, Option<NaiveDate>); 1024];
    thread_local! {
        static RECENT: RefCell<Recent> = const { RefCell::new([(0, None); 1024]) };
    }
    if year > 9999 || month > 99 || day > 99 {
        return None;
    }
    let key = year * 10_000 + month * 100 + day;
    let slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize;
    RECENT.with_borrow_mut(|recent| match recent.get_mut(slot) {
        Some((known, date)) if *known == key => *date,
        Some(entry) => {
            let date = NaiveDate::from_ymd_opt(year as i32, month, day);
            *entry = (key, date);
            date
        }
        None => NaiveDate::from_ymd_opt(year as i32, month, day),
    })
}

/// Dates are parsed as integers from the digits: no allocation per cell.
fn text_date(text: &str) -> Option<NaiveDate> {
    if let Some(date) = iso_date(text) {
        return Some(date);
    }
    let number = |s: &str| all_digits(s).then(|| s.parse::<u32>().ok()).flatten();
    if text.len() == 8 && all_digits(text) {
        let value = number(text)?;
        return ymd(value / 10_000, value / 100 % 100, value % 100);
    }
    // An Excel serial as a CSV file holds it (a date column formatted as a
    // number): five digits, 1927 to 2173. Fewer digits are no date.
    if text.len() == 5 && all_digits(text) {
        return number_date(f64::from(number(text)?));
    }
    if let Some([y, m, d]) = three_parts(text, '-') {
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            return ymd(number(y)?, number(m)?, number(d)?);
        }
        return None;
    }
    if let Some([d, m, y]) = three_parts(text, '.') {
        if (1..=2).contains(&d.len()) && (1..=2).contains(&m.len()) && y.len() == 4 {
            return ymd(number(y)?, number(m)?, number(d)?);
        }
    }
    None
}

/// `man` (Man, M, Male, Mies), `kvinna` (Kvinna, K, Kv, F, W, Female,
/// Nainen), `icke-binär` (Icke-binär, Icke binär, Ickebinär, X, Non-binary,
/// Muu). Empty is an error too.
pub fn gender(cell: &Cell) -> Result<Gender, ValueError> {
    let Cell::Text(text) = cell else {
        return Err(ValueError(ValueKind::Gender));
    };
    // The forms nearly every register uses, before any lowercasing.
    match trimmed(text) {
        "Man" => return Ok(Gender::Man),
        "Kvinna" => return Ok(Gender::Kvinna),
        "Icke-binär" => return Ok(Gender::IckeBinar),
        _ => {}
    }
    match lowercase_trimmed(text).as_str() {
        "man" | "m" | "male" | "mies" => Ok(Gender::Man),
        "kvinna" | "k" | "kv" | "f" | "w" | "female" | "nainen" => Ok(Gender::Kvinna),
        "icke-binär" | "icke binär" | "ickebinär" | "x" | "non-binary" | "muu" => {
            Ok(Gender::IckeBinar)
        }
        _ => Err(ValueError(ValueKind::Gender)),
    }
}

/// A language level on the CEFR scale, 1 (A1) to 6 (C2). Swedish SFI courses
/// A–D are read as A1, A2, B1, B2 and Finnish YKI levels 1–6 as A1–C2.
/// Empty gives `None`.
pub fn language_level(cell: &Cell) -> Result<Option<u8>, ValueError> {
    let error = ValueError(ValueKind::LanguageLevel);
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(text) => lowercase_trimmed(text),
        _ => return Err(error),
    };
    let compact: String = text
        .as_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let cefr = ["a1", "a2", "b1", "b2", "c1", "c2"];
    if let Some(i) = cefr.iter().position(|level| *level == compact) {
        return Ok(Some(i as u8 + 1));
    }
    let sfi = compact
        .strip_prefix("sfi")
        .map(|rest| rest.strip_prefix("kurs").unwrap_or(rest))
        .or_else(|| compact.strip_prefix("kurs"));
    if let Some(course) = sfi {
        return match course {
            "a" => Ok(Some(1)),
            "b" => Ok(Some(2)),
            "c" => Ok(Some(3)),
            "d" => Ok(Some(4)),
            _ => Err(error),
        };
    }
    if let Some(level) = compact.strip_prefix("yki") {
        return match level.parse::<u8>() {
            Ok(n @ 1..=6) => Ok(Some(n)),
            _ => Err(error),
        };
    }
    Err(error)
}

/// Why an identifier cell cannot be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdCellProblem {
    /// A number whose digit count says Excel dropped a leading zero
    /// (a 10-digit personnummer of someone born 2000–2009, an LMA-nummer).
    LeadingZeroLost,
}

/// An identifier cell as text; numbers come out exactly, never as `1.99e11`.
pub fn id_text(cell: &Cell) -> Result<Cow<'_, str>, IdCellProblem> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => {
            let digits = format!("{}", *n as u64);
            if matches!(digits.len(), 7 | 9) {
                Err(IdCellProblem::LeadingZeroLost)
            } else {
                Ok(Cow::Owned(digits))
            }
        }
        other => Ok(text(other)),
    }
}

/// `str::trim`, without looking at the characters when the text starts and
/// ends with visible ASCII, as nearly every cell does.
pub(crate) fn trimmed(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// A cell as trimmed text, whatever its type.
pub fn text(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => Cow::Borrowed(trimmed(text)),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            Cow::Owned(format!("{}", *n as i64))
        }
        Cell::Number(n) => Cow::Owned(n.to_string()),
        Cell::Bool(true) => Cow::Borrowed("TRUE"),
        Cell::Bool(false) => Cow::Borrowed("FALSE"),
        Cell::Date(date) => Cow::Owned(crate::dates::write(*date)),
        Cell::DateTime(date_time) => Cow::Owned(crate::dates::write(date_time.date())),
        Cell::Error(text) => Cow::Borrowed(text.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn booleans() {
        for yes in [
            "Ja", "J", "x", "X", "1", "Yes", "KYLLÄ", "True", "sant", "Tosi", " ja ",
        ] {
            assert_eq!(boolean(&t(yes)), Ok(true), "{yes}");
        }
        for no in [
            "Nej", "n", "0", "No", "Ei", "FALSE", "Falskt", "Epätosi", "", "  ",
        ] {
            assert_eq!(boolean(&t(no)), Ok(false), "{no}");
        }
        assert_eq!(boolean(&Cell::Empty), Ok(false));
        assert_eq!(boolean(&Cell::Bool(true)), Ok(true));
        assert_eq!(boolean(&Cell::Number(1.0)), Ok(true));
        for bad in ["kanske", "y", "2", "ok"] {
            assert_eq!(
                boolean(&t(bad)),
                Err(ValueError(ValueKind::Boolean)),
                "{bad}"
            );
        }
        assert!(boolean(&Cell::Number(2.0)).is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(date(&t("2024-01-15")), Ok(d(2024, 1, 15)));
        assert_eq!(date(&t("20240115")), Ok(d(2024, 1, 15)));
        assert_eq!(date(&t("15.1.2024")), Ok(d(2024, 1, 15)));
        assert_eq!(date(&t("05.01.2024")), Ok(d(2024, 1, 5)));
        assert_eq!(date(&t(" 29.2.2024 ")), Ok(d(2024, 2, 29)));
        assert_eq!(date(&Cell::Number(45306.0)), Ok(d(2024, 1, 15)));
        assert_eq!(date(&Cell::Number(20240115.0)), Ok(d(2024, 1, 15)));
        // A serial as a CSV file holds it (SPEC §3: serials are dates).
        assert_eq!(date(&t("45306")), Ok(d(2024, 1, 15)));
        assert_eq!(date(&Cell::Empty), Ok(None));
        assert_eq!(date(&t("")), Ok(None));
        for bad in [
            "2024-1-15",
            "15/1/2024",
            "2023-02-29",
            "29.2.2023",
            "2024-13-01",
            "1.1.24",
            "idag",
            "2024",
            "453061",
        ] {
            assert_eq!(date(&t(bad)), Err(ValueError(ValueKind::Date)), "{bad}");
        }
        assert!(date(&Cell::Number(45306.5)).is_err());
        assert!(date(&Cell::Bool(true)).is_err());
    }

    #[test]
    fn genders() {
        for (text, expected) in [
            ("Man", Gender::Man),
            ("m", Gender::Man),
            ("MALE", Gender::Man),
            ("Mies", Gender::Man),
            ("Kvinna", Gender::Kvinna),
            ("K", Gender::Kvinna),
            ("kv", Gender::Kvinna),
            ("F", Gender::Kvinna),
            ("W", Gender::Kvinna),
            ("Female", Gender::Kvinna),
            ("nainen", Gender::Kvinna),
            ("Icke-binär", Gender::IckeBinar),
            ("icke binär", Gender::IckeBinar),
            ("Ickebinär", Gender::IckeBinar),
            ("X", Gender::IckeBinar),
            ("Non-binary", Gender::IckeBinar),
            ("Muu", Gender::IckeBinar),
        ] {
            assert_eq!(gender(&t(text)), Ok(expected), "{text}");
        }
        for bad in ["", "  ", "okänd", "pojke", "1"] {
            assert!(gender(&t(bad)).is_err(), "{bad}");
        }
        assert!(gender(&Cell::Empty).is_err());
    }

    /// The remembered dates are chrono's, valid or not, however often a
    /// date comes and whatever shares its slot.
    #[test]
    fn remembered_dates_are_the_real_ones() {
        for round in 0..3 {
            for year in [0, 1, 1899, 1900, 1999, 2000, 2024, 2100, 9999] {
                for month in 0..=13 {
                    for day in [0, 1, 28, 29, 30, 31, 32, 99] {
                        let expected = NaiveDate::from_ymd_opt(year as i32, month, day);
                        assert_eq!(
                            ymd(year, month, day),
                            expected,
                            "{year}-{month}-{day} {round}"
                        );
                    }
                }
            }
        }
        assert_eq!(ymd(10_000, 1, 1), None);
    }

    #[test]
    fn language_levels() {
        assert_eq!(language_level(&t("A1")), Ok(Some(1)));
        assert_eq!(language_level(&t("c2")), Ok(Some(6)));
        assert_eq!(language_level(&t("B 1")), Ok(Some(3)));
        assert_eq!(language_level(&t("SFI C")), Ok(Some(3)));
        assert_eq!(language_level(&t("Sfi kurs D")), Ok(Some(4)));
        assert_eq!(language_level(&t("YKI 5")), Ok(Some(5)));
        assert_eq!(language_level(&Cell::Empty), Ok(None));
        assert!(language_level(&t("D1")).is_err());
        assert!(language_level(&t("SFI E")).is_err());
    }

    #[test]
    fn numeric_ids_stay_exact() {
        assert_eq!(
            id_text(&Cell::Number(199908011234.0)).as_deref(),
            Ok("199908011234")
        );
        assert_eq!(
            id_text(&Cell::Number(12345678.0)).as_deref(),
            Ok("12345678")
        );
        assert_eq!(
            id_text(&Cell::Number(101011234.0)),
            Err(IdCellProblem::LeadingZeroLost)
        );
        assert_eq!(
            id_text(&Cell::Number(1234567.0)),
            Err(IdCellProblem::LeadingZeroLost)
        );
        assert_eq!(id_text(&t(" 811218-9876 ")).as_deref(), Ok("811218-9876"));
    }
}
