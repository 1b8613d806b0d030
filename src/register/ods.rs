//! ODS (OpenDocument spreadsheet) read straight from content.xml, a sheet
//! streamed row by row. Repeated rows and cells (`number-rows-repeated`,
//! `number-columns-repeated`) are never expanded into a grid: empty ones
//! only move the position (LibreOffice ends every sheet with a million
//! empty rows), and repeated content is handed over a row at a time, within
//! the limits and a budget of repeated cells.

use super::number_format::{iso_date_time, text_cell};
use super::rows::{trim_trailing_empty, Limits, RowSource, Rows};
use super::workbook::Workbook;
use super::xml::{
    attribute, corrupt, next, open_archive, part, push_text, unescape_value, Archive, Xml,
};
use super::Unreadable;
use super::{Cell, ReadError, Row};
use quick_xml::events::{BytesStart, Event};

/// The most cells repeats may add to a sheet beyond those written out
/// (about 4 M, a register of 125 000 rows × 32 columns): an 800-byte file
/// can claim a billion.
pub(crate) const MAX_REPEATED_CELLS: u64 = 4 * 1024 * 1024;

const CONTENT: &str = "content.xml";

pub(crate) struct Ods<'b> {
    archive: Archive<'b>,
    /// The sheets' names, once a pass has found them.
    names: Option<Vec<String>>,
}

fn is_table(element: &BytesStart<'_>) -> bool {
    element.name().as_ref() == "table:table"
}

fn table_name(element: &BytesStart<'_>) -> Result<String, ReadError> {
    Ok(attribute(element, "table:name")?
        .unwrap_or_default()
        .into_owned())
}

impl<'b> Ods<'b> {
    pub(crate) fn open(bytes: &'b [u8]) -> Result<Self, ReadError> {
        let mut archive = open_archive(bytes)?;
        if part(&mut archive, CONTENT)?.is_none() {
            return Err(corrupt());
        }
        Ok(Ods {
            archive,
            names: None,
        })
    }

    /// The sheets in order, one at a time as content.xml streams by.
    pub(crate) fn tables(&mut self) -> Result<Tables<'_, 'b>, ReadError> {
        let xml = part(&mut self.archive, CONTENT)?.ok_or_else(corrupt)?;
        Ok(Tables {
            xml,
            buf: Vec::new(),
            open: false,
        })
    }

    /// The sheets positioned at the start of sheet `name`; `None` when
    /// there is no such sheet.
    pub(crate) fn find(&mut self, name: &str) -> Result<Option<Tables<'_, 'b>>, ReadError> {
        let mut tables = self.tables()?;
        while let Some(found) = tables.next_table()? {
            if found == name {
                return Ok(Some(tables));
            }
        }
        Ok(None)
    }
}

impl Workbook for Ods<'_> {
    /// Every sheet's name: one pass over content.xml, made once.
    fn sheet_names(&mut self) -> Result<Vec<String>, ReadError> {
        if let Some(names) = &self.names {
            return Ok(names.clone());
        }
        let mut names = Vec::new();
        let mut tables = self.tables()?;
        while let Some(name) = tables.next_table()? {
            names.push(name);
        }
        drop(tables);
        self.names = Some(names.clone());
        Ok(names)
    }

    fn rows(
        &mut self,
        name: &str,
        limits: Limits,
    ) -> Result<Option<Box<dyn RowSource + '_>>, ReadError> {
        Ok(self
            .find(name)?
            .map(|tables| Box::new(tables.rows(limits)) as Box<dyn RowSource>))
    }
}

/// A cursor over the sheets (`table:table`) of content.xml.
pub(crate) struct Tables<'a, 'b> {
    xml: Xml<'a, 'b>,
    buf: Vec<u8>,
    /// Inside a sheet whose rows have not all been read.
    open: bool,
}

impl<'a, 'b> Tables<'a, 'b> {
    /// The next sheet's name, past whatever is left of the current one.
    pub(crate) fn next_table(&mut self) -> Result<Option<String>, ReadError> {
        if self.open {
            self.skip_table()?;
        }
        loop {
            match next(&mut self.xml, &mut self.buf)? {
                Event::Start(e) if is_table(&e) => {
                    let name = table_name(&e)?;
                    self.open = true;
                    return Ok(Some(name));
                }
                Event::Empty(e) if is_table(&e) => return Ok(Some(table_name(&e)?)),
                Event::Eof => return Ok(None),
                _ => {}
            }
        }
    }

    /// Passes over the rest of the current sheet (tables nested in it included).
    fn skip_table(&mut self) -> Result<(), ReadError> {
        let mut depth = 0u32;
        loop {
            match next(&mut self.xml, &mut self.buf)? {
                Event::Start(e) if is_table(&e) => depth = depth.saturating_add(1),
                Event::End(e) if e.name().as_ref() == "table:table" => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => break,
                },
                // A sheet the file never closes.
                Event::Eof => return Err(corrupt()),
                _ => {}
            }
        }
        self.open = false;
        Ok(())
    }

    /// The rows of the sheet just named by [`Tables::next_table`].
    pub(crate) fn rows(self, limits: Limits) -> Rows<OdsRows<'a, 'b>> {
        let done = !self.open;
        Rows::new(OdsRows {
            tables: self,
            limits,
            next_row: 0,
            repeated: 0,
            pending: None,
            done,
        })
    }
}

/// One sheet's rows as they stream by.
pub(crate) struct OdsRows<'a, 'b> {
    tables: Tables<'a, 'b>,
    limits: Limits,
    /// 0-based number of the next row.
    next_row: u64,
    /// Cells added by repeats so far.
    repeated: u64,
    /// A repeated row still to hand over: the row and how many more times.
    pending: Option<(Row, u64)>,
    done: bool,
}

/// A cell's value as its attributes say, before any text is read.
struct CellTag {
    value: Cell,
    /// The value is the cell's text (`text:p` paragraphs).
    from_text: bool,
    repeats: u64,
}

fn repeats(element: &BytesStart<'_>, name: &str) -> Result<u64, ReadError> {
    Ok(attribute(element, name)?
        .and_then(|a| a.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1))
}

impl RowSource for OdsRows<'_, '_> {
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        if self.done {
            return Ok(false);
        }
        Ok(match self.pending_or_next()? {
            Some(next) => {
                *row = next;
                true
            }
            None => false,
        })
    }
}

impl<'a, 'b> OdsRows<'a, 'b> {
    /// The sheets after this one's rows.
    #[cfg(test)]
    pub(crate) fn into_tables(self) -> Tables<'a, 'b> {
        self.tables
    }

    /// Counts cells added by repeats against the budget.
    fn spend(&mut self, cells: u64) -> Result<(), ReadError> {
        self.repeated = self.repeated.saturating_add(cells);
        if self.repeated > MAX_REPEATED_CELLS {
            return Err(ReadError::from(Unreadable::TooManyCells));
        }
        Ok(())
    }

    /// A repeated row still pending, else the next row from the XML.
    fn pending_or_next(&mut self) -> Result<Option<Row>, ReadError> {
        if let Some((row, more)) = self.pending.take() {
            if more > 1 {
                let mut copy = row.clone();
                copy.number = copy.number.saturating_add(1);
                self.pending = Some((copy, more - 1));
            }
            return Ok(Some(row));
        }
        let mut buf = std::mem::take(&mut self.tables.buf);
        let result = self.read_row(&mut buf);
        self.tables.buf = buf;
        result
    }

    /// Reads up to the next row with content; `None` at the sheet's end.
    fn read_row(&mut self, buf: &mut Vec<u8>) -> Result<Option<Row>, ReadError> {
        loop {
            let (rows, empty) = match next(&mut self.tables.xml, buf)? {
                Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                    (repeats(&e, "table:number-rows-repeated")?, false)
                }
                Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                    (repeats(&e, "table:number-rows-repeated")?, true)
                }
                Event::End(e) if e.name().as_ref() == "table:table" => {
                    self.tables.open = false;
                    return Ok(None);
                }
                // A sheet the file never closes.
                Event::Eof => return Err(corrupt()),
                _ => continue,
            };
            let first = self.next_row;
            self.next_row = first.saturating_add(rows);
            if empty {
                continue;
            }
            let mut cells = self.read_cells(buf)?;
            trim_trailing_empty(&mut cells);
            if cells.is_empty() {
                continue;
            }
            // Every copy must fit the row limit.
            self.limits.check_row_number(first.saturating_add(rows))?;
            let number = self.limits.check_row_number(first + 1)?;
            if rows > 1 {
                self.spend((cells.len() as u64).saturating_mul(rows - 1))?;
                let copy = Row {
                    number: number.saturating_add(1),
                    cells: cells.clone(),
                };
                self.pending = Some((copy, rows - 1));
            }
            return Ok(Some(Row { number, cells }));
        }
    }

    /// The cells of a row, up to its end tag.
    fn read_cells(&mut self, buf: &mut Vec<u8>) -> Result<Vec<Cell>, ReadError> {
        let mut cells: Vec<Cell> = Vec::new();
        // The column of the next cell; empty cells only move it.
        let mut column = 0u64;
        loop {
            let (tag, empty) = match next(&mut self.tables.xml, buf)? {
                Event::Start(e) if is_cell(&e) => (cell_tag(&e)?, false),
                Event::Empty(e) if is_cell(&e) => (cell_tag(&e)?, true),
                Event::End(e) if e.name().as_ref() == "table:table-row" => return Ok(cells),
                Event::Eof => return Err(corrupt()),
                _ => continue,
            };
            let value = match (empty, tag.from_text) {
                (true, _) => tag.value,
                (false, true) => {
                    let text = self.cell_text(buf)?;
                    text_cell(&text)
                }
                (false, false) => {
                    self.skip_cell(buf)?;
                    tag.value
                }
            };
            let start = column;
            column = column.saturating_add(tag.repeats);
            if value.is_empty() {
                continue;
            }
            self.limits.check_column(column - 1)?;
            if let Cell::Text(text) = &value {
                self.limits.check_text(text)?;
            }
            self.spend(tag.repeats - 1)?;
            // Below the column limit, checked above.
            let start = usize::try_from(start).map_err(|_| corrupt())?;
            cells.resize(start, Cell::Empty);
            for _ in 1..tag.repeats {
                cells.push(value.clone());
            }
            cells.push(value);
        }
    }

    /// A cell's text: its paragraphs joined by line breaks, `text:s`
    /// spaces, tabs and line breaks, the text of spans and links;
    /// annotations (comments) left out.
    fn cell_text(&mut self, buf: &mut Vec<u8>) -> Result<String, ReadError> {
        let limit = u64::from(self.limits.cell_chars).saturating_mul(4);
        let mut text = String::new();
        let mut paragraphs = 0u32;
        let mut annotation = 0u32;
        loop {
            let event = next(&mut self.tables.xml, buf)?;
            if annotation == 0 && push_text(&mut text, &event)? {
                continue;
            }
            match &event {
                Event::End(e) if is_cell_end(e.name().as_ref()) => return Ok(text),
                Event::Start(e) if e.name().as_ref() == "office:annotation" => {
                    annotation = annotation.saturating_add(1);
                }
                Event::End(e) if e.name().as_ref() == "office:annotation" => {
                    annotation = annotation.saturating_sub(1);
                }
                _ if annotation > 0 => {}
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "text:p" => {
                        if paragraphs > 0 {
                            text.push('\n');
                        }
                        paragraphs = paragraphs.saturating_add(1);
                    }
                    "text:s" => {
                        let spaces = match attribute(e, "text:c")? {
                            Some(c) => c.trim().parse::<u64>().map_err(|_| corrupt())?,
                            None => 1,
                        };
                        if (text.len() as u64).saturating_add(spaces) > limit {
                            return Err(ReadError::from(Unreadable::CellTooLong));
                        }
                        for _ in 0..spaces {
                            text.push(' ');
                        }
                    }
                    "text:tab" => text.push('\t'),
                    "text:line-break" => text.push('\n'),
                    _ => {}
                },
                Event::Eof => return Err(corrupt()),
                _ => {}
            }
        }
    }

    /// Passes over a cell's content up to its end tag.
    fn skip_cell(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
        loop {
            match next(&mut self.tables.xml, buf)? {
                Event::End(e) if is_cell_end(e.name().as_ref()) => return Ok(()),
                Event::Eof => return Err(corrupt()),
                _ => {}
            }
        }
    }
}

fn is_cell(element: &BytesStart<'_>) -> bool {
    is_cell_end(element.name().as_ref())
}

fn is_cell_end(name: &str) -> bool {
    name == "table:table-cell" || name == "table:covered-table-cell"
}

/// The value attributes of a cell: the first of `office:value`,
/// `office:string-value`, `office:date-value`, `office:time-value` or
/// `office:boolean-value` decides; a string cell without a string value
/// (and an error cell, whose text LibreOffice keeps in the content) is its
/// text.
fn cell_tag(element: &BytesStart<'_>) -> Result<CellTag, ReadError> {
    let mut value: Option<Cell> = None;
    let mut string = false;
    let mut error = false;
    let mut empty_string = false;
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(|_| corrupt())?;
        let key = attribute.key.as_ref();
        let set = value.is_some();
        match key {
            "office:value" if !set => {
                let n = attribute
                    .value
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| corrupt())?;
                value = Some(Cell::Number(n));
            }
            "office:string-value" | "office:date-value" | "office:time-value" if !set => {
                let text = unescape_value(attribute.value)?;
                value = Some(match key {
                    "office:date-value" => iso_date_time(&text),
                    _ => {
                        empty_string = text.is_empty();
                        text_cell(&text)
                    }
                });
            }
            "office:boolean-value" if !set => {
                let b = attribute.value.as_ref();
                value = Some(Cell::Bool(b == "true" || b == "TRUE"));
            }
            "office:value-type" if !set => string = attribute.value.as_ref() == "string",
            "calcext:value-type" => error = attribute.value.as_ref() == "error",
            _ => {}
        }
    }
    let from_text = (value.is_none() && string) || (error && empty_string);
    Ok(CellTag {
        value: value.unwrap_or(Cell::Empty),
        from_text,
        repeats: repeats(element, "table:number-columns-repeated")?,
    })
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::super::xml::refusal_reason as reason;
    use super::*;
    use crate::register::ReadOptions;
    use chrono::NaiveDate;
    use std::io::Write;

    fn ods(tables: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        writer.start_file("mimetype", stored).unwrap();
        writer
            .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("content.xml", deflated).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
        writer.finish().unwrap().into_inner()
    }

    fn table(name: &str, rows: &str) -> String {
        format!(
            r#"<table:table table:name="{name}"><table:table-column table:number-columns-repeated="1024"/>{rows}</table:table>"#
        )
    }

    fn read_with(tables: &str, name: &str, limits: Limits) -> Result<Vec<Row>, ReadError> {
        let bytes = ods(tables);
        let mut book = Ods::open(&bytes)?;
        let tables = book.find(name)?.expect("a sheet");
        let rows = tables.rows(limits).collect();
        rows
    }

    fn limits() -> Limits {
        Limits::new(&ReadOptions::default())
    }

    fn read(rows: &str) -> Vec<Row> {
        read_with(&table("S", rows), "S", limits()).unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn string(s: &str) -> String {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
        )
    }

    #[test]
    fn sheet_names_in_order() {
        let bytes = ods(&format!(
            "{}{}{}",
            table(
                "Info &amp; mer",
                &format!("<table:table-row>{}</table:table-row>", string("x"))
            ),
            table("Deltagare", ""),
            r#"<table:table table:name="Tom"/>"#
        ));
        let mut book = Ods::open(&bytes).unwrap();
        assert_eq!(
            book.sheet_names().unwrap(),
            ["Info & mer", "Deltagare", "Tom"]
        );
        let count = |book: &mut Ods<'_>, name: &str| {
            book.find(name).unwrap().unwrap().rows(limits()).count()
        };
        assert_eq!(count(&mut book, "Deltagare"), 0);
        assert_eq!(count(&mut book, "Tom"), 0);
        assert_eq!(count(&mut book, "Info & mer"), 1);
        assert!(book.find("Nope").unwrap().is_none());
        // Reading a sheet partly, then naming the rest.
        let mut tables = book.tables().unwrap();
        assert_eq!(tables.next_table().unwrap().as_deref(), Some("Info & mer"));
        let mut rows = tables.rows(limits());
        assert_eq!(rows.next().unwrap().unwrap().cells, [text("x")]);
        let mut tables = rows.into_inner().into_tables();
        assert_eq!(tables.next_table().unwrap().as_deref(), Some("Deltagare"));
        assert_eq!(tables.next_table().unwrap().as_deref(), Some("Tom"));
        assert_eq!(tables.next_table().unwrap(), None);
    }

    #[test]
    fn value_types() {
        let rows = read(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="199001011234"><text:p>199001011234</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.25"/><table:table-cell office:value-type="currency" office:currency="SEK" office:value="12.5"/><table:table-cell office:value-type="date" office:date-value="2024-01-15"/><table:table-cell office:value-type="date" office:date-value="2024-01-15T10:30:00"/><table:table-cell office:value-type="time" office:time-value="PT10H30M00S"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/><table:table-cell office:value-type="string" office:string-value="attribut"/><table:table-cell><text:p>no type</text:p></table:table-cell><table:table-cell office:value-type="string" calcext:value-type="error" office:string-value=""><text:p>#N/A</text:p></table:table-cell></table:table-row>"#,
        );
        let date = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        assert_eq!(
            rows[0].cells,
            [
                Cell::Number(199001011234.0),
                Cell::Number(0.25),
                Cell::Number(12.5),
                Cell::Date(date),
                Cell::DateTime(date.and_hms_opt(10, 30, 0).unwrap()),
                text("PT10H30M00S"),
                Cell::Bool(true),
                text("attribut"),
                Cell::Empty,
                text("#N/A"),
            ]
        );
    }

    #[test]
    fn text_of_paragraphs_spaces_spans_and_links() {
        let rows = read(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Anna<text:s text:c="3"/>Berg<text:tab/>x</text:p><text:p><text:span text:style-name="T1">Kö<text:a xlink:href="https://example.org">n</text:a></text:span><text:line-break/>slut<text:s/></text:p><office:annotation><text:p>comment</text:p></office:annotation></table:table-cell><table:table-cell office:value-type="string"><text:p>&lt;&amp;&#228;</text:p></table:table-cell></table:table-row>"#,
        );
        assert_eq!(
            rows[0].cells,
            [text("Anna   Berg\tx\nKön\nslut "), text("<&ä")]
        );
    }

    #[test]
    fn repeated_rows_and_cells_and_covered_cells() {
        let rows = read(&format!(
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/>{}</table:table-row><table:table-row table:number-rows-repeated="3">{}<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/><table:covered-table-cell table:number-columns-repeated="5"/></table:table-row><table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>merged</text:p></table:table-cell><table:covered-table-cell office:value-type="string"><text:p>hidden</text:p></table:covered-table-cell></table:table-row><table:table-row table:number-rows-repeated="1048553"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
            string("c"),
            string("r")
        ));
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
        assert_eq!(rows[0].cells, [Cell::Empty, Cell::Empty, text("c")]);
        assert_eq!(
            rows[1],
            Row {
                number: 2,
                ..rows[0].clone()
            }
        );
        for row in &rows[2..5] {
            assert_eq!(row.cells, [text("r"), Cell::Number(1.0), Cell::Number(1.0)]);
        }
        // A covered cell reads as any other (calamine did the same).
        assert_eq!(rows[5].cells, [text("merged"), text("hidden")]);
    }

    #[test]
    fn hostile_repeats_are_refused_before_expanding() {
        let wide = r#"<table:table-row><table:table-cell table:number-columns-repeated="2000000000" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert_eq!(
            reason(read_with(&table("S", wide), "S", limits())),
            "too_many_columns"
        );
        let tall = format!(
            r#"<table:table-row table:number-rows-repeated="4000000000">{}</table:table-row>"#,
            string("x")
        );
        assert_eq!(
            reason(read_with(&table("S", &tall), "S", limits())),
            "too_many_rows"
        );
        let many = r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="900" office:value-type="float" office:value="1"/></table:table-row>"#;
        assert_eq!(
            reason(read_with(&table("S", many), "S", limits())),
            "too_many_cells"
        );
        let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#;
        assert_eq!(
            reason(read_with(&table("S", spaces), "S", limits())),
            "cell_too_long"
        );
        let small = Limits {
            cell_chars: 3,
            ..limits()
        };
        let long = format!("<table:table-row>{}</table:table-row>", string("abcd"));
        assert_eq!(
            reason(read_with(&table("S", &long), "S", small)),
            "cell_too_long"
        );
        // Empty rows and cells repeated without end cost nothing.
        let empty = r#"<table:table-row table:number-rows-repeated="18446744073709551615"><table:table-cell table:number-columns-repeated="18446744073709551615"/></table:table-row>"#;
        assert!(read(empty).is_empty());
    }

    #[test]
    fn damage_is_refused() {
        let unclosed = format!(
            r#"<table:table table:name="S"><table:table-row>{}</table:table-row>"#,
            string("x")
        );
        assert!(Ods::open(&ods(&unclosed)).unwrap().sheet_names().is_err());
        assert_eq!(reason(read_with(&unclosed, "S", limits())), "corrupt");
        let bad_number = r#"<table:table-row><table:table-cell office:value-type="float" office:value="x"/></table:table-row>"#;
        assert_eq!(
            reason(read_with(&table("S", bad_number), "S", limits())),
            "corrupt"
        );
        let entity = format!("<table:table-row>{}</table:table-row>", string("&bomb;"));
        assert_eq!(
            reason(read_with(&table("S", &entity), "S", limits())),
            "corrupt"
        );
        assert!(Ods::open(b"PK\x05\x06").is_err());
    }

    /// Damaged content (bytes of a valid one replaced, dropped or repeated,
    /// deterministically) is read or refused, never a panic.
    #[test]
    fn mutated_content_never_panics() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="3">{}<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>c</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="date" office:date-value="2024-01-15"/></table:table-row><table:table-row table:number-rows-repeated="1048553"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
            string("x")
        );
        let content = format!("{}{}", table("S", &rows), table("T", &rows));
        for damaged in super::super::xml::damaged_copies(
            &content,
            b"<>/=\"' 0123456789:&;#-.Ee",
            0x9e37_79b9_7f4a_7c15,
            60,
        ) {
            let file = ods(&damaged);
            let Ok(mut book) = Ods::open(&file) else {
                continue;
            };
            let Ok(names) = book.sheet_names() else {
                continue;
            };
            for name in names {
                if let Ok(Some(rows)) = Workbook::rows(&mut book, &name, limits()) {
                    let _ = Rows::new(rows).count();
                }
            }
        }
    }
}
