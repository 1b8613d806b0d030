//! CSV writing that never lets a cell act as a spreadsheet formula.

/// A cell starting with `=` `+` `-` `@`, tab or CR gets a leading `'`, so
/// spreadsheet programs show it as text instead of evaluating it. A signed
/// number alone (`-2`, `+3`: a difference) is left as it is: it can run
/// nothing, and the `'` would show in Excel.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('+' | '-') if is_number(cell) => cell.into(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A sign and digits, with at most one decimal point or comma between digits.
pub fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once(['.', ',']).unwrap_or((digits, "1"));
    [whole, fraction]
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes rows as semicolon-separated UTF-8 with a byte-order mark, which is
/// what Swedish and Finnish Excel opens correctly by double-click.
pub fn write<I, R, C>(rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        // Writing to a Vec cannot fail for I/O reasons.
        let _ = writer.write_record(&cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for cell in [
            "=1+1",
            "+46 70",
            "-2+3",
            "-2,",
            "+.5",
            "-",
            "+",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-1e3",
            "+1;2",
            "-cmd|' /C calc'!A0",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in [
            "18-60", "<18", "O.2.3", "", "ja", "-2", "+2", "-0.5", "+3,25",
        ] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn writes_semicolon_csv_with_bom_and_quotes() {
        let csv = write([["a;b", "=c"], ["1", "line\nbreak"]]);
        assert_eq!(csv, "\u{feff}\"a;b\";'=c\r\n1;\"line\nbreak\"\r\n");
    }
}
