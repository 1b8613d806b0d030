//! XLSX (Office Open XML) read straight from its XML parts: the workbook
//! for sheet names and order, the shared strings and the styles' number
//! formats, then a sheet streamed row by row. Only the current row is held,
//! so cells far apart cost nothing; every limit is checked as the cells
//! arrive.

use super::number_format::{
    builtin_kind, format_kind, iso_date_time, number_cell, text_cell, NumberKind,
};
use super::rows::{Limits, RowSource, Rows};
use super::workbook::Workbook;
use super::xml::{attribute, corrupt, local, next, open_archive, part, part_bytes, Archive, Part};
use super::xml_tokens::{push_text, Tag, Token, Tokens};
use super::{Cell, ReadError, Row};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;

/// A relationships part: id → (target, type).
type Relationships = HashMap<String, (String, String)>;

/// A worksheet, or `None` for a chart or dialog sheet (no cells).
struct Sheet {
    name: String,
    path: Option<String>,
}

/// An opened workbook: its sheets; strings and styles are read when a
/// sheet is.
pub(crate) struct Xlsx<'b> {
    archive: Archive<'b>,
    sheets: Vec<Sheet>,
    date_1904: bool,
    /// The folder of the workbook part (`xl/`), where its parts live.
    strings_path: String,
    styles_path: String,
    book: Option<Book>,
}

/// What every sheet's cells refer to.
struct Book {
    strings: SharedStrings,
    /// Number kind by cell style (`s`) index.
    styles: Vec<NumberKind>,
}

impl<'b> Xlsx<'b> {
    pub(crate) fn open(bytes: &'b [u8]) -> Result<Self, ReadError> {
        let mut archive = open_archive(bytes)?;
        let workbook = office_document(&mut archive)?;
        let (folder, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
        let folder = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let rels = relationships(&mut archive, &format!("{folder}_rels/{file}.rels"))?
            .ok_or_else(corrupt)?;
        let mut book = Xlsx {
            archive,
            sheets: Vec::new(),
            date_1904: false,
            strings_path: format!("{folder}sharedStrings.xml"),
            styles_path: format!("{folder}styles.xml"),
            book: None,
        };
        for (target, kind) in rels.values() {
            match kind.rsplit('/').next() {
                Some("sharedStrings") => book.strings_path = resolve(&folder, target),
                Some("styles") => book.styles_path = resolve(&folder, target),
                _ => {}
            }
        }
        book.read_workbook(&workbook, &folder, &rels)?;
        Ok(book)
    }

    /// The sheets and the date system from the workbook part.
    fn read_workbook(
        &mut self,
        workbook: &str,
        folder: &str,
        rels: &Relationships,
    ) -> Result<(), ReadError> {
        let book = self;
        let mut xml = part(&mut book.archive, workbook)?.ok_or_else(corrupt)?;
        let mut buf = Vec::new();
        loop {
            match next(&mut xml, &mut buf)? {
                Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                    "sheet" => {
                        let name = attribute(&e, "name")?.unwrap_or_default().into_owned();
                        let id = relationship_id(&e)?;
                        let (target, kind) = rels.get(&id).ok_or_else(corrupt)?;
                        let path = match kind.rsplit('/').next() {
                            Some("worksheet") => Some(resolve(folder, target)),
                            Some("chartsheet" | "dialogsheet" | "macrosheet") => None,
                            _ => return Err(corrupt()),
                        };
                        book.sheets.push(Sheet { name, path });
                    }
                    "workbookPr" => {
                        if let Some(value) = attribute(&e, "date1904")? {
                            book.date_1904 = value == "1" || value == "true";
                        }
                    }
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|s| s.name.clone()).collect()
    }

    /// The rows of the sheet `name`; `Ok(None)` for a chart sheet or a
    /// name the workbook does not have.
    pub(crate) fn rows(
        &mut self,
        name: &str,
        limits: Limits,
    ) -> Result<Option<Rows<XlsxRows<'_, 'b>>>, ReadError> {
        let Some(path) = self
            .sheets
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.path.clone())
        else {
            return Ok(None);
        };
        if self.book.is_none() {
            let strings = shared_strings(&mut self.archive, &self.strings_path)?;
            let styles = styles(&mut self.archive, &self.styles_path)?;
            self.book = Some(Book { strings, styles });
        }
        let book = self.book.as_ref().ok_or_else(corrupt)?;
        let sheet = part_bytes(&mut self.archive, &path)?.ok_or_else(corrupt)?;
        Ok(Some(Rows::new(XlsxRows {
            tokens: Tokens::new(sheet),
            value: String::new(),
            strings: &book.strings,
            styles: &book.styles,
            date_1904: self.date_1904,
            limits,
            in_data: false,
            row_index: 0,
            column_index: 0,
            current: Row::default(),
            gathering: false,
            spare: Vec::new(),
            done: false,
        })))
    }
}

impl Workbook for Xlsx<'_> {
    fn sheet_names(&mut self) -> Result<Vec<String>, ReadError> {
        Ok(Xlsx::sheet_names(self))
    }

    fn rows(
        &mut self,
        name: &str,
        limits: Limits,
    ) -> Result<Option<Box<dyn RowSource + '_>>, ReadError> {
        Ok(Xlsx::rows(self, name, limits)?.map(|rows| Box::new(rows) as Box<dyn RowSource>))
    }
}

/// The workbook part the package's relationships name (`xl/workbook.xml`
/// when they do not).
fn office_document(archive: &mut Archive<'_>) -> Result<String, ReadError> {
    let rels = relationships(archive, "_rels/.rels")?.unwrap_or_default();
    let target = rels
        .values()
        .find(|(_, kind)| kind.ends_with("/officeDocument"))
        .map(|(target, _)| resolve("", target));
    Ok(target.unwrap_or_else(|| "xl/workbook.xml".to_string()))
}

/// A relationships part: id → (target, type).
fn relationships(
    archive: &mut Archive<'_>,
    path: &str,
) -> Result<Option<Relationships>, ReadError> {
    let Some(mut xml) = part(archive, path)? else {
        return Ok(None);
    };
    let mut rels = HashMap::new();
    let mut buf = Vec::new();
    loop {
        match next(&mut xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Relationship" => {
                let (Some(id), Some(target)) = (attribute(&e, "Id")?, attribute(&e, "Target")?)
                else {
                    continue;
                };
                let kind = attribute(&e, "Type")?.unwrap_or_default();
                rels.insert(id.into_owned(), (target.into_owned(), kind.into_owned()));
            }
            Event::Eof => return Ok(Some(rels)),
            _ => {}
        }
    }
}

/// The `r:id` of a `<sheet>` (whatever the namespace prefix).
fn relationship_id(element: &BytesStart<'_>) -> Result<String, ReadError> {
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(|_| corrupt())?;
        let key = attribute.key.as_ref();
        if key != "id" && key.contains(':') && local(key) == "id" {
            return Ok(attribute.value.into_owned());
        }
    }
    Err(corrupt())
}

/// A relationship target as a part name: absolute (`/xl/...`) or relative
/// to `folder`, with `.` and `..` segments resolved.
fn resolve(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{folder}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    segments.join("/")
}

/// The shared strings, all in one buffer: a string's end offset is all
/// each costs besides its text, so a part of millions of `<si/>` takes
/// less memory than its own size (a `Vec<String>` would take five times it).
#[derive(Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let end = usize::try_from(*self.ends.get(index)?).ok()?;
        let start = match index.checked_sub(1) {
            Some(previous) => usize::try_from(*self.ends.get(previous)?).ok()?,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// Ends the string being appended to `text`.
    fn close(&mut self) -> Result<(), ReadError> {
        // Parts are at most 1 GB unpacked (the zip checks), well below 4 GB.
        let end = u32::try_from(self.text.len()).map_err(|_| corrupt())?;
        self.ends.push(end);
        Ok(())
    }
}

/// The shared strings in order (none when the part is missing).
fn shared_strings(archive: &mut Archive<'_>, path: &str) -> Result<SharedStrings, ReadError> {
    let mut strings = SharedStrings::default();
    let Some(part) = part_bytes(archive, path)? else {
        return Ok(strings);
    };
    let mut tokens = Tokens::new(part);
    loop {
        match tokens.next()? {
            Token::Start(Tag { name: b"si", .. }) => {
                rich_text(&mut tokens, b"si", &mut strings.text)?;
                strings.close()?;
            }
            Token::Empty(Tag { name: b"si", .. }) => strings.close()?,
            Token::Eof => return Ok(strings),
            _ => {}
        }
    }
}

/// The text of a string item (`<si>`, `<is>`) up to its end tag: plain
/// `<t>` or the `<t>` of each rich-text run, phonetic runs (`<rPh>`) left
/// out. Without `xml:space="preserve"` surrounding white space is dropped,
/// as Excel does.
fn rich_text(
    tokens: &mut Tokens<Part<'_, '_>>,
    end: &[u8],
    out: &mut String,
) -> Result<(), ReadError> {
    let mut phonetic = false;
    let mut text: Option<(String, bool)> = None;
    loop {
        let token = tokens.next()?;
        if let Some((value, _)) = &mut text {
            if push_text(value, &token)? {
                continue;
            }
        }
        match token {
            Token::Start(tag) => match tag.name {
                b"rPh" => phonetic = true,
                b"t" if !phonetic => {
                    let preserve = raw_attributes(tag.attributes())
                        .any(|(key, value)| key == b"xml:space" && value == b"preserve");
                    text = Some((String::new(), preserve));
                }
                _ => {}
            },
            Token::End(name) => match name {
                b"rPh" => phonetic = false,
                b"t" => {
                    if let Some((value, preserve)) = text.take() {
                        let value = if preserve {
                            value.as_str()
                        } else {
                            value.trim_ascii()
                        };
                        out.push_str(&unescape_excel(value));
                    }
                }
                name if name == end => return Ok(()),
                _ => {}
            },
            Token::Eof => return Err(corrupt()),
            _ => {}
        }
    }
}

/// Excel's escapes for characters XML cannot hold: `_x000D_` is a carriage
/// return (UTF-16 code units; an unpaired surrogate becomes U+FFFD).
fn unescape_excel(text: &str) -> Cow<'_, str> {
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let unit_at = |rest: &str| -> Option<u16> {
        let escape = rest.get(..7)?;
        let hex = escape.strip_prefix("_x")?.strip_suffix('_')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(hex, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let Some(unit) = unit_at(from) else {
            out.push_str("_x");
            rest = from.get(2..).unwrap_or_default();
            continue;
        };
        rest = from.get(7..).unwrap_or_default();
        let c = match unit {
            0xD800..=0xDBFF => match unit_at(rest) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    rest = rest.get(7..).unwrap_or_default();
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(code)
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(unit)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// What each cell style's number format makes of a number.
fn styles(archive: &mut Archive<'_>, path: &str) -> Result<Vec<NumberKind>, ReadError> {
    let mut kinds = Vec::new();
    let Some(mut xml) = part(archive, path)? else {
        return Ok(kinds);
    };
    let mut custom: HashMap<String, NumberKind> = HashMap::new();
    let mut in_cell_xfs = false;
    let mut buf = Vec::new();
    loop {
        match next(&mut xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "numFmt" => {
                    if let (Some(id), Some(code)) =
                        (attribute(&e, "numFmtId")?, attribute(&e, "formatCode")?)
                    {
                        custom.insert(id.into_owned(), format_kind(&code));
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let kind = match attribute(&e, "numFmtId")? {
                        None => NumberKind::Plain,
                        Some(id) => match custom.get(id.as_ref()) {
                            Some(kind) => *kind,
                            None => id.trim().parse().map_or(NumberKind::Plain, builtin_kind),
                        },
                    };
                    kinds.push(kind);
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "cellXfs" => in_cell_xfs = false,
            Event::Eof => return Ok(kinds),
            _ => {}
        }
    }
}

/// One sheet's cells gathered into rows as they stream by.
pub(crate) struct XlsxRows<'a, 'b> {
    tokens: Tokens<Part<'a, 'b>>,
    /// A cell's `<v>` text, reused.
    value: String,
    strings: &'a SharedStrings,
    styles: &'a [NumberKind],
    date_1904: bool,
    limits: Limits,
    /// Inside `<sheetData>`.
    in_data: bool,
    /// Where a cell without an `r` attribute goes (0-based).
    row_index: u64,
    column_index: u64,
    /// The row whose cells are being gathered, when `gathering`.
    current: Row,
    gathering: bool,
    /// The strings of rows handed out before, filled again rather than
    /// allocated anew for every cell.
    spare: Vec<String>,
    done: bool,
}

/// A cell's attributes.
struct CellTag {
    position: Option<(u64, u64)>,
    kind: Kind,
    style: Option<usize>,
}

/// A cell's type (`t`): what its `<v>` holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No `t`: a number, or text when it does not parse as one.
    Untyped,
    Number,
    Shared,
    Bool,
    Date,
    Error,
    Formula,
    Inline,
    Unknown,
}

impl Kind {
    fn of(t: &[u8]) -> Kind {
        match t {
            b"n" => Kind::Number,
            b"s" => Kind::Shared,
            b"b" => Kind::Bool,
            b"d" => Kind::Date,
            b"e" => Kind::Error,
            b"str" => Kind::Formula,
            b"inlineStr" => Kind::Inline,
            _ => Kind::Unknown,
        }
    }
}

impl RowSource for XlsxRows<'_, '_> {
    fn next_into(&mut self, out: &mut Row) -> Result<bool, ReadError> {
        if self.done {
            return Ok(false);
        }
        loop {
            let (tag, empty) = match self.tokens.next()? {
                Token::Start(tag) => (tag, false),
                Token::Empty(tag) => (tag, true),
                Token::End(name) if self.in_data => match name {
                    b"row" => {
                        self.row_index = self.row_index.saturating_add(1);
                        self.column_index = 0;
                        continue;
                    }
                    b"sheetData" => return Ok(self.finish(out)),
                    _ => continue,
                },
                // A sheet cut short inside its data.
                Token::Eof if self.in_data => return Err(corrupt()),
                // A sheet without data.
                Token::Eof => return Ok(self.finish(out)),
                _ => continue,
            };
            let tag = match tag.name {
                b"c" if self.in_data => cell_tag(&tag)?,
                b"row" if self.in_data => {
                    let number = row_number(&tag)?;
                    self.start_row(number)?;
                    // A row without cells ends where it starts.
                    if empty {
                        self.row_index = self.row_index.saturating_add(1);
                    }
                    continue;
                }
                b"sheetData" if !empty => {
                    self.in_data = true;
                    continue;
                }
                _ => continue,
            };
            let (row, column) = match tag.position {
                Some(position) => position,
                None => (self.row_index, self.column_index),
            };
            self.column_index = column.saturating_add(1);
            let value = if empty {
                Cell::Empty
            } else {
                self.cell_value(&tag)?
            };
            if value.is_empty() {
                continue;
            }
            if let Cell::Text(text) | Cell::Error(text) = &value {
                self.limits.check_text(text)?;
            }
            let number = self.limits.check_row_number(row.saturating_add(1))?;
            self.limits.check_column(column)?;
            let finished = self.gathering && self.current.number != number;
            // Rows are stored in ascending order; anything else is damage.
            if finished && self.current.number > number {
                return Err(corrupt());
            }
            if finished {
                // The caller's last row takes the finished one's place.
                std::mem::swap(out, &mut self.current);
            }
            if finished || !self.gathering {
                self.recycle();
                self.current.number = number;
                self.gathering = true;
            }
            // Below the column limit, checked above.
            let index = usize::try_from(column).map_err(|_| corrupt())?;
            let cells = &mut self.current.cells;
            if cells.len() == index {
                // The usual: cells in order, none empty between.
                cells.push(value);
            } else {
                if cells.len() < index {
                    cells.resize(index, Cell::Empty);
                }
                if let Some(slot) = cells.get_mut(index) {
                    *slot = value;
                } else {
                    cells.push(value);
                }
            }
            if finished {
                return Ok(true);
            }
        }
    }
}

impl XlsxRows<'_, '_> {
    /// A `<row>`: its `r` number, when given, places the cells without one.
    fn start_row(&mut self, number: Option<u64>) -> Result<(), ReadError> {
        if let Some(number) = number {
            self.row_index = number.checked_sub(1).ok_or_else(corrupt)?;
        }
        self.column_index = 0;
        Ok(())
    }

    /// Empties the current row, keeping its strings for the next cells.
    fn recycle(&mut self) {
        for cell in self.current.cells.drain(..) {
            if let Cell::Text(text) | Cell::Error(text) = cell {
                self.spare.push(text);
            }
        }
    }

    /// The end of the sheet: the last row, if any, goes out.
    fn finish(&mut self, out: &mut Row) -> bool {
        self.done = true;
        let last = std::mem::take(&mut self.gathering);
        if last {
            std::mem::swap(out, &mut self.current);
        }
        last
    }

    /// The value of a `<c>` element, read up to its end tag.
    fn cell_value(&mut self, tag: &CellTag) -> Result<Cell, ReadError> {
        let mut values = Values {
            strings: self.strings,
            styles: self.styles,
            date_1904: self.date_1904,
            spare: &mut self.spare,
        };
        // The usual `<v>…</v></c>`, read at once and, without references
        // or carriage returns, used where it lies.
        if let Some(raw) = self.tokens.text_element_closing(b"v", b"c") {
            if memchr::memchr2(b'&', b'\r', raw).is_none() {
                let v = std::str::from_utf8(raw).map_err(|_| corrupt())?;
                return values.cell(tag, v);
            }
            self.value.clear();
            push_text(&mut self.value, &Token::Text(raw))?;
            return values.cell(tag, &self.value);
        }
        let mut inline: Option<String> = None;
        let mut has_value = false;
        self.value.clear();
        loop {
            let child = match self.tokens.next()? {
                Token::Start(tag) => (child(tag.name)?, false),
                Token::Empty(tag) => (child(tag.name)?, true),
                Token::End(b"c") => break,
                Token::Eof => return Err(corrupt()),
                _ => continue,
            };
            match child {
                (Child::Value, false) => {
                    has_value = true;
                    loop {
                        match self.tokens.next()? {
                            Token::End(b"v") => break,
                            Token::Eof => return Err(corrupt()),
                            token => {
                                push_text(&mut self.value, &token)?;
                            }
                        }
                    }
                }
                (Child::Inline, false) => {
                    let mut text = String::new();
                    rich_text(&mut self.tokens, b"is", &mut text)?;
                    inline = Some(text);
                }
                (Child::Inline, true) => inline = Some(String::new()),
                (Child::Skip(name), false) => skip_to_end(&mut self.tokens, name)?,
                _ => {}
            }
        }
        if let Some(text) = inline {
            return Ok(text_cell(&text));
        }
        if !has_value {
            return Ok(Cell::Empty);
        }
        values.cell(tag, &self.value)
    }
}

/// What a cell's `<v>` text is read with.
struct Values<'x> {
    strings: &'x SharedStrings,
    styles: &'x [NumberKind],
    date_1904: bool,
    spare: &'x mut Vec<String>,
}

impl Values<'_> {
    /// The cell a `<v>` holding `v` makes, by the cell's type.
    fn cell(&mut self, tag: &CellTag, v: &str) -> Result<Cell, ReadError> {
        let spare = &mut *self.spare;
        Ok(match tag.kind {
            Kind::Inline => Cell::Empty,
            Kind::Shared => {
                if v.is_empty() {
                    return Ok(Cell::Empty);
                }
                let index: usize = v.trim_ascii().parse().map_err(|_| corrupt())?;
                spare_text(spare, self.strings.get(index).ok_or_else(corrupt)?)
            }
            Kind::Bool => match v.trim() {
                "" => Cell::Empty,
                "0" => Cell::Bool(false),
                "1" => Cell::Bool(true),
                b if b.eq_ignore_ascii_case("false") => Cell::Bool(false),
                b if b.eq_ignore_ascii_case("true") => Cell::Bool(true),
                _ => return Err(corrupt()),
            },
            Kind::Date => iso_date_time(v),
            Kind::Error if v.is_empty() => Cell::Empty,
            Kind::Error => Cell::Error(v.to_string()),
            Kind::Formula => spare_text(spare, &unescape_excel(v)),
            Kind::Number | Kind::Untyped => {
                if v.is_empty() {
                    return Ok(Cell::Empty);
                }
                match parse_number(v) {
                    Ok(n) => {
                        let format = match tag.style {
                            None => NumberKind::Plain,
                            Some(s) => self.styles.get(s).copied().unwrap_or(NumberKind::Plain),
                        };
                        number_cell(n, format, self.date_1904)
                    }
                    // Text in a cell of no type: kept as text.
                    Err(_) if tag.kind == Kind::Untyped => spare_text(spare, v),
                    Err(_) => return Err(corrupt()),
                }
            }
            Kind::Unknown => return Err(corrupt()),
        })
    }
}

/// A cell's number. Whole numbers (dates, counts) are read straight from
/// their digits: exact below 2^53, and WebAssembly's general float parsing
/// pays for 128-bit multiplication in software.
fn parse_number(v: &str) -> Result<f64, std::num::ParseFloatError> {
    if v.len() <= 15 && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        let whole = v.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Ok(whole as f64);
    }
    v.parse()
}

/// A text cell in a spare string when there is one (see [`text_cell`]).
fn spare_text(spare: &mut Vec<String>, text: &str) -> Cell {
    if text.is_empty() {
        return Cell::Empty;
    }
    let mut string = spare.pop().unwrap_or_default();
    string.clear();
    string.push_str(text);
    Cell::Text(string)
}

/// What a `<c>` element holds.
#[derive(Clone, Copy)]
enum Child {
    Value,
    Inline,
    /// A formula or extension: passed over.
    Skip(&'static [u8]),
}

/// A child of `<c>`; anything but a value, an inline string, a formula or
/// an extension is damage.
fn child(name: &[u8]) -> Result<Child, ReadError> {
    match name {
        b"v" => Ok(Child::Value),
        b"is" => Ok(Child::Inline),
        b"f" => Ok(Child::Skip(b"f")),
        b"extLst" => Ok(Child::Skip(b"extLst")),
        _ => Err(corrupt()),
    }
}

/// Reads past the end tag named `end` (nested elements of that name
/// included, should a writer produce them).
fn skip_to_end(tokens: &mut Tokens<Part<'_, '_>>, end: &[u8]) -> Result<(), ReadError> {
    let mut depth = 0u32;
    loop {
        match tokens.next()? {
            Token::Start(tag) if tag.name == end => depth = depth.saturating_add(1),
            Token::End(name) if name == end => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Ok(()),
            },
            Token::Eof => return Err(corrupt()),
            _ => {}
        }
    }
}

/// A `<row>`'s `r` number, when it has one.
fn row_number(tag: &Tag<'_>) -> Result<Option<u64>, ReadError> {
    match raw_attributes(tag.attributes()).find(|(key, _)| *key == b"r") {
        Some((_, r)) => number(r).map(Some).ok_or_else(corrupt),
        None => Ok(None),
    }
}

fn cell_tag(element: &Tag<'_>) -> Result<CellTag, ReadError> {
    let mut tag = CellTag {
        position: None,
        kind: Kind::Untyped,
        style: None,
    };
    for (key, value) in raw_attributes(element.attributes()) {
        match key {
            b"r" => tag.position = Some(cell_position(value).ok_or_else(corrupt)?),
            b"t" => tag.kind = Kind::of(value),
            // An unreadable style is the default one.
            b"s" => tag.style = Some(number(value).unwrap_or(0)),
            _ => {}
        }
    }
    Ok(tag)
}

/// The attributes of a tag as written, `key="value"` or `key='value'`:
/// enough for `<c>` and `<row>`, whose attributes hold no references (the
/// cells of a large sheet are read faster than through a general
/// attribute parser). Stops at anything malformed.
fn raw_attributes(raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let equals = rest.iter().position(|b| *b == b'=')?;
        let key = rest.get(..equals)?.trim_ascii();
        let mut at = equals + 1;
        while rest.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let quote = *rest.get(at).filter(|b| **b == b'"' || **b == b'\'')?;
        let length = rest.get(at + 1..)?.iter().position(|b| *b == quote)?;
        let value = rest.get(at + 1..at + 1 + length)?;
        rest = rest.get(at + 2 + length..)?;
        Some((key, value))
    })
}

/// A whole number written in ASCII digits, white space around allowed.
fn number<T: std::str::FromStr>(digits: &[u8]) -> Option<T> {
    std::str::from_utf8(digits.trim_ascii()).ok()?.parse().ok()
}

/// `n * base + digit`, held at a huge value rather than overflowing. Not
/// `saturating_mul`: checking a 64-bit product costs WebAssembly a 128-bit
/// multiplication in software, for every cell.
fn grow(n: u64, base: u64, digit: u64) -> u64 {
    const HUGE: u64 = 1 << 56;
    if n >= HUGE {
        HUGE
    } else {
        n * base + digit
    }
}

/// `B12` as 0-based (row, column); huge values saturate (the limits refuse them).
fn cell_position(reference: &[u8]) -> Option<(u64, u64)> {
    let mut column = 0u64;
    let mut row = 0u64;
    let (mut letters, mut digits) = (false, false);
    for &b in reference.trim_ascii() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' if !digits => {
                letters = true;
                let value = u64::from(b.to_ascii_uppercase() - b'A') + 1;
                column = grow(column, 26, value);
            }
            b'0'..=b'9' if letters => {
                digits = true;
                row = grow(row, 10, u64::from(b - b'0'));
            }
            _ => return None,
        }
    }
    if !digits {
        return None;
    }
    Some((row.checked_sub(1)?, column.saturating_sub(1)))
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

    /// A ZIP package of `parts` (stored, uncompressed).
    pub(crate) fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, content) in parts {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/../worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="&quot;kr&quot;\ #,##0"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="46"/><xf numFmtId="165"/></cellXfs></styleSheet>"#;
    const STRINGS: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Personnummer</t></si><si><r><t>K</t></r><r><rPr><b/></rPr><t xml:space="preserve">ön </t></r><rPh sb="0" eb="1"><t>コン</t></rPh></si><si><t>  trimmed
</t></si></sst>"#;

    fn workbook(date_1904: bool) -> String {
        format!(
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{}"/><sheets><sheet name="Deltagare &amp; mer" sheetId="1" r:id="rId1"/><sheet name="Diagram" sheetId="3" r:id="rId3"/><sheet name="Två" sheetId="2" r:id="rId2"/></sheets></workbook>"#,
            u8::from(date_1904)
        )
    }

    fn sheet(rows: &str) -> String {
        format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>{rows}</sheetData></worksheet>"#
        )
    }

    fn book(date_1904: bool, rows: &str) -> Vec<u8> {
        package(&[
            ("_rels/.rels", ROOT_RELS),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/workbook.xml", &workbook(date_1904)),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", STRINGS),
            ("xl/worksheets/sheet1.xml", &sheet(rows)),
            (
                "xl/worksheets/sheet2.xml",
                &sheet(r#"<row r="2"><c r="C2"><v>7</v></c></row>"#),
            ),
        ])
    }

    fn limits() -> Limits {
        Limits::new(&ReadOptions::default())
    }

    fn read_sheet(bytes: &[u8], name: &str, limits: Limits) -> Result<Vec<Row>, ReadError> {
        let mut workbook = Xlsx::open(bytes)?;
        let rows = workbook.rows(name, limits)?.expect("a worksheet");
        rows.collect()
    }

    fn rows(date_1904: bool, rows: &str) -> Vec<Row> {
        read_sheet(&book(date_1904, rows), "Deltagare & mer", limits()).unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn sheets_in_workbook_order_with_their_parts() {
        let bytes = book(false, "");
        let mut workbook = Xlsx::open(&bytes).unwrap();
        assert_eq!(
            workbook.sheet_names(),
            ["Deltagare & mer", "Diagram", "Två"]
        );
        // A chart sheet has no cells.
        assert!(workbook.rows("Diagram", limits()).unwrap().is_none());
        assert!(workbook.rows("Nope", limits()).unwrap().is_none());
        // An absolute target with `..` in it.
        let two = read_sheet(&bytes, "Två", limits()).unwrap();
        assert_eq!(two.len(), 1);
        assert_eq!(two[0].number, 2);
        assert_eq!(two[0].cells, [Cell::Empty, Cell::Empty, Cell::Number(7.0)]);
        // An empty sheet.
        assert!(rows(false, "").is_empty());
    }

    #[test]
    fn shared_rich_and_inline_strings() {
        let read = rows(
            false,
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c><c r="E1" t="str"><v>a_x000D_b &amp; c</v></c><c r="F1" t="inlineStr"><is><t/></is></c></row>"#,
        );
        assert_eq!(read.len(), 1);
        assert_eq!(
            read[0].cells,
            [
                text("Personnummer"),
                // Rich-text runs joined, the phonetic run left out.
                text("Kön "),
                // Without xml:space="preserve" surrounding white space goes.
                text("trimmed"),
                text("inline"),
                text("a\rb & c"),
            ]
        );
    }

    #[test]
    fn cells_without_a_reference_follow_the_previous_one() {
        let read = rows(
            false,
            r#"<row r="3"><c t="s"><v>0</v></c><c><v>5</v></c><c r="E3"><v>1</v></c><c><v>2</v></c></row><row><c><v>9</v></c></row><row r="9"/><row><c><v>10</v></c></row>"#,
        );
        let numbers: Vec<u32> = read.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 4, 10]);
        assert_eq!(
            read[0].cells,
            [
                text("Personnummer"),
                Cell::Number(5.0),
                Cell::Empty,
                Cell::Empty,
                Cell::Number(1.0),
                Cell::Number(2.0)
            ]
        );
        assert_eq!(read[1].cells, [Cell::Number(9.0)]);
    }

    #[test]
    fn numbers_dates_booleans_and_errors() {
        let cells = r#"<row r="1"><c r="A1" s="1"><v>45306</v></c><c r="B1" s="2"><v>45306.5</v></c><c r="C1" s="3"><v>1.5</v></c><c r="D1" s="4"><v>199001011234</v></c><c r="E1"><v>45306</v></c><c r="F1" t="b"><v>1</v></c><c r="G1" t="e"><v>#N/A</v></c><c r="H1" t="d"><v>2024-01-15T00:00:00</v></c><c r="I1" s="99"><v>3</v></c><c r="J1" s="1"><f>TODAY()</f><v>60</v></c><c r="K1"><v>text</v></c><c r="L1" s="1"/></row>"#;
        let expected = |first: NaiveDate| {
            vec![
                Cell::Date(first),
                Cell::DateTime(date(2024, 1, 15).and_hms_opt(12, 0, 0).unwrap()),
                // Elapsed time and currency formats stay numbers.
                Cell::Number(1.5),
                Cell::Number(199001011234.0),
                Cell::Number(45306.0),
                Cell::Bool(true),
                Cell::Error("#N/A".into()),
                Cell::Date(date(2024, 1, 15)),
                Cell::Number(3.0),
            ]
        };
        let read = rows(false, cells);
        let mut want = expected(date(2024, 1, 15));
        // Excel's 29 February 1900 is read as the 28th.
        want.push(Cell::Date(date(1900, 2, 28)));
        want.push(text("text"));
        assert_eq!(read[0].cells, want);
        // The 1904 date system: the same serial is four years and a day later.
        let read = rows(true, cells);
        assert_eq!(read[0].cells[0], Cell::Date(date(2028, 1, 16)));
        assert_eq!(read[0].cells[9], Cell::Date(date(1904, 3, 1)));
    }

    #[test]
    fn damage_and_limits_are_refused_with_their_reason() {
        let far = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
        assert_eq!(
            reason(read_sheet(&book(false, far), "Deltagare & mer", limits())),
            "too_many_columns"
        );
        let tall = r#"<row r="3000000"><c r="A3000000"><v>1</v></c></row>"#;
        assert_eq!(
            reason(read_sheet(&book(false, tall), "Deltagare & mer", limits())),
            "too_many_rows"
        );
        // Empty cells far away cost nothing.
        assert!(rows(false, r#"<row r="4000000"><c r="XFD4000000"/></row>"#).is_empty());
        let small = Limits {
            cell_chars: 5,
            ..limits()
        };
        let long = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        assert_eq!(
            reason(read_sheet(&book(false, long), "Deltagare & mer", small)),
            "cell_too_long"
        );
        for damaged in [
            r#"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#,
            r#"<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="n"><v>x</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="b"><v>2</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="q"><v>2</v></c></row>"#,
            r#"<row r="1"><c r="1A"><v>2</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="str"><v>&bomb;</v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v><x/></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v>"#,
        ] {
            assert_eq!(
                reason(read_sheet(
                    &book(false, damaged),
                    "Deltagare & mer",
                    limits()
                )),
                "corrupt",
                "{damaged}"
            );
        }
        // No workbook relationships, or a sheet pointing nowhere.
        let no_rels = package(&[("xl/workbook.xml", &workbook(false))]);
        assert!(Xlsx::open(&no_rels).is_err());
    }

    #[test]
    fn escapes_for_characters_xml_cannot_hold() {
        assert_eq!(unescape_excel("a_x000D__x000A_b"), "a\r\nb");
        assert_eq!(unescape_excel("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_excel("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_excel("_x00_ _xZZZZ_ plain"), "_x00_ _xZZZZ_ plain");
    }

    #[test]
    fn whole_numbers_read_as_the_general_parser_reads_them() {
        for v in [
            "0",
            "7",
            "45306",
            "000123",
            "999999999999999",
            "9999999999999999",
            "1.5",
            "1e3",
            "-4",
            " 5",
        ] {
            assert_eq!(parse_number(v), v.parse::<f64>(), "{v}");
        }
        assert!(parse_number("").is_err());
    }

    #[test]
    fn positions() {
        assert_eq!(cell_position(b"A1"), Some((0, 0)));
        assert_eq!(cell_position(b"AB12"), Some((11, 27)));
        assert_eq!(cell_position(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_position(b"A0"), None);
        assert_eq!(cell_position(b"12"), None);
        assert_eq!(cell_position(b"A1B"), None);
        assert!(cell_position(format!("{}1", "Z".repeat(40)).as_bytes()).is_some());
    }

    /// Damaged sheets (bytes of a valid one replaced, dropped or repeated,
    /// deterministically) are read or refused, never a panic (debug builds
    /// check arithmetic overflow too).
    #[test]
    fn mutated_sheets_never_panic() {
        let sheet = sheet(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>a</t></r></is></c></row><row r="2" spans="1:3"><c r="A2" s="1"><v>45306</v></c><c t="b"><v>1</v></c><c t="str"><v>x_x000D_</v></c></row><row r="1048576"><c r="XFD1048576"/></row>"#,
        );
        for damaged in super::super::xml::damaged_copies(
            &sheet,
            b"<>/=\"' 0123456789AZrcvtsi:&;#x_-.E",
            0x2545_f491_4f6c_dd1d,
            40,
        ) {
            let book = package(&[
                ("_rels/.rels", ROOT_RELS),
                ("xl/_rels/workbook.xml.rels", RELS),
                ("xl/workbook.xml", &workbook(false)),
                ("xl/styles.xml", STYLES),
                ("xl/sharedStrings.xml", STRINGS),
                ("xl/worksheets/sheet1.xml", &damaged),
            ]);
            let _ = read_sheet(&book, "Deltagare & mer", limits());
        }
    }
}
