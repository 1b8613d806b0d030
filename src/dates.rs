//! Dates as the tool writes and reads them in its own files and options:
//! `YYYY-MM-DD`, and `YYYY-MM-DDTHH:MM:SS[.fff]` in spreadsheet XML. By
//! hand, because chrono's strftime machinery would add some 25 KB to the
//! WebAssembly module for these two forms.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// `YYYY-MM-DD` exactly (no spaces, two-digit month and day), an existing date.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(text.get(0..4)?)?).ok()?,
        digits(text.get(5..7)?)?,
        digits(text.get(8..10)?)?,
    )
}

/// `YYYY-MM-DDTHH:MM:SS`, optionally with a fraction of a second.
pub fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.split_once('T')?;
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let clock = clock.as_bytes();
    if clock.len() != 8 || clock.get(2) != Some(&b':') || clock.get(5) != Some(&b':') {
        return None;
    }
    let part = |at: usize| digits(std::str::from_utf8(clock.get(at..at + 2)?).ok()?);
    let nanos = match fraction {
        None => 0,
        Some(f) if f.is_empty() || f.len() > 9 => return None,
        Some(f) => digits(f)? * 10u32.pow(9 - f.len() as u32),
    };
    let time = NaiveTime::from_hms_nano_opt(part(0)?, part(3)?, part(6)?, nanos)?;
    Some(parse(date)?.and_time(time))
}

/// `YYYY-MM-DD`.
pub fn write(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `YYYY-MM-DD HH:MM:SS` (the fraction of a second left out).
pub fn write_date_time(date_time: NaiveDateTime) -> String {
    let time = date_time.time();
    format!(
        "{} {:02}:{:02}:{:02}",
        write(date_time.date()),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// ASCII digits only (no sign, no spaces) as a number.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_chrono_reads_and_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(1899, 12, 25).unwrap_or_default();
        // Every day of five centuries and a half, leap years and their exceptions included.
        while day.year() < 2450 {
            let text = day.format("%Y-%m-%d").to_string();
            assert_eq!(write(day), text);
            assert_eq!(parse(&text), Some(day), "{text}");
            day = day.succ_opt().unwrap_or_default();
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-32",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            " 2024-01-01",
            "2024-01-01 ",
            "+024-01-01",
            "2024-01-0a",
            "",
            "2024-٠١-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_times_as_spreadsheet_xml_holds_them() {
        let at = |text: &str| parse_date_time(text).map(write_date_time);
        assert_eq!(
            at("2024-01-15T10:30:00").as_deref(),
            Some("2024-01-15 10:30:00")
        );
        assert_eq!(
            at("2024-01-15T10:30:05.5").as_deref(),
            Some("2024-01-15 10:30:05")
        );
        let precise = parse_date_time("2024-01-15T00:00:00.123456789");
        assert_eq!(precise.map(|t| t.nanosecond()), Some(123_456_789));
        assert_eq!(
            parse_date_time("2024-01-15T10:30:00.5"),
            NaiveDateTime::parse_from_str("2024-01-15T10:30:00.5", "%Y-%m-%dT%H:%M:%S%.f").ok()
        );
        for bad in [
            "2024-01-15",
            "2024-01-15T10:30",
            "2024-01-15T25:00:00",
            "2024-01-15T10:30:00.",
            "2024-01-15 10:30:00",
            "2024-02-30T10:30:00",
            "2024-01-15T10:30:00.1234567890",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }
}
