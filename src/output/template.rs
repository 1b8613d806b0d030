//! A register template: a workbook that starts right. Headers the reader
//! recognises, in the user's language; the ID column formatted as text so
//! 12-digit numbers and leading zeros survive; lists for gender and yes/no
//! columns and date checks for dates; one column per indicator of the
//! chosen action or list; the evaluation, organisation and item sheets the
//! indicators need; and a sheet of instructions.

use super::xlsx::{self, Sheet, Style, Validation};
use crate::catalogue::{Catalogue, Indicator, Unit};
use crate::ids::Country;
use crate::messages::Lang;
use crate::register::{Field, INSTRUCTIONS_TITLES};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What the template is for.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateOptions {
    pub country: Country,
    /// A Finnish action (e.g. `2D5`): its indicators.
    pub action: Option<String>,
    /// Indicator codes; with an action, added to its list. Neither gives
    /// O.2.3 with R.2.9, which is mandatory with it. A sub-indicator brings
    /// its parents, and O.2.3 brings R.2.9.
    pub indicators: Vec<String>,
    pub lang: Lang,
}

/// Why no template was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    UnknownAction(String),
    UnknownIndicator(String),
}

impl TemplateError {
    pub fn message(&self, lang: Lang) -> String {
        let (what, code) = match self {
            TemplateError::UnknownAction(code) => (
                lang.pick("Okänd åtgärd", "Unknown action", "Tuntematon toimenpide"),
                code,
            ),
            TemplateError::UnknownIndicator(code) => (
                lang.pick(
                    "Okänd indikator",
                    "Unknown indicator",
                    "Tuntematon indikaattori",
                ),
                code,
            ),
        };
        format!("{what}: {code}")
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TemplateError {}

/// What a column's cells are checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The ID: text, whatever is typed.
    Id,
    Text,
    Date,
    Gender,
    YesNo,
    Level,
    Role,
}

/// One column of a template sheet.
#[derive(Debug, Clone)]
struct Column {
    header: String,
    kind: Kind,
    width: f64,
    /// Its two lines in the instructions.
    what: String,
    how: &'static str,
}

#[derive(Debug, Clone)]
struct Table {
    name: &'static str,
    columns: Vec<Column>,
}

/// The header of a field as the reader knows it, in the user's language,
/// with what the column holds and how to fill it in.
fn field_column(field: &Field, country: Country, lang: Lang) -> Column {
    let l = |sv, en, fi| lang.pick(sv, en, fi);
    let (header, kind, width, what, how) = match field {
        Field::Id => match country {
            Country::Se => (
                l("Personnummer", "Personal identity number", "Henkilötunnus"),
                Kind::Id,
                16.0,
                l(
                    "Personnummer, samordningsnummer, LMA-nummer eller internt ID (tre bokstäver av förnamn och efternamn + ÅÅÅÅMMDD).",
                    "Personal identity number, coordination number, LMA number or internal ID (three letters of the first and last name + YYYYMMDD).",
                    "Henkilötunnus, koordinaationumero, LMA-numero tai sisäinen tunniste (kolme kirjainta etu- ja sukunimestä + VVVVKKPP).",
                ),
                l(
                    "Skriv t.ex. 19811218-9876. Kolumnen är formaterad som text, så inga siffror försvinner.",
                    "Write e.g. 19811218-9876. The column is formatted as text, so no digits are lost.",
                    "Kirjoita esim. 19811218-9876. Sarake on muotoiltu tekstiksi, joten numeroita ei katoa.",
                ),
            ),
            Country::Fi => (
                l("Personbeteckning", "Personal identity code", "Henkilötunnus"),
                Kind::Id,
                14.0,
                l(
                    "Finsk personbeteckning eller internt ID (tre bokstäver av förnamn och efternamn + ÅÅÅÅMMDD).",
                    "Finnish personal identity code or internal ID (three letters of the first and last name + YYYYMMDD).",
                    "Henkilötunnus tai sisäinen tunniste (kolme kirjainta etu- ja sukunimestä + VVVVKKPP).",
                ),
                l(
                    "Skriv t.ex. 131052-308T. Kolumnen är formaterad som text.",
                    "Write e.g. 131052-308T. The column is formatted as text.",
                    "Kirjoita esim. 131052-308T. Sarake on muotoiltu tekstiksi.",
                ),
            ),
        },
        Field::FirstName | Field::LastName => {
            let (header, what) = if matches!(field, Field::FirstName) {
                (l("Förnamn", "First name", "Etunimi"), l("Förnamn.", "First name.", "Etunimi."))
            } else {
                (l("Efternamn", "Last name", "Sukunimi"), l("Efternamn.", "Last name.", "Sukunimi."))
            };
            let how = l(
                "Behövs för internt ID (när personnummer saknas).",
                "Needed for an internal ID (when there is no national number).",
                "Tarvitaan sisäiseen tunnisteeseen (kun henkilötunnusta ei ole).",
            );
            (header, Kind::Text, 14.0, what, how)
        }
        Field::BirthDate => (
            l("Födelsedatum", "Date of birth", "Syntymäaika"),
            Kind::Date,
            13.0,
            l(
                "Födelsedatum, när ID:t inte anger det (LMA-nummer, internt ID, samordningsnummer med okänt datum).",
                "Date of birth, when the ID does not give it (LMA number, internal ID, coordination number with an unknown date).",
                "Syntymäaika, kun tunniste ei kerro sitä (sisäinen tunniste).",
            ),
            l("Datum ÅÅÅÅ-MM-DD.", "A date YYYY-MM-DD.", "Päivämäärä VVVV-KK-PP."),
        ),
        Field::Gender => (
            l("Kön", "Gender", "Sukupuoli"),
            Kind::Gender,
            12.0,
            l("Könskategori.", "Gender category.", "Sukupuoliluokka."),
            l(
                "Välj Man, Kvinna eller Icke-binär i listan.",
                "Choose Male, Female or Non-binary from the list.",
                "Valitse luettelosta Mies, Nainen tai Muu.",
            ),
        ),
        Field::StartDate => (
            l("Startdatum", "Start date", "Aloituspäivä"),
            Kind::Date,
            13.0,
            l(
                "Datum för när personen startade i aktiviteten. Den tidigaste raden är första registreringen: den avgör åldersgruppen.",
                "The date the person started the activity. The earliest row is the first registration: it decides the age category.",
                "Päivä, jona henkilö aloitti toiminnassa. Varhaisin rivi on ensimmäinen rekisteröinti: se ratkaisee ikäryhmän.",
            ),
            l("Datum ÅÅÅÅ-MM-DD. Obligatoriskt.", "A date YYYY-MM-DD. Required.", "Päivämäärä VVVV-KK-PP. Pakollinen."),
        ),
        Field::EndDate => (
            l("Slutdatum", "End date", "Päättymispäivä"),
            Kind::Date,
            13.0,
            l("Datum för när aktiviteten slutade.", "The date the activity ended.", "Päivä, jona toiminta päättyi."),
            l("Datum ÅÅÅÅ-MM-DD, eller tomt.", "A date YYYY-MM-DD, or empty.", "Päivämäärä VVVV-KK-PP tai tyhjä."),
        ),
        Field::Citizenship => (
            l("Medborgarskap", "Citizenship", "Kansalaisuus"),
            Kind::Text,
            14.0,
            l(
                "Medborgarskap: fondens målgrupp är tredjelandsmedborgare.",
                "Citizenship: the fund's target group is third-country nationals.",
                "Kansalaisuus: rahaston kohderyhmä on kolmansien maiden kansalaiset.",
            ),
            l(
                "Landskod (SY, AFG) eller landets namn; flera med komma. Statslös går bra.",
                "Country code (SY, AFG) or the country's name; several with commas. Stateless is fine.",
                "Maakoodi (SY, AFG) tai maan nimi; useampi pilkuin. Kansalaisuudeton käy.",
            ),
        ),
        Field::UnaccompaniedMinor => (
            l("Ensamkommande barn", "Unaccompanied minor", "Ilman huoltajaa tullut alaikäinen"),
            Kind::YesNo,
            12.0,
            l("Ensamkommande barn.", "Unaccompanied minor.", "Ilman huoltajaa tullut alaikäinen."),
            l("Ja eller Nej (tomt är nej).", "Yes or No (empty is no).", "Kyllä tai Ei (tyhjä on ei)."),
        ),
        Field::Family => (
            l("Familj", "Family", "Perhe"),
            Kind::Text,
            14.0,
            l(
                "Familjen personen hör till (R.1.7.2 räknar familjer).",
                "The family the person belongs to (R.1.7.2 counts families).",
                "Perhe, johon henkilö kuuluu (R.1.7.2 laskee perheitä).",
            ),
            l(
                "Vilken text som helst som namnger familjen, samma för hela familjen.",
                "Any text naming the family, the same for the whole family.",
                "Mikä tahansa perheen nimeävä teksti, sama koko perheelle.",
            ),
        ),
        Field::LanguageLevelStart => (
            l("Språknivå vid start", "Initial language level", "Kielitaso alussa"),
            Kind::Level,
            12.0,
            l("Språknivå när kursen började (R.2.8).", "Language level when the course began (R.2.8).", "Kielitaso kurssin alussa (R.2.8)."),
            l("A1–C2 (eller SFI A–D, YKI 1–6).", "A1–C2 (or SFI A–D, YKI 1–6).", "A1–C2 (tai SFI A–D, YKI 1–6)."),
        ),
        Field::LanguageLevelEnd => (
            l("Uppnådd språknivå", "Language level reached", "Saavutettu kielitaso"),
            Kind::Level,
            12.0,
            l(
                "Uppnådd språknivå: högre än vid start räknas under R.2.8.",
                "Language level reached: higher than at the start counts under R.2.8.",
                "Saavutettu kielitaso: alkua korkeampi lasketaan R.2.8:aan.",
            ),
            l("A1–C2 (eller SFI A–D, YKI 1–6).", "A1–C2 (or SFI A–D, YKI 1–6).", "A1–C2 (tai SFI A–D, YKI 1–6)."),
        ),
        Field::FollowUpDate => (
            l("Datum för uppföljning", "Follow-up date", "Seurantapäivä"),
            Kind::Date,
            13.0,
            l(
                "När uppföljningsfrågan för R.1.6 besvarades (minst tre månader efter utbildningen).",
                "When the R.1.6 follow-up question was answered (at least three months after the training).",
                "Milloin R.1.6:n seurantakysymykseen vastattiin (vähintään kolme kuukautta koulutuksen jälkeen).",
            ),
            l("Datum ÅÅÅÅ-MM-DD.", "A date YYYY-MM-DD.", "Päivämäärä VVVV-KK-PP."),
        ),
        _ => ("", Kind::Text, 12.0, "", ""),
    };
    Column {
        header: header.to_string(),
        kind,
        width,
        what: what.to_string(),
        how,
    }
}

/// A yes/no column headed by an indicator's code and name.
fn indicator_column(indicator: &Indicator, lang: Lang) -> Column {
    Column {
        header: format!("{} {}", indicator.code, indicator.name.get(lang.as_str())),
        kind: Kind::YesNo,
        width: 14.0,
        what: indicator.name.get(lang.as_str()).to_string(),
        how: lang.pick(
            "Ja på raderna som räknas under indikatorn.",
            "Yes on the rows that count under the indicator.",
            "Kyllä riveillä, jotka lasketaan indikaattoriin.",
        ),
    }
}

fn plain(header: &str, kind: Kind, what: &str, how: &'static str) -> Column {
    Column {
        header: header.to_string(),
        kind,
        width: 16.0,
        what: what.to_string(),
        how,
    }
}

/// The indicators the template has columns for, in catalogue order.
fn chosen_indicators(options: &TemplateOptions) -> Result<Vec<&'static Indicator>, TemplateError> {
    let catalogue = Catalogue::get();
    let mut codes: Vec<String> = Vec::new();
    if let Some(code) = options.action.as_deref().filter(|c| !c.trim().is_empty()) {
        let action = catalogue
            .action(code)
            .ok_or_else(|| TemplateError::UnknownAction(code.trim().to_string()))?;
        codes.extend(action.indicators.iter().cloned());
    }
    for code in &options.indicators {
        let canonical = crate::catalogue::normalise_code(code)
            .filter(|c| catalogue.index_of(c).is_some())
            .ok_or_else(|| TemplateError::UnknownIndicator(code.trim().to_string()))?;
        codes.push(canonical);
    }
    if codes.is_empty() {
        codes = vec!["O.2.3".into(), "R.2.9".into()];
    }
    // A filled template passes the check: a sub-indicator's parents get
    // their columns (the check counts the person under both), and O.2.3
    // brings R.2.9, which is mandatory with it.
    let mut parents = Vec::new();
    for code in &codes {
        let mut parent = catalogue.indicator(code).and_then(|i| i.parent.clone());
        while let Some(code) = parent {
            parent = catalogue.indicator(&code).and_then(|i| i.parent.clone());
            parents.push(code);
        }
    }
    codes.extend(parents);
    if codes.iter().any(|c| c == "O.2.3") {
        codes.push("R.2.9".into());
    }
    let mut indexes: Vec<usize> = codes.iter().filter_map(|c| catalogue.index_of(c)).collect();
    indexes.sort_unstable();
    indexes.dedup();
    Ok(indexes
        .into_iter()
        .filter_map(|i| catalogue.indicators().get(i))
        .collect())
}

/// The template's tables, first the participants.
fn tables(options: &TemplateOptions) -> Result<Vec<Table>, TemplateError> {
    let indicators = chosen_indicators(options)?;
    let mut tables = vec![participant_table(options, &indicators)];
    tables.extend(evaluation_table(options, &indicators));
    tables.extend(organisation_table(options, &indicators));
    tables.extend(item_table(options, &indicators));
    Ok(tables)
}

/// R.2.9 and R.1.5 come from the evaluation sheet.
const EVALUATED: [&str; 2] = ["R.2.9", "R.1.5"];

fn participant_table(options: &TemplateOptions, indicators: &[&Indicator]) -> Table {
    let (country, lang) = (options.country, options.lang);
    let l = |sv, en, fi| lang.pick(sv, en, fi);
    let has = |code: &str| indicators.iter().any(|i| i.code == code);
    let field = |f: Field| field_column(&f, country, lang);
    let mut participants = vec![
        field(Field::Id),
        field(Field::FirstName),
        field(Field::LastName),
        field(Field::BirthDate),
        field(Field::Gender),
        field(Field::StartDate),
        field(Field::EndDate),
        field(Field::Citizenship),
        field(Field::UnaccompaniedMinor),
    ];
    for indicator in indicators {
        if indicator.unit == Unit::Participants || indicator.unit == Unit::Families {
            // R.2.9 and R.1.5 come from the evaluation sheet, R.2.8 from levels.
            if EVALUATED.contains(&indicator.code.as_str()) || indicator.code == "R.2.8" {
                continue;
            }
            participants.push(indicator_column(indicator, lang));
        }
    }
    if has("R.2.8") {
        participants.push(field(Field::LanguageLevelStart));
        participants.push(field(Field::LanguageLevelEnd));
    }
    if has("R.1.6") {
        participants.push(field(Field::FollowUpDate));
    }
    if indicators.iter().any(|i| i.unit == Unit::Families) {
        participants.push(field(Field::Family));
    }
    Table {
        name: l("Deltagare", "Participants", "Osallistujat"),
        columns: participants,
    }
}

fn evaluation_table(options: &TemplateOptions, indicators: &[&Indicator]) -> Option<Table> {
    let (country, lang) = (options.country, options.lang);
    let l = |sv, en, fi| lang.pick(sv, en, fi);
    let has = |code: &str| indicators.iter().any(|i| i.code == code);
    let field = |f: Field| field_column(&f, country, lang);
    if !EVALUATED.iter().any(|code| has(code)) {
        return None;
    }
    let mut columns = vec![
        field(Field::Id),
        plain(
            l("Datum", "Date", "Päivämäärä"),
            Kind::Date,
            l(
                "När utvärderingen gjordes, efter en avslutad aktivitet.",
                "When the evaluation was made, after a completed activity.",
                "Milloin arviointi tehtiin, päättyneen toiminnan jälkeen.",
            ),
            l(
                "Datum ÅÅÅÅ-MM-DD.",
                "A date YYYY-MM-DD.",
                "Päivämäärä VVVV-KK-PP.",
            ),
        ),
    ];
    if has("R.2.9") && has("R.1.5") {
        columns.push(plain(
            l("Indikator", "Indicator", "Indikaattori"),
            Kind::Text,
            l(
                "Vilken indikator utvärderingen gäller.",
                "Which indicator the evaluation is for.",
                "Mitä indikaattoria arviointi koskee.",
            ),
            l("R.2.9 eller R.1.5.", "R.2.9 or R.1.5.", "R.2.9 tai R.1.5."),
        ));
    }
    if has("R.2.9") {
        let how = l(
            "Ja där aktiviteten hjälpte; minst två områden gör utvärderingen positiv (R.2.9).",
            "Yes where the activity helped; at least two areas make the evaluation positive (R.2.9).",
            "Kyllä, jos toiminta auttoi; vähintään kaksi aluetta tekee arvioinnista myönteisen (R.2.9).",
        );
        for (sv, en, fi) in [
            ("Arbetsmarknad", "Labour market", "Työllistyminen"),
            ("Språk", "Language", "Kielen oppiminen"),
            (
                "Relationer med lokalsamhället",
                "Local community",
                "Suhteet paikallisväestöön",
            ),
            ("Boende", "Housing", "Asuminen"),
            ("Hälsa", "Health", "Terveys"),
        ] {
            columns.push(plain(l(sv, en, fi), Kind::YesNo, l(sv, en, fi), how));
        }
    }
    if has("R.1.5") {
        columns.push(plain(
            l("Svar", "Answer", "Vastaus"),
            Kind::YesNo,
            l(
                "Var utbildningen till nytta för arbetet? (R.1.5)",
                "Was the training useful for work? (R.1.5)",
                "Oliko koulutus hyödyksi työssä? (R.1.5)",
            ),
            l("Ja eller Nej.", "Yes or No.", "Kyllä tai Ei."),
        ));
    }
    Some(Table {
        name: l("Utvärderingar", "Evaluations", "Arvioinnit"),
        columns,
    })
}

fn organisation_table(options: &TemplateOptions, indicators: &[&Indicator]) -> Option<Table> {
    let (country, lang) = (options.country, options.lang);
    let l = |sv, en, fi| lang.pick(sv, en, fi);
    let organisations: Vec<&&Indicator> = indicators
        .iter()
        .filter(|i| matches!(i.unit, Unit::Organisations | Unit::Projects))
        .collect();
    if organisations.is_empty() {
        return None;
    }
    let number = match country {
        Country::Se => l(
            "Organisationsnummer",
            "Organisation number",
            "Organisaationumero",
        ),
        Country::Fi => "Y-tunnus",
    };
    let mut columns = vec![
        Column {
            kind: Kind::Id,
            ..plain(
                number,
                Kind::Id,
                l(
                    "Organisationens nummer.",
                    "The organisation's number.",
                    "Organisaation tunnus.",
                ),
                l(
                    "NNNNNN-NNNN (Finland: NNNNNNN-N).",
                    "NNNNNN-NNNN (Finland: NNNNNNN-N).",
                    "NNNNNNN-N (Ruotsi: NNNNNN-NNNN).",
                ),
            )
        },
        plain(
            l("Namn", "Name", "Nimi"),
            Kind::Text,
            l(
                "Organisationens namn.",
                "The organisation's name.",
                "Organisaation nimi.",
            ),
            l("Fritt.", "Free text.", "Vapaa teksti."),
        ),
        plain(
            l("Roll", "Role", "Rooli"),
            Kind::Role,
            l(
                "Stödmottagaren eller en projektpartner.",
                "The beneficiary or a project partner.",
                "Tuensaaja tai kumppani.",
            ),
            l(
                "Stödmottagaren räknas aldrig under O.2.2. Tomt om ingen av dem.",
                "The beneficiary never counts under O.2.2. Empty for neither.",
                "Tuensaajaa ei lasketa O.2.2:een. Tyhjä, jos ei kumpikaan.",
            ),
        ),
        plain(
            l(
                "Lokal eller regional myndighet",
                "Local or regional authority",
                "Paikallis- tai alueviranomainen",
            ),
            Kind::YesNo,
            l(
                "Kommun, region eller annan lokal eller regional myndighet.",
                "A municipality, region or other local or regional authority.",
                "Kunta, alue tai muu paikallis- tai alueviranomainen.",
            ),
            l("Ja eller Nej.", "Yes or No.", "Kyllä tai Ei."),
        ),
        start_date_column(
            lang,
            l(
                "När stödet till organisationen började.",
                "When the support to the organisation began.",
                "Milloin organisaation tuki alkoi.",
            ),
        ),
    ];
    columns.extend(organisations.iter().map(|i| indicator_column(i, lang)));
    Some(Table {
        name: l("Organisationer", "Organisations", "Organisaatiot"),
        columns,
    })
}

fn item_table(options: &TemplateOptions, indicators: &[&Indicator]) -> Option<Table> {
    let lang = options.lang;
    let l = |sv, en, fi| lang.pick(sv, en, fi);
    let items: Vec<&&Indicator> = indicators
        .iter()
        .filter(|i| i.unit == Unit::Items)
        .collect();
    if items.is_empty() {
        return None;
    }
    let mut columns = vec![plain(
        l("Namn", "Name", "Nimi"),
        Kind::Text,
        l(
            "Insatsens namn (informationspaket, kampanj, utrustning).",
            "The item's name (information package, campaign, equipment).",
            "Kohteen nimi (tietopaketti, kampanja, laite).",
        ),
        l(
            "Samma namn räknas en gång.",
            "The same name counts once.",
            "Sama nimi lasketaan kerran.",
        ),
    )];
    if items.iter().any(|i| i.code == "O.3.2") {
        columns.push(plain(
            l("Inventarienummer", "Inventory number", "Inventaarionumero"),
            Kind::Text,
            l(
                "Utrustningens inventarienummer.",
                "The equipment's inventory number.",
                "Laitteen inventaarionumero.",
            ),
            l(
                "Räknas före namnet: två datorer med samma namn är två.",
                "Counted before the name: two laptops of one name are two.",
                "Lasketaan ennen nimeä: kaksi samannimistä konetta on kaksi.",
            ),
        ));
    }
    columns.push(start_date_column(
        lang,
        l(
            "När insatsen gjordes.",
            "When the item was delivered.",
            "Milloin kohde toteutui.",
        ),
    ));
    columns.extend(items.iter().map(|i| indicator_column(i, lang)));
    Some(Table {
        name: l("Insatser", "Items", "Kohteet"),
        columns,
    })
}

/// The date that places an organisation or item in a reporting period.
fn start_date_column(lang: Lang, what: &str) -> Column {
    plain(
        lang.pick("Startdatum", "Start date", "Aloituspäivä"),
        Kind::Date,
        what,
        lang.pick(
            "Datum ÅÅÅÅ-MM-DD. Avgör rapportperioden.",
            "A date YYYY-MM-DD. It decides the reporting period.",
            "Päivämäärä VVVV-KK-PP. Se ratkaisee raportointikauden.",
        ),
    )
}

fn excel_day(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (date - epoch).num_days() as f64
}

fn validation(kind: Kind, lang: Lang) -> Option<Validation> {
    let list = |values: &[&str]| {
        Some(Validation::List(
            values.iter().map(|v| v.to_string()).collect(),
        ))
    };
    let day = |y, m, d| excel_day(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
    match kind {
        Kind::Gender => list(match lang {
            Lang::Sv => &["Man", "Kvinna", "Icke-binär"],
            Lang::En => &["Male", "Female", "Non-binary"],
            Lang::Fi => &["Mies", "Nainen", "Muu"],
        }),
        Kind::YesNo => list(match lang {
            Lang::Sv => &["Ja", "Nej"],
            Lang::En => &["Yes", "No"],
            Lang::Fi => &["Kyllä", "Ei"],
        }),
        Kind::Role => list(match lang {
            Lang::Sv => &["Stödmottagare", "Projektpartner"],
            Lang::En => &["Beneficiary", "Partner"],
            Lang::Fi => &["Tuensaaja", "Kumppani", "Osatoteuttaja"],
        }),
        Kind::Level => list(&["A1", "A2", "B1", "B2", "C1", "C2"]),
        Kind::Date => Some(Validation::Date {
            from: day(1900, 3, 1),
            to: day(2035, 12, 31),
        }),
        Kind::Id | Kind::Text => None,
    }
}

/// The template as a workbook; `rows` fills sheets by name (for tests).
fn write(
    tables: &[Table],
    options: &TemplateOptions,
    rows: &BTreeMap<&str, Vec<Vec<String>>>,
) -> Option<Vec<u8>> {
    let lang = options.lang;
    let mut sheets = Vec::new();
    for table in tables {
        let mut sheet = Sheet::new(table.name);
        for (c, column) in table.columns.iter().enumerate() {
            let c = c as u16;
            sheet.text(0, c, column.header.clone(), Style::Bold);
            sheet.column_width(
                c,
                column
                    .width
                    .max(column.header.chars().count().min(28) as f64 + 2.0),
            );
            if column.kind == Kind::Id {
                sheet.column_style(c, Style::Text);
            }
            if let Some(validation) = validation(column.kind, lang) {
                sheet.validate(c, 1, validation);
            }
        }
        for (r, row) in rows.get(table.name).into_iter().flatten().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.text(r as u32 + 1, c as u16, text.clone(), Style::Plain);
                }
            }
        }
        sheet.freeze_rows(1);
        sheets.push(sheet);
    }
    sheets.push(instructions(tables, options));
    xlsx::workbook(&sheets, "amif-check")
}

/// Each sheet's columns in two lines, each indicator by name, and the warning
/// that pasting removes Excel's checks.
fn instructions(tables: &[Table], options: &TemplateOptions) -> Sheet<'static> {
    let lang = options.lang;
    let l = |sv, en, fi| lang.pick(sv, en, fi);
    let mut sheet = Sheet::new(l("Instruktioner", "Instructions", "Ohjeet"));
    let mut row = 0;
    let mut line = |sheet: &mut Sheet<'static>, a: String, b: String, style: Style| {
        sheet.text(row, 0, a, style);
        if !b.is_empty() {
            sheet.text(row, 1, b, Style::Wrapped);
        }
        row += 1;
    };
    // The reader knows this title: the sheet is never read as a table.
    let [sv, en, fi] = INSTRUCTIONS_TITLES;
    let title = lang.pick(sv, en, fi);
    line(&mut sheet, title.to_string(), String::new(), Style::Bold);
    line(
        &mut sheet,
        l("Obs!", "Note!", "Huom!").to_string(),
        l(
            "Listorna och datumkontrollerna i kolumnerna gäller det du skriver. Klistrar du in data från ett annat blad tas kontrollerna bort: klistra in som värden (Klistra in special → Värden), och kontrollera registret med amif-check.",
            "The lists and date checks in the columns apply to what you type. Pasting data from another sheet removes them: paste as values (Paste Special → Values), and check the register with amif-check.",
            "Sarakkeiden luettelot ja päivämäärätarkistukset koskevat kirjoittamaasi. Toisesta taulukosta liittäminen poistaa ne: liitä arvoina (Liitä määräten → Arvot) ja tarkista rekisteri amif-checkillä.",
        )
        .to_string(),
        Style::Bold,
    );
    line(
        &mut sheet,
        l("Personuppgifter", "Personal data", "Henkilötiedot").to_string(),
        l(
            "Registret innehåller personuppgifter: förvara det som projektets övriga personuppgifter. Bara aggregaten (antal) lämnar datorn.",
            "The register holds personal data: keep it as the project's other personal data. Only the aggregates (counts) leave the computer.",
            "Rekisteri sisältää henkilötietoja: säilytä se kuten hankkeen muut henkilötiedot. Vain koostetiedot (määrät) lähtevät koneelta.",
        )
        .to_string(),
        Style::Plain,
    );
    line(&mut sheet, String::new(), String::new(), Style::Plain);
    for table in tables {
        line(
            &mut sheet,
            table.name.to_string(),
            String::new(),
            Style::Bold,
        );
        for column in &table.columns {
            line(
                &mut sheet,
                column.header.clone(),
                column.what.clone(),
                Style::Plain,
            );
            line(
                &mut sheet,
                String::new(),
                column.how.to_string(),
                Style::Plain,
            );
        }
        line(&mut sheet, String::new(), String::new(), Style::Plain);
    }
    let indicators = chosen_indicators(options).unwrap_or_default();
    line(
        &mut sheet,
        l("Indikatorer", "Indicators", "Indikaattorit").to_string(),
        String::new(),
        Style::Bold,
    );
    for indicator in indicators {
        line(
            &mut sheet,
            indicator.code.clone(),
            indicator.name.get(lang.as_str()).to_string(),
            Style::Plain,
        );
    }
    sheet.column_width(0, 34.0);
    sheet.column_width(1, 100.0);
    sheet
}

/// The register template for `options`.
pub fn template(options: &TemplateOptions) -> Result<Vec<u8>, TemplateError> {
    let tables = tables(options)?;
    write(&tables, options, &BTreeMap::new())
        .ok_or_else(|| TemplateError::UnknownIndicator(String::new()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::api::{validate, Options};
    use crate::register::ReadOptions;
    use crate::rules::RuleOptions;

    fn options(
        country: Country,
        lang: Lang,
        indicators: &[&str],
        action: Option<&str>,
    ) -> TemplateOptions {
        TemplateOptions {
            country,
            action: action.map(str::to_string),
            indicators: indicators.iter().map(|s| s.to_string()).collect(),
            lang,
        }
    }

    fn check(bytes: &[u8], country: Country, lang: Lang) -> crate::api::Validation {
        let mut rules = RuleOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        rules.country = Some(country);
        validate(
            bytes,
            &[],
            &Options {
                rules,
                read: ReadOptions::default(),
                lang,
            },
        )
        .unwrap()
    }

    fn headers(tables: &[Table], name: &str) -> Vec<String> {
        tables
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.columns.iter().map(|c| c.header.clone()).collect())
            .unwrap_or_default()
    }

    /// A row for the participant sheet: values by header start.
    fn row(tables: &[Table], name: &str, values: &[(&str, &str)]) -> Vec<String> {
        headers(tables, name)
            .iter()
            .map(|header| {
                values
                    .iter()
                    .find(|(start, _)| header.starts_with(start))
                    .map_or(String::new(), |(_, v)| v.to_string())
            })
            .collect()
    }

    #[test]
    fn every_header_is_read_as_its_field_and_nothing_is_unknown() {
        for lang in [Lang::Sv, Lang::En, Lang::Fi] {
            for country in [Country::Se, Country::Fi] {
                let o = options(
                    country,
                    lang,
                    &[
                        "O.2.3", "O.2.3.1", "R.2.8", "R.2.9", "R.1.5", "R.1.6", "R.1.7.2", "O.2.2",
                        "O.2.7", "O.2.4", "O.3.2",
                    ],
                    None,
                );
                let bytes = template(&o).unwrap();
                let v = check(&bytes, country, lang);
                let codes: Vec<&str> = v.outcome.diagnostics.iter().map(|d| d.code).collect();
                // An empty template: its participant sheet has no rows yet.
                assert_eq!(codes, ["register.empty"], "{lang:?} {country:?}");
                // Every column of the participant sheet is understood.
                assert!(
                    v.table.header.columns.iter().all(|c| c.field.is_some()),
                    "{lang:?}"
                );
            }
        }
    }

    #[test]
    fn a_sub_indicator_brings_its_parents_and_o23_brings_r29() {
        let o = options(Country::Se, Lang::Sv, &["O.2.3.1"], None);
        let codes: Vec<String> = chosen_indicators(&o)
            .unwrap()
            .iter()
            .map(|i| i.code.clone())
            .collect();
        assert_eq!(codes, ["O.2.3", "O.2.3.1", "R.2.9"]);
        let o = options(Country::Se, Lang::Sv, &["R.1.7.2"], None);
        let codes: Vec<String> = chosen_indicators(&o)
            .unwrap()
            .iter()
            .map(|i| i.code.clone())
            .collect();
        let parent = Catalogue::get()
            .indicator("R.1.7.2")
            .and_then(|i| i.parent.clone());
        assert!(parent.is_none_or(|p| codes.contains(&p)), "{codes:?}");
        assert!(codes.contains(&"R.1.7.2".to_string()));
    }

    #[test]
    fn a_template_filled_with_valid_rows_has_no_findings() {
        let o = options(
            Country::Se,
            Lang::Sv,
            &["O.2.3", "O.2.3.1", "R.2.9", "O.2.2", "O.2.7", "O.2.4"],
            None,
        );
        let tables = tables(&o).unwrap();
        let mut rows = BTreeMap::new();
        rows.insert(
            "Deltagare",
            vec![
                row(
                    &tables,
                    "Deltagare",
                    &[
                        ("Personnummer", "19811218-9876"),
                        ("Kön", "Kvinna"),
                        ("Startdatum", "2024-01-10"),
                        ("Medborgarskap", "SY"),
                        ("O.2.3 ", "Ja"),
                        ("O.2.3.1", "Ja"),
                    ],
                ),
                row(
                    &tables,
                    "Deltagare",
                    &[
                        ("Personnummer", "19900101-1114"),
                        ("Kön", "Man"),
                        ("Startdatum", "2024-02-01"),
                        ("Medborgarskap", "AF"),
                        ("O.2.3 ", "Ja"),
                        ("Ensamkommande", "Nej"),
                    ],
                ),
            ],
        );
        rows.insert(
            "Utvärderingar",
            vec![row(
                &tables,
                "Utvärderingar",
                &[
                    ("Personnummer", "19811218-9876"),
                    ("Datum", "2024-06-01"),
                    ("Arbetsmarknad", "Ja"),
                    ("Språk", "Ja"),
                ],
            )],
        );
        rows.insert(
            "Organisationer",
            vec![row(
                &tables,
                "Organisationer",
                &[
                    ("Organisationsnummer", "212000-0142"),
                    ("Namn", "Stockholms kommun"),
                    ("Roll", "Stödmottagare"),
                    ("Lokal", "Ja"),
                    ("O.2.7", "Ja"),
                ],
            )],
        );
        rows.insert(
            "Insatser",
            vec![row(
                &tables,
                "Insatser",
                &[
                    ("Namn", "Välkomstbroschyr"),
                    ("Startdatum", "2024-03-01"),
                    ("O.2.4", "Ja"),
                ],
            )],
        );
        let bytes = write(&tables, &o, &rows).unwrap();
        let v = check(&bytes, Country::Se, Lang::Sv);
        assert!(
            v.outcome.diagnostics.is_empty(),
            "{:?}",
            v.outcome.diagnostics
        );
        let total = |code: &str| {
            v.outcome
                .indicators
                .iter()
                .find(|i| i.code == code)
                .map(|i| i.total)
        };
        assert_eq!(total("O.2.3"), Some(2));
        assert_eq!(total("R.2.9"), Some(1));
        assert_eq!(total("O.2.7"), Some(1));
        assert_eq!(total("O.2.4"), Some(1));
    }

    #[test]
    fn a_template_filled_with_mistakes_gives_their_codes() {
        let o = options(Country::Se, Lang::En, &["O.2.3", "O.2.3.1"], None);
        let tables = tables(&o).unwrap();
        let p = "Participants";
        let mut rows = BTreeMap::new();
        rows.insert(
            p,
            vec![
                row(
                    &tables,
                    p,
                    &[
                        ("Personal", "19811218-9875"),
                        ("Gender", "Female"),
                        ("Start", "2024-01-10"),
                        ("O.2.3 ", "Yes"),
                    ],
                ),
                row(
                    &tables,
                    p,
                    &[
                        ("Personal", "19811218-9876"),
                        ("Gender", "?"),
                        ("Start", "2024-01-10"),
                        ("O.2.3 ", "Yes"),
                    ],
                ),
                row(
                    &tables,
                    p,
                    &[
                        ("Personal", "19900101-1114"),
                        ("Gender", "Male"),
                        ("Start", "2024-13-01"),
                        ("O.2.3 ", "Yes"),
                    ],
                ),
                row(
                    &tables,
                    p,
                    &[
                        ("Personal", "19700101-1235"),
                        ("Gender", "Male"),
                        ("Start", "2024-01-10"),
                        ("Citizenship", "Sweden"),
                        ("O.2.3 ", "Yes"),
                    ],
                ),
                row(
                    &tables,
                    p,
                    &[
                        ("Personal", "19700101-1235"),
                        ("Gender", "Male"),
                        ("Start", "2024-01-10"),
                        ("O.2.3.1", "maybe"),
                    ],
                ),
            ],
        );
        let bytes = write(&tables, &o, &rows).unwrap();
        let v = check(&bytes, Country::Se, Lang::En);
        let codes: Vec<(Option<u32>, &str)> = v
            .outcome
            .diagnostics
            .iter()
            .map(|d| (d.row, d.code))
            .collect();
        for expected in [
            (Some(2), "id.checksum"),
            (Some(3), "gender.invalid"),
            (Some(4), "date.invalid"),
            (Some(5), "citizenship.eu"),
            (Some(6), "indicator.value"),
        ] {
            assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
        }
    }

    #[test]
    fn an_action_gives_its_indicators_and_unknown_ones_are_refused() {
        let o = options(Country::Fi, Lang::Fi, &[], Some("2d5"));
        let tables = tables(&o).unwrap();
        let action = Catalogue::get().action("2D5").unwrap();
        for code in &action.indicators {
            let named = tables
                .iter()
                .flat_map(|t| &t.columns)
                .any(|c| c.header.starts_with(code.as_str()) || c.what.contains(code.as_str()));
            let evaluated = ["R.2.9", "R.1.5", "R.2.8"].contains(&code.as_str());
            let places = Catalogue::get()
                .indicator(code)
                .is_some_and(|i| i.unit == Unit::Places);
            assert!(named || evaluated || places, "{code}");
        }
        assert_eq!(
            template(&options(Country::Se, Lang::Sv, &[], Some("9Z9"))),
            Err(TemplateError::UnknownAction("9Z9".into()))
        );
        assert_eq!(
            template(&options(Country::Se, Lang::Sv, &["O.9.9"], None)),
            Err(TemplateError::UnknownIndicator("O.9.9".into()))
        );
    }
}
