//! A small XLSX writer: just what the annotated workbook needs (text,
//! numbers, booleans and dates as values, a few fills and number formats,
//! notes, internal links, frozen rows, column widths). rust_xlsxwriter
//! cost 185 KB of the gzipped WebAssembly; this costs a few.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// Excel's own sheet size.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u16 = 16_384;

/// The cell formats the writer offers (indexes into `cellXfs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    Plain = 0,
    ErrorFill = 1,
    WarningFill = 2,
    Date = 3,
    DateErrorFill = 4,
    DateWarningFill = 5,
    DateTime = 6,
    DateTimeErrorFill = 7,
    DateTimeWarningFill = 8,
    Bold = 9,
    Link = 10,
    /// Text whatever is typed (format `@`): 12-digit numbers and leading
    /// zeros survive.
    Text = 11,
    /// Wrapped text, top-aligned: the instructions.
    Wrapped = 12,
}

/// How many [`Style`]s there are.
pub const STYLES: usize = 13;

/// A check Excel makes of what is typed into a range of cells.
#[derive(Debug, Clone, PartialEq)]
pub enum Validation {
    /// One of these values (shown as a dropdown).
    List(Vec<String>),
    /// A date from `from` to `to` (Excel serial days).
    Date { from: f64, to: f64 },
}

#[derive(Debug, Clone, PartialEq)]
enum Value<'a> {
    /// Borrowed from the register where it can be: a sheet may hold
    /// millions of cells.
    Text(Cow<'a, str>),
    Number(f64),
    Bool(bool),
    Blank,
}

/// One worksheet being filled in.
#[derive(Debug, Default)]
pub struct Sheet<'a> {
    name: String,
    /// Row → column → (value, style).
    cells: BTreeMap<u32, BTreeMap<u16, (Value<'a>, Style)>>,
    notes: BTreeMap<(u32, u16), String>,
    links: Vec<(u32, u16, String, String)>,
    widths: Vec<(u16, f64)>,
    /// Columns formatted as a whole (cells typed into them take the style).
    column_styles: BTreeMap<u16, Style>,
    /// (first column, last column, first row, validation): to the sheet's end.
    validations: Vec<(u16, u16, u32, Validation)>,
    frozen_rows: u32,
}

impl<'a> Sheet<'a> {
    pub fn new(name: &str) -> Sheet<'a> {
        Sheet {
            name: name.to_string(),
            ..Sheet::default()
        }
    }

    fn put(&mut self, row: u32, column: u16, value: Value<'a>, style: Style) {
        if row < MAX_ROWS && column < MAX_COLUMNS {
            self.cells
                .entry(row)
                .or_default()
                .insert(column, (value, style));
        }
    }

    /// Text, always as text: a leading `=` never makes a formula.
    pub fn text(&mut self, row: u32, column: u16, text: impl Into<Cow<'a, str>>, style: Style) {
        self.put(row, column, Value::Text(text.into()), style);
    }

    pub fn number(&mut self, row: u32, column: u16, value: f64, style: Style) {
        if value.is_finite() {
            self.put(row, column, Value::Number(value), style);
        } else {
            self.text(row, column, value.to_string(), style);
        }
    }

    pub fn boolean(&mut self, row: u32, column: u16, value: bool, style: Style) {
        self.put(row, column, Value::Bool(value), style);
    }

    /// An empty cell that still shows its style (a fill).
    pub fn blank(&mut self, row: u32, column: u16, style: Style) {
        if style != Style::Plain {
            self.put(row, column, Value::Blank, style);
        }
    }

    /// Whether a cell holds anything.
    pub fn has(&self, row: u32, column: u16) -> bool {
        self.cells
            .get(&row)
            .is_some_and(|r| r.contains_key(&column))
    }

    /// Restyles a cell, writing a blank one where there is none.
    pub fn restyle(&mut self, row: u32, column: u16, style: Style) {
        match self.cells.get_mut(&row).and_then(|r| r.get_mut(&column)) {
            Some(cell) => cell.1 = style,
            None => self.blank(row, column, style),
        }
    }

    pub fn note(&mut self, row: u32, column: u16, text: &str) {
        if row < MAX_ROWS && column < MAX_COLUMNS {
            self.notes.insert((row, column), text.to_string());
        }
    }

    /// A link to a cell of this workbook: `target` is `'Sheet'!B5`.
    pub fn internal_link(&mut self, row: u32, column: u16, target: &str, text: &str) {
        self.text(row, column, text.to_string(), Style::Link);
        self.links
            .push((row, column, target.to_string(), text.to_string()));
    }

    pub fn column_width(&mut self, column: u16, width: f64) {
        self.widths.push((column, width));
    }

    /// Cells typed into `column` take `style`.
    pub fn column_style(&mut self, column: u16, style: Style) {
        self.column_styles.insert(column, style);
    }

    /// Checks what is typed into `column` from row `from_row` (0-based) down.
    pub fn validate(&mut self, column: u16, from_row: u32, validation: Validation) {
        self.validations
            .push((column, column, from_row, validation));
    }

    /// Keeps the first `rows` rows in view while scrolling.
    pub fn freeze_rows(&mut self, rows: u32) {
        self.frozen_rows = rows.min(MAX_ROWS - 1);
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_name(column: u16) -> String {
    let mut n = u32::from(column) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `B5` for 0-based (4, 1).
pub fn cell_name(row: u32, column: u16) -> String {
    let mut out = String::with_capacity(10);
    push_cell_name(&mut out, row, column);
    out
}

/// [`cell_name`] without an allocation of its own: it runs for every cell.
fn push_cell_name<W: std::fmt::Write>(out: &mut W, row: u32, column: u16) {
    let mut letters = [0u8; 3];
    let mut n = u32::from(column) + 1;
    let mut start = letters.len();
    while n > 0 && start > 0 {
        start -= 1;
        if let Some(letter) = letters.get_mut(start) {
            *letter = b'A' + ((n - 1) % 26) as u8;
        }
        n = (n - 1) / 26;
    }
    for &b in letters.get(start..).unwrap_or_default() {
        let _ = out.write_char(char::from(b));
    }
    let _ = write!(out, "{}", u64::from(row) + 1);
}

/// Text for XML: markup escaped, and characters XML cannot hold written
/// the OOXML way (`_xHHHH_`), with literal `_xHHHH_` protected likewise.
fn xml_text<W: std::fmt::Write>(out: &mut W, text: &str) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let _ = match c {
            '&' => out.write_str("&amp;"),
            '<' => out.write_str("&lt;"),
            '>' => out.write_str("&gt;"),
            '"' => out.write_str("&quot;"),
            '\t' | '\n' | '\r' => out.write_char(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                write!(out, "_x{:04X}_", c as u32)
            }
            '_' if looks_escaped(rest) => out.write_str("_x005F_"),
            c => out.write_char(c),
        };
        rest = &rest[c.len_utf8()..];
    }
}

/// `_xHHHH_` at the start.
fn looks_escaped(text: &str) -> bool {
    match text.as_bytes() {
        [_, b'x', a, b, c, d, b'_', ..] => [a, b, c, d].into_iter().all(u8::is_ascii_hexdigit),
        _ => false,
    }
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml_text(&mut out, text);
    out
}

/// A number as Excel reads it back exactly.
fn number_text(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-5..1e15).contains(&magnitude) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A worksheet part of `sheet`, its [`Style`]s written as the cell formats
/// `styles` gives them (a workbook of someone else's has its own).
pub(crate) fn worksheet_part(
    sheet: &Sheet<'_>,
    selected: bool,
    note_rel: Option<&str>,
    styles: &[u32; STYLES],
) -> Entry {
    worksheet_xml(sheet, selected, note_rel, styles).finish()
}

/// This writer's own cell formats (see [`STYLES_XML`]).
const OWN_STYLES: [u32; STYLES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

fn worksheet_xml(
    sheet: &Sheet<'_>,
    selected: bool,
    note_rel: Option<&str>,
    styles: &[u32; STYLES],
) -> Deflated {
    let mut x = Deflated::new();
    let _ = write!(
        x,
        "{XML_HEAD}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetViews><sheetView workbookViewId=\"0\"{}>",
        if selected { " tabSelected=\"1\"" } else { "" }
    );
    if sheet.frozen_rows > 0 {
        let _ = write!(
            x,
            "<pane ySplit=\"{}\" topLeftCell=\"{}\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/>",
            sheet.frozen_rows,
            cell_name(sheet.frozen_rows, 0)
        );
    }
    x.push_str("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
    write_columns(&mut x, sheet, styles);
    write_cells(&mut x, sheet, styles);
    write_validations(&mut x, sheet);
    if !sheet.links.is_empty() {
        x.push_str("<hyperlinks>");
        for (row, column, target, text) in &sheet.links {
            let _ = write!(
                x,
                "<hyperlink ref=\"{}\" location=\"{}\" display=\"{}\"/>",
                cell_name(*row, *column),
                escaped(target),
                escaped(text)
            );
        }
        x.push_str("</hyperlinks>");
    }
    x.push_str("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");
    if let Some(rel) = note_rel {
        let _ = write!(x, "<legacyDrawing r:id=\"{rel}\"/>");
    }
    x.push_str("</worksheet>");
    x
}

/// `<cols>`: widths and whole-column formats.
fn write_columns(x: &mut Deflated, sheet: &Sheet<'_>, styles: &[u32; STYLES]) {
    if sheet.widths.is_empty() && sheet.column_styles.is_empty() {
        return;
    }
    let mut columns: BTreeMap<u16, (Option<f64>, Option<Style>)> = BTreeMap::new();
    for (column, width) in &sheet.widths {
        columns.entry(*column).or_default().0 = Some(*width);
    }
    for (column, style) in &sheet.column_styles {
        columns.entry(*column).or_default().1 = Some(*style);
    }
    x.push_str("<cols>");
    for (column, (width, style)) in columns {
        let n = u32::from(column) + 1;
        let _ = write!(
            x,
            "<col min=\"{n}\" max=\"{n}\" width=\"{}\"",
            width.unwrap_or(9.140625)
        );
        if let Some(style) = style {
            let index = styles.get(style as usize).copied().unwrap_or(0);
            let _ = write!(x, " style=\"{index}\"");
        }
        if width.is_some() {
            x.push_str(" customWidth=\"1\"");
        }
        x.push_str("/>");
    }
    x.push_str("</cols>");
}

/// `<sheetData>`: every cell, text inline (a leading `=` never a formula).
fn write_cells(x: &mut Deflated, sheet: &Sheet<'_>, styles: &[u32; STYLES]) {
    x.push_str("<sheetData>");
    for (row, cells) in &sheet.cells {
        let _ = write!(x, "<row r=\"{}\">", u64::from(*row) + 1);
        for (column, (value, style)) in cells {
            x.push_str("<c r=\"");
            push_cell_name(x, *row, *column);
            x.push('"');
            let index = styles.get(*style as usize).copied().unwrap_or(0);
            if index != 0 {
                let _ = write!(x, " s=\"{index}\"");
            }
            match value {
                Value::Text(text) => {
                    let space = if text.starts_with([' ', '\t', '\n'])
                        || text.ends_with([' ', '\t', '\n'])
                    {
                        " xml:space=\"preserve\""
                    } else {
                        ""
                    };
                    let _ = write!(x, " t=\"inlineStr\"><is><t{space}>");
                    xml_text(x, text);
                    x.push_str("</t></is></c>");
                }
                Value::Number(n) => {
                    let _ = write!(x, "><v>{}</v></c>", number_text(*n));
                }
                Value::Bool(b) => {
                    let _ = write!(x, " t=\"b\"><v>{}</v></c>", u8::from(*b));
                }
                Value::Blank => {
                    x.push_str("/>");
                }
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData>");
}

/// `<dataValidations>`: lists and date checks, each to the sheet's end.
fn write_validations(x: &mut Deflated, sheet: &Sheet<'_>) {
    if sheet.validations.is_empty() {
        return;
    }
    let _ = write!(x, "<dataValidations count=\"{}\">", sheet.validations.len());
    for (first, last, from_row, validation) in &sheet.validations {
        let range = format!(
            "{}:{}",
            cell_name(*from_row, *first),
            cell_name(MAX_ROWS - 1, *last)
        );
        match validation {
            Validation::List(values) => {
                let _ = write!(
                    x,
                    "<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"{range}\"><formula1>\"{}\"</formula1></dataValidation>",
                    escaped(&values.join(","))
                );
            }
            Validation::Date { from, to } => {
                let _ = write!(
                    x,
                    "<dataValidation type=\"date\" operator=\"between\" allowBlank=\"1\" showErrorMessage=\"1\" sqref=\"{range}\"><formula1>{}</formula1><formula2>{}</formula2></dataValidation>",
                    number_text(*from),
                    number_text(*to)
                );
            }
        }
    }
    x.push_str("</dataValidations>");
}

/// A ZIP entry deflated as it is written, so a large sheet is never held
/// uncompressed.
struct Deflated {
    encoder: flate2::write::DeflateEncoder<Vec<u8>>,
    crc: crc32fast::Hasher,
    size: u64,
    buffer: String,
}

/// A finished entry.
pub(crate) struct Entry {
    crc: u32,
    size: u64,
    packed: Vec<u8>,
}

impl Deflated {
    fn new() -> Deflated {
        Deflated {
            encoder: flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default()),
            crc: crc32fast::Hasher::new(),
            size: 0,
            buffer: String::with_capacity(1 << 16),
        }
    }

    fn flush(&mut self) {
        let bytes = self.buffer.as_bytes();
        self.crc.update(bytes);
        self.size += bytes.len() as u64;
        // Writing into a Vec cannot fail.
        let _ = self.encoder.write_all(bytes);
        self.buffer.clear();
    }

    fn push_str(&mut self, text: &str) {
        self.buffer.push_str(text);
        if self.buffer.len() >= 1 << 16 {
            self.flush();
        }
    }

    fn push(&mut self, c: char) {
        self.buffer.push(c);
    }

    fn finish(mut self) -> Entry {
        self.flush();
        Entry {
            crc: self.crc.finalize(),
            size: self.size,
            packed: self.encoder.finish().unwrap_or_default(),
        }
    }
}

impl std::fmt::Write for Deflated {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

/// A part of `text`, deflated.
pub(crate) fn deflated(text: &str) -> Entry {
    let mut part = Deflated::new();
    part.push_str(text);
    part.finish()
}

pub(crate) fn comments_xml(sheet: &Sheet<'_>, author: &str) -> String {
    let mut x = format!(
        "{XML_HEAD}<comments xmlns=\"{MAIN_NS}\"><authors><author>{}</author></authors><commentList>",
        escaped(author)
    );
    for ((row, column), text) in &sheet.notes {
        let _ = write!(
            x,
            "<comment ref=\"{}\" authorId=\"0\"><text><t xml:space=\"preserve\">",
            cell_name(*row, *column)
        );
        xml_text(&mut x, text);
        x.push_str("</t></text></comment>");
    }
    x.push_str("</commentList></comments>");
    x
}

/// The legacy drawing Excel needs to show notes (hidden until hovered).
/// Shapes are numbered in the workbook's blocks of 1024 from `first_block`.
pub(crate) fn vml_xml(sheet: &Sheet<'_>, first_block: u32) -> String {
    let blocks = sheet.notes.len() as u32 / 1024 + 1;
    let ids: Vec<String> = (first_block..first_block + blocks)
        .map(|b| b.to_string())
        .collect();
    let mut x = format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\
<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout>\
<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">\
<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>",
        ids.join(",")
    );
    for (i, (row, column)) in sheet.notes.keys().enumerate() {
        let (row, column) = (*row, u32::from(*column));
        let _ = write!(
            x,
            "<v:shape id=\"_x0000_s{}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:60pt;margin-top:1.5pt;width:240pt;height:90pt;z-index:{};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">\
<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>\
<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>\
<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 10, {}, 15, {}, 4</x:Anchor>\
<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>",
            u64::from(first_block) * 1024 + 1 + i as u64,
            i + 1,
            column + 1,
            row.saturating_sub(1),
            column + 5,
            row + 5,
        );
    }
    x.push_str("</xml>");
    x
}

const STYLES_XML: &str = concat!(
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>",
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>",
    "<fonts count=\"3\">",
    "<font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>",
    "<font><b/><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>",
    "<font><u/><sz val=\"11\"/><color rgb=\"FF0563C1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>",
    "</fonts><fills count=\"4\">",
    "<fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill>",
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFC7CE\"/><bgColor indexed=\"64\"/></patternFill></fill>",
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFEB9C\"/><bgColor indexed=\"64\"/></patternFill></fill>",
    "</fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"13\">",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>",
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>",
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>",
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>",
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>",
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>",
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"/>",
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
    "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
    "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>",
    "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

/// The workbook's bytes: `sheets` in order, the first one selected; notes
/// signed by `author`. `None` when a part outgrows a ZIP without ZIP64.
pub fn workbook(sheets: &[Sheet<'_>], author: &str) -> Option<Vec<u8>> {
    let mut parts: Vec<(String, Entry)> = Vec::new();
    let mut types = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    );
    let mut book = format!(
        "{XML_HEAD}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><bookViews><workbookView/></bookViews><sheets>"
    );
    let mut book_rels = format!("{XML_HEAD}<Relationships xmlns=\"{PKG_REL_NS}\">");
    let mut notes_done = 0;
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
        let _ = write!(
            book,
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            escaped(&sheet.name)
        );
        let _ = write!(
            book_rels,
            "<Relationship Id=\"rId{n}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
        let note_rel = if sheet.notes.is_empty() {
            None
        } else {
            notes_done += 1;
            let k = notes_done;
            let _ = write!(
                types,
                "<Override PartName=\"/xl/comments{k}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>"
            );
            parts.push((
                format!("xl/worksheets/_rels/sheet{n}.xml.rels"),
                deflated(&format!(
                    "{XML_HEAD}<Relationships xmlns=\"{PKG_REL_NS}\">\
<Relationship Id=\"rId1\" Type=\"{REL_NS}/comments\" Target=\"../comments{k}.xml\"/>\
<Relationship Id=\"rId2\" Type=\"{REL_NS}/vmlDrawing\" Target=\"../drawings/vmlDrawing{k}.vml\"/></Relationships>"
                )),
            ));
            parts.push((
                format!("xl/comments{k}.xml"),
                deflated(&comments_xml(sheet, author)),
            ));
            parts.push((
                format!("xl/drawings/vmlDrawing{k}.vml"),
                deflated(&vml_xml(sheet, notes_done)),
            ));
            Some("rId2")
        };
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            worksheet_xml(sheet, i == 0, note_rel, &OWN_STYLES).finish(),
        ));
    }
    let styles_rel = sheets.len() + 1;
    let _ = write!(
        book_rels,
        "<Relationship Id=\"rId{styles_rel}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/></Relationships>"
    );
    book.push_str("</sheets></workbook>");
    types.push_str("</Types>");
    let mut all = vec![
        ("[Content_Types].xml".to_string(), deflated(&types)),
        (
            "_rels/.rels".to_string(),
            deflated(&format!(
                "{XML_HEAD}<Relationships xmlns=\"{PKG_REL_NS}\"><Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            )),
        ),
        ("xl/workbook.xml".to_string(), deflated(&book)),
        ("xl/_rels/workbook.xml.rels".to_string(), deflated(&book_rels)),
        ("xl/styles.xml".to_string(), deflated(&format!("{XML_HEAD}{STYLES_XML}"))),
    ];
    all.append(&mut parts);
    zip(&all)
}

/// A ZIP archive of deflated entries (no ZIP64: `None` past 4 GB).
fn zip(entries: &[(String, Entry)]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, entry) in entries {
        let offset = u32::try_from(out.len()).ok()?;
        zip_entry(&mut out, &mut central, name, entry, offset)?;
    }
    zip_end(&mut out, &central, entries.len())?;
    Some(out)
}

/// One deflated entry at `offset` of `out`, and its central record.
pub(crate) fn zip_entry(
    out: &mut Vec<u8>,
    central: &mut Vec<u8>,
    name: &str,
    entry: &Entry,
    offset: u32,
) -> Option<()> {
    let size = u32::try_from(entry.size).ok()?;
    let packed = u32::try_from(entry.packed.len()).ok()?;
    let name_len = u16::try_from(name.len()).ok()?;
    let common = |v: &mut Vec<u8>| {
        v.extend_from_slice(&20u16.to_le_bytes()); // version needed
        v.extend_from_slice(&0u16.to_le_bytes()); // flags
        v.extend_from_slice(&8u16.to_le_bytes()); // deflate
        v.extend_from_slice(&0u16.to_le_bytes()); // time 00:00
        v.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
        v.extend_from_slice(&entry.crc.to_le_bytes());
        v.extend_from_slice(&packed.to_le_bytes());
        v.extend_from_slice(&size.to_le_bytes());
        v.extend_from_slice(&name_len.to_le_bytes());
        v.extend_from_slice(&0u16.to_le_bytes()); // extra length
    };
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common(out);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&entry.packed);

    central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    central.extend_from_slice(&20u16.to_le_bytes()); // version made by
    common(central);
    central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
    central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    central.extend_from_slice(&offset.to_le_bytes());
    central.extend_from_slice(name.as_bytes());
    Some(())
}

/// The central directory and the end record after the entries in `out`.
pub(crate) fn zip_end(out: &mut Vec<u8>, central: &[u8], count: usize) -> Option<()> {
    let central_offset = u32::try_from(out.len()).ok()?;
    let central_size = u32::try_from(central.len()).ok()?;
    let count = u16::try_from(count).ok().filter(|&c| c < u16::MAX)?;
    out.extend_from_slice(central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Some(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(cell_name(4, 1), "B5");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(escaped("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
        assert_eq!(escaped("x\u{1}y"), "x_x0001_y");
        assert_eq!(escaped("_x0041_"), "_x005F_x0041_");
        assert_eq!(escaped("_x41_"), "_x41_");
    }

    #[test]
    fn numbers() {
        assert_eq!(number_text(199001011234.0), "199001011234");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(0.0), "0");
        assert_eq!(number_text(1e300), "1e300");
        assert_eq!(number_text(-2.5e-7), "-2.5e-7");
    }
}
