//! Age in completed years and the age categories of the breakdown.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeCategory {
    Under18,
    From18To60,
    Over60,
}

impl AgeCategory {
    pub const ALL: [AgeCategory; 3] = [
        AgeCategory::Under18,
        AgeCategory::From18To60,
        AgeCategory::Over60,
    ];

    /// `<18` (≤ 17), `18-60`, `>60` (≥ 61).
    pub fn of_age(age: i32) -> AgeCategory {
        match age {
            ..=17 => AgeCategory::Under18,
            18..=60 => AgeCategory::From18To60,
            _ => AgeCategory::Over60,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgeCategory::Under18 => "<18",
            AgeCategory::From18To60 => "18-60",
            AgeCategory::Over60 => ">60",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The category written as [`AgeCategory::as_str`] writes it.
    pub fn parse(text: &str) -> Option<AgeCategory> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Completed years on `on`. A 29 February birthday is passed on 1 March in
/// non-leap years, which the (month, day) comparison gives by itself.
pub fn completed_years(birth: NaiveDate, on: NaiveDate) -> i32 {
    let had_birthday = (on.month(), on.day()) >= (birth.month(), birth.day());
    on.year() - birth.year() - i32::from(!had_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn completed_years_on_and_around_birthdays() {
        assert_eq!(completed_years(d(2000, 5, 10), d(2018, 5, 9)), 17);
        assert_eq!(completed_years(d(2000, 5, 10), d(2018, 5, 10)), 18);
        assert_eq!(completed_years(d(1960, 1, 1), d(2021, 12, 31)), 61);
        assert_eq!(completed_years(d(1960, 1, 2), d(2021, 1, 1)), 60);
    }

    #[test]
    fn leap_day_birthdays() {
        assert_eq!(completed_years(d(2004, 2, 29), d(2022, 2, 28)), 17);
        assert_eq!(completed_years(d(2004, 2, 29), d(2022, 3, 1)), 18);
        assert_eq!(completed_years(d(2004, 2, 29), d(2024, 2, 29)), 20);
        assert_eq!(completed_years(d(2004, 2, 29), d(2024, 2, 28)), 19);
    }

    #[test]
    fn categories() {
        assert_eq!(AgeCategory::of_age(17), AgeCategory::Under18);
        assert_eq!(AgeCategory::of_age(18), AgeCategory::From18To60);
        assert_eq!(AgeCategory::of_age(60), AgeCategory::From18To60);
        assert_eq!(AgeCategory::of_age(61), AgeCategory::Over60);
        assert_eq!(AgeCategory::of_age(0), AgeCategory::Under18);
    }
}
