//! The marked copy of the user's own workbook loses nothing: a register
//! with an evaluation sheet, a budget sheet with formulas, bold headers, a
//! fill, column widths, a frozen header and a list validation, as written
//! by rust_xlsxwriter (`tests/fixtures/marking.xlsx`) and as LibreOffice
//! Calc saved it (`marking_libreoffice.xlsx`). Every part but the ones the
//! marks need is byte for byte the original; in those, nothing of the
//! user's changes but the marked cells' fills.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use amif_check::api::{validate, Options};
use amif_check::messages::Lang;
use amif_check::output::diagnostics::to_records;
use amif_check::output::mark_workbook;
use amif_check::register::{read_grid_head, ReadOptions};
use amif_check::rules::RuleOptions;
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

fn fixture_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The register the user keeps working in.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let filled = Format::new().set_background_color("#DDEEFF");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("Deltagare").unwrap();
    for (c, header) in ["Personnummer", "Kön", "Startdatum", "O.2.3"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string_with_format(0, c as u16, *header, &bold)
            .unwrap();
    }
    let rows = [
        ("811218-9876", "K", "2024-01-10"),
        ("811218-9875", "K", "2024-01-10"), // wrong check digit
        ("121212-1212", "Q", "2024-02-01"), // no such gender
        ("900101-1114", "M", "2024-02-01"),
    ];
    for (r, (id, gender, start)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet
            .write_string_with_format(r, 1, *gender, &filled)
            .unwrap();
        let day = NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
        sheet.write_date_with_format(r, 2, day, &date).unwrap();
        sheet.write_string(r, 3, "X").unwrap();
    }
    sheet.set_column_width(0, 18).unwrap();
    sheet.set_freeze_panes(1, 0).unwrap();
    let genders = DataValidation::new()
        .allow_list_strings(&["M", "K", "X"])
        .unwrap();
    sheet.add_data_validation(1, 1, 100, 1, &genders).unwrap();

    let evaluations = book.add_worksheet();
    evaluations.set_name("Utvärderingar").unwrap();
    for (c, header) in ["Personnummer", "Datum", "Hälsa", "Boende"]
        .iter()
        .enumerate()
    {
        evaluations
            .write_string_with_format(0, c as u16, *header, &bold)
            .unwrap();
    }
    evaluations.write_string(1, 0, "811218-9876").unwrap();
    evaluations.write_string(1, 1, "2024-05-01").unwrap();
    evaluations.write_string(1, 2, "X").unwrap();
    evaluations.write_string(1, 3, "X").unwrap();

    let budget = book.add_worksheet();
    budget.set_name("Budget").unwrap();
    budget
        .write_string_with_format(0, 0, "Post", &bold)
        .unwrap();
    budget
        .write_string_with_format(0, 1, "Belopp", &bold)
        .unwrap();
    budget.write_string(1, 0, "Lokal").unwrap();
    budget.write_number(1, 1, 12000).unwrap();
    budget.write_string(2, 0, "Tolk").unwrap();
    budget.write_number(2, 1, 3500.5).unwrap();
    budget.write_string(3, 0, "Summa").unwrap();
    budget
        .write_formula(3, 1, Formula::new("=SUM(B2:B3)").set_result("15500.5"))
        .unwrap();
    budget.set_column_width(1, 14).unwrap();
    book.save_to_buffer().unwrap()
}

/// Writes `tests/fixtures/marking.xlsx`; `marking_libreoffice.xlsx` is it
/// as LibreOffice Calc saves it (see the fixtures' README).
#[test]
#[ignore]
fn write_marking_fixture() {
    std::fs::write(fixture_path("marking.xlsx"), workbook()).unwrap();
}

fn marked(bytes: &[u8]) -> (Vec<u8>, usize) {
    let options = Options {
        rules: RuleOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        read: ReadOptions::default(),
        lang: Lang::Sv,
    };
    let v = validate(bytes, &[], &options).unwrap();
    let sheet = v.table.sheet.clone().unwrap();
    let head = read_grid_head(bytes, Some(&sheet), &ReadOptions::default(), 1).unwrap();
    let header = head.rows.iter().find(|r| r.number == v.table.header.row);
    let records = to_records(&v.outcome.diagnostics, Lang::Sv);
    let copy = mark_workbook(
        bytes,
        &sheet,
        header,
        v.table.header.row,
        &records,
        Lang::Sv,
    )
    .unwrap();
    (copy, records.len())
}

/// Each zip entry's bytes (local header, data, descriptor) by name.
fn raw_entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut starts: Vec<(u64, String)> = (0..archive.len())
        .map(|i| {
            let file = archive.by_index_raw(i).unwrap();
            (file.header_start(), file.name().unwrap().to_string())
        })
        .collect();
    starts.sort();
    let directory = archive.central_directory_start();
    let mut out = BTreeMap::new();
    for (i, (start, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(directory, |(s, _)| *s);
        out.insert(name.clone(), bytes[*start as usize..end as usize].to_vec());
    }
    out
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A sheet's values and formulas, row by row.
type SheetContents = (Vec<Vec<Data>>, Vec<Vec<String>>);

/// Every cell's value and every formula of every sheet.
fn contents(bytes: &[u8]) -> BTreeMap<String, SheetContents> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let values = book.worksheet_range(&name).unwrap();
            let formulas = book.worksheet_formula(&name).unwrap();
            let values = values.rows().map(|r| r.to_vec()).collect();
            let formulas = formulas.rows().map(|r| r.to_vec()).collect();
            (name, (values, formulas))
        })
        .collect()
}

/// The sheet XML with the cells' style attributes and our drawing taken out.
fn without_marks(sheet: &str) -> String {
    let mut out = String::new();
    let mut rest = sheet;
    while let Some(at) = rest.find(" s=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        rest = &after[after.find('"').unwrap() + 1..];
    }
    out.push_str(rest);
    let out = match out.find("<legacyDrawing xmlns:amifr") {
        Some(at) => {
            let end = at + out[at..].find("/>").unwrap() + 2;
            format!("{}{}", &out[..at], &out[end..])
        }
        None => out,
    };
    // Cells the marks added: empty, with nothing but a reference.
    let mut kept = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("<c r=\"") {
        let end = at + rest[at..].find('>').unwrap() + 1;
        kept.push_str(&rest[..at]);
        let tag = &rest[at..end];
        if !(tag.ends_with("/>") && tag.matches('"').count() == 2) {
            kept.push_str(tag);
        }
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

fn check_marked_copy(original: &[u8], what: &str) {
    let (copy, findings) = marked(original);
    assert!(findings >= 2, "{what}: the register has findings");
    let before = raw_entries(original);
    let after = raw_entries(&copy);
    // Parts that change: the marked sheet, styles, the workbook's list of
    // sheets and its relationships, the content types, the sheet's rels.
    let changed = |name: &str| {
        name == "xl/worksheets/sheet1.xml"
            || name == "xl/styles.xml"
            || name == "xl/workbook.xml"
            || name == "xl/_rels/workbook.xml.rels"
            || name == "[Content_Types].xml"
            || name == "xl/worksheets/_rels/sheet1.xml.rels"
    };
    for (name, bytes) in &before {
        assert!(after.contains_key(name), "{what}: {name} lost");
        if !changed(name) {
            assert_eq!(&after[name], bytes, "{what}: {name} changed");
        }
    }
    // Every value and formula of every sheet, and the check sheet added.
    let (old, new) = (contents(original), contents(&copy));
    for (name, sheet) in &old {
        assert_eq!(new.get(name), Some(sheet), "{what}: sheet {name}");
    }
    assert_eq!(new.len(), old.len() + 1, "{what}");
    assert!(new.contains_key("Kontroll"), "{what}: {:?}", new.keys());
    // The marked sheet: the same but for style attributes and the notes.
    let (sheet_before, sheet_after) = (
        part(original, "xl/worksheets/sheet1.xml"),
        part(&copy, "xl/worksheets/sheet1.xml"),
    );
    assert_eq!(
        without_marks(&sheet_after),
        without_marks(&sheet_before),
        "{what}"
    );
    assert!(sheet_after.contains("legacyDrawing"), "{what}: notes");
    // Styles: the original's, with fills, fonts and formats appended.
    let (styles_before, styles_after) = (
        part(original, "xl/styles.xml"),
        part(&copy, "xl/styles.xml"),
    );
    let strip_counts = |xml: &str| {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(at) = rest.find(" count=\"") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 8..];
            rest = &after[after.find('"').unwrap() + 1..];
        }
        out.push_str(rest);
        out
    };
    let (a, b) = (strip_counts(&styles_before), strip_counts(&styles_after));
    // In each list the original entries come first, unchanged; ours follow.
    let content = |xml: &str, name: &str| -> String {
        let open = xml.find(&format!("<{name}")).unwrap();
        let start = open + xml[open..].find('>').unwrap() + 1;
        let end = xml.find(&format!("</{name}>")).unwrap();
        xml[start..end].to_string()
    };
    for list in ["fills", "fonts", "cellXfs"] {
        let (old, new) = (content(&a, list), content(&b, list));
        assert!(
            new.starts_with(&old) && new.len() > old.len(),
            "{what}: {list}"
        );
    }
    // Everything outside those lists is the original's.
    let outside = |xml: &str| -> String {
        let mut xml = xml.to_string();
        for list in ["fills", "fonts", "cellXfs"] {
            let c = content(&xml, list);
            xml = xml.replacen(&c, "", 1);
        }
        xml
    };
    assert_eq!(outside(&b), outside(&a), "{what}: styles outside the lists");
    assert!(
        b.contains("FFFFC7CE") && b.contains("FFFFEB9C"),
        "{what}: fills"
    );
    // Every marked cell's format is a clone of its own with only the fill changed.
    let xf = |styles: &str, index: usize| -> String {
        let start = styles.find("<cellXfs").unwrap();
        let list = &styles[start..styles[start..].find("</cellXfs>").unwrap() + start];
        let mut found = Vec::new();
        let mut rest = list;
        while let Some(at) = rest.find("<xf ") {
            let tail = &rest[at..];
            let end = if tail[..tail.find('>').unwrap()].ends_with('/') {
                tail.find('>').unwrap() + 1
            } else {
                tail.find("</xf>").unwrap() + 5
            };
            found.push(tail[..end].to_string());
            rest = &tail[end..];
        }
        found[index].clone()
    };
    let style_of = |sheet: &str, cell: &str| -> usize {
        let at = sheet.find(&format!("r=\"{cell}\"")).unwrap();
        let tag_end = at + sheet[at..].find('>').unwrap();
        let tag = &sheet[at..tag_end];
        tag.find(" s=\"").map_or(0, |s| {
            tag[s + 4..].split('"').next().unwrap().parse().unwrap()
        })
    };
    // B4 ("Q"): an error on a filled cell; B2 unmarked keeps its style.
    let (old_b4, new_b4) = (style_of(&sheet_before, "B4"), style_of(&sheet_after, "B4"));
    assert_ne!(old_b4, new_b4, "{what}");
    let normalise = |xf: String| {
        let mut xf = xf;
        for attr in ["fillId", "applyFill"] {
            if let Some(at) = xf.find(&format!(" {attr}=\"")) {
                let end = at + attr.len() + 3 + xf[at + attr.len() + 3..].find('"').unwrap() + 1;
                xf.replace_range(at..end, "");
            }
        }
        xf
    };
    assert_eq!(
        normalise(xf(&styles_after, new_b4)),
        normalise(xf(&styles_before, old_b4)),
        "{what}"
    );
    assert_eq!(
        style_of(&sheet_after, "B2"),
        style_of(&sheet_before, "B2"),
        "{what}"
    );
    // Opened again by the tool: the same findings.
    let again = marked(&copy).1;

    assert_eq!(again, findings, "{what}: the marked copy checks the same");
}

#[test]
fn a_workbook_written_by_a_library_keeps_everything() {
    check_marked_copy(
        &std::fs::read(fixture_path("marking.xlsx")).unwrap(),
        "xlsxwriter",
    );
}

#[test]
fn a_workbook_saved_by_libreoffice_keeps_everything() {
    check_marked_copy(
        &std::fs::read(fixture_path("marking_libreoffice.xlsx")).unwrap(),
        "libreoffice",
    );
}

#[test]
fn the_fixture_is_the_workbook_these_tests_describe() {
    // Rewrite it with `write_marking_fixture` when `workbook()` changes.
    let written = contents(&workbook());
    let fixture = contents(&std::fs::read(fixture_path("marking.xlsx")).unwrap());
    assert_eq!(written, fixture);
}

/// Part names are case-insensitive: a package whose sheet part is spelt
/// otherwise than its relationship (as some writers do) is read by the
/// check, so it is marked too, in that part, and nothing is lost.
#[test]
fn a_part_spelt_in_other_case_than_its_relationship_is_marked() {
    let original = std::fs::read(fixture_path("marking.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(&original)).unwrap();
    let mut respelt = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).unwrap();
        let name = file
            .name()
            .unwrap()
            .replace("worksheets/sheet1.xml", "worksheets/Sheet1.xml");
        respelt.raw_copy_file_rename(file, name).unwrap();
    }
    let respelt = respelt.finish().unwrap().into_inner();
    let (copy, findings) = marked(&respelt);
    assert!(findings >= 2);
    let (before, after) = (
        part(&respelt, "xl/worksheets/Sheet1.xml"),
        part(&copy, "xl/worksheets/Sheet1.xml"),
    );
    assert_ne!(after, before, "the marks are in the part as it is spelt");
    assert_eq!(without_marks(&after), without_marks(&before));
    assert!(!raw_entries(&copy).contains_key("xl/worksheets/sheet1.xml"));
    let (old, new) = (contents(&respelt), contents(&copy));
    for (name, sheet) in &old {
        assert_eq!(new.get(name), Some(sheet), "sheet {name}");
    }
    assert_eq!(marked(&copy).1, findings);
}

/// Findings in another table of the workbook (here an unreadable date in
/// the evaluation sheet) are marked in that sheet too, with their own notes,
/// and the check sheet links to their cells; nothing else changes.
#[test]
fn findings_in_another_tables_sheet_are_marked_there() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Deltagare").unwrap();
    for (r, row) in [
        ["Personnummer", "Kön", "Startdatum", "O.2.3"],
        ["811218-9876", "K", "2024-01-10", "X"],
        ["811218-9875", "K", "2024-01-10", "X"], // wrong check digit
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let evaluations = book.add_worksheet();
    evaluations.set_name("Utvärderingar").unwrap();
    for (r, row) in [
        ["Personnummer", "Datum", "Arbetsmarknad", "Språk"],
        ["811218-9876", "2024-06-01", "X", "X"],
        ["811218-9876", "snart", "X", ""], // no date
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            evaluations.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let original = book.save_to_buffer().unwrap();
    let (copy, _) = marked(&original);
    // Every value of every sheet kept; the check sheet added.
    let (old, new) = (contents(&original), contents(&copy));
    for (name, sheet) in &old {
        assert_eq!(new.get(name), Some(sheet), "sheet {name}");
    }
    // The evaluation sheet: B3 marked, with a note of its own.
    let (before, after) = (
        part(&original, "xl/worksheets/sheet2.xml"),
        part(&copy, "xl/worksheets/sheet2.xml"),
    );
    assert_eq!(without_marks(&after), without_marks(&before));
    let style_of = |xml: &str, cell: &str| {
        let at = xml.find(&format!("r=\"{cell}\"")).unwrap();
        let tag = &xml[at..at + xml[at..].find('>').unwrap()];
        tag.find(" s=\"")
            .map(|s| tag[s + 4..].split('"').next().unwrap().to_string())
    };
    assert_ne!(style_of(&after, "B3"), style_of(&before, "B3"));
    assert_eq!(style_of(&after, "B2"), style_of(&before, "B2"));
    assert!(after.contains("legacyDrawing"));
    // Two drawings, each its own block of shape ids.
    let entries = raw_entries(&copy);
    let blocks: Vec<String> = entries
        .keys()
        .filter(|name| name.ends_with(".vml"))
        .map(|name| {
            let xml = part(&copy, name);
            let at = xml.find("data=\"").unwrap() + 6;
            xml[at..at + xml[at..].find('"').unwrap()].to_string()
        })
        .collect();
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_ne!(blocks[0], blocks[1]);
    // The check sheet links to the evaluation sheet's cell.
    let check_sheets: Vec<String> = entries
        .keys()
        .filter(|name| name.starts_with("xl/worksheets/sheet") && !old.is_empty())
        .map(|name| part(&copy, name))
        .filter(|xml| xml.contains("hyperlink"))
        .collect();
    assert!(
        check_sheets
            .iter()
            .any(|xml| xml.contains("Utvärderingar") && xml.contains("!B3")),
        "no link to the evaluation cell"
    );
}
