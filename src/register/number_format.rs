//! What a spreadsheet number means: Excel's number formats (date, elapsed
//! time or plain number) and its serial dates. Shared by the XLSX reader and
//! the sheets a spreadsheet host hands over ([`super::host_sheets`]), so a
//! cell reads the same from both.

use super::Cell;
use crate::dates;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// What a number format makes of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Plain,
    /// A date, a time of day, or both.
    DateTime,
    /// Elapsed time such as `[h]:mm`: stays a number.
    Duration,
}

/// Whether an Excel number format code shows a date or time, an elapsed
/// time such as `[h]:mm`, or neither. Only the first section counts; quoted
/// and escaped text and `[...]` parts are skipped (the rules calamine and
/// openpyxl use).
pub(crate) fn format_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut previous = ' ';
    let mut elapsed = false;
    let mut am_pm = false;
    for c in format.chars() {
        match (c, escaped, quoted, am_pm, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', ..) => quoted = true,
            (';', ..) => return NumberKind::Plain,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if elapsed => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => am_pm = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime
            }
            _ => {
                if !(elapsed && c.eq_ignore_ascii_case(&previous)) {
                    elapsed = previous == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        previous = c;
    }
    NumberKind::Plain
}

/// Excel's built-in number formats (ECMA-376 18.8.30) by id: 14–22 and
/// 45, 47 are dates and times, 27–36 and 50–58 the East Asian locales'
/// dates, 46 `[h]:mm:ss` elapsed time.
pub(crate) fn builtin_kind(id: u32) -> NumberKind {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => NumberKind::DateTime,
        46 => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// Last serial Excel can show (9999-12-31).
const MAX_SERIAL: f64 = 2_958_466.0;
/// Days from 1900-01-00 to 1904-01-01 (the 1904 date system's day 0).
const DAYS_1900_TO_1904: f64 = 1462.0;

/// The date and time of an Excel serial in the 1900 or 1904 date system.
/// The 1900 system counts the 29 February 1900 Excel believes in (serial
/// 60): serials before it are a day late, as in Excel.
pub(crate) fn serial_date_time(serial: f64, date_1904: bool) -> Option<NaiveDateTime> {
    let days = if date_1904 {
        serial + DAYS_1900_TO_1904
    } else {
        serial
    };
    if !(0.0..MAX_SERIAL + DAYS_1900_TO_1904).contains(&days) {
        return None;
    }
    let days = if days >= 60.0 { days } else { days + 1.0 };
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    // In range, so the milliseconds fit an i64 exactly enough.
    let millis = (days * 86_400_000.0).round() as i64;
    epoch.checked_add_signed(Duration::try_milliseconds(millis)?)
}

/// A number shown with a number format of `kind`: a date, a date and time,
/// or the number itself (plain, elapsed times, serials outside Excel's range).
pub(crate) fn number_cell(serial: f64, kind: NumberKind, date_1904: bool) -> Cell {
    if kind != NumberKind::DateTime || !(0.0..MAX_SERIAL).contains(&serial) {
        return Cell::Number(serial);
    }
    match serial_date_time(serial, date_1904) {
        Some(date_time) => date_or_date_time(date_time),
        None => Cell::Number(serial),
    }
}

/// A date when the time is midnight, otherwise a date and time.
pub(crate) fn date_or_date_time(date_time: NaiveDateTime) -> Cell {
    if date_time.time() == NaiveTime::MIN {
        Cell::Date(date_time.date())
    } else {
        Cell::DateTime(date_time)
    }
}

/// ISO dates as ODS and XLSX `t="d"` cells hold them: `2024-01-15` or
/// `2024-01-15T10:30:00[.fff]`; anything else stays text.
pub(crate) fn iso_date_time(text: &str) -> Cell {
    let trimmed = text.trim();
    if let Some(date) = dates::parse(trimmed) {
        return Cell::Date(date);
    }
    match dates::parse_date_time(trimmed) {
        Some(date_time) => date_or_date_time(date_time),
        None => text_cell(text),
    }
}

/// Text as a cell: empty text is an empty cell.
pub(crate) fn text_cell(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn format_kinds() {
        for format in [
            "yyyy-mm-dd",
            "m/d/yyyy",
            "d-mmm-yy",
            "h:mm",
            "[$-41D]d mmmm yyyy",
            "DD/MM/YY",
            "H:MM:SS;@",
        ] {
            assert_eq!(format_kind(format), NumberKind::DateTime, "{format}");
        }
        assert_eq!(format_kind("[h]:mm:ss"), NumberKind::Duration);
        for format in [
            "General",
            "0",
            "@",
            "#,##0.00",
            "0.00%",
            "\"dag\" 0",
            ";yyyy",
            "#,##0\\ [$\\u20bd-46D]",
        ] {
            assert_eq!(format_kind(format), NumberKind::Plain, "{format}");
        }
        assert_eq!(builtin_kind(14), NumberKind::DateTime);
        assert_eq!(builtin_kind(46), NumberKind::Duration);
        assert_eq!(builtin_kind(0), NumberKind::Plain);
        assert_eq!(builtin_kind(49), NumberKind::Plain);
    }

    #[test]
    fn serials() {
        let dt = |serial, is_1904| number_cell(serial, NumberKind::DateTime, is_1904);
        assert_eq!(dt(45306.0, false), Cell::Date(date(2024, 1, 15)));
        assert_eq!(dt(45306.0 - 1462.0, true), Cell::Date(date(2024, 1, 15)));
        assert_eq!(dt(0.0, true), Cell::Date(date(1904, 1, 1)));
        assert_eq!(
            dt(45306.5, false),
            Cell::DateTime(date(2024, 1, 15).and_hms_opt(12, 0, 0).unwrap())
        );
        // Excel's 1900 leap-year bug: serial 60 is its 29 February 1900,
        // 61 is 1 March; earlier serials are shifted so 1 is 1 January.
        assert_eq!(dt(1.0, false), Cell::Date(date(1900, 1, 1)));
        assert_eq!(dt(59.0, false), Cell::Date(date(1900, 2, 28)));
        assert_eq!(dt(61.0, false), Cell::Date(date(1900, 3, 1)));
        assert_eq!(dt(2_958_465.0, false), Cell::Date(date(9999, 12, 31)));
        assert_eq!(dt(-1e300, false), Cell::Number(-1e300));
        assert_eq!(dt(1e300, false), Cell::Number(1e300));
        assert!(matches!(dt(f64::NAN, false), Cell::Number(_)));
        assert_eq!(
            number_cell(1.5, NumberKind::Duration, false),
            Cell::Number(1.5)
        );
        assert_eq!(
            number_cell(7.0, NumberKind::Plain, false),
            Cell::Number(7.0)
        );
    }

    #[test]
    fn iso_cells() {
        assert_eq!(iso_date_time("2024-01-15"), Cell::Date(date(2024, 1, 15)));
        assert_eq!(
            iso_date_time("2024-01-15T00:00:00"),
            Cell::Date(date(2024, 1, 15))
        );
        assert_eq!(
            iso_date_time("2024-01-15T10:30:00.250"),
            Cell::DateTime(date(2024, 1, 15).and_hms_milli_opt(10, 30, 0, 250).unwrap())
        );
        assert_eq!(iso_date_time("PT1H"), Cell::Text("PT1H".into()));
    }
}
