//! Property tests of the identifier parsers (SPEC §2).
// Tests may fail loudly.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]
#![cfg(not(target_arch = "wasm32"))] // proptest and processes are native only

use amif_check::ids::checksum::{luhn_check_digit, luhn_valid};
use amif_check::ids::{
    henkilotunnus, internal, organisationsnummer, parse_person, ytunnus, Country, IdError, IdKind,
};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

/// Any date from 1850-01-01 to the reference date.
fn birth_date() -> impl Strategy<Value = NaiveDate> {
    let start = NaiveDate::from_ymd_opt(1850, 1, 1).unwrap_or_default();
    let span = (reference() - start).num_days() as u64;
    (0..=span).prop_map(move |d| start + Days::new(d))
}

/// A valid Swedish number: 12-digit canonical form; `coordination` adds 60 to the day.
fn swedish_number(birth: NaiveDate, serial: u16, coordination: bool) -> String {
    let day = birth.day() + if coordination { 60 } else { 0 };
    let body = format!(
        "{:02}{:02}{:02}{serial:03}",
        birth.year() % 100,
        birth.month(),
        day
    );
    let check = char::from(luhn_check_digit(body.as_bytes()));
    format!("{:02}{body}{check}", birth.year() / 100)
}

fn short_form(canonical: &str, birth_year: i32) -> String {
    let sign = if reference().year() - birth_year >= 100 {
        '+'
    } else {
        '-'
    };
    format!("{}{sign}{}", &canonical[2..8], &canonical[8..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn valid_swedish_numbers_round_trip_in_every_form(
        birth in birth_date(), serial in 1u16..1000, coordination in any::<bool>()
    ) {
        let canonical = swedish_number(birth, serial, coordination);
        let kind = if coordination { IdKind::Samordningsnummer } else { IdKind::Personnummer };
        let forms = [
            canonical.clone(),
            format!("{}-{}", &canonical[..8], &canonical[8..]),
            format!(" {} ", &canonical),
            short_form(&canonical, birth.year()),
        ];
        for form in forms {
            let parsed = parse_person(&form, Country::Se, reference());
            prop_assert_eq!(parsed.as_ref().map(|p| p.canonical.as_str()), Ok(canonical.as_str()), "{}", form);
            prop_assert_eq!(parsed.as_ref().map(|p| p.kind), Ok(kind));
            prop_assert_eq!(parsed.as_ref().map(|p| p.birth_date()), Ok(Some(birth)));
            // The canonical form parses to itself.
            let again = parse_person(&canonical, Country::Se, reference());
            prop_assert_eq!(again.map(|p| p.canonical), Ok(canonical.clone()));
        }
    }

    #[test]
    fn serial_000_is_never_valid(birth in birth_date(), coordination in any::<bool>()) {
        let canonical = swedish_number(birth, 0, coordination);
        prop_assert_eq!(parse_person(&canonical, Country::Se, reference()), Err(IdError::Format));
    }

    #[test]
    fn partly_known_coordination_numbers_admit_their_month_or_year(
        birth in birth_date(), serial in 1u16..1000, month_known in any::<bool>()
    ) {
        // Month 00 and/or day 60 (day 00 + 60), as Skatteverket writes them.
        let month = if month_known { birth.month() } else { 0 };
        let body = format!("{:02}{month:02}60{serial:03}", birth.year() % 100);
        let check = char::from(luhn_check_digit(body.as_bytes()));
        let text = format!("{:02}{body}{check}", birth.year() / 100);
        let parsed = parse_person(&text, Country::Se, reference()).expect("valid");
        prop_assert_eq!(parsed.kind, IdKind::Samordningsnummer);
        prop_assert_eq!(parsed.birth_date(), None);
        let range = parsed.birth.expect("a range");
        prop_assert!(range.admits(birth));
        prop_assert_eq!(range.earliest.year(), birth.year());
        prop_assert_eq!(range.latest.year(), birth.year());
        let days = (range.latest - range.earliest).num_days() + 1;
        if month_known {
            prop_assert!((28..=31).contains(&days));
        } else {
            prop_assert!(days == 365 || days == 366);
        }
    }

    #[test]
    fn ten_digit_plain_form_agrees_with_dash_form(
        birth in birth_date(), serial in 1u16..1000
    ) {
        let canonical = swedish_number(birth, serial, false);
        let dash = format!("{}-{}", &canonical[2..8], &canonical[8..]);
        let plain = canonical[2..].to_string();
        prop_assert_eq!(
            parse_person(&dash, Country::Se, reference()),
            parse_person(&plain, Country::Se, reference())
        );
    }

    #[test]
    fn plus_and_minus_are_a_century_apart(birth in birth_date(), serial in 1u16..1000) {
        let canonical = swedish_number(birth, serial, false);
        let minus = format!("{}-{}", &canonical[2..8], &canonical[8..]);
        let plus = format!("{}+{}", &canonical[2..8], &canonical[8..]);
        let year = |text: &str| parse_person(text, Country::Se, reference())
            .ok().and_then(|p| p.birth_date()).map(|d| d.year());
        // 29 February does not exist a century earlier in 1900 (or 1800 etc.).
        if let (Some(m), Some(p)) = (year(&minus), year(&plus)) {
            prop_assert_eq!(m - p, 100);
        } else {
            prop_assert!(birth.month() == 2 && birth.day() == 29);
        }
    }

    #[test]
    fn every_single_digit_change_is_rejected(
        birth in birth_date(), serial in 1u16..1000, coordination in any::<bool>(),
        position in 2usize..12, delta in 1u8..10
    ) {
        let canonical = swedish_number(birth, serial, coordination);
        let mut bytes = canonical.into_bytes();
        bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
        prop_assert!(!luhn_valid(&bytes[2..]));
        let changed = String::from_utf8_lossy(&bytes).to_string();
        let result = parse_person(&changed, Country::Se, reference());
        prop_assert!(
            matches!(result, Err(IdError::Checksum | IdError::Date | IdError::Format)),
            "{} gave {:?}", changed, result
        );
    }

    #[test]
    fn henkilotunnus_round_trips(
        days in 0u64..(365 * 300), individual in 2u32..1000, sign_index in 0usize..6,
        lower in any::<bool>(), digit_index in 0usize..9, delta in 1u8..10
    ) {
        let birth = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap_or_default() + Days::new(days);
        let dd_mm_yy = birth.day() * 10_000 + birth.month() * 100 + (birth.year() % 100) as u32;
        let check = henkilotunnus::check_character(dd_mm_yy, individual);
        let (canonical_sign, signs): (char, &[char]) = match birth.year() / 100 {
            18 => ('+', &['+']),
            19 => ('-', &['-', 'Y', 'X', 'W', 'V', 'U']),
            _ => ('A', &['A', 'B', 'C', 'D', 'E', 'F']),
        };
        let sign = signs[sign_index % signs.len()];
        let written = format!("{dd_mm_yy:06}{sign}{individual:03}{check}");
        let written = if lower { written.to_lowercase() } else { written };
        let canonical = format!("{dd_mm_yy:06}{canonical_sign}{individual:03}{check}");
        let parsed = parse_person(&written, Country::Fi, reference());
        prop_assert_eq!(parsed.as_ref().map(|p| p.canonical.as_str()), Ok(canonical.as_str()));
        prop_assert_eq!(parsed.as_ref().map(|p| p.birth_date()), Ok(Some(birth)));
        prop_assert_eq!(parsed.as_ref().map(|p| p.temporary), Ok(individual >= 900));
        // One wrong digit among DDMMYYZZZ is always caught.
        let mut bytes = canonical.clone().into_bytes();
        let position = [0, 1, 2, 3, 4, 5, 7, 8, 9][digit_index];
        bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
        let changed = String::from_utf8_lossy(&bytes).to_string();
        prop_assert!(henkilotunnus::parse(&changed).is_err(), "{}", changed);
    }

    #[test]
    fn organisationsnummer_round_trips_and_catches_one_digit(
        digits in proptest::collection::vec(0u8..10, 9), third in 2u8..10,
        position in 0usize..10, delta in 1u8..10
    ) {
        let mut body: Vec<u8> = digits.iter().map(|d| b'0' + d).collect();
        body[2] = b'0' + third;
        body.push(luhn_check_digit(&body));
        let text = String::from_utf8_lossy(&body).to_string();
        let canonical = format!("{}-{}", &text[..6], &text[6..]);
        prop_assert_eq!(organisationsnummer::parse(&text).map(|p| p.canonical), Ok(canonical.clone()));
        prop_assert_eq!(organisationsnummer::parse(&canonical).map(|p| p.canonical), Ok(canonical));
        body[position] = b'0' + (body[position] - b'0' + delta) % 10;
        prop_assert!(organisationsnummer::parse(&String::from_utf8_lossy(&body)).is_err());
    }

    #[test]
    fn ytunnus_round_trips_and_catches_one_digit(
        digits in proptest::collection::vec(0u8..10, 7), position in 0usize..8, delta in 1u8..10
    ) {
        let mut seven = [0u8; 7];
        for (slot, d) in seven.iter_mut().zip(&digits) {
            *slot = b'0' + d;
        }
        if let Some(check) = ytunnus::check_digit(&seven) {
            let mut all = seven.to_vec();
            all.push(check);
            let text = String::from_utf8_lossy(&all).to_string();
            let canonical = format!("{}-{}", &text[..7], &text[7..]);
            prop_assert_eq!(ytunnus::parse(&text).map(|p| p.canonical), Ok(canonical));
            all[position] = b'0' + (all[position] - b'0' + delta) % 10;
            prop_assert!(ytunnus::parse(&String::from_utf8_lossy(&all)).is_err());
        }
    }

    #[test]
    fn derived_internal_ids_parse_to_themselves(
        first in "[A-Za-zåäöéü' -]{0,12}", last in "[A-Za-zåäöéü' -]{0,12}", birth in birth_date()
    ) {
        match internal::derive(&first, &last, birth) {
            Some(derived) => {
                let parsed = parse_person(&derived.id.to_lowercase(), Country::Se, reference());
                prop_assert_eq!(parsed.as_ref().map(|p| p.canonical.as_str()), Ok(derived.id.as_str()));
                prop_assert_eq!(parsed.map(|p| p.birth_date()), Ok(Some(birth)));
                prop_assert!(internal::verify(&derived.id, &first, &last, birth));
            }
            None => prop_assert!(
                internal::normalise_name(&first).is_empty() || internal::normalise_name(&last).is_empty()
            ),
        }
    }
}
