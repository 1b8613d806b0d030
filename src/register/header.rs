//! Finding the header row and understanding its columns: header synonyms in
//! Swedish, Finnish and English, indicator-code headers, and the user's
//! column mapping.

use super::{values, Column, Field, HeaderMap, IntegrationArea, Row, TableKind};
use crate::catalogue::{code_prefix, Catalogue, Unit};
use crate::diagnostic::Diagnostic;
use std::sync::OnceLock;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// How many non-empty rows from the top may hold the header; the rows above
/// it are title rows.
pub(crate) const HEADER_SEARCH_ROWS: usize = 30;

/// Header words per field, as people write them. Matched after
/// [`normalise`], so case, accents, `-`/`_` and spacing do not matter.
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "personnummer",
            "personnr",
            "pnr",
            "samordningsnummer",
            "samordningsnr",
            "lma-nummer",
            "lma nummer",
            "lma-nr",
            "lma",
            "unik identifierare",
            "identifierare",
            "id",
            "id-nummer",
            "idnummer",
            "deltagar-id",
            "deltagarid",
            "person-id",
            "henkilötunnus",
            "hetu",
            "personbeteckning",
            "personal identity code",
            "tunniste",
            "yksilöllinen tunniste",
            "personal identity number",
            "identity number",
            "identifier",
            "unique id",
            "unique identifier",
        ],
    ),
    (
        Field::FirstName,
        &["förnamn", "etunimi", "etunimet", "first name", "given name"],
    ),
    (
        Field::LastName,
        &[
            "efternamn",
            "sukunimi",
            "last name",
            "surname",
            "family name",
        ],
    ),
    (
        Field::BirthDate,
        &[
            "födelsedatum",
            "födelsedag",
            "född",
            "syntymäaika",
            "syntymäpäivä",
            "date of birth",
            "birth date",
            "birthdate",
        ],
    ),
    (Field::Gender, &["kön", "sukupuoli", "gender", "sex"]),
    (
        Field::StartDate,
        &[
            "startdatum",
            "start",
            "datum för start",
            "inskrivningsdatum",
            "aloituspäivä",
            "aloituspäivämäärä",
            "alkamispäivä",
            "start date",
        ],
    ),
    (
        Field::EndDate,
        &[
            "slutdatum",
            "slut",
            "avslutsdatum",
            "utskrivningsdatum",
            "päättymispäivä",
            "lopetuspäivä",
            "end date",
        ],
    ),
    (
        Field::Citizenship,
        &[
            "medborgarskap",
            "nationalitet",
            "kansalaisuus",
            "citizenship",
            "nationality",
        ],
    ),
    (
        Field::UnaccompaniedMinor,
        &[
            "ensamkommande barn",
            "ensamkommande",
            "ilman huoltajaa tullut alaikäinen",
            "yksin tullut alaikäinen",
            "unaccompanied minor",
        ],
    ),
    (
        Field::IndicatorList,
        &[
            "indikatorer",
            "indikator(er)",
            "indikaattorit",
            "indicators",
        ],
    ),
    (
        Field::LanguageLevelStart,
        &[
            "språknivå start",
            "språknivå vid start",
            "ursprunglig språknivå",
            "kielitaso alussa",
            "initial language level",
            "language level start",
        ],
    ),
    (
        Field::LanguageLevelEnd,
        &[
            "uppnådd nivå",
            "uppnådd språknivå",
            "språknivå slut",
            "saavutettu kielitaso",
            "kielitaso lopussa",
            "language level reached",
            "reached language level",
            "language level end",
        ],
    ),
    (
        Field::FollowUpDate,
        &[
            "uppföljningsdatum",
            "datum för uppföljning",
            "seurantapäivä",
            "follow-up date",
        ],
    ),
    (
        Field::Family,
        &[
            "familj",
            "hushåll",
            "perhe",
            "kotitalous",
            "family",
            "household",
        ],
    ),
    (
        Field::EvaluationDate,
        &[
            "utvärderingsdatum",
            "datum",
            "päivämäärä",
            "arviointipäivä",
            "evaluation date",
            "date",
        ],
    ),
    (
        Field::EvaluationIndicator,
        &["indikator", "indikaattori", "indicator"],
    ),
    (
        Field::EvaluationAnswer,
        &[
            "svar",
            "vastaus",
            "answer",
            "nytta för arbetet",
            "useful for work",
        ],
    ),
    (
        // The five areas as Migrationsverket's guideline names them
        // (seed 000), and as Finnish and English evaluation forms do.
        Field::Area(IntegrationArea::LabourMarket),
        &[
            "arbetsmarknad",
            "arbetsmarknaden",
            "integration på arbetsmarknaden",
            "arbete",
            "sysselsättning",
            "työmarkkinat",
            "työllistyminen",
            "työllisyys",
            "työelämä",
            "kotoutuminen työmarkkinoille",
            "labour market",
            "labor market",
            "labour market integration",
            "employment",
        ],
    ),
    (
        Field::Area(IntegrationArea::Language),
        &[
            "språk",
            "språkinlärning",
            "inlärning av svenska",
            "svenska",
            "kieli",
            "kielen oppiminen",
            "kielitaito",
            "suomen kieli",
            "language",
            "language learning",
            "language skills",
        ],
    ),
    (
        Field::Area(IntegrationArea::Community),
        &[
            "relationer med lokalsamhället",
            "relationer med lokalbefolkningen",
            "relationer med lokalbefolkningen/samhället",
            "lokalsamhället",
            "lokalbefolkningen",
            "aktivt deltagande",
            "aktivt deltagande i samhället",
            "delaktighet",
            "samhället",
            "yhteisö",
            "paikallisyhteisö",
            "suhteet paikallisväestöön",
            "suhteet paikallisyhteisöön",
            "paikallisväestö",
            "aktiivinen osallistuminen",
            "osallisuus",
            "community",
            "local community",
            "relations with the local community",
            "relations with the local population",
            "active participation",
        ],
    ),
    (
        Field::Area(IntegrationArea::Housing),
        &[
            "bostad",
            "boende",
            "asuminen",
            "asunto",
            "housing",
            "accommodation",
        ],
    ),
    (
        Field::Area(IntegrationArea::Health),
        &["hälsa", "terveys", "health", "well-being", "hyvinvointi"],
    ),
    (
        Field::OrgNumber,
        &[
            "organisationsnummer",
            "organisationsnr",
            "organisaationumero",
            "orgnummer",
            "orgnr",
            "org.nr",
            "org nr",
            "y-tunnus",
            "ytunnus",
            "business id",
            "organisation number",
            "organization number",
        ],
    ),
    (
        Field::Name,
        &["namn", "benämning", "nimi", "nimike", "name"],
    ),
    (
        Field::OrgName,
        &[
            "organisation",
            "organisationsnamn",
            "organisaatio",
            "organisaation nimi",
            "organisation name",
            "organization name",
        ],
    ),
    (
        Field::OrgType,
        &["typ", "organisationstyp", "tyyppi", "type"],
    ),
    (
        Field::Role,
        &[
            "roll",
            "rooli",
            "role",
            "roll i projektet",
            "rooli hankkeessa",
            "role in the project",
        ],
    ),
    (
        Field::LocalAuthority,
        &[
            "lokal eller regional myndighet",
            "lokal/regional myndighet",
            "paikallis tai alueviranomainen",
            "paikallis- tai alueviranomainen",
            "local or regional authority",
            "local/regional authority",
        ],
    ),
    (
        Field::Project,
        &[
            "projekt",
            "projektnamn",
            "hanke",
            "hankkeen nimi",
            "project",
            "project name",
        ],
    ),
    (
        Field::ItemName,
        &[
            "informationspaket",
            "kampanj",
            "material",
            "utrustning",
            "aineisto",
            "kampanja",
            "laite",
            "item",
            "information package",
            "campaign",
            "equipment",
        ],
    ),
    (
        Field::InventoryNumber,
        &[
            "inventarienummer",
            "inventarienr",
            "inventaarionumero",
            "inventory number",
            "inventory no",
        ],
    ),
];

/// Normalised synonym → field, longest synonym first so that a prefix match
/// prefers `lma nummer` to `lma`.
fn synonyms() -> &'static [(String, Field)] {
    static TABLE: OnceLock<Vec<(String, Field)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(String, Field)> = SYNONYMS
            .iter()
            .flat_map(|(field, words)| words.iter().map(|w| (normalise(w), field.clone())))
            .collect();
        table.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        table
    })
}

/// Header text as compared: diacritics removed (Å→a, ö→o, é→e), lowercase,
/// runs of whitespace, `_` and `-` as one space, trailing `:` and `*`
/// (required-field marks) dropped.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut push = |c: char| {
        if is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() || c == '_' || c == '-' {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    };
    for c in text.chars() {
        decompose_canonical(c, &mut push);
    }
    while out.ends_with([':', '*', ' ']) {
        out.pop();
    }
    out
}

/// The field a header names, whatever the table: an indicator code at its
/// start, else a synonym, exactly or followed by something that is not a
/// letter or digit (`Startdatum (Datum för när…)`, `Kön: M/K/X`).
fn recognise(header: &str) -> Option<Field> {
    if let Some(code) = code_prefix(header) {
        return Some(Field::Indicator(code));
    }
    let text = normalise(header);
    if text.is_empty() {
        return None;
    }
    let table = synonyms();
    if let Some((_, field)) = table.iter().find(|(word, _)| *word == text) {
        return Some(field.clone());
    }
    table
        .iter()
        .find(|(word, _)| {
            text.strip_prefix(word.as_str())
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| !c.is_alphanumeric())
        })
        .map(|(_, field)| field.clone())
}

/// The field as a table of `kind` uses it, `None` when that table has no use
/// for it. In evaluations a result-indicator column (`R.2.9`) is the answer.
pub(crate) fn for_kind(kind: TableKind, field: Field) -> Option<Field> {
    use Field::*;
    let accepted = match kind {
        TableKind::Participants => matches!(
            field,
            Id | FirstName
                | LastName
                | BirthDate
                | Gender
                | StartDate
                | EndDate
                | Citizenship
                | UnaccompaniedMinor
                | IndicatorList
                | Indicator(_)
                | LanguageLevelStart
                | LanguageLevelEnd
                | FollowUpDate
                | Family
        ),
        TableKind::Evaluations => {
            // R.2.9's or R.1.5's column is the answer; another code's is
            // taken so the table can say it does not count it.
            if let Indicator(code) = &field {
                if matches!(code.as_str(), "R.2.9" | "R.1.5") {
                    return Some(EvaluationAnswer);
                }
            }
            matches!(
                field,
                Id | EvaluationDate
                    | EvaluationIndicator
                    | EvaluationAnswer
                    | Area(_)
                    | Indicator(_)
            )
        }
        // The entity sinks also read an indicator list and a date for periods.
        TableKind::Organisations => {
            if field == Name {
                return Some(OrgName);
            }
            matches!(
                field,
                OrgNumber
                    | OrgName
                    | OrgType
                    | Role
                    | LocalAuthority
                    | Project
                    | Indicator(_)
                    | IndicatorList
                    | StartDate
            )
        }
        TableKind::Items => {
            if field == Name {
                return Some(ItemName);
            }
            matches!(
                field,
                ItemName | InventoryNumber | Indicator(_) | IndicatorList | StartDate
            )
        }
    };
    accepted.then_some(field)
}

/// Whether the fields found make a header row of `kind`. An evaluation
/// table needs something to evaluate besides the ID and date (`ID;Datum`
/// alone is no evaluation table); an items table is headed by a name or
/// an inventory number, or by an items indicator's code column alone.
fn qualifies(kind: TableKind, fields: &[&Field]) -> bool {
    let has = |wanted: &Field| fields.contains(&wanted);
    match kind {
        TableKind::Participants => {
            has(&Field::Id)
                || (has(&Field::FirstName) && has(&Field::LastName) && has(&Field::BirthDate))
        }
        TableKind::Evaluations => {
            has(&Field::Id)
                && has(&Field::EvaluationDate)
                && fields.iter().any(|f| {
                    matches!(
                        f,
                        Field::EvaluationAnswer | Field::EvaluationIndicator | Field::Area(_)
                    )
                })
        }
        TableKind::Organisations => has(&Field::OrgNumber),
        TableKind::Items => {
            has(&Field::ItemName)
                || has(&Field::InventoryNumber)
                || fields.iter().any(|f| match f {
                    Field::Indicator(code) => Catalogue::get()
                        .indicator(code)
                        .is_some_and(|i| i.unit == Unit::Items),
                    _ => false,
                })
        }
    }
}

/// The table kinds, the one a header makes least sure of last: a header
/// with an ID column is a participant table's only when it is no other.
const KINDS: [TableKind; 4] = [
    TableKind::Evaluations,
    TableKind::Organisations,
    TableKind::Items,
    TableKind::Participants,
];

/// The kind of table whose header `row` is, taken as written (no mapping);
/// `None` when it is none of them.
pub(crate) fn table_kind(row: &Row) -> Option<TableKind> {
    let recognised: Vec<Field> = row
        .cells
        .iter()
        .filter_map(|cell| recognise(&values::text(cell)))
        .collect();
    KINDS.into_iter().find(|&kind| {
        let fields: Vec<Field> = recognised
            .iter()
            .filter_map(|f| for_kind(kind, f.clone()))
            .collect();
        qualifies(kind, &fields.iter().collect::<Vec<_>>())
    })
}

/// The header of the check sheet the tool adds to a marked workbook, in
/// Swedish, English and Finnish: a sheet headed so is the tool's own list
/// of findings, never a table to read.
pub const CHECK_SHEET_HEADERS: [[&str; 7]; 3] = [
    [
        "Cell",
        "Rad",
        "Kolumn",
        "Allvarlighet",
        "Kod",
        "Meddelande",
        "Blad",
    ],
    [
        "Cell", "Row", "Column", "Severity", "Code", "Message", "Sheet",
    ],
    [
        "Solu", "Rivi", "Sarake", "Vakavuus", "Koodi", "Viesti", "Taulukko",
    ],
];

/// The title the tool's register template gives its instructions sheet,
/// in Swedish, English and Finnish: never a table to read.
pub const INSTRUCTIONS_TITLES: [&str; 3] = [
    "amif-check: instruktioner för registret",
    "amif-check: instructions for the register",
    "amif-check: rekisterin ohjeet",
];

/// The sheets the Excel add-in writes into the workbook (`resultSheets` in
/// `web/addin/excel.js`): its figures, its periods and its findings, never
/// a table to read, whatever their first rows hold.
pub const ADDIN_SHEETS: [&str; 3] = ["AMIF-indikatorer", "AMIF-perioder", "AMIF-kontroll"];

/// The first columns of the aggregates' indicator table (the CSV, and the
/// Excel add-in's indicator sheet), in Swedish, English and Finnish: a
/// sheet headed so is the tool's own figures, never a table to read (its
/// `Namn` column would make it an items table).
pub const AGGREGATES_TABLE_HEADERS: [[&str; 4]; 3] = [
    ["Indikator", "Namn", "Enhet", "Totalt"],
    ["Indicator", "Name", "Unit", "Total"],
    ["Indikaattori", "Nimi", "Yksikkö", "Yhteensä"],
];

/// Whether `row` starts a sheet of the tool's own: the check sheet's
/// header, the aggregates' indicator table, or the template's instructions.
pub(crate) fn is_own_sheet_start(row: &Row) -> bool {
    let texts: Vec<_> = row.cells.iter().map(values::text).collect();
    let starts_with = |words: &[&str]| {
        texts.len() >= words.len()
            && words
                .iter()
                .zip(&texts)
                .all(|(word, text)| *word == text.trim())
    };
    let check = CHECK_SHEET_HEADERS.iter().any(|words| starts_with(words));
    let figures = AGGREGATES_TABLE_HEADERS
        .iter()
        .any(|words| starts_with(words));
    let instructions = texts
        .first()
        .is_some_and(|first| INSTRUCTIONS_TITLES.contains(&first.trim()));
    check || figures || instructions
}

/// Whether `row` looks like a table's header: it is the header of a kind
/// of table the check reads, or at least two of its cells are header words
/// exactly as the check knows them (or indicator codes). The header search
/// stops at the first such row: the rows below it are data, never a header.
pub(crate) fn looks_like_header(row: &Row) -> bool {
    let exact = row
        .cells
        .iter()
        .filter(|cell| {
            let text = values::text(cell);
            code_prefix(&text).is_some() || {
                let normalised = normalise(&text);
                synonyms().iter().any(|(word, _)| *word == normalised)
            }
        })
        .count();
    exact >= 2 || table_kind(row).is_some()
}

/// Whether a header text looks like a cell of a person's row: six digits
/// in a row (an identifier, a date written YYMMDD) or a written date.
pub fn looks_like_row_data(header: &str) -> bool {
    let header = header.trim();
    let digits_in_a_row = header
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 6);
    let finnish_date = {
        let parts: Vec<&str> = header.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && parts.get(2).is_some_and(|year| year.len() == 4)
    };
    digits_in_a_row || finnish_date || crate::dates::parse(header).is_some()
}

/// A field named by a stable key (`Field::key`), a header synonym of any
/// table, or an indicator code.
pub(crate) fn parse_field(name: &str) -> Option<Field> {
    let name = name.trim();
    let lower = name.to_lowercase();
    if let Some(code) = lower.strip_prefix("indicator:") {
        return code_prefix(code).map(Field::Indicator);
    }
    if let Some(area) = lower.strip_prefix("area:") {
        let area = match area.trim() {
            "labour_market" => IntegrationArea::LabourMarket,
            "language" => IntegrationArea::Language,
            "community" => IntegrationArea::Community,
            "housing" => IntegrationArea::Housing,
            "health" => IntegrationArea::Health,
            _ => return None,
        };
        return Some(Field::Area(area));
    }
    let keyed = match lower.as_str() {
        "id" => Some(Field::Id),
        "first_name" => Some(Field::FirstName),
        "last_name" => Some(Field::LastName),
        "birth_date" => Some(Field::BirthDate),
        "gender" => Some(Field::Gender),
        "start_date" => Some(Field::StartDate),
        "end_date" => Some(Field::EndDate),
        "citizenship" => Some(Field::Citizenship),
        "unaccompanied_minor" => Some(Field::UnaccompaniedMinor),
        "indicators" => Some(Field::IndicatorList),
        "language_level_start" => Some(Field::LanguageLevelStart),
        "language_level_end" => Some(Field::LanguageLevelEnd),
        "follow_up_date" => Some(Field::FollowUpDate),
        "family" => Some(Field::Family),
        "name" => Some(Field::Name),
        "role" => Some(Field::Role),
        "local_authority" => Some(Field::LocalAuthority),
        "project" => Some(Field::Project),
        "inventory_number" => Some(Field::InventoryNumber),
        "evaluation_date" => Some(Field::EvaluationDate),
        "evaluation_indicator" => Some(Field::EvaluationIndicator),
        "evaluation_answer" => Some(Field::EvaluationAnswer),
        "org_number" => Some(Field::OrgNumber),
        "org_name" => Some(Field::OrgName),
        "org_type" => Some(Field::OrgType),
        "item_name" => Some(Field::ItemName),
        _ => None,
    };
    if keyed.is_some() {
        return keyed;
    }
    recognise(name)
}

/// The user's choices for a table: its header row and column mapping,
/// parsed once for a table kind.
#[derive(Debug, Default)]
pub(crate) struct Mapping {
    /// The header is on this row (as the sheet numbers it), not searched for.
    header_row: Option<u32>,
    entries: Vec<MappingEntry>,
    /// Field names that are not fields (`mapping.unknown_column`, param `field`).
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
struct MappingEntry {
    /// `None`: ignore the column.
    field: Option<Field>,
    header: String,
    normalised: String,
}

impl Mapping {
    /// The choices `options` make for a table of `kind` (a header row is
    /// chosen for the participant table only).
    pub(crate) fn for_table(options: &super::ReadOptions, kind: TableKind) -> Mapping {
        Mapping {
            header_row: options
                .header_row
                .filter(|_| kind == TableKind::Participants),
            ..Mapping::new(&options.mapping, kind)
        }
    }

    /// The header row the user chose.
    pub(crate) fn header_row(&self) -> Option<u32> {
        self.header_row
    }

    pub(crate) fn new(mapping: &[(String, String)], kind: TableKind) -> Mapping {
        let mut result = Mapping::default();
        for (field_name, header) in mapping {
            let field = if field_name.trim() == "-" {
                None
            } else {
                match parse_field(field_name) {
                    Some(field) => match for_kind(kind, field) {
                        Some(field) => Some(field),
                        // A field of another table: not this table's business.
                        None => continue,
                    },
                    None => {
                        result.diagnostics.push(
                            Diagnostic::error("mapping.unknown_column")
                                .with("field", field_name.trim()),
                        );
                        continue;
                    }
                }
            };
            result.entries.push(MappingEntry {
                field,
                header: header.trim().to_string(),
                normalised: normalise(header),
            });
        }
        result
    }

    /// What the mapping says about a header: `Some(None)` = ignore it.
    fn lookup(&self, normalised: &str) -> Option<(usize, Option<&Field>)> {
        self.entries
            .iter()
            .enumerate()
            .find(|(_, e)| e.normalised == normalised)
            .map(|(i, e)| (i, e.field.as_ref()))
    }
}

/// A row understood as a header of `kind`, with the reading findings.
#[derive(Debug)]
pub(crate) struct Header {
    pub(crate) map: HeaderMap,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Reads `row` as a header of `kind`; `None` when it is not one.
pub(crate) fn analyse(row: &Row, kind: TableKind, mapping: &Mapping) -> Option<Header> {
    struct Candidate {
        index: usize,
        header: String,
        field: Option<Field>,
        /// Set by the mapping (`-` included): never `column.unknown`.
        mapped: bool,
    }
    let mut used = vec![false; mapping.entries.len()];
    let mut candidates: Vec<Candidate> = Vec::new();
    for (index, cell) in row.cells.iter().enumerate() {
        let header = values::text(cell);
        if header.is_empty() {
            continue;
        }
        let normalised = normalise(&header);
        let (field, mapped) = match mapping.lookup(&normalised) {
            Some((entry, field)) => {
                if let Some(flag) = used.get_mut(entry) {
                    *flag = true;
                }
                (field.cloned(), true)
            }
            None => (recognise(&header).and_then(|f| for_kind(kind, f)), false),
        };
        candidates.push(Candidate {
            index,
            header: header.into_owned(),
            field,
            mapped,
        });
    }
    let fields: Vec<&Field> = candidates.iter().filter_map(|c| c.field.as_ref()).collect();
    if !qualifies(kind, &fields) {
        return None;
    }

    let mut diagnostics = mapping.diagnostics.clone();
    for (entry, used) in mapping.entries.iter().zip(&used) {
        if !used {
            // A choice naming a person's cell is not repeated back.
            let d = Diagnostic::error("mapping.unknown_column");
            diagnostics.push(match looks_like_row_data(&entry.header) {
                true => d.with("hint", "row_data"),
                false => d.with("header", &entry.header),
            });
        }
    }
    // Mapped columns claim their fields first; otherwise the first column wins.
    let mut taken: Vec<Field> = candidates
        .iter()
        .filter(|c| c.mapped)
        .filter_map(|c| c.field.clone())
        .collect();
    let mut mapped_taken: Vec<Field> = Vec::new();
    let mut columns = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let field = match candidate.field {
            Some(field) => {
                // A mapped column competes only with other mapped columns.
                let claimed = if candidate.mapped {
                    &mut mapped_taken
                } else {
                    &mut taken
                };
                if claimed.contains(&field) {
                    diagnostics.push(
                        Diagnostic::warning("column.duplicate")
                            .at_row(row.number)
                            .in_column(candidate.header.clone()),
                    );
                    None
                } else {
                    claimed.push(field.clone());
                    Some(field)
                }
            }
            None => {
                if !candidate.mapped {
                    diagnostics.push(
                        Diagnostic::info("column.unknown")
                            .at_row(row.number)
                            .in_column(candidate.header.clone()),
                    );
                }
                None
            }
        };
        columns.push(Column {
            index: candidate.index,
            header: candidate.header,
            field,
        });
    }
    Some(Header {
        map: HeaderMap {
            row: row.number,
            columns,
        },
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Cell;

    fn row(number: u32, headers: &[&str]) -> Row {
        Row {
            number,
            cells: headers
                .iter()
                .map(|h| {
                    if h.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(h.to_string())
                    }
                })
                .collect(),
        }
    }

    fn fields(header: &Header) -> Vec<Option<Field>> {
        header.map.columns.iter().map(|c| c.field.clone()).collect()
    }

    fn field_of(kind: TableKind, header: &str) -> Option<Field> {
        recognise(header).and_then(|f| for_kind(kind, f))
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise("  Födelse-datum: "), "fodelse datum");
        assert_eq!(normalise("KÖN *"), "kon");
        assert_eq!(normalise("Unik_identifierare"), "unik identifierare");
        assert_eq!(normalise("Syntymä\u{a0}aika"), "syntyma aika");
        assert_eq!(normalise("Ålder\n(år)"), "alder (ar)");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn no_synonym_names_two_fields() {
        let mut seen: Vec<(String, Field)> = Vec::new();
        for (word, field) in synonyms() {
            if let Some((_, other)) = seen.iter().find(|(w, _)| w == word) {
                assert_eq!(other, field, "{word}");
            }
            seen.push((word.clone(), field.clone()));
        }
    }

    #[test]
    fn participant_synonyms() {
        let p = TableKind::Participants;
        for (header, field) in [
            ("Personnummer", Field::Id),
            ("SAMORDNINGSNUMMER", Field::Id),
            ("LMA-nummer", Field::Id),
            ("LMA nummer", Field::Id),
            ("Unik identifierare", Field::Id),
            ("ID", Field::Id),
            ("Henkilötunnus", Field::Id),
            ("Hetu", Field::Id),
            ("Personnummer/Samordningsnummer", Field::Id),
            ("Förnamn", Field::FirstName),
            ("Etunimi", Field::FirstName),
            ("Efternamn", Field::LastName),
            ("Surname", Field::LastName),
            ("Födelsedatum", Field::BirthDate),
            ("Syntymäaika", Field::BirthDate),
            ("Date of birth", Field::BirthDate),
            ("Kön", Field::Gender),
            ("kon", Field::Gender),
            ("Sukupuoli", Field::Gender),
            ("Kön (M/K/X)", Field::Gender),
            (
                "Startdatum (Datum för när individen startade i projektet)",
                Field::StartDate,
            ),
            ("Start", Field::StartDate),
            ("Aloituspäivä", Field::StartDate),
            ("Slutdatum", Field::EndDate),
            ("Medborgarskap", Field::Citizenship),
            ("Kansalaisuus", Field::Citizenship),
            ("Ensamkommande barn", Field::UnaccompaniedMinor),
            ("Ensamkommande barn (Ja/Nej)", Field::UnaccompaniedMinor),
            ("Indikatorer", Field::IndicatorList),
            ("Språknivå vid start", Field::LanguageLevelStart),
            ("Uppnådd språknivå", Field::LanguageLevelEnd),
            ("Datum för uppföljning", Field::FollowUpDate),
            ("Follow-up date", Field::FollowUpDate),
            (
                "O.2.3.1 Varav språkkurser",
                Field::Indicator("O.2.3.1".into()),
            ),
            ("r.2.10 Ansökt om", Field::Indicator("R.2.10".into())),
        ] {
            assert_eq!(field_of(p, header), Some(field), "{header}");
        }
        // Other tables' words are not participant fields.
        for header in [
            "Datum",
            "Namn",
            "Svar",
            "Språk",
            "Organisationsnummer",
            "Typ",
        ] {
            assert_eq!(field_of(p, header), None, "{header}");
        }
        // A prefix must end at a word boundary.
        assert_eq!(field_of(p, "Startade"), None);
        assert_eq!(field_of(p, "Identitet"), None);
    }

    #[test]
    fn other_kinds_synonyms() {
        let e = TableKind::Evaluations;
        assert_eq!(field_of(e, "Datum"), Some(Field::EvaluationDate));
        assert_eq!(
            field_of(e, "Datum för utvärdering"),
            Some(Field::EvaluationDate)
        );
        assert_eq!(field_of(e, "Personnummer"), Some(Field::Id));
        assert_eq!(field_of(e, "Svar"), Some(Field::EvaluationAnswer));
        assert_eq!(
            field_of(e, "R.2.9 Har aktiviteten hjälpt?"),
            Some(Field::EvaluationAnswer)
        );
        // Another code's column is taken, so the table can say it does not count it.
        assert_eq!(field_of(e, "O.2.3"), Some(Field::Indicator("O.2.3".into())));
        assert_eq!(
            field_of(e, "R.2.10"),
            Some(Field::Indicator("R.2.10".into()))
        );
        assert_eq!(field_of(e, "R.1.5"), Some(Field::EvaluationAnswer));
        assert_eq!(field_of(e, "Indikator"), Some(Field::EvaluationIndicator));
        assert_eq!(
            field_of(e, "Arbetsmarknad"),
            Some(Field::Area(IntegrationArea::LabourMarket))
        );
        assert_eq!(
            field_of(e, "Relationer med lokalsamhället"),
            Some(Field::Area(IntegrationArea::Community))
        );
        assert_eq!(
            field_of(e, "Hälsa"),
            Some(Field::Area(IntegrationArea::Health))
        );
        // A participant sheet's birth-date column is no evaluation date.
        assert_eq!(field_of(e, "Date of birth"), None);
        assert_eq!(field_of(e, "Datum för uppföljning"), None);

        let o = TableKind::Organisations;
        assert_eq!(field_of(o, "Org.nr"), Some(Field::OrgNumber));
        assert_eq!(field_of(o, "Y-tunnus"), Some(Field::OrgNumber));
        assert_eq!(field_of(o, "Namn"), Some(Field::OrgName));
        assert_eq!(field_of(o, "Typ"), Some(Field::OrgType));
        assert_eq!(
            field_of(o, "O.2.2 Stödda myndigheter"),
            Some(Field::Indicator("O.2.2".into()))
        );
        assert_eq!(field_of(o, "Kön"), None);

        let i = TableKind::Items;
        assert_eq!(field_of(i, "Informationspaket"), Some(Field::ItemName));
        assert_eq!(field_of(i, "Kampanja"), Some(Field::ItemName));
        // SPEC §4: item tables are headed Namn, Benämning / Nimi / Name.
        assert_eq!(field_of(i, "Namn"), Some(Field::ItemName));
        assert_eq!(field_of(i, "Benämning"), Some(Field::ItemName));
        assert_eq!(
            field_of(i, "Inventarienummer"),
            Some(Field::InventoryNumber)
        );
        assert_eq!(field_of(o, "Nimi"), Some(Field::OrgName));
        assert_eq!(field_of(o, "Roll"), Some(Field::Role));
        assert_eq!(field_of(o, "Rooli"), Some(Field::Role));
        assert_eq!(
            field_of(o, "Lokal eller regional myndighet"),
            Some(Field::LocalAuthority)
        );
        assert_eq!(
            field_of(o, "Paikallis- tai alueviranomainen"),
            Some(Field::LocalAuthority)
        );
        assert_eq!(field_of(o, "Projekt"), Some(Field::Project));
        assert_eq!(field_of(p(), "Hushåll"), Some(Field::Family));
        assert_eq!(field_of(p(), "Perhe"), Some(Field::Family));
        assert_eq!(field_of(p(), "Namn"), None);
    }

    fn p() -> TableKind {
        TableKind::Participants
    }

    #[test]
    fn evaluation_areas_in_three_languages() {
        let e = TableKind::Evaluations;
        use IntegrationArea::*;
        for (headers, area) in [
            (
                [
                    "Integration på arbetsmarknaden",
                    "Työllistyminen",
                    "Employment",
                ],
                LabourMarket,
            ),
            (
                [
                    "Inlärning av svenska",
                    "Kielen oppiminen",
                    "Language learning",
                ],
                Language,
            ),
            (
                [
                    "Relationer med lokalbefolkningen/samhället",
                    "Suhteet paikallisväestöön",
                    "Relations with the local community",
                ],
                Community,
            ),
            (["Boende", "Asuminen", "Housing"], Housing),
            (["Hälsa", "Terveys", "Health"], Health),
        ] {
            for header in headers {
                assert_eq!(field_of(e, header), Some(Field::Area(area)), "{header}");
            }
        }
    }

    #[test]
    fn tables_need_what_makes_them_one() {
        let none = Mapping::default();
        let e = TableKind::Evaluations;
        // An ID and a date alone are no evaluation table.
        assert!(analyse(&row(1, &["ID", "Datum", "Foo", "Bar"]), e, &none).is_none());
        assert!(analyse(&row(1, &["ID", "Datum", "Hälsa"]), e, &none).is_some());
        let i = TableKind::Items;
        assert!(analyse(&row(1, &["Namn"]), i, &none).is_some());
        assert!(analyse(&row(1, &["Inventarienummer", "Antal"]), i, &none).is_some());
        // An items indicator's code column alone heads an items table; a
        // participants indicator's does not.
        assert!(analyse(&row(1, &["O.2.4 Informationspaket"]), i, &none).is_some());
        assert!(analyse(&row(1, &["O.2.3"]), i, &none).is_none());
    }

    #[test]
    fn what_looks_like_a_header() {
        assert_eq!(
            table_kind(&row(1, &["Personnummer", "Kön"])),
            Some(TableKind::Participants)
        );
        assert_eq!(
            table_kind(&row(1, &["Tunniste", "Päivämäärä", "Terveys"])),
            Some(TableKind::Evaluations)
        );
        assert_eq!(
            table_kind(&row(1, &["ID", "Datum", "Foo"])),
            Some(TableKind::Participants)
        );
        assert_eq!(
            table_kind(&row(1, &["Organisationsnummer", "Namn"])),
            Some(TableKind::Organisations)
        );
        assert_eq!(
            table_kind(&row(1, &["Namn", "Datum"])),
            Some(TableKind::Items)
        );
        assert_eq!(table_kind(&row(1, &["Post", "Belopp"])), None);
        // Two header words make a header, of no table the check reads.
        assert!(looks_like_header(&row(1, &["Datum", "Typ", "Belopp"])));
        assert!(looks_like_header(&row(1, &["O.2.3", "O.2.3.1"])));
        // Title rows and data rows do not.
        assert!(!looks_like_header(&row(
            1,
            &["Deltagarförteckning AMIF 2024"]
        )));
        assert!(!looks_like_header(&row(
            1,
            &["Datum: 2024-05-01", "Projekt: Språkbron"]
        )));
        assert!(!looks_like_header(&row(5, &["Post", "1200", "Kommentar"])));
    }

    #[test]
    fn codes_at_the_start_of_headers() {
        let code = |s: &str| code_prefix(s);
        assert_eq!(code("O.2.3.1"), Some("O.2.3.1".into()));
        assert_eq!(code("O.2.3.1 Varav språkkurser"), Some("O.2.3.1".into()));
        assert_eq!(code("o.2.3"), Some("O.2.3".into()));
        assert_eq!(code("R.2.10 Ansökt om…"), Some("R.2.10".into()));
        assert_eq!(code("O 2.3.1"), Some("O.2.3.1".into()));
        assert_eq!(code("O. 2.3"), Some("O.2.3".into()));
        assert_eq!(code("O2.3"), Some("O.2.3".into()));
        assert_eq!(code(" R.1.5: nytta"), Some("R.1.5".into()));
        assert_eq!(code("O.2.3. Varav"), Some("O.2.3".into()));
        assert_eq!(code("O.2.3.1(språk)"), Some("O.2.3.1".into()));
        for bad in [
            "O.5.1",
            "O.2",
            "O.2.",
            "Q.2.3",
            "O.2.3.1.4",
            "O.2.3a",
            "O.2.300",
            "Organisation",
            "Omsorg 2.3",
            "R.2.0",
            "",
            "O",
        ] {
            assert_eq!(code(bad), None, "{bad}");
        }
    }

    #[test]
    fn field_parse_and_key() {
        for field in [
            Field::Id,
            Field::FirstName,
            Field::LastName,
            Field::BirthDate,
            Field::Gender,
            Field::StartDate,
            Field::EndDate,
            Field::Citizenship,
            Field::UnaccompaniedMinor,
            Field::IndicatorList,
            Field::Indicator("O.2.3.1".into()),
            Field::LanguageLevelStart,
            Field::LanguageLevelEnd,
            Field::FollowUpDate,
            Field::EvaluationDate,
            Field::EvaluationIndicator,
            Field::EvaluationAnswer,
            Field::Area(IntegrationArea::LabourMarket),
            Field::Area(IntegrationArea::Language),
            Field::Area(IntegrationArea::Community),
            Field::Area(IntegrationArea::Housing),
            Field::Area(IntegrationArea::Health),
            Field::OrgNumber,
            Field::OrgName,
            Field::OrgType,
            Field::ItemName,
        ] {
            assert_eq!(Field::parse(&field.key()), Some(field.clone()), "{field:?}");
        }
        assert_eq!(Field::parse("Kön"), Some(Field::Gender));
        assert_eq!(Field::parse("gender"), Some(Field::Gender));
        assert_eq!(Field::parse("sukupuoli"), Some(Field::Gender));
        assert_eq!(Field::parse("Personnummer"), Some(Field::Id));
        assert_eq!(
            Field::parse("O.2.3.1"),
            Some(Field::Indicator("O.2.3.1".into()))
        );
        assert_eq!(
            Field::parse("indicator:o.2.3.1"),
            Some(Field::Indicator("O.2.3.1".into()))
        );
        assert_eq!(
            Field::parse("r.2.9"),
            Some(Field::Indicator("R.2.9".into()))
        );
        assert_eq!(Field::parse(" START_DATE "), Some(Field::StartDate));
        assert_eq!(
            Field::parse("area:housing"),
            Some(Field::Area(IntegrationArea::Housing))
        );
        assert_eq!(
            Field::parse("O.2.3.1 Varav språkkurser"),
            Some(Field::Indicator("O.2.3.1".into()))
        );
        for bad in [
            "",
            "favoritfärg",
            "area:weather",
            "indicator:X.1",
            "Startade",
        ] {
            assert_eq!(Field::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn header_rows() {
        let none = Mapping::default();
        let p = TableKind::Participants;
        assert!(analyse(&row(1, &["Deltagarförteckning AMIF", "", ""]), p, &none).is_none());
        let header = analyse(
            &row(
                4,
                &["Personnummer", "Kön", "", "Anteckning", "O.2.3", "Kön"],
            ),
            p,
            &none,
        )
        .expect("header");
        assert_eq!(header.map.row, 4);
        assert_eq!(
            fields(&header),
            vec![
                Some(Field::Id),
                Some(Field::Gender),
                None,
                Some(Field::Indicator("O.2.3".into())),
                None
            ]
        );
        assert_eq!(
            header
                .map
                .columns
                .iter()
                .map(|c| c.index)
                .collect::<Vec<_>>(),
            vec![0, 1, 3, 4, 5]
        );
        let codes: Vec<(&str, Option<&str>)> = header
            .diagnostics
            .iter()
            .map(|d| (d.code, d.column.as_deref()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("column.unknown", Some("Anteckning")),
                ("column.duplicate", Some("Kön"))
            ]
        );
        assert!(header.diagnostics.iter().all(|d| d.row == Some(4)));
        assert_eq!(
            header.diagnostics[1].severity,
            crate::diagnostic::Severity::Warning
        );

        // Internal IDs: names and birth date are enough.
        assert!(analyse(&row(1, &["Förnamn", "Efternamn", "Födelsedatum"]), p, &none).is_some());
        assert!(analyse(&row(1, &["Förnamn", "Efternamn", "Kön"]), p, &none).is_none());

        let e = TableKind::Evaluations;
        assert!(analyse(&row(1, &["ID", "Datum", "Svar"]), e, &none).is_some());
        assert!(analyse(&row(1, &["ID", "Svar"]), e, &none).is_none());
        assert!(analyse(&row(1, &["Personnummer", "Kön", "Startdatum"]), e, &none).is_none());
        assert!(analyse(&row(1, &["Orgnr", "Namn"]), TableKind::Organisations, &none).is_some());
        assert!(analyse(&row(1, &["Kampanj", "O.2.4"]), TableKind::Items, &none).is_some());
    }

    #[test]
    fn mapping() {
        let p = TableKind::Participants;
        let map = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(f, h)| (f.to_string(), h.to_string()))
                .collect();
            Mapping::new(&pairs, p)
        };
        // The field side takes any synonym or key; the header side matches loosely.
        let mapping = map(&[
            ("Kön", "SEX"),
            ("id", "Nr"),
            ("-", "personnummer"),
            ("Svar", "Whatever"),
        ]);
        let header = analyse(
            &row(2, &["Personnummer", "Nr", "Sex", "Övrigt"]),
            p,
            &mapping,
        )
        .expect("header");
        assert_eq!(
            fields(&header),
            vec![None, Some(Field::Id), Some(Field::Gender), None]
        );
        // Ignored by mapping: silent; the answer field is not a participant field.
        let codes: Vec<&str> = header.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["column.unknown"]);

        // A mapping makes a header qualify.
        let mapping = map(&[("Personnummer", "Nummer")]);
        assert!(analyse(&row(1, &["Nummer", "Kön"]), p, &mapping).is_some());

        // Unknown header and unknown field: reported, reading goes on.
        let mapping = map(&[("Kön", "Genus"), ("Favoritfärg", "Färg")]);
        let header = analyse(&row(1, &["ID", "Kön"]), p, &mapping).expect("header");
        let found: Vec<(&str, Option<&str>, Option<&str>)> = header
            .diagnostics
            .iter()
            .map(|d| (d.code, d.param("field"), d.param("header")))
            .collect();
        assert_eq!(
            found,
            vec![
                ("mapping.unknown_column", Some("Favoritfärg"), None),
                ("mapping.unknown_column", None, Some("Genus")),
            ]
        );
        assert!(header
            .diagnostics
            .iter()
            .all(|d| d.is_error() && d.row.is_none()));

        // A mapped field wins over a column that would have been recognised.
        let mapping = map(&[("Startdatum", "Inskrivning")]);
        let header =
            analyse(&row(1, &["ID", "Startdatum", "Inskrivning"]), p, &mapping).expect("header");
        assert_eq!(
            fields(&header),
            vec![Some(Field::Id), None, Some(Field::StartDate)]
        );
        assert_eq!(header.diagnostics[0].code, "column.duplicate");
        assert_eq!(header.diagnostics[0].column.as_deref(), Some("Startdatum"));
    }
}
