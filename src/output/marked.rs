//! The user's own XLSX workbook with the findings marked on it: problem
//! cells of the participant sheet get a fill (errors red, warnings yellow:
//! each cell's own style cloned with only the fill changed) and a note, and
//! a sheet listing every finding is added. Every other part of the package
//! is copied byte for byte: other sheets, formulas with their cached
//! values, styles of unmarked cells, defined names, data validation,
//! images. What cannot be marked safely is refused, never half done.

use super::annotated::{check_sheet, check_sheet_name, place, Mark};
use super::diagnostics::DiagnosticJson;
use super::package::{Package, PackageError};
use super::xlsx::{self, Sheet, Style, MAX_ROWS};
use super::xml_edit::{self, escape, next_tag, tags, with_attribute, Tag, TagKind};
use crate::diagnostic::Severity;
use crate::messages::Lang;
use crate::register::{read_grid, read_grid_head, ReadError, ReadOptions, Row};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Why the workbook was not marked. Never holds cell content.
#[derive(Debug, Clone, PartialEq)]
pub enum MarkError {
    /// The register could not be read again (see its diagnostic).
    Read(ReadError),
    /// Not an XLSX package the copy can keep whole: damaged, Strict Open
    /// XML, ZIP64, or parts where they should not be.
    Unsupported,
    /// The participant sheet is not a worksheet of this workbook.
    NoSheet,
    /// Over the limits of a sheet or of a zip without ZIP64.
    TooLarge,
}

impl From<PackageError> for MarkError {
    fn from(err: PackageError) -> MarkError {
        match err {
            PackageError::Unsupported => MarkError::Unsupported,
            PackageError::TooLarge => MarkError::TooLarge,
        }
    }
}

impl MarkError {
    /// What went wrong, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let (sv, en, fi) = match self {
            MarkError::Read(err) => return crate::messages::message(&err.diagnostic(), lang),
            MarkError::Unsupported => (
                "Arbetsboken kan inte markeras utan risk att något av den går förlorat (den är skadad, sparad som Strict Open XML eller större än 4 GB). Ingen kopia gjordes.",
                "The workbook cannot be marked without risking part of it (it is damaged, saved as Strict Open XML, or larger than 4 GB). No copy was made.",
                "Työkirjaa ei voi merkitä vaarantamatta sen osia (se on vioittunut, tallennettu Strict Open XML -muodossa tai yli 4 Gt). Kopiota ei tehty.",
            ),
            MarkError::NoSheet => (
                "Deltagarbladet finns inte som kalkylblad i arbetsboken. Ingen kopia gjordes.",
                "The participant sheet is not a worksheet of this workbook. No copy was made.",
                "Osallistujataulukko ei ole tämän työkirjan laskentataulukko. Kopiota ei tehty.",
            ),
            MarkError::TooLarge => (
                "Arbetsboken blir för stor för att markeras (fler rader än ett blad rymmer, eller över 4 GB). Ingen kopia gjordes.",
                "The workbook would be too large to mark (more rows than a sheet holds, or over 4 GB). No copy was made.",
                "Työkirjasta tulisi liian suuri merkittäväksi (enemmän rivejä kuin taulukkoon mahtuu tai yli 4 Gt). Kopiota ei tehty.",
            ),
        };
        match lang {
            Lang::Sv => sv,
            Lang::En => en,
            Lang::Fi => fi,
        }
        .to_string()
    }
}

/// What a marked copy of a register is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    /// The user's own workbook with the marks added (XLSX, XLSM).
    Own,
    /// A new workbook holding the participant table only (CSV, ODS, XLS).
    New,
}

impl CopyKind {
    pub fn of(register: &[u8]) -> CopyKind {
        match crate::register::is_xlsx(register) {
            true => CopyKind::Own,
            false => CopyKind::New,
        }
    }
}

/// The register `bytes` with its findings marked (see [`CopyKind`]):
/// `sheet` and `header_row` are the participant table's, `diagnostics` the
/// findings as the API hands them out.
pub fn marked_copy(
    bytes: &[u8],
    sheet: Option<&str>,
    header_row: u32,
    diagnostics: &[DiagnosticJson],
    lang: Lang,
) -> Result<Vec<u8>, MarkError> {
    let options = ReadOptions::default();
    if let (CopyKind::Own, Some(sheet)) = (CopyKind::of(bytes), sheet) {
        let head = read_grid_head(bytes, Some(sheet), &options, header_row as usize)
            .map_err(MarkError::Read)?;
        let header = head.rows.iter().find(|r| r.number == header_row);
        return mark_workbook(bytes, sheet, header, header_row, diagnostics, lang);
    }
    let grid = read_grid(bytes, sheet, &options).map_err(MarkError::Read)?;
    super::annotated::workbook(&grid, header_row, diagnostics, lang)
        .map_err(|_| MarkError::TooLarge)
}

impl std::fmt::Display for MarkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for MarkError {}

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Parts read into memory are at most this large (1 GB, as for reading).
const PART_LIMIT: u64 = 1 << 30;

/// The workbook `bytes` with the findings about sheet `sheet` marked:
/// `header` is that sheet's header row (`header_row`, 1-based), and
/// `diagnostics` the findings as the API hands them out.
pub fn mark_workbook(
    bytes: &[u8],
    sheet: &str,
    header: Option<&Row>,
    header_row: u32,
    diagnostics: &[DiagnosticJson],
    lang: Lang,
) -> Result<Vec<u8>, MarkError> {
    if diagnostics.len() >= MAX_ROWS as usize {
        return Err(MarkError::TooLarge);
    }
    let package = Package::open(bytes)?;
    let mut book = Book::open(&package)?;
    let mut styles = Styles::parse(book.styles.clone())?;
    let mut changes = Changes::new(&package)?;
    // The participant sheet, then every other table's sheet a finding names.
    let mut located = vec![None; diagnostics.len()];
    let others = other_sheet_headers(bytes, &book, diagnostics);
    let tables = std::iter::once((None, sheet, header, header_row)).chain(others.iter().map(
        |(name, row)| {
            (
                Some(name.as_str()),
                name.as_str(),
                row.as_ref(),
                row.as_ref().map_or(0, |r| r.number),
            )
        },
    ));
    for (named, name, header, header_row) in tables {
        let (found, marks) = place(named, header, header_row, diagnostics, lang);
        if marks.keys().any(|&(row, _)| row >= MAX_ROWS) {
            return Err(MarkError::TooLarge);
        }
        for (slot, place) in located.iter_mut().zip(found) {
            *slot = slot.or(place);
        }
        if marks.is_empty() && named.is_some() {
            continue;
        }
        let sheet_path = book.worksheet(name)?;
        let sheet_xml = changes.required(&sheet_path)?;
        let mut marked = mark_cells(&sheet_xml, &marks, &mut styles)?;
        // Notes, unless the sheet has notes of its own (their drawing is not
        // ours to merge: the findings are on the check sheet all the same).
        if tags(&sheet_xml, "legacyDrawing").next().is_none() && !marks.is_empty() {
            marked = changes.add_notes(&book.folder, &sheet_path, &marked, name, &marks)?;
        }
        changes.put(&sheet_path, &marked);
    }

    // The check sheet, last, so no sheet's position changes.
    let names: Vec<String> = book.sheets.iter().map(|(name, _)| name.clone()).collect();
    let check_name = check_sheet_name(lang, &names);
    let check_path = changes.free(&format!("{}worksheets/sheet", book.folder), "xml");
    let check = check_sheet(&check_name, sheet, diagnostics, &located, lang);
    let part = xlsx::worksheet_part(&check, false, None, &styles.check_sheet_styles());
    changes.added.push((check_path.clone(), part));
    book.add_sheet(&check_name, &check_path)?;
    changes.add_type(
        &check_path,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    )?;
    changes.put(&book.path, &book.xml);
    changes.put(&book.rels_path, &book.rels_xml);
    changes.put(&book.styles_path, &styles.finish()?);
    let types = std::mem::take(&mut changes.types);
    changes.put("[Content_Types].xml", &types);
    Ok(package.write(changes.replaced, changes.added)?)
}

/// The other tables' sheets the findings name, each with its header row:
/// the first of its first rows holding a column the findings name (`None`
/// when they name no column). A sheet the workbook does not have (a
/// further file) is left out.
fn other_sheet_headers(
    bytes: &[u8],
    book: &Book,
    diagnostics: &[DiagnosticJson],
) -> Vec<(String, Option<Row>)> {
    let mut names: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d.sheet.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    names.retain(|name| book.sheets.iter().any(|(sheet, _)| sheet == name));
    names
        .into_iter()
        .map(|name| {
            let columns: Vec<&str> = diagnostics
                .iter()
                .filter(|d| d.sheet.as_deref() == Some(name))
                .filter_map(|d| d.column.as_deref().map(str::trim))
                .collect();
            let head = read_grid_head(bytes, Some(name), &ReadOptions::default(), HEADER_ROWS)
                .map(|grid| grid.rows)
                .unwrap_or_default();
            let header = head.into_iter().find(|row| {
                row.cells
                    .iter()
                    .any(|cell| columns.contains(&crate::register::values::text(cell).trim()))
            });
            (name.to_string(), header)
        })
        .collect()
}

/// How many first rows of another table's sheet are searched for its header.
const HEADER_ROWS: usize = 50;

/// The workbook part and what it names: its sheets and their parts, and
/// its styles.
struct Book {
    path: String,
    /// The folder of the workbook part (`xl/`), where its parts' targets start.
    folder: String,
    xml: String,
    rels_path: String,
    rels_xml: String,
    rels: Relationships,
    /// (name, relationship id) in workbook order.
    sheets: Vec<(String, String)>,
    styles_path: String,
    styles: String,
}

impl Book {
    fn open(package: &Package<'_>) -> Result<Book, MarkError> {
        let required = |name: &str| {
            package
                .text(name, PART_LIMIT)?
                .ok_or(MarkError::Unsupported)
        };
        let path = office_document(&required("_rels/.rels")?)?;
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", &path));
        let folder = match folder {
            "" => String::new(),
            folder => format!("{folder}/"),
        };
        let rels_path = format!("{folder}_rels/{file}.rels");
        let xml = required(&path)?;
        if xml.contains("purl.oclc.org/ooxml/spreadsheetml") {
            return Err(MarkError::Unsupported);
        }
        let rels_xml = required(&rels_path)?;
        let rels = Relationships::parse(&rels_xml);
        let styles_path = rels
            .of_type("/styles")
            .map(|target| resolve(&folder, target))
            .ok_or(MarkError::Unsupported)?;
        Ok(Book {
            sheets: workbook_sheets(&xml),
            styles: required(&styles_path)?,
            path,
            folder,
            xml,
            rels_path,
            rels_xml,
            rels,
            styles_path,
        })
    }

    /// The part of worksheet `name`.
    fn worksheet(&self, name: &str) -> Result<String, MarkError> {
        let (_, id) = self
            .sheets
            .iter()
            .find(|(sheet, _)| sheet == name)
            .ok_or(MarkError::NoSheet)?;
        let (target, kind) = self.rels.get(id).ok_or(MarkError::NoSheet)?;
        if !kind.ends_with("/worksheet") {
            return Err(MarkError::NoSheet);
        }
        Ok(resolve(&self.folder, target))
    }

    /// A sheet appended to the workbook, its part at `path`.
    fn add_sheet(&mut self, name: &str, path: &str) -> Result<(), MarkError> {
        let id = self.rels.free_id(0);
        self.xml = add_sheet(&self.xml, name, &id)?;
        let target = relative(self.folder.trim_end_matches('/'), path);
        self.rels_xml = add_relationships(&self.rels_xml, &[(&id, "worksheet", &target)])?;
        Ok(())
    }
}

/// The parts of the copy that change: replaced and added, and the content
/// types as they become.
struct Changes<'p, 'b> {
    package: &'p Package<'b>,
    replaced: BTreeMap<String, xlsx::Entry>,
    added: Vec<(String, xlsx::Entry)>,
    types: String,
    /// The shape-id blocks the notes' drawings added so far take.
    blocks_taken: u32,
}

impl<'p, 'b> Changes<'p, 'b> {
    fn new(package: &'p Package<'b>) -> Result<Changes<'p, 'b>, MarkError> {
        let mut changes = Changes {
            package,
            replaced: BTreeMap::new(),
            added: Vec::new(),
            types: String::new(),
            blocks_taken: 0,
        };
        changes.types = changes.required("[Content_Types].xml")?;
        Ok(changes)
    }

    fn part(&self, name: &str) -> Result<Option<String>, MarkError> {
        Ok(self.package.text(name, PART_LIMIT)?)
    }

    fn required(&self, name: &str) -> Result<String, MarkError> {
        self.part(name)?.ok_or(MarkError::Unsupported)
    }

    /// A part name the package does not use: `stem` numbered, `.ext`.
    fn free(&self, stem: &str, ext: &str) -> String {
        (1..)
            .map(|n| format!("{stem}{n}.{ext}"))
            .find(|name| !self.package.has(name) && !self.added.iter().any(|(a, _)| a == name))
            .unwrap_or_default()
    }

    /// `text` as part `name`: in place of the package's, or added.
    fn put(&mut self, name: &str, text: &str) {
        let entry = xlsx::deflated(text);
        if let Some(name) = self.package.entry_name(name) {
            self.replaced.insert(name.to_string(), entry);
        } else {
            self.added.push((name.to_string(), entry));
        }
    }

    fn add_type(&mut self, part: &str, content_type: &str) -> Result<(), MarkError> {
        self.types = add_override(&self.types, part, content_type)?;
        Ok(())
    }

    /// Notes on the marked cells: a comments part and its drawing, named in
    /// the sheet's relationships; the sheet with the drawing referred to.
    fn add_notes(
        &mut self,
        folder: &str,
        sheet_path: &str,
        sheet_xml: &str,
        sheet: &str,
        marks: &BTreeMap<(u32, u16), Mark>,
    ) -> Result<String, MarkError> {
        let mut notes = Sheet::new(sheet);
        for (&(row, column), mark) in marks {
            notes.note(row, column, &mark.note());
        }
        let comments = self.free(&format!("{folder}comments"), "xml");
        let drawing = self.free(&format!("{folder}drawings/vmlDrawing"), "vml");
        // Each drawing its own blocks of shape ids, after the package's and those added before.
        let first_block =
            next_shape_block(self.package, &|name| self.part(name))? + self.blocks_taken;
        self.blocks_taken += marks.len() as u32 / 1024 + 1;
        let (sheet_dir, sheet_file) = sheet_path.rsplit_once('/').unwrap_or(("", sheet_path));
        let rels_path = format!("{sheet_dir}/_rels/{sheet_file}.rels");
        let rels = self.part(&rels_path)?.unwrap_or_else(|| {
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{PKG_REL_NS}\"></Relationships>")
        });
        let existing = Relationships::parse(&rels);
        let (comments_id, drawing_id) = (existing.free_id(0), existing.free_id(1));
        let rels = add_relationships(
            &rels,
            &[
                (&comments_id, "comments", &relative(sheet_dir, &comments)),
                (&drawing_id, "vmlDrawing", &relative(sheet_dir, &drawing)),
            ],
        )?;
        self.add_type(
            &comments,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
        )?;
        self.types = add_default(
            &self.types,
            "vml",
            "application/vnd.openxmlformats-officedocument.vmlDrawing",
        )?;
        self.put(&comments, &xlsx::comments_xml(&notes, "amif-check"));
        self.put(&drawing, &xlsx::vml_xml(&notes, first_block));
        self.put(&rels_path, &rels);
        add_legacy_drawing(sheet_xml, &drawing_id)
    }
}

/// The officeDocument's part name from the package relationships.
fn office_document(rels: &str) -> Result<String, MarkError> {
    let rels = Relationships::parse(rels);
    rels.of_type("/officeDocument")
        .map(|target| target.trim_start_matches('/').to_string())
        .ok_or(MarkError::Unsupported)
}

/// Relationships: id → (target, type).
struct Relationships(Vec<(String, String, String)>);

impl Relationships {
    fn parse(xml: &str) -> Relationships {
        Relationships(
            tags(xml, "Relationship")
                .filter_map(|tag| {
                    Some((
                        tag.attribute("Id")?.into_owned(),
                        tag.attribute("Target")?.into_owned(),
                        tag.attribute("Type")?.into_owned(),
                    ))
                })
                .collect(),
        )
    }

    fn get(&self, id: &str) -> Option<(&str, &str)> {
        self.0
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, target, kind)| (target.as_str(), kind.as_str()))
    }

    /// The first target of a relationship type ending in `suffix`; an
    /// external target does not count.
    fn of_type(&self, suffix: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(_, target, kind)| kind.ends_with(suffix) && !target.contains("://"))
            .map(|(_, target, _)| target.as_str())
    }

    /// An id no relationship has (the `skip`-th such, to take several).
    fn free_id(&self, skip: usize) -> String {
        (1..)
            .map(|n| format!("rIdAmif{n}"))
            .filter(|id| !self.0.iter().any(|(i, _, _)| i == id))
            .nth(skip)
            .unwrap_or_default()
    }
}

/// A target relative to `folder` as a part name (`../x` resolved).
fn resolve(folder: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

/// A part name as a target relative to `folder`.
fn relative(folder: &str, part: &str) -> String {
    let folder: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let part: Vec<&str> = part.split('/').collect();
    let common = folder.iter().zip(&part).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; folder.len() - common];
    out.extend(part.iter().skip(common));
    out.join("/")
}

/// The sheets in workbook order: (name, relationship id).
fn workbook_sheets(book: &str) -> Vec<(String, String)> {
    tags(book, "sheet")
        .filter_map(|tag| {
            let id = tag_attributes_ending(&tag, ":id")?;
            Some((tag.attribute("name")?.into_owned(), id))
        })
        .collect()
}

/// The value of the attribute whose name ends in `suffix` (`r:id`,
/// whatever the relationships namespace's prefix).
fn tag_attributes_ending(tag: &Tag<'_>, suffix: &str) -> Option<String> {
    let text = tag.text;
    let at = text.find(suffix)?;
    let name_start = text.get(..at)?.rfind(char::is_whitespace)? + 1;
    let name = text.get(name_start..at + suffix.len())?;
    tag.attribute(name).map(|v| v.into_owned())
}

/// The workbook with a sheet appended to its `<sheets>`.
fn add_sheet(book: &str, name: &str, id: &str) -> Result<String, MarkError> {
    let sheets: Vec<Tag<'_>> = tags(book, "sheet").collect();
    let last = sheets.last().ok_or(MarkError::Unsupported)?;
    let next_id = sheets
        .iter()
        .filter_map(|t| t.attribute("sheetId")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let prefix = last.prefix();
    let element = format!(
        "<{prefix}sheet name=\"{}\" sheetId=\"{next_id}\" xmlns:amifr=\"{REL_NS}\" amifr:id=\"{id}\"/>",
        escape(name)
    );
    let end = tags(book, "sheets")
        .find(|t| t.kind == TagKind::End)
        .ok_or(MarkError::Unsupported)?;
    Ok(xml_edit::inserted(book, end.start, &element))
}

/// Relationships added before the part's end tag: (id, type, target).
fn add_relationships(rels: &str, added: &[(&str, &str, &str)]) -> Result<String, MarkError> {
    let end = tags(rels, "Relationships")
        .find(|t| t.kind == TagKind::End)
        .ok_or(MarkError::Unsupported)?;
    let mut elements = String::new();
    for (id, kind, target) in added {
        let _ = write!(
            elements,
            "<Relationship Id=\"{id}\" Type=\"{REL_NS}/{kind}\" Target=\"{}\"/>",
            escape(target)
        );
    }
    Ok(xml_edit::inserted(rels, end.start, &elements))
}

fn add_override(types: &str, part: &str, content_type: &str) -> Result<String, MarkError> {
    let end = tags(types, "Types")
        .find(|t| t.kind == TagKind::End)
        .ok_or(MarkError::Unsupported)?;
    let element = format!(
        "<Override PartName=\"/{}\" ContentType=\"{content_type}\"/>",
        escape(part)
    );
    Ok(xml_edit::inserted(types, end.start, &element))
}

fn add_default(types: &str, extension: &str, content_type: &str) -> Result<String, MarkError> {
    let known = tags(types, "Default").any(|t| {
        t.attribute("Extension")
            .is_some_and(|e| e.eq_ignore_ascii_case(extension))
    });
    if known {
        return Ok(types.to_string());
    }
    let end = tags(types, "Types")
        .find(|t| t.kind == TagKind::End)
        .ok_or(MarkError::Unsupported)?;
    let element = format!("<Default Extension=\"{extension}\" ContentType=\"{content_type}\"/>");
    Ok(xml_edit::inserted(types, end.start, &element))
}

/// VML shapes are numbered in blocks of 1024 across the workbook: the first
/// block after those the workbook's drawings use.
fn next_shape_block(
    package: &Package<'_>,
    part: &dyn Fn(&str) -> Result<Option<String>, MarkError>,
) -> Result<u32, MarkError> {
    let mut highest = 0;
    let drawings: Vec<String> = package
        .names()
        .filter(|n| n.to_ascii_lowercase().ends_with(".vml"))
        .map(str::to_string)
        .collect();
    for name in drawings {
        let Some(xml) = part(&name)? else { continue };
        for tag in tags(&xml, "idmap") {
            let data = tag.attribute("data").unwrap_or_default().into_owned();
            highest = data
                .split(',')
                .filter_map(|n| n.trim().parse::<u32>().ok())
                .fold(highest, u32::max);
        }
    }
    Ok(highest + 1)
}

/// The worksheet with `<legacyDrawing>` (the notes' drawing) where the
/// schema puts it: before the first element that must follow it.
fn add_legacy_drawing(sheet: &str, id: &str) -> Result<String, MarkError> {
    const AFTER: [&str; 8] = [
        "legacyDrawingHF",
        "drawingHF",
        "picture",
        "oleObjects",
        "controls",
        "webPublishItems",
        "tableParts",
        "extLst",
    ];
    let mut at = 0;
    let mut depth = 0usize;
    let mut insert_at = None;
    let mut prefix = String::new();
    while let Some(tag) = next_tag(sheet, at) {
        at = tag.end;
        match tag.kind {
            TagKind::Start => {
                if depth == 0 {
                    prefix = tag.prefix().to_string();
                }
                if depth == 1 && AFTER.contains(&tag.local()) {
                    insert_at = Some(tag.start);
                    break;
                }
                depth += 1;
            }
            TagKind::Empty if depth == 1 && AFTER.contains(&tag.local()) => {
                insert_at = Some(tag.start);
                break;
            }
            TagKind::End => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    insert_at = Some(tag.start);
                    break;
                }
            }
            TagKind::Empty => {}
        }
    }
    let at = insert_at.ok_or(MarkError::Unsupported)?;
    let element = format!("<{prefix}legacyDrawing xmlns:amifr=\"{REL_NS}\" amifr:id=\"{id}\"/>");
    Ok(xml_edit::inserted(sheet, at, &element))
}

/// Zero-based column of a cell reference (`B5` → 1).
fn column_of(reference: &str) -> Option<u16> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        n = n * 26 + u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1);
    }
    u16::try_from(n.checked_sub(1)?).ok()
}

/// The sheet with every marked cell's style replaced by its marked clone;
/// cells and rows that do not exist yet are added in order.
fn mark_cells(
    xml: &str,
    marks: &BTreeMap<(u32, u16), Mark>,
    styles: &mut Styles,
) -> Result<String, MarkError> {
    let data = tags(xml, "sheetData")
        .next()
        .ok_or(MarkError::Unsupported)?;
    let prefix = data.prefix().to_string();
    let mut out = String::with_capacity(xml.len() + marks.len() * 32);
    let mut pending = marks.iter().peekable();
    let mut new_cell =
        |out: &mut String, row: u32, column: u16, mark: &Mark, styles: &mut Styles| {
            let style = styles.marked(0, mark.worst);
            let _ = write!(
                out,
                "<{prefix}c r=\"{}\" s=\"{style}\"/>",
                xlsx::cell_name(row, column)
            );
        };
    if data.kind == TagKind::Empty {
        // No rows at all: every marked cell in new rows.
        out.push_str(xml.get(..data.start).ok_or(MarkError::Unsupported)?);
        let _ = write!(out, "<{}>", data.name);
        write_new_rows(&mut out, &mut pending, None, &prefix, styles, &mut new_cell);
        let _ = write!(out, "</{}>", data.name);
        out.push_str(xml.get(data.end..).ok_or(MarkError::Unsupported)?);
        return Ok(out);
    }
    out.push_str(xml.get(..data.end).ok_or(MarkError::Unsupported)?);
    let mut at = data.end;
    let mut row_number: u32 = 0;
    let mut column: u16 = 0;
    loop {
        let tag = next_tag(xml, at).ok_or(MarkError::Unsupported)?;
        out.push_str(xml.get(at..tag.start).ok_or(MarkError::Unsupported)?);
        at = tag.end;
        match (tag.local(), tag.kind) {
            ("sheetData", TagKind::End) => {
                write_new_rows(&mut out, &mut pending, None, &prefix, styles, &mut new_cell);
                out.push_str(tag.text);
                break;
            }
            ("row", kind @ (TagKind::Start | TagKind::Empty)) => {
                row_number = tag
                    .attribute("r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .unwrap_or(row_number + 1);
                column = 0;
                let index = row_number.checked_sub(1).ok_or(MarkError::Unsupported)?;
                write_new_rows(
                    &mut out,
                    &mut pending,
                    Some(index),
                    &prefix,
                    styles,
                    &mut new_cell,
                );
                if kind == TagKind::Empty && pending.peek().is_some_and(|((r, _), _)| *r == index) {
                    // An empty row that gets marked cells.
                    out.push_str(&format!("{}>", tag.text.trim_end_matches("/>").trim_end()));
                    write_cells_before(&mut out, &mut pending, index, None, styles, &mut new_cell);
                    let _ = write!(out, "</{}>", tag.name);
                } else {
                    out.push_str(tag.text);
                }
            }
            ("row", TagKind::End) => {
                let index = row_number.saturating_sub(1);
                write_cells_before(&mut out, &mut pending, index, None, styles, &mut new_cell);
                out.push_str(tag.text);
            }
            ("c", TagKind::Start | TagKind::Empty) => {
                let index = row_number.saturating_sub(1);
                column = tag
                    .attribute("r")
                    .and_then(|r| column_of(&r))
                    .unwrap_or(column);
                write_cells_before(
                    &mut out,
                    &mut pending,
                    index,
                    Some(column),
                    styles,
                    &mut new_cell,
                );
                match pending.peek() {
                    Some(((r, c), mark)) if *r == index && *c == column => {
                        let original = tag
                            .attribute("s")
                            .and_then(|s| s.parse::<u32>().ok())
                            .unwrap_or(0);
                        let style = styles.marked(original, mark.worst);
                        out.push_str(&with_attribute(tag.text, "s", &style.to_string()));
                        pending.next();
                    }
                    _ => out.push_str(tag.text),
                }
                column = column.saturating_add(1);
            }
            _ => out.push_str(tag.text),
        }
    }
    out.push_str(xml.get(at..).ok_or(MarkError::Unsupported)?);
    Ok(out)
}

type Pending<'m> = std::iter::Peekable<std::collections::btree_map::Iter<'m, (u32, u16), Mark>>;
type NewCell<'f> = dyn FnMut(&mut String, u32, u16, &Mark, &mut Styles) + 'f;

/// New rows for the marked cells of rows before `row` (all, when `None`).
fn write_new_rows(
    out: &mut String,
    pending: &mut Pending<'_>,
    row: Option<u32>,
    prefix: &str,
    styles: &mut Styles,
    new_cell: &mut NewCell<'_>,
) {
    while let Some(&(&(r, _), _)) = pending.peek() {
        if row.is_some_and(|row| r >= row) {
            break;
        }
        let _ = write!(out, "<{prefix}row r=\"{}\">", r + 1);
        write_cells_before(out, pending, r, None, styles, new_cell);
        let _ = write!(out, "</{prefix}row>");
    }
}

/// New cells for the marked cells of `row` before `column` (all of the
/// row's, when `None`).
fn write_cells_before(
    out: &mut String,
    pending: &mut Pending<'_>,
    row: u32,
    column: Option<u16>,
    styles: &mut Styles,
    new_cell: &mut NewCell<'_>,
) {
    while let Some(&(&(r, c), mark)) = pending.peek() {
        if r != row || column.is_some_and(|column| c >= column) {
            break;
        }
        new_cell(out, r, c, mark, styles);
        pending.next();
    }
}

/// The workbook's styles part, with fills, fonts and cell formats added.
struct Styles {
    xml: String,
    /// The cell formats (`<xf>` of `<cellXfs>`) as written.
    xfs: Vec<String>,
    fills: usize,
    fonts: usize,
    added_xfs: Vec<String>,
    /// (original format, severity) → the marked format.
    clones: BTreeMap<(u32, Severity), u32>,
}

const ERROR_FILL: &str = "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFC7CE\"/><bgColor indexed=\"64\"/></patternFill></fill>";
const WARNING_FILL: &str = "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFEB9C\"/><bgColor indexed=\"64\"/></patternFill></fill>";
const BOLD_FONT: &str =
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>";
const LINK_FONT: &str = "<font><u/><sz val=\"11\"/><color rgb=\"FF0563C1\"/><name val=\"Calibri\"/><family val=\"2\"/></font>";

impl Styles {
    fn parse(xml: String) -> Result<Styles, MarkError> {
        let content = |name: &str| {
            element(&xml, name)
                .and_then(|(start, end)| xml.get(start..end))
                .ok_or(MarkError::Unsupported)
        };
        let fills = children(content("fills")?, "fill").len();
        let fonts = children(content("fonts")?, "font").len();
        let xfs = children(content("cellXfs")?, "xf");
        Ok(Styles {
            xml,
            xfs,
            fills,
            fonts,
            added_xfs: Vec::new(),
            clones: BTreeMap::new(),
        })
    }

    /// The format of a cell of format `original` marked with `severity`:
    /// the same with the fill of errors or warnings. Info keeps the format.
    fn marked(&mut self, original: u32, severity: Option<Severity>) -> u32 {
        let fill = match severity {
            Some(Severity::Error) => self.fills,
            Some(Severity::Warning) => self.fills + 1,
            _ => return original,
        };
        let (Some(severity), Ok(count)) = (severity, u32::try_from(self.xfs.len())) else {
            return original;
        };
        if let Some(&clone) = self.clones.get(&(original, severity)) {
            return clone;
        }
        let base = self.xfs.get(original as usize).cloned().unwrap_or_else(|| {
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>".to_string()
        });
        let head_end = xml_edit::next_tag(&base, 0).map_or(base.len(), |t| t.end);
        let (head, rest) = base.split_at(head_end.min(base.len()));
        let head = with_attribute(
            &with_attribute(head, "fillId", &fill.to_string()),
            "applyFill",
            "1",
        );
        let clone = format!("{head}{rest}");
        let index = count + self.added_xfs.len() as u32;
        self.added_xfs.push(clone);
        self.clones.insert((original, severity), index);
        index
    }

    /// Cell formats for the check sheet's styles, by [`Style`].
    fn check_sheet_styles(&mut self) -> [u32; xlsx::STYLES] {
        let count = self.xfs.len() as u32 + self.added_xfs.len() as u32;
        self.added_xfs.push(format!(
            "<xf numFmtId=\"0\" fontId=\"{}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            self.fonts
        ));
        self.added_xfs.push(format!(
            "<xf numFmtId=\"0\" fontId=\"{}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            self.fonts + 1
        ));
        std::array::from_fn(|index| match index {
            i if i == Style::Bold as usize => count,
            i if i == Style::Link as usize => count + 1,
            _ => 0,
        })
    }

    /// The styles part with everything added.
    fn finish(self) -> Result<String, MarkError> {
        let mut xml = self.xml;
        for (name, child, added) in [
            ("fills", "fill", format!("{ERROR_FILL}{WARNING_FILL}")),
            ("fonts", "font", format!("{BOLD_FONT}{LINK_FONT}")),
            ("cellXfs", "xf", self.added_xfs.concat()),
        ] {
            xml = append_children(&xml, name, child, &added)?;
        }
        Ok(xml)
    }
}

/// Where element `name`'s content lies: (after its start tag, at its end tag).
fn element(xml: &str, name: &str) -> Option<(usize, usize)> {
    let start = tags(xml, name).next()?;
    if start.kind == TagKind::Empty {
        return Some((start.end, start.end));
    }
    let end = tags(xml, name).find(|t| t.kind == TagKind::End)?;
    Some((start.end, end.start))
}

/// The direct children of local name `child` in `content`, as written.
fn children(content: &str, child: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut at = 0;
    let mut depth = 0usize;
    let mut open: Option<usize> = None;
    while let Some(tag) = next_tag(content, at) {
        at = tag.end;
        match tag.kind {
            TagKind::Empty if depth == 0 && tag.local() == child => {
                found.push(tag.text.to_string());
            }
            TagKind::Start => {
                if depth == 0 && tag.local() == child {
                    open = Some(tag.start);
                }
                depth += 1;
            }
            TagKind::End => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(start) = open.take() {
                        found.push(content.get(start..tag.end).unwrap_or_default().to_string());
                    }
                }
            }
            TagKind::Empty => {}
        }
    }
    found
}

/// `xml` with `added` at the end of element `name`, its `count` raised.
fn append_children(xml: &str, name: &str, child: &str, added: &str) -> Result<String, MarkError> {
    if added.is_empty() {
        return Ok(xml.to_string());
    }
    let start = tags(xml, name).next().ok_or(MarkError::Unsupported)?;
    let (content_start, content_end) = element(xml, name).ok_or(MarkError::Unsupported)?;
    let count = children(
        xml.get(content_start..content_end).unwrap_or_default(),
        child,
    )
    .len()
        + children(added, child).len();
    let head = if start.attribute("count").is_some() {
        with_attribute(start.text, "count", &count.to_string())
    } else {
        start.text.to_string()
    };
    let mut out = String::with_capacity(xml.len() + added.len() + 16);
    out.push_str(xml.get(..start.start).unwrap_or_default());
    if start.kind == TagKind::Empty {
        let open = format!("{}>", head.trim_end_matches("/>").trim_end());
        out.push_str(&open);
        out.push_str(added);
        let _ = write!(out, "</{}>", start.name);
        out.push_str(xml.get(start.end..).unwrap_or_default());
    } else {
        out.push_str(&head);
        out.push_str(xml.get(start.end..content_end).unwrap_or_default());
        out.push_str(added);
        out.push_str(xml.get(content_end..).unwrap_or_default());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn part_names() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(resolve("xl/", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(
            relative("xl/worksheets", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert_eq!(
            relative("xl", "xl/worksheets/sheet9.xml"),
            "worksheets/sheet9.xml"
        );
        assert_eq!(column_of("B5"), Some(1));
        assert_eq!(column_of("AA10"), Some(26));
        assert_eq!(column_of("5"), None);
    }

    #[test]
    fn cells_marked_and_added_in_order() {
        let xml = r#"<worksheet><sheetData><row r="2"><c r="A2" s="3"><v>1</v></c><c r="C2"/></row><row r="4" ht="20" customHeight="1"/></sheetData></worksheet>"#;
        let styles = r#"<styleSheet><fonts count="1"><font/></fonts><fills count="2"><fill/><fill/></fills><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0"/><xf/><xf/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#;
        let mut styles = Styles::parse(styles.to_string()).unwrap();
        let mark = |severity| Mark {
            worst: Some(severity),
            ..Mark::default()
        };
        let mut marks = BTreeMap::new();
        marks.insert((0, 0), mark(Severity::Warning));
        marks.insert((1, 0), mark(Severity::Error));
        marks.insert((1, 1), mark(Severity::Error));
        marks.insert((3, 2), mark(Severity::Error));
        marks.insert((6, 0), mark(Severity::Warning));
        let out = mark_cells(xml, &marks, &mut styles).unwrap();
        assert_eq!(
            out,
            r#"<worksheet><sheetData><row r="1"><c r="A1" s="4"/></row><row r="2"><c r="A2" s="5"><v>1</v></c><c r="B2" s="6"/><c r="C2"/></row><row r="4" ht="20" customHeight="1"><c r="C4" s="6"/></row><row r="7"><c r="A7" s="4"/></row></sheetData></worksheet>"#
        );
        let finished = styles.finish().unwrap();
        // The date cell's clone keeps its number format and alignment.
        assert!(finished.contains(r#"<xf numFmtId="14" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"><alignment wrapText="1"/></xf>"#), "{finished}");
        assert!(finished.contains(r#"<cellXfs count="7">"#), "{finished}");
        assert!(finished.contains(r#"<fills count="4">"#), "{finished}");
    }
}
