//! An annotated copy of the participant sheet as XLSX: the cells as values
//! (never formulas), problem cells filled and carrying a note, and a sheet
//! listing every diagnostic with a link to its cell. Made on the user's
//! machine; it holds the register's personal data like the register itself.

use super::diagnostics::{severity_name, DiagnosticJson};
use super::xlsx::{self, cell_name, Sheet, Style, MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::Severity;
use crate::messages::Lang;
use crate::register::{Cell, Grid, Row, CHECK_SHEET_HEADERS};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

/// Notes longer than this are cut: Excel shows them badly anyway.
const MAX_NOTE_CHARS: usize = 4_000;

/// Why no workbook could be made. Never holds cell content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotateError {
    /// The sheet has more rows or columns than an XLSX sheet can hold.
    TooLarge,
}

impl std::fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnnotateError::TooLarge => {
                f.write_str("the sheet is larger than an XLSX sheet can hold")
            }
        }
    }
}

impl std::error::Error for AnnotateError {}

/// Localised words of the check sheet.
struct Words {
    check_sheet: &'static str,
    participants_sheet: &'static str,
    /// The reader knows these as the check sheet's header, never a table.
    header: [&'static str; 7],
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Sv => Words {
            check_sheet: "Kontroll",
            participants_sheet: "Deltagare",
            header: CHECK_SHEET_HEADERS[0],
        },
        Lang::En => Words {
            check_sheet: "Check",
            participants_sheet: "Participants",
            header: CHECK_SHEET_HEADERS[1],
        },
        Lang::Fi => Words {
            check_sheet: "Tarkistus",
            participants_sheet: "Osallistujat",
            header: CHECK_SHEET_HEADERS[2],
        },
    }
}

/// What to show on one problem cell.
#[derive(Default)]
pub(super) struct Mark {
    pub(super) worst: Option<Severity>,
    pub(super) lines: Vec<String>,
}

/// Number formats a copied cell may need.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    General,
    Date,
    DateTime,
}

/// The style of a cell of `kind` marked with `severity`. Info findings get
/// a note but no fill.
fn style(kind: Kind, severity: Option<Severity>) -> Style {
    match (kind, severity) {
        (Kind::General, Some(Severity::Error)) => Style::ErrorFill,
        (Kind::General, Some(Severity::Warning)) => Style::WarningFill,
        (Kind::General, _) => Style::Plain,
        (Kind::Date, Some(Severity::Error)) => Style::DateErrorFill,
        (Kind::Date, Some(Severity::Warning)) => Style::DateWarningFill,
        (Kind::Date, _) => Style::Date,
        (Kind::DateTime, Some(Severity::Error)) => Style::DateTimeErrorFill,
        (Kind::DateTime, Some(Severity::Warning)) => Style::DateTimeWarningFill,
        (Kind::DateTime, _) => Style::DateTime,
    }
}

/// A sheet name Excel accepts: no `[]:*?/\`, no leading or trailing
/// apostrophe, at most 31 UTF-16 units, not blank.
fn sheet_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let mut out = String::new();
    let mut units = 0;
    for c in cleaned.chars() {
        units += c.len_utf16();
        if units > 31 {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end().trim_end_matches('\'').to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// `'Name'!B5` (apostrophes in the name doubled).
fn internal_link(sheet: &str, row: u32, column: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), cell_name(row, column))
}

fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// 0-based column of each header cell, by header text as written (trimmed);
/// the first of equal headers wins, as when the table was read.
fn header_columns(header: Option<&Row>) -> BTreeMap<String, usize> {
    let mut columns = BTreeMap::new();
    if let Some(row) = header {
        for (index, cell) in row.cells.iter().enumerate() {
            let text = crate::register::values::text(cell);
            let text = text.trim();
            if !text.is_empty() {
                columns.entry(text.to_string()).or_insert(index);
            }
        }
    }
    columns
}

/// Where in a sheet a diagnostic points: (0-based row, 0-based column).
/// `sheet`: `None` for the participant sheet (its findings name no sheet),
/// else the other table's sheet. A row without a column marks the row's
/// first cell; a column without a row marks its header cell. Findings about
/// other sheets or files point nowhere.
fn locate(
    d: &DiagnosticJson,
    sheet: Option<&str>,
    header_row: u32,
    columns: &BTreeMap<String, usize>,
) -> Option<(u32, usize)> {
    if d.sheet.as_deref() != sheet {
        return None;
    }
    let column = match &d.column {
        Some(header) => Some(*columns.get(header.trim())?),
        None => None,
    };
    match (d.row, column) {
        (Some(row), column) if row >= 1 => Some((row - 1, column.unwrap_or(0))),
        (None, Some(column)) if header_row >= 1 => Some((header_row - 1, column)),
        _ => None,
    }
}

/// Excel's serial day number (1900 date system) for dates from 1900-03-01,
/// where Excel's calendar is right; `None` before.
fn excel_day(date: NaiveDate) -> Option<f64> {
    let first = NaiveDate::from_ymd_opt(1900, 3, 1)?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (date >= first).then(|| (date - epoch).num_days() as f64)
}

fn excel_date_time(date_time: &NaiveDateTime) -> Option<f64> {
    use chrono::Timelike;
    let day = excel_day(date_time.date())?;
    let t = date_time.time();
    let seconds = f64::from(t.num_seconds_from_midnight()) + f64::from(t.nanosecond()) / 1e9;
    Some(day + seconds / 86_400.0)
}

/// Writes one copied cell, as the value it holds.
fn write_cell<'a>(
    sheet: &mut Sheet<'a>,
    row: u32,
    column: u16,
    cell: &'a Cell,
    severity: Option<Severity>,
) {
    let general = style(Kind::General, severity);
    match cell {
        Cell::Empty => sheet.blank(row, column, general),
        Cell::Text(value) | Cell::Error(value) => sheet.text(row, column, value.as_str(), general),
        Cell::Number(value) => sheet.number(row, column, *value, general),
        Cell::Bool(value) => sheet.boolean(row, column, *value, general),
        Cell::Date(date) => match excel_day(*date) {
            Some(day) => sheet.number(row, column, day, style(Kind::Date, severity)),
            // Outside Excel's calendar: kept as ISO text.
            None => sheet.text(row, column, crate::dates::write(*date), general),
        },
        Cell::DateTime(date_time) => match excel_date_time(date_time) {
            Some(value) => sheet.number(row, column, value, style(Kind::DateTime, severity)),
            None => sheet.text(
                row,
                column,
                crate::dates::write_date_time(*date_time),
                general,
            ),
        },
    }
}

/// Widths that show dates and identifiers whole (title rows above the
/// header do not count): the longest value, within 8 to 40 characters.
fn column_widths(grid: &Grid, header_row: u32) -> Vec<f64> {
    let mut widths: Vec<f64> = Vec::new();
    for row in grid.rows.iter().filter(|r| r.number >= header_row) {
        for (index, cell) in row.cells.iter().enumerate().take(usize::from(MAX_COLUMNS)) {
            let chars = match cell {
                Cell::Date(_) => 10,
                Cell::DateTime(_) => 19,
                Cell::Number(n) => format!("{n}").len(),
                other => crate::register::values::text(other).chars().count(),
            };
            if widths.len() <= index {
                widths.resize(index + 1, 8.0);
            }
            if let Some(width) = widths.get_mut(index) {
                *width = width.max((chars as f64 + 2.0).min(40.0));
            }
        }
    }
    widths
}

/// A cell of the participant sheet: (0-based row, 0-based column).
pub(super) type Place = (u32, u16);

/// The marks of the participant sheet's cells.
pub(super) type Marks = BTreeMap<Place, Mark>;

/// Where each finding points in the participant sheet (see [`locate`]),
/// and what each cell pointed at shows: the worst severity and every
/// finding's line. `header` is the header row's cells.
pub(super) fn place(
    sheet: Option<&str>,
    header: Option<&Row>,
    header_row: u32,
    diagnostics: &[DiagnosticJson],
    lang: Lang,
) -> (Vec<Option<Place>>, Marks) {
    let columns = header_columns(header);
    let located: Vec<Option<(u32, u16)>> = diagnostics
        .iter()
        .map(|d| {
            locate(d, sheet, header_row, &columns)
                .and_then(|(r, c)| Some((r, u16::try_from(c).ok()?)))
        })
        .collect();
    let mut marks: BTreeMap<(u32, u16), Mark> = BTreeMap::new();
    for (d, place) in diagnostics.iter().zip(&located) {
        if let Some(place) = place {
            let mark = marks.entry(*place).or_default();
            mark.worst = Some(mark.worst.map_or(d.severity, |w| w.min(d.severity)));
            mark.lines.push(format!(
                "{}: {}",
                severity_name(d.severity, lang),
                d.message
            ));
        }
    }
    (located, marks)
}

impl Mark {
    /// The note of a marked cell: every finding, cut to what Excel shows well.
    pub(super) fn note(&self) -> String {
        cut(&self.lines.join("\n"), MAX_NOTE_CHARS)
    }
}

/// The sheet listing every finding, each with a link to its cell: in the
/// sheet `data_name`, or in the finding's own sheet.
pub(super) fn check_sheet<'a>(
    name: &str,
    data_name: &str,
    diagnostics: &'a [DiagnosticJson],
    located: &[Option<(u32, u16)>],
    lang: Lang,
) -> Sheet<'a> {
    let words = words(lang);
    let mut check = Sheet::new(name);
    for (c, text) in words.header.iter().enumerate() {
        check.text(0, c as u16, *text, Style::Bold);
    }
    for (i, (d, place)) in diagnostics.iter().zip(located).enumerate() {
        let r = (i + 1) as u32;
        if let Some((row, column)) = place {
            // A finding of another table links to a cell of that table's sheet.
            let target = internal_link(d.sheet.as_deref().unwrap_or(data_name), *row, *column);
            check.internal_link(r, 0, &target, &cell_name(*row, *column));
        }
        if let Some(row) = d.row {
            check.number(r, 1, f64::from(row), Style::Plain);
        }
        let texts = [
            (2, d.column.as_deref().unwrap_or_default()),
            (3, severity_name(d.severity, lang)),
            (4, d.code.as_str()),
            (5, d.message.as_str()),
            (6, d.sheet.as_deref().unwrap_or_default()),
        ];
        for (c, text) in texts {
            if !text.is_empty() {
                check.text(r, c, text, Style::Plain);
            }
        }
    }
    check.freeze_rows(1);
    for (c, width) in [
        (0, 8.0),
        (1, 6.0),
        (2, 24.0),
        (3, 12.0),
        (4, 26.0),
        (5, 90.0),
        (6, 16.0),
    ] {
        check.column_width(c, width);
    }
    check
}

/// The check sheet's name in `lang`, unless the workbook has a sheet of
/// that name already.
pub(super) fn check_sheet_name(lang: Lang, taken: &[String]) -> String {
    let base = words(lang).check_sheet;
    let free = |name: &str| {
        !taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    (1..)
        .map(|n| match n {
            1 => base.to_string(),
            n => format!("{base} ({n})"),
        })
        .find(|name| free(name))
        .unwrap_or_else(|| base.to_string())
}

/// The annotated workbook: `grid` is every row of the participant sheet,
/// `header_row` its header row (1-based, as in the validation result),
/// `diagnostics` the findings as the API hands them out.
pub fn workbook(
    grid: &Grid,
    header_row: u32,
    diagnostics: &[DiagnosticJson],
    lang: Lang,
) -> Result<Vec<u8>, AnnotateError> {
    if grid.rows.iter().any(|r| r.number > MAX_ROWS) {
        return Err(AnnotateError::TooLarge);
    }
    if grid
        .rows
        .iter()
        .any(|r| r.cells.len() > usize::from(MAX_COLUMNS))
    {
        return Err(AnnotateError::TooLarge);
    }
    if diagnostics.len() >= MAX_ROWS as usize {
        return Err(AnnotateError::TooLarge);
    }
    let words = words(lang);
    let data_name = sheet_name(
        grid.sheet.as_deref().unwrap_or(words.participants_sheet),
        words.participants_sheet,
    );
    let check_name = check_sheet_name(lang, std::slice::from_ref(&data_name));

    let header = grid.rows.iter().find(|r| r.number == header_row);
    let (located, marks) = place(None, header, header_row, diagnostics, lang);

    let mut data = Sheet::new(&data_name);
    for row in &grid.rows {
        let r = row.number.saturating_sub(1);
        for (index, cell) in row.cells.iter().enumerate() {
            let c = u16::try_from(index).map_err(|_| AnnotateError::TooLarge)?;
            let severity = marks.get(&(r, c)).and_then(|m| m.worst);
            write_cell(&mut data, r, c, cell, severity);
        }
    }
    for ((r, c), mark) in &marks {
        // Empty cells beyond a row's last value get their fill here.
        if !data.has(*r, *c) {
            data.restyle(*r, *c, style(Kind::General, mark.worst));
        }
        data.note(*r, *c, &mark.note());
    }
    if header_row >= 1 {
        data.freeze_rows(header_row);
    }
    for (c, width) in column_widths(grid, header_row).into_iter().enumerate() {
        data.column_width(c as u16, width);
    }

    let check = check_sheet(&check_name, &data_name, diagnostics, &located, lang);
    // The findings come first: that is what the user opens the file for.
    xlsx::workbook(&[check, data], "amif-check").ok_or(AnnotateError::TooLarge)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use chrono::NaiveDate;
    use std::io::Cursor;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn grid() -> Grid {
        let date = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        Grid {
            sheet: Some("Deltagare 2024".to_string()),
            rows: vec![
                Row {
                    number: 1,
                    cells: vec![text("Deltagarförteckning")],
                },
                Row {
                    number: 3,
                    cells: vec![
                        text("Personnummer"),
                        text("Kön"),
                        text("Start"),
                        text("O.2.3"),
                    ],
                },
                Row {
                    number: 4,
                    cells: vec![
                        text("=HYPERLINK(\"x\")"),
                        text("K"),
                        Cell::Date(date),
                        Cell::Bool(true),
                    ],
                },
                Row {
                    number: 5,
                    cells: vec![
                        Cell::Number(199001011234.0),
                        Cell::Empty,
                        Cell::DateTime(date.and_hms_opt(10, 30, 0).unwrap()),
                        Cell::Number(1.5),
                    ],
                },
            ],
        }
    }

    fn diagnostic(
        code: &str,
        severity: Severity,
        row: Option<u32>,
        column: Option<&str>,
    ) -> DiagnosticJson {
        DiagnosticJson {
            code: code.to_string(),
            severity,
            row,
            column: column.map(str::to_string),
            message: format!("message of {code}"),
            sheet: None,
        }
    }

    fn diagnostics() -> Vec<DiagnosticJson> {
        vec![
            diagnostic("id.format", Severity::Error, Some(4), Some("Personnummer")),
            diagnostic("gender.invalid", Severity::Error, Some(5), Some("Kön")),
            diagnostic(
                "date.outside_project",
                Severity::Warning,
                Some(4),
                Some("Start"),
            ),
            diagnostic(
                "indicator.parent_implied",
                Severity::Warning,
                Some(4),
                Some("Start"),
            ),
            diagnostic("column.unknown", Severity::Info, None, Some("O.2.3")),
            diagnostic("person.conflict", Severity::Error, Some(5), None),
            DiagnosticJson {
                sheet: Some("Utvärderingar".to_string()),
                ..diagnostic("date.invalid", Severity::Error, Some(2), Some("Datum"))
            },
        ]
    }

    fn build() -> Vec<u8> {
        workbook(&grid(), 3, &diagnostics(), Lang::Sv).unwrap()
    }

    /// The parts of the XLSX package, for checks calamine cannot make.
    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn values_round_trip() {
        let bytes = build();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Kontroll", "Deltagare 2024"]);
        let range = book.worksheet_range("Deltagare 2024").unwrap();
        let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(0, 0), Data::String("Deltagarförteckning".into()));
        assert_eq!(at(1, 0), Data::Empty);
        assert_eq!(at(2, 1), Data::String("Kön".into()));
        // Formula-looking text stays text, never a formula.
        assert_eq!(at(3, 0), Data::String("=HYPERLINK(\"x\")".into()));
        assert!(book
            .worksheet_formula("Deltagare 2024")
            .unwrap()
            .used_cells()
            .all(|(_, _, f)| f.is_empty()));
        assert_eq!(at(3, 3), Data::Bool(true));
        assert_eq!(at(4, 0), Data::Float(199001011234.0));
        assert_eq!(at(4, 3), Data::Float(1.5));
        match at(3, 2) {
            Data::DateTime(d) => assert_eq!(
                d.as_datetime().map(|d| d.date()),
                NaiveDate::from_ymd_opt(2024, 3, 15)
            ),
            other => panic!("date cell read as {other:?}"),
        }
        match at(4, 2) {
            Data::DateTime(d) => assert_eq!(
                d.as_datetime().map(|d| d.format("%H:%M").to_string()),
                Some("10:30".to_string())
            ),
            other => panic!("date-time cell read as {other:?}"),
        }
    }

    #[test]
    fn check_sheet_lists_every_finding() {
        let bytes = build();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
        let range = book.worksheet_range("Kontroll").unwrap();
        assert_eq!(range.height(), 1 + diagnostics().len());
        let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(0, 5), Data::String("Meddelande".into()));
        assert_eq!(at(1, 0), Data::String("A4".into()));
        assert_eq!(at(1, 1), Data::Float(4.0));
        assert_eq!(at(1, 3), Data::String("fel".into()));
        assert_eq!(at(1, 4), Data::String("id.format".into()));
        // The header finding points at the header cell; the row finding at
        // the row's first cell; the other sheet's finding nowhere.
        assert_eq!(at(5, 0), Data::String("D3".into()));
        assert_eq!(at(6, 0), Data::String("A5".into()));
        assert_eq!(at(7, 0), Data::Empty);
        assert_eq!(at(7, 6), Data::String("Utvärderingar".into()));
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<hyperlink ref=\"A2\" location=\"'Deltagare 2024'!A4\""));
    }

    #[test]
    fn fills_and_notes_on_the_right_cells() {
        let bytes = build();
        let notes = part(&bytes, "xl/comments1.xml");
        let cell_of = |needle: &str| {
            let at = notes.find(needle).unwrap();
            let start = notes[..at].rfind("<comment ref=\"").unwrap() + 14;
            notes[start..].split('"').next().unwrap().to_string()
        };
        assert_eq!(cell_of("message of id.format"), "A4");
        assert_eq!(cell_of("message of gender.invalid"), "B5");
        assert_eq!(cell_of("message of column.unknown"), "D3");
        assert_eq!(cell_of("message of person.conflict"), "A5");
        // Two findings on one cell share one note.
        assert_eq!(cell_of("message of date.outside_project"), "C4");
        assert_eq!(cell_of("message of indicator.parent_implied"), "C4");
        assert_eq!(notes.matches("<comment ref=").count(), 5);
        assert!(!notes.contains("date.invalid"));

        // Fills: each cell's style index → its fill colour.
        let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
        let styles = part(&bytes, "xl/styles.xml");
        let fill_of = |cell: &str| -> Option<String> {
            let at = sheet.find(&format!("<c r=\"{cell}\""))?;
            let tag = &sheet[at..at + sheet[at..].find('>')?];
            let style: usize = tag.split("s=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let xfs = styles.split("<cellXfs").nth(1)?;
            let xf = xfs.split("<xf ").nth(style + 1)?;
            let fill: usize = xf
                .split("fillId=\"")
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()?;
            let fills = styles.split("<fills").nth(1)?;
            let fill = fills.split("<fill>").nth(fill + 1)?;
            Some(fill.split("rgb=\"").nth(1)?.split('"').next()?.to_string())
        };
        assert_eq!(fill_of("A4").as_deref(), Some("FFFFC7CE"));
        assert_eq!(fill_of("B5").as_deref(), Some("FFFFC7CE"));
        assert_eq!(fill_of("C4").as_deref(), Some("FFFFEB9C"));
        assert_eq!(fill_of("A5").as_deref(), Some("FFFFC7CE"));
        assert_eq!(fill_of("B4"), None);
        assert_eq!(fill_of("D3"), None);
    }

    #[test]
    fn sheet_names() {
        assert_eq!(sheet_name("Deltagare", "x"), "Deltagare");
        assert_eq!(sheet_name("a/b:c", "x"), "a_b_c");
        assert_eq!(sheet_name("'quoted'", "x"), "quoted");
        assert_eq!(sheet_name("   ", "x"), "x");
        assert_eq!(sheet_name(&"ö".repeat(40), "x").chars().count(), 31);
        let csv = Grid {
            sheet: None,
            rows: grid().rows,
        };
        let bytes = workbook(&csv, 3, &[], Lang::Fi).unwrap();
        let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Tarkistus", "Osallistujat"]);
        let clash = Grid {
            sheet: Some("Check".into()),
            rows: grid().rows,
        };
        let bytes = workbook(&clash, 3, &[], Lang::En).unwrap();
        let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Check (2)", "Check"]);
    }

    #[test]
    fn links_quote_sheet_names() {
        assert_eq!(internal_link("Bob's", 3, 1), "'Bob''s'!B4");
    }

    #[test]
    fn too_many_rows() {
        let big = Grid {
            sheet: None,
            rows: vec![Row {
                number: MAX_ROWS + 1,
                cells: vec![text("x")],
            }],
        };
        assert_eq!(
            workbook(&big, 1, &[], Lang::En),
            Err(AnnotateError::TooLarge)
        );
    }
}
