//! Check-digit algorithms shared by several identifier kinds.

/// Luhn sum of ASCII digits, doubling every second digit counted from the
/// right, starting with the rightmost one when `double_last` is set.
fn luhn_sum(digits: &[u8], double_last: bool) -> u32 {
    let first_doubled = usize::from(!double_last);
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0'));
            if i % 2 == first_doubled {
                let doubled = d * 2;
                doubled - if doubled > 9 { 9 } else { 0 }
            } else {
                d
            }
        })
        .sum()
}

/// Luhn (mod 10) over ASCII digits, the last one being the check digit.
pub fn luhn_valid(digits: &[u8]) -> bool {
    luhn_sum(digits, false) % 10 == 0
}

/// The Luhn check digit (ASCII) to append to `digits`.
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    let remainder = luhn_sum(digits, true) % 10;
    // remainder < 10, so the digit fits in a u8.
    b'0' + ((10 - remainder) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_numbers() {
        assert!(luhn_valid(b"8112189876"));
        assert!(!luhn_valid(b"8112189875"));
        assert_eq!(luhn_check_digit(b"811218987"), b'6');
        assert_eq!(luhn_check_digit(b"556036079"), b'3');
    }
}
