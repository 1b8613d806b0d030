//! Diagnostic messages in Swedish (default), English and Finnish. Each says
//! what is wrong and how to fix it, from the code and its parameters only:
//! never from a cell's personal content.

use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::register::{Field, Unreadable};

/// The user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Sv,
    En,
    Fi,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sv" | "sv-se" | "sv-fi" => Some(Lang::Sv),
            "en" | "en-gb" | "en-us" => Some(Lang::En),
            "fi" | "fi-fi" => Some(Lang::Fi),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::Fi => "fi",
        }
    }

    /// The text in this language, of one given in each.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str, fi: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
            Lang::Fi => fi,
        }
    }
}

fn accepted_booleans(lang: Lang) -> &'static str {
    lang.pick(
        "Ja/Nej, J/N, X/tom, 1/0, Yes/No, Kyllä/Ei, True/False, Sant/Falskt, Tosi/Epätosi",
        "Ja/Nej, J/N, X/empty, 1/0, Yes/No, Kyllä/Ei, True/False, Sant/Falskt, Tosi/Epätosi",
        "Ja/Nej, J/N, X/tyhjä, 1/0, Yes/No, Kyllä/Ei, True/False, Sant/Falskt, Tosi/Epätosi",
    )
}

fn accepted_dates(lang: Lang) -> &'static str {
    lang.pick(
        "ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD, D.M.ÅÅÅÅ eller en datumcell",
        "YYYY-MM-DD, YYYYMMDD, D.M.YYYY or a date cell",
        "VVVV-KK-PP, VVVVKKPP, P.K.VVVV tai päivämääräsolu",
    )
}

fn accepted_genders(lang: Lang) -> &'static str {
    lang.pick(
        "Man (M, Male, Mies), Kvinna (K, Kv, F, W, Female, Nainen), Icke-binär (X, Non-binary, Muu)",
        "Male (M, Man, Mies), Female (F, W, K, Kv, Kvinna, Nainen), Non-binary (X, Icke-binär, Muu)",
        "Mies (Man, M, Male), Nainen (Kvinna, K, Kv, F, W, Female), Muu (Icke-binär, X, Non-binary)",
    )
}

/// What a field is called in the user's language, for column mapping lists.
pub fn field_label(field: &Field, lang: Lang) -> String {
    let (sv, en, fi) = match field {
        Field::Id => (
            "ID (personnummer, LMA-nummer, internt ID)",
            "ID (personal identity number, LMA number, internal ID)",
            "Tunniste (henkilötunnus, sisäinen tunniste)",
        ),
        Field::FirstName => ("Förnamn", "First name", "Etunimi"),
        Field::LastName => ("Efternamn", "Last name", "Sukunimi"),
        Field::BirthDate => ("Födelsedatum", "Date of birth", "Syntymäaika"),
        Field::Gender => ("Kön", "Gender", "Sukupuoli"),
        Field::StartDate => ("Startdatum", "Start date", "Aloituspäivä"),
        Field::EndDate => ("Slutdatum", "End date", "Päättymispäivä"),
        Field::Citizenship => ("Medborgarskap", "Citizenship", "Kansalaisuus"),
        Field::UnaccompaniedMinor => (
            "Ensamkommande barn",
            "Unaccompanied minor",
            "Ilman huoltajaa tullut alaikäinen",
        ),
        Field::IndicatorList => (
            "Indikatorer (lista)",
            "Indicators (list)",
            "Indikaattorit (luettelo)",
        ),
        Field::LanguageLevelStart => (
            "Språknivå vid start",
            "Initial language level",
            "Kielitaso alussa",
        ),
        Field::LanguageLevelEnd => (
            "Uppnådd språknivå",
            "Language level reached",
            "Saavutettu kielitaso",
        ),
        Field::FollowUpDate => ("Datum för uppföljning", "Follow-up date", "Seurantapäivä"),
        Field::Family => ("Familj", "Family", "Perhe"),
        Field::Indicator(code) => {
            let name = Catalogue::get()
                .indicator(code)
                .map(|i| i.name.get(lang.as_str()).to_string())
                .unwrap_or_default();
            return format!("{code} {name}").trim_end().to_string();
        }
        other => return other.key(),
    };
    lang.pick(sv, en, fi).to_string()
}

/// A short title for a code, for grouping in lists.
pub fn title(code: &str, lang: Lang) -> String {
    let (sv, en, fi) = match code {
        "file.unreadable" => (
            "Filen kan inte läsas",
            "The file cannot be read",
            "Tiedostoa ei voi lukea",
        ),
        "header.not_found" => (
            "Ingen rubrikrad hittades",
            "No header row found",
            "Otsikkoriviä ei löytynyt",
        ),
        "column.unknown" => (
            "Kolumn som inte används",
            "Column not used",
            "Sarake, jota ei käytetä",
        ),
        "column.duplicate" => (
            "Kolumnen finns två gånger",
            "Column appears twice",
            "Sarake on kahdesti",
        ),
        "mapping.unknown_column" => (
            "Kolumnvalet stämmer inte",
            "Column choice does not match",
            "Sarakevalinta ei täsmää",
        ),
        "id.missing" => ("ID saknas", "ID missing", "Tunniste puuttuu"),
        "id.format" => (
            "ID har fel format",
            "ID in the wrong format",
            "Tunniste väärässä muodossa",
        ),
        "id.checksum" => (
            "Fel kontrollsiffra i ID",
            "Wrong check digit in ID",
            "Tunnisteen tarkiste väärin",
        ),
        "id.date" => (
            "Datumet i ID finns inte",
            "The date in the ID does not exist",
            "Tunnisteen päivämäärää ei ole olemassa",
        ),
        "id.internal_mismatch" => (
            "Internt ID stämmer inte med namn och födelsedatum",
            "Internal ID does not match names and birth date",
            "Sisäinen tunniste ei vastaa nimiä ja syntymäaikaa",
        ),
        "id.short_name" => (
            "Internt ID från kort namn",
            "Internal ID from a short name",
            "Sisäinen tunniste lyhyestä nimestä",
        ),
        "id.mixed_methods" => (
            "Blandade ID-metoder",
            "Mixed ID methods",
            "Sekalaiset tunnistetavat",
        ),
        "id.temporary" => (
            "Tillfälligt henkilötunnus",
            "Temporary henkilötunnus",
            "Väliaikainen henkilötunnus",
        ),
        "gender.invalid" => (
            "Kön saknas eller okänt",
            "Gender missing or unknown",
            "Sukupuoli puuttuu tai tuntematon",
        ),
        "date.invalid" => (
            "Ogiltigt eller saknat datum",
            "Invalid or missing date",
            "Virheellinen tai puuttuva päivämäärä",
        ),
        "date.end_before_start" => (
            "Slutdatum före startdatum",
            "End date before start date",
            "Päättymispäivä ennen aloituspäivää",
        ),
        "date.future" => (
            "Startdatum efter rapportdatum",
            "Start date after the report date",
            "Aloituspäivä raportointipäivän jälkeen",
        ),
        "date.outside_project" => (
            "Startdatum utanför projektperioden",
            "Start date outside the project period",
            "Aloituspäivä hankekauden ulkopuolella",
        ),
        "birthdate.partial" => (
            "Födelsedatum delvis känt",
            "Birth date partly known",
            "Syntymäaika osittain tiedossa",
        ),
        "birthdate.missing" => (
            "Födelsedatum saknas",
            "Birth date missing",
            "Syntymäaika puuttuu",
        ),
        "birthdate.mismatch" => (
            "Födelsedatum stämmer inte med ID",
            "Birth date does not match the ID",
            "Syntymäaika ei vastaa tunnistetta",
        ),
        "birthdate.after_start" => (
            "Född efter första registrering",
            "Born after first registration",
            "Syntynyt ensimmäisen rekisteröinnin jälkeen",
        ),
        "birthdate.implausible" => ("Osannolik ålder", "Implausible age", "Epätodennäköinen ikä"),
        "citizenship.eu" => ("EU/EES-medborgare", "EU/EEA citizen", "EU/ETA-kansalainen"),
        "citizenship.ch" => (
            "Schweizisk medborgare",
            "Swiss citizen",
            "Sveitsin kansalainen",
        ),
        "person.conflict" => (
            "Motstridiga uppgifter för samma person",
            "Conflicting data for one person",
            "Ristiriitaiset tiedot samalle henkilölle",
        ),
        "indicator.parent_implied" => (
            "Delindikator utan huvudindikator",
            "Sub-indicator without its parent",
            "Alaindikaattori ilman pääindikaattoria",
        ),
        "indicator.value" => (
            "Ogiltigt indikatorvärde",
            "Invalid indicator value",
            "Virheellinen indikaattorin arvo",
        ),
        "indicator.not_in_action" => (
            "Indikator utanför åtgärden",
            "Indicator outside the action",
            "Indikaattori toimenpiteen ulkopuolella",
        ),
        "indicator.unknown" => (
            "Okänd indikator",
            "Unknown indicator",
            "Tuntematon indikaattori",
        ),
        "uam.adult" => (
            "Ensamkommande barn 18 år eller äldre",
            "Unaccompanied minor aged 18 or more",
            "Ilman huoltajaa tullut alaikäinen 18 vuotta tai yli",
        ),
        "result.r29_missing" => ("R.2.9 saknas", "R.2.9 missing", "R.2.9 puuttuu"),
        "result.r28_without_course" => (
            "R.2.8 utan språkkurs (O.2.3.1)",
            "R.2.8 without a language course (O.2.3.1)",
            "R.2.8 ilman kielikurssia (O.2.3.1)",
        ),
        "result.follow_up_early" => (
            "Uppföljning för tidigt",
            "Follow-up too early",
            "Seuranta liian aikaisin",
        ),
        "value.invalid" => (
            "Ogiltigt ja/nej-värde",
            "Invalid yes/no value",
            "Virheellinen kyllä/ei-arvo",
        ),
        "language_level.invalid" => (
            "Ogiltig språknivå",
            "Invalid language level",
            "Virheellinen kielitaso",
        ),
        "evaluation.unknown_person" => (
            "Utvärdering för okänd deltagare",
            "Evaluation for an unknown participant",
            "Arviointi tuntemattomalle osallistujalle",
        ),
        "org.not_public" => (
            "Organisationsnummer för icke-offentlig organisation",
            "Not a public body's organisation number",
            "Ei julkisyhteisön organisaationumero",
        ),
        "org.authority_unknown" => (
            "Okänt om myndighet",
            "Not known to be an authority",
            "Viranomaisasema ei tiedossa",
        ),
        "item.missing" => (
            "Namn eller inventarienummer saknas",
            "Item name or inventory number missing",
            "Kohteen nimi tai inventaarionumero puuttuu",
        ),
        "item.no_indicator" => (
            "Insatser utan indikator: O.2.4",
            "Items without an indicator: O.2.4",
            "Kohteet ilman indikaattoria: O.2.4",
        ),
        "family.missing" => ("Familj saknas", "Family missing", "Perhe puuttuu"),
        "org.beneficiary_o22" => (
            "Stödmottagaren markerad för O.2.2",
            "The beneficiary flagged O.2.2",
            "Tuensaaja merkitty O.2.2:een",
        ),
        "register.empty" => (
            "Inga deltagarrader",
            "No participant rows",
            "Ei osallistujarivejä",
        ),
        "period.outside" => (
            "Utanför rapportperioderna",
            "Outside the reporting periods",
            "Raportointikausien ulkopuolella",
        ),
        "period.undated" => (
            "Utan datum: ingen period",
            "Undated: in no period",
            "Ilman päivämäärää: ei kautta",
        ),
        "country.detected" => (
            "Land avgjort från ID",
            "Country detected from the IDs",
            "Maa päätelty tunnisteista",
        ),
        _ => (code, code, code),
    };
    lang.pick(sv, en, fi).to_string()
}

/// The full message: what is wrong and how to fix it.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let p = |name: &str| d.param(name).unwrap_or("").to_string();
    let l = |sv: &str, en: &str, fi: &str| lang.pick(sv, en, fi).to_string();
    match d.code {
        "file.unreadable" => unreadable(d, lang),
        "header.not_found" if d.param("table") == Some("further") => l(
            "Filen innehåller ingen tabell som kontrollen känner igen (utvärderingar, organisationer eller informationsinsatser).",
            "The file holds no table the check recognises (evaluations, organisations or items).",
            "Tiedostossa ei ole taulukkoa, jonka tarkistus tunnistaa (arvioinnit, organisaatiot tai tiedotuskohteet).",
        ),
        "header.not_found" if d.param("table") == Some("unknown") => format!(
            "{} {}",
            l("Bladet", "The sheet", "Taulukko"),
            l(
                "ser ut som en tabell, men rubrikraden känns inte igen som deltagare, utvärderingar, organisationer eller insatser (informationsinsatser, utrustning), så bladet läses inte. Rätta rubrikerna om bladet ska räknas.",
                "looks like a table, but its header is not recognised as participants, evaluations, organisations or items (information packages, equipment), so the sheet is not read. Correct the headers if it should count.",
                "näyttää taulukolta, mutta sen otsikkoriviä ei tunnisteta osallistujiksi, arvioinneiksi, organisaatioiksi tai kohteiksi (tiedotuskohteet, laitteet), joten taulukkoa ei lueta. Korjaa otsikot, jos taulukon pitää laskea.",
            )
        ),
        "header.not_found" if d.param("table") == Some("participants") => l(
            "Bladet ser ut som en deltagarförteckning, men deltagarna läses från ett annat blad. Raderna här räknas inte: samla alla deltagare på ett blad.",
            "The sheet looks like a participant register, but the participants are read from another sheet. Its rows are not counted: keep all participants on one sheet.",
            "Taulukko näyttää osallistujaluettelolta, mutta osallistujat luetaan toisesta taulukosta. Sen rivejä ei lasketa: pidä kaikki osallistujat yhdessä taulukossa.",
        ),
        "header.not_found" if d.param("table").is_some_and(|t| t != "further") => format!(
            "{} {}",
            match d.param("table") {
                Some("evaluations") => l("Bladet ser ut som ännu en tabell med utvärderingar.", "The sheet looks like another table of evaluations.", "Taulukko näyttää toiselta arviointitaulukolta."),
                Some("organisations") => l("Bladet ser ut som ännu en tabell med organisationer.", "The sheet looks like another table of organisations.", "Taulukko näyttää toiselta organisaatiotaulukolta."),
                _ => l("Bladet ser ut som ännu en tabell med insatser.", "The sheet looks like another table of items.", "Taulukko näyttää toiselta kohdetaulukolta."),
            },
            l(
                "Bara den första läses, så raderna här räknas inte: samla dem på ett blad.",
                "Only the first is read, so its rows are not counted: keep them on one sheet.",
                "Vain ensimmäinen luetaan, joten sen rivejä ei lasketa: kokoa ne yhteen taulukkoon.",
            )
        ),
        "header.not_found" if d.param("header_row").is_some() => format!(
            "{} {} {}",
            l("Rad", "Row", "Rivi"),
            p("header_row"),
            l(
                "har ingen ID-kolumn (eller Förnamn + Efternamn + Födelsedatum) som rubrikrad. Välj vilken kolumn som är ID, eller en annan rubrikrad.",
                "has no ID column (or First name + Last name + Date of birth) as a header row. Choose which column is the ID, or another header row.",
                "ei ole otsikkorivinä tunnistesaraketta (tai Etunimi + Sukunimi + Syntymäaika). Valitse, mikä sarake on tunniste, tai toinen otsikkorivi.",
            )
        ),
        "header.not_found" => l(
            "Ingen rad ser ut som en rubrikrad med en ID-kolumn (t.ex. Personnummer, Samordningsnummer, LMA-nummer, Unik identifierare eller Förnamn + Efternamn + Födelsedatum). Lägg till rubriker eller ange kolumnerna själv.",
            "No row looks like a header row with an ID column (e.g. Personnummer, Unique identifier, ID, or First name + Last name + Date of birth). Add headers or map the columns yourself.",
            "Mikään rivi ei näytä otsikkoriviltä, jossa on tunnistesarake (esim. Henkilötunnus, Tunniste tai Etunimi + Sukunimi + Syntymäaika). Lisää otsikot tai määritä sarakkeet itse.",
        ),
        "column.duplicate" => l(
            "Samma uppgift finns i en tidigare kolumn; den här kolumnen används inte.",
            "An earlier column holds the same field; this column is not used.",
            "Aiempi sarake sisältää saman tiedon; tätä saraketta ei käytetä.",
        ),
        "mapping.unknown_column" => match d.param("field") {
            Some(field) => format!(
                "{} {field}",
                l(
                    "Kolumnvalet nämner en okänd uppgift:",
                    "The column choice names an unknown field:",
                    "Sarakevalinta mainitsee tuntemattoman tiedon:"
                )
            ),
            None if d.param("hint") == Some("row_data") => l(
                "Kolumnvalet nämner en rubrik som ser ut som en persons uppgift (ett ID eller ett datum), och någon sådan rubrik finns inte i filen. Välj rubrikraden, inte en rad med en person.",
                "The column choice names a header that looks like a person's data (an ID or a date), and the file has no such header. Choose the header row, not a row of a person.",
                "Sarakevalinta mainitsee otsikon, joka näyttää henkilön tiedolta (tunniste tai päivämäärä), eikä tiedostossa ole sellaista otsikkoa. Valitse otsikkorivi, älä henkilön riviä.",
            ),
            None => format!(
                "{} {}",
                l(
                    "Kolumnvalet nämner en rubrik som inte finns i filen:",
                    "The column choice names a header the file does not have:",
                    "Sarakevalinta mainitsee otsikon, jota tiedostossa ei ole:"
                ),
                p("header")
            ),
        },
        "column.unknown" => l(
            "Kolumnen används inte av kontrollen. Ange vad den innehåller om den ska räknas.",
            "The check does not use this column. Say what it holds if it should count.",
            "Tarkistus ei käytä tätä saraketta. Kerro mitä se sisältää, jos sen pitää laskea.",
        ),
        "id.missing" => l(
            "ID saknas. Fyll i personnummer, samordningsnummer, LMA-nummer eller internt ID (eller förnamn, efternamn och födelsedatum så att ett internt ID kan bildas).",
            "The ID is missing. Enter a personal identity number, coordination number, LMA number or internal ID (or first name, last name and birth date so an internal ID can be made).",
            "Tunniste puuttuu. Täytä henkilötunnus tai sisäinen tunniste (tai etunimi, sukunimi ja syntymäaika, jotta sisäinen tunniste voidaan muodostaa).",
        ),
        "id.format" if d.param("hint") == Some("leading_zero") => l(
            "ID:t är lagrat som ett tal och har förlorat en inledande nolla. Formatera kolumnen som text och skriv in numret igen, t.ex. 050101-1234.",
            "The ID is stored as a number and lost a leading zero. Format the column as text and enter the number again, e.g. 050101-1234.",
            "Tunniste on tallennettu lukuna ja siitä on pudonnut etunolla. Muotoile sarake tekstiksi ja kirjoita numero uudelleen.",
        ),
        "id.format" if d.param("country") == Some("fi") => l(
            "ID:t har inget godkänt format. Godkänt i Finland: personbeteckning DDMMÅÅ-NNNX (sekeltecken -, +, A eller de nya tecknen), internt ID som ANNSAN19990801.",
            "The ID is in no accepted form. Accepted in Finland: henkilötunnus DDMMYY-NNNX (century sign -, +, A or the new signs), internal ID like ANNSAN19990801.",
            "Tunniste ei ole hyväksytyssä muodossa. Hyväksytyt: henkilötunnus PPKKVV-NNNX (tai A, + ja uudet välimerkit), sisäinen tunniste kuten ANNSAN19990801.",
        ),
        "id.format" => l(
            "ID:t har inget godkänt format. Godkänt: ÅÅMMDD-NNNN, ÅÅMMDD+NNNN, ÅÅÅÅMMDDNNNN, ÅÅÅÅMMDD-NNNN, LMA-nummer NN-NNNNNN, internt ID som ANNSAN19990801 (i Finland: henkilötunnus DDMMÅÅ-NNNX).",
            "The ID is in no accepted form. Accepted: YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDDNNNN, YYYYMMDD-NNNN, LMA number NN-NNNNNN, internal ID like ANNSAN19990801 (in Finland: henkilötunnus DDMMYY-NNNX).",
            "Tunniste ei ole hyväksytyssä muodossa. Hyväksytyt Ruotsissa: VVKKPP-NNNN, VVKKPP+NNNN, VVVVKKPPNNNN, VVVVKKPP-NNNN, LMA-numero NN-NNNNNN, sisäinen tunniste kuten ANNSAN19990801 (Suomessa: henkilötunnus PPKKVV-NNNX).",
        ),
        "id.checksum" => l(
            "Kontrollsiffran stämmer inte. Kontrollera att numret är rätt inskrivet.",
            "The check digit is wrong. Check that the number was typed correctly.",
            "Tarkiste ei täsmää. Tarkista, että numero on kirjoitettu oikein.",
        ),
        "id.date" => l(
            "Datumet i ID:t finns inte (t.ex. dag 00, 32 eller månad 13). Kontrollera numret.",
            "The date in the ID does not exist (e.g. day 00, 32 or month 13). Check the number.",
            "Tunnisteen päivämäärää ei ole olemassa (esim. päivä 00, 32 tai kuukausi 13). Tarkista numero.",
        ),
        "id.internal_mismatch" => l(
            "Det interna ID:t stämmer inte med förnamn, efternamn och födelsedatum på raden (tre första bokstäverna i förnamn och efternamn + ÅÅÅÅMMDD). Rätta ID:t eller uppgifterna.",
            "The internal ID does not match the row's first name, last name and birth date (first three letters of each name + YYYYMMDD). Correct the ID or the data.",
            "Sisäinen tunniste ei vastaa rivin etunimeä, sukunimeä ja syntymäaikaa (kummankin nimen kolme ensimmäistä kirjainta + VVVVKKPP). Korjaa tunniste tai tiedot.",
        ),
        "id.short_name" => l(
            "Det interna ID:t bygger på ett namn med färre än tre bokstäver och kan lättare krocka med någon annans.",
            "The internal ID is built from a name of fewer than three letters and collides more easily with someone else's.",
            "Sisäinen tunniste perustuu alle kolmikirjaimiseen nimeen ja voi helpommin olla sama kuin jonkun toisen.",
        ),
        "id.mixed_methods" => l(
            "Registret blandar nationella ID-nummer och interna ID. Riktlinjerna tillåter det bara av särskilda skäl; samma person kan då räknas två gånger.",
            "The register mixes national ID numbers and internal IDs. The guidelines allow it only for special reasons; one person may then be counted twice.",
            "Rekisterissä on sekä kansallisia tunnuksia että sisäisiä tunnisteita. Ohjeet sallivat sen vain erityisestä syystä; sama henkilö voi tulla lasketuksi kahdesti.",
        ),
        "id.temporary" => l(
            "Tillfälligt henkilötunnus (individnummer 900–999). Godkänt.",
            "Temporary henkilötunnus (individual number 900–999). Accepted.",
            "Väliaikainen henkilötunnus (yksilönumero 900–999). Hyväksytty.",
        ),
        "gender.invalid" => format!(
            "{} {}",
            l("Kön saknas eller är okänt. Godkänt:", "Gender is missing or unknown. Accepted:", "Sukupuoli puuttuu tai on tuntematon. Hyväksytyt:"),
            accepted_genders(lang)
        ),
        "date.invalid" => {
            let what = match d.param("value") {
                Some("start_missing") => l("Startdatum saknas.", "The start date is missing.", "Aloituspäivä puuttuu."),
                Some("evaluation_date_missing") => l("Utvärderingsdatum saknas.", "The evaluation date is missing.", "Arvioinnin päivämäärä puuttuu."),
                _ if d.param("problem") == Some("nonexistent") => {
                    return l(
                        "Datumet finns inte (t.ex. månad 13 eller 30 februari). Kontrollera det.",
                        "The date does not exist (e.g. month 13 or 30 February). Check it.",
                        "Päivämäärää ei ole olemassa (esim. kuukausi 13 tai 30. helmikuuta). Tarkista se.",
                    )
                }
                _ => l("Datumet kan inte läsas.", "The date cannot be read.", "Päivämäärää ei voi lukea."),
            };
            format!("{what} {} {}", l("Godkänt:", "Accepted:", "Hyväksytyt:"), accepted_dates(lang))
        }
        "date.end_before_start" => l(
            "Slutdatum ligger före startdatum. Rätta något av dem.",
            "The end date is before the start date. Correct one of them.",
            "Päättymispäivä on ennen aloituspäivää. Korjaa jompikumpi.",
        ),
        "date.future" => format!(
            "{} {}.",
            l("Startdatum ligger efter rapportdatumet", "The start date is after the report date", "Aloituspäivä on raportointipäivän jälkeen"),
            p("reference_date")
        ),
        "date.outside_project" => format!(
            "{} {} – {}.",
            l("Startdatum ligger utanför projektperioden", "The start date is outside the project period", "Aloituspäivä on hankekauden ulkopuolella"),
            p("from"),
            p("to")
        ),
        "birthdate.missing" if d.param("reason") == Some("partial") => l(
            "Samordningsnumret anger bara födelseåret (eller året och månaden), och åldersgruppen vid första registreringen beror på det okända datumet. Fyll i födelsedatum för personen. Personen räknas inte förrän dess.",
            "The coordination number gives only the birth year (or the year and month), and the age category at first registration depends on the unknown date. Enter the person's birth date. The person is not counted until then.",
            "Samordningsnummer antaa vain syntymävuoden (tai vuoden ja kuukauden), ja ikäryhmä ensimmäisellä rekisteröinnillä riippuu tuntemattomasta päivästä. Täytä henkilön syntymäaika. Henkilöä ei lasketa ennen sitä.",
        ),
        "birthdate.partial" => l(
            "Samordningsnumret anger bara födelseåret (eller året och månaden). Åldersgruppen vid första registreringen blir densamma vilket datum det än är, så personen räknas.",
            "The coordination number gives only the birth year (or the year and month). The age category at first registration is the same whatever the exact date, so the person is counted.",
            "Samordningsnummer antaa vain syntymävuoden (tai vuoden ja kuukauden). Ikäryhmä ensimmäisellä rekisteröinnillä on sama päivästä riippumatta, joten henkilö lasketaan.",
        ),
        "birthdate.missing" => l(
            "Födelsedatum saknas: ID:t innehåller inget födelsedatum (t.ex. LMA-nummer) och kolumnen Födelsedatum är tom eller saknas.",
            "Birth date missing: the ID carries none (e.g. an LMA number) and the birth date column is empty or absent.",
            "Syntymäaika puuttuu: tunniste ei sisällä sitä ja syntymäaikasarake on tyhjä tai puuttuu.",
        ),
        "birthdate.mismatch" => l(
            "Födelsedatum i kolumnen skiljer sig från datumet i ID:t. Rätta det som är fel.",
            "The birth date in the column differs from the date in the ID. Correct whichever is wrong.",
            "Syntymäaikasarakkeen päivämäärä poikkeaa tunnisteen päivämäärästä. Korjaa virheellinen.",
        ),
        "birthdate.after_start" => format!(
            "{} {}{}",
            l(
                "Personen är född efter sin första registrering i projektet (rad",
                "The person is born after their first registration in the project (row",
                "Henkilö on syntynyt ensimmäisen hankerekisteröintinsä jälkeen (rivi"
            ),
            p("first_registration_row"),
            l(
                "). Personen räknas inte. Kontrollera födelsedatum och startdatum.",
                "). The person is not counted. Check the birth date and start dates.",
                "). Henkilöä ei lasketa. Tarkista syntymäaika ja aloituspäivät."
            )
        ),
        "birthdate.implausible" => format!(
            "{} {} {}",
            l("Åldern vid första registrering blir", "The age at first registration is", "Ikä ensimmäisellä rekisteröinnillä on"),
            p("age"),
            l("år. Kontrollera födelsedatumet.", "years. Check the birth date.", "vuotta. Tarkista syntymäaika.")
        ),
        "citizenship.eu" => l(
            "Medborgare i ett EU/EES-land är inte tredjelandsmedborgare och får inte räknas under indikatorer för fondens målgrupp. Raden räknas inte.",
            "A citizen of an EU/EEA state is not a third-country national and cannot be counted under the fund's target-group indicators. The row is not counted.",
            "EU/ETA-maan kansalainen ei ole kolmannen maan kansalainen eikä häntä voi laskea rahaston kohderyhmän indikaattoreihin. Riviä ei lasketa.",
        ),
        "citizenship.ch" => l(
            "Schweiziskt medborgarskap: kontrollera att personen tillhör fondens målgrupp.",
            "Swiss citizenship: check that the person belongs to the fund's target group.",
            "Sveitsin kansalaisuus: tarkista, että henkilö kuuluu rahaston kohderyhmään.",
        ),
        "person.conflict" => {
            let what = match d.param("conflict") {
                Some("birth_date") => l("olika födelsedatum", "different birth dates", "eri syntymäajat"),
                Some("gender") => l("olika kön", "different genders", "eri sukupuolet"),
                _ => l("olika födelsedatum och kön", "different birth dates and genders", "eri syntymäajat ja sukupuolet"),
            };
            format!(
                "{} {what} ({} {}). {}",
                l("Samma person har", "The same person has", "Samalla henkilöllä on"),
                l("rader", "rows", "rivit"),
                p("rows"),
                l(
                    "Personen räknas inte förrän uppgifterna stämmer överens.",
                    "The person is not counted until the rows agree.",
                    "Henkilöä ei lasketa ennen kuin rivit täsmäävät."
                )
            )
        }
        "indicator.parent_implied" => format!(
            "{} {} {} {}{}",
            l("Personen är markerad för", "The person is flagged for", "Henkilö on merkitty indikaattoriin"),
            p("indicator"),
            l("men inte för", "but not for", "mutta ei indikaattoriin"),
            p("parent"),
            l(
                ". Personen räknas under båda; markera även huvudindikatorn.",
                ". The person is counted under both; flag the parent too.",
                ". Henkilö lasketaan molempiin; merkitse myös pääindikaattori."
            )
        ),
        "indicator.value" => match d.param("value") {
            Some("list") => l(
                "Listan innehåller något som inte är en känd indikatorkod (t.ex. O.2.3.1). Skilj koder åt med komma.",
                "The list holds something that is not a known indicator code (e.g. O.2.3.1). Separate codes with commas.",
                "Luettelossa on jotain, mikä ei ole tunnettu indikaattorikoodi (esim. O.2.3.1). Erota koodit pilkuilla.",
            ),
            Some("evaluation_indicator") => l(
                "Indikatorn för utvärderingen ska vara R.2.9 eller R.1.5.",
                "The evaluation's indicator must be R.2.9 or R.1.5.",
                "Arvioinnin indikaattorin pitää olla R.2.9 tai R.1.5.",
            ),
            _ => format!(
                "{} {}",
                l("Indikatorcellen är inget känt ja/nej-värde. Godkänt:", "The indicator cell is not a known yes/no value. Accepted:", "Indikaattorisolu ei ole tunnettu kyllä/ei-arvo. Hyväksytyt:"),
                accepted_booleans(lang)
            ),
        },
        "indicator.not_in_action" => format!(
            "{} {} {} {}.",
            l("Indikator", "Indicator", "Indikaattori"),
            p("indicator"),
            l("hör inte till åtgärd", "does not belong to action", "ei kuulu toimenpiteeseen"),
            p("action")
        ),
        "indicator.unknown" if d.param("hint") == Some("other_table") => format!(
            "{} {} {}",
            l("Indikatorn", "The indicator", "Indikaattoria"),
            p("indicator"),
            l(
                "räknas inte från den här tabellen (deltagare, organisationer och insatser räknas var i sin tabell).",
                "is not counted from this table (participants, organisations and items are each counted in their own table).",
                "ei lasketa tästä taulukosta (osallistujat, organisaatiot ja kohteet lasketaan kukin omasta taulukostaan).",
            )
        ),
        "indicator.unknown" => format!(
            "{} {} {}",
            l("Indikatorkoden", "The indicator code", "Indikaattorikoodi"),
            p("indicator"),
            l(
                "finns inte i programmets indikatorlista och räknas inte.",
                "is not in the programme's indicator list and is not counted.",
                "ei ole ohjelman indikaattoriluettelossa eikä sitä lasketa."
            )
        ),
        "uam.adult" => format!(
            "{} {} {}",
            l("Markerad som ensamkommande barn men", "Marked as an unaccompanied minor but aged", "Merkitty ilman huoltajaa tulleeksi alaikäiseksi, mutta ikä"),
            p("age"),
            l(
                "år vid första registrering. Kontrollera uppgiften.",
                "at first registration. Check the entry.",
                "vuotta ensimmäisellä rekisteröinnillä. Tarkista tieto."
            )
        ),
        "result.r29_missing" => l(
            "Registret rapporterar O.2.3 men saknar uppgifter för R.2.9, som är obligatorisk tillsammans med O.2.3. Lägg till en R.2.9-kolumn eller ett utvärderingsblad.",
            "The register reports O.2.3 but has no R.2.9 data, which is mandatory with O.2.3. Add an R.2.9 column or an evaluation sheet.",
            "Rekisteri raportoi O.2.3:n, mutta siitä puuttuvat R.2.9-tiedot, jotka ovat pakollisia O.2.3:n kanssa. Lisää R.2.9-sarake tai arviointitaulukko.",
        ),
        "result.r28_without_course" => l(
            "Personen räknas under R.2.8 (förbättrad språknivå) men inte under O.2.3.1 (språkkurser). Kontrollera markeringen.",
            "The person counts under R.2.8 (improved language level) but not under O.2.3.1 (language courses). Check the flags.",
            "Henkilö lasketaan R.2.8:aan (kielitaito parantunut) mutta ei O.2.3.1:een (kielikurssit). Tarkista merkinnät.",
        ),
        "result.follow_up_early" => l(
            "Uppföljningssvaret för R.1.6 är daterat mindre än tre månader efter att utbildningen slutade.",
            "The R.1.6 follow-up answer is dated less than three months after the training ended.",
            "R.1.6-seurantavastaus on päivätty alle kolme kuukautta koulutuksen päättymisen jälkeen.",
        ),
        "value.invalid" if d.param("value") == Some("role") => l(
            "Rollen känns inte igen. Godkänt: Stödmottagare, Projektpartner (eller Partner), tom för ingen av dem (även Tuensaaja, Kumppani, Osatoteuttaja, Beneficiary).",
            "The role is not recognised. Accepted: Beneficiary, Partner (or Project partner), empty for neither (also Stödmottagare, Projektpartner, Tuensaaja, Kumppani, Osatoteuttaja).",
            "Roolia ei tunnisteta. Hyväksytyt: Tuensaaja, Kumppani tai Osatoteuttaja, tyhjä jos ei kumpikaan (myös Stödmottagare, Projektpartner, Beneficiary, Partner).",
        ),
        "value.invalid" => format!(
            "{} {}",
            l("Värdet är inget känt ja/nej-värde. Godkänt:", "The value is not a known yes/no value. Accepted:", "Arvo ei ole tunnettu kyllä/ei-arvo. Hyväksytyt:"),
            accepted_booleans(lang)
        ),
        "language_level.invalid" => l(
            "Språknivån kan inte läsas. Godkänt: A1, A2, B1, B2, C1, C2, SFI A–D, YKI 1–6.",
            "The language level cannot be read. Accepted: A1, A2, B1, B2, C1, C2, SFI A–D, YKI 1–6.",
            "Kielitasoa ei voi lukea. Hyväksytyt: A1, A2, B1, B2, C1, C2, SFI A–D, YKI 1–6.",
        ),
        "evaluation.unknown_person" => l(
            "Utvärderingen gäller en person som inte finns i deltagarförteckningen.",
            "The evaluation is for a person who is not in the participant register.",
            "Arviointi koskee henkilöä, joka ei ole osallistujarekisterissä.",
        ),
        "org.not_public" if d.param("hint") == Some("column_no") => l(
            "Markerad för O.2.2, men kolumnen Lokal eller regional myndighet säger Nej. Den räknas; rätta markeringen eller kolumnen.",
            "Flagged O.2.2, but the Local or regional authority column says No. It is counted; correct the flag or the column.",
            "Merkitty O.2.2:een, mutta sarake Paikallis- tai alueviranomainen sanoo Ei. Se lasketaan; korjaa merkintä tai sarake.",
        ),
        "org.authority_unknown" => l(
            "Markerad för O.2.7, men i Finland visar bara kolumnen Lokal eller regional myndighet att den är en sådan myndighet. Utan den räknas inget projekt. Lägg till kolumnen.",
            "Flagged O.2.7, but in Finland only the Local or regional authority column shows it is such an authority. Without it no project counts. Add the column.",
            "Merkitty O.2.7:ään, mutta Suomessa vain sarake Paikallis- tai alueviranomainen osoittaa sen olevan sellainen viranomainen. Ilman sitä hanketta ei lasketa. Lisää sarake.",
        ),
        "org.not_public" => l(
            "Organisationen rapporteras som lokal eller regional myndighet men organisationsnumret börjar inte med 2 (offentlig sektor).",
            "The organisation is reported as a local or regional authority but its number does not start with 2 (public bodies).",
            "Organisaatio raportoidaan paikallisena tai alueellisena viranomaisena, mutta sen numero ei ala 2:lla (julkisyhteisöt).",
        ),
        "item.missing" => l(
            "Raden saknar både namn och inventarienummer, så insatsen kan inte räknas. Fyll i något av dem.",
            "The row has neither a name nor an inventory number, so the item cannot be counted. Fill in one of them.",
            "Riviltä puuttuu sekä nimi että inventaarionumero, joten kohdetta ei voi laskea. Täytä jompikumpi.",
        ),
        "item.no_indicator" => l(
            "Tabellen anger ingen indikator: insatserna räknas under O.2.4. Listar den något annat, lägg till en kolumn med indikatorns kod (t.ex. O.3.2).",
            "The table names no indicator: its items count under O.2.4. If it lists something else, add a column headed by the indicator's code (e.g. O.3.2).",
            "Taulukko ei nimeä indikaattoria: kohteet lasketaan O.2.4:ään. Jos se luettelee muuta, lisää sarake, jonka otsikkona on indikaattorin koodi (esim. O.3.2).",
        ),
        "family.missing" => l(
            "Personen är markerad för R.1.7.2 (familjer i alternativ till förvar) men raden anger ingen familj. Fyll i kolumnen Familj (vilken text som helst som namnger familjen, samma för hela familjen).",
            "The person is flagged R.1.7.2 (families in alternatives to detention) but the row names no family. Fill in the Family column (any text naming the family, the same for the whole family).",
            "Henkilö on merkitty R.1.7.2:een (perheet säilöönoton vaihtoehdoissa), mutta rivillä ei ole perhettä. Täytä Perhe-sarake (mikä tahansa perheen nimeävä teksti, sama koko perheelle).",
        ),
        "org.beneficiary_o22" => l(
            "Stödmottagaren själv räknas aldrig under O.2.2 (den räknas under O.2.7). Raden räknas inte under O.2.2.",
            "The beneficiary itself is never counted under O.2.2 (it counts under O.2.7). The row is not counted under O.2.2.",
            "Tuensaajaa itseään ei koskaan lasketa O.2.2:een (se lasketaan O.2.7:ään). Riviä ei lasketa O.2.2:een.",
        ),
        "register.empty" => {
            let found = match d.param("sheet") {
                Some(sheet) => format!(
                    "{} {sheet}",
                    l("Rubrikraden hittades på bladet", "The header row was found on the sheet", "Otsikkorivi löytyi taulukosta")
                ),
                None => l("Rubrikraden hittades", "The header row was found", "Otsikkorivi löytyi"),
            };
            format!(
                "{found}{}",
                l(
                    ", men det finns inga deltagarrader under den. Inga indikatorer kan rapporteras från registret.",
                    ", but there are no participant rows below it. No indicators can be reported from the register.",
                    ", mutta sen alla ei ole osallistujarivejä. Rekisteristä ei voi raportoida indikaattoreita.",
                )
            )
        }
        "period.outside" => format!(
            "{} {}. {}",
            l(
                "Första deltagande utanför alla rapportperioder (perioderna blir tillsammans mindre än helheten):",
                "First participations outside every reporting period (the periods add up to less than the whole):",
                "Ensimmäisiä osallistumisia kaikkien raportointikausien ulkopuolella (kaudet jäävät yhteensä kokonaisuutta pienemmiksi):",
            ),
            p("indicator"),
            l(
                "Perioderna ska följa på varandra och täcka projektets tid.",
                "The periods should follow one another and cover the project's time.",
                "Kausien pitää seurata toisiaan ja kattaa hankkeen aika.",
            ),
        ),
        "period.undated" => {
            let counted = if d.param("hint") == Some("in_period") {
                l(
                    "De räknas i hela registrets siffra och i den valda perioden, fast de kan höra till en annan period.",
                    "They count in the whole register's figure and in the chosen period, though they may belong to another period.",
                    "Ne lasketaan koko rekisterin lukuun ja valittuun kauteen, vaikka ne voivat kuulua toiseen kauteen.",
                )
            } else {
                l(
                    "De räknas i hela registrets siffra men i ingen av rapportperioderna.",
                    "They count in the whole register's figure but in none of the reporting periods.",
                    "Ne lasketaan koko rekisterin lukuun mutta ei mihinkään raportointikauteen.",
                )
            };
            let (count, code) = (p("count"), p("indicator"));
            let undated = match lang {
                Lang::Sv => format!("{count} som räknas under {code} har inget startdatum, så deras period kan inte avgöras."),
                Lang::En => format!("{count} counted under {code} have no start date, so their period cannot be told."),
                Lang::Fi => format!("Kohtaan {code} lasketuista {count} on ilman aloituspäivää, joten niiden kautta ei voi päätellä."),
            };
            format!(
                "{undated} {counted} {}",
                l(
                    "Lägg till en kolumn Startdatum i tabellen.",
                    "Add a Start date column to the table.",
                    "Lisää taulukkoon sarake Aloituspäivä.",
                ),
            )
        }
        "country.detected" => match d.param("country") {
            Some("fi") => l(
                "De flesta ID:n är finska personbeteckningar: registret kontrolleras som finskt.",
                "Most IDs are Finnish henkilötunnus: the register is checked as Finnish.",
                "Useimmat tunnisteet ovat suomalaisia henkilötunnuksia: rekisteri tarkistetaan suomalaisena.",
            ),
            _ => l(
                "Registret kontrolleras som svenskt.",
                "The register is checked as Swedish.",
                "Rekisteri tarkistetaan ruotsalaisena.",
            ),
        },
        _ => title(d.code, lang),
    }
}

/// Why a file cannot be read: every reason has its text (the match is
/// exhaustive, so a new reason without one does not build).
fn unreadable(d: &Diagnostic, lang: Lang) -> String {
    let l = |sv: &str, en: &str, fi: &str| lang.pick(sv, en, fi).to_string();
    let p = |name: &str| d.param(name).unwrap_or("").to_string();
    let what =
        |sv: &str, en: &str, fi: &str| format!("{} {}", lang.pick(sv, en, fi), use_formats(lang));
    // A finding of unknown reason (from elsewhere) reads as damage.
    match Unreadable::of(d).unwrap_or(Unreadable::Corrupt) {
        Unreadable::TooLarge { .. } => format!(
            "{} {} MB.",
            l(
                "Filen är för stor. Största tillåtna storlek är",
                "The file is too large. The largest allowed size is",
                "Tiedosto on liian suuri. Suurin sallittu koko on"
            ),
            p("limit_mb")
        ),
        Unreadable::ZipBomb => l(
            "Arbetsboken packar upp till orimligt mycket data och läses inte.",
            "The workbook unpacks to an unreasonable amount of data and is not read.",
            "Työkirja purkautuu kohtuuttoman suureksi eikä sitä lueta.",
        ),
        Unreadable::Encrypted => l(
            "Arbetsboken är lösenordsskyddad. Spara en kopia utan lösenord och försök igen.",
            "The workbook is password-protected. Save a copy without a password and try again.",
            "Työkirja on salasanasuojattu. Tallenna kopio ilman salasanaa ja yritä uudelleen.",
        ),
        Unreadable::NoSheets => l(
            "Arbetsboken har inga kalkylblad (bara makron eller diagram).",
            "The workbook has no worksheets (only macros or charts).",
            "Työkirjassa ei ole laskentataulukoita (vain makroja tai kaavioita).",
        ),
        Unreadable::LegacyFormat => l(
            "Äldre Excel-filer (.xls, .xlsb) kan inte läsas här. Öppna filen i Excel, spara den som .xlsx och försök igen.",
            "Older Excel files (.xls, .xlsb) cannot be read here. Open the file in Excel, save it as .xlsx and try again.",
            "Vanhempia Excel-tiedostoja (.xls, .xlsb) ei voi lukea täällä. Avaa tiedosto Excelissä, tallenna se .xlsx-muodossa ja yritä uudelleen.",
        ),
        Unreadable::UnknownFormat => what(
            "Filformatet känns inte igen.",
            "The file format is not recognised.",
            "Tiedostomuotoa ei tunnisteta.",
        ),
        Unreadable::Empty => l("Filen är tom.", "The file is empty.", "Tiedosto on tyhjä."),
        Unreadable::Pdf => what(
            "Filen är en PDF, inte ett kalkylblad.",
            "The file is a PDF, not a spreadsheet.",
            "Tiedosto on PDF, ei taulukko.",
        ),
        Unreadable::Word => what(
            "Filen är ett textdokument (Word eller liknande), inte ett kalkylblad.",
            "The file is a text document (Word or similar), not a spreadsheet.",
            "Tiedosto on tekstiasiakirja (Word tai vastaava), ei taulukko.",
        ),
        Unreadable::Image => what(
            "Filen är en bild, inte ett kalkylblad.",
            "The file is an image, not a spreadsheet.",
            "Tiedosto on kuva, ei taulukko.",
        ),
        Unreadable::Zip => what(
            "Filen är ett ZIP-arkiv, inte ett kalkylblad.",
            "The file is a ZIP archive, not a spreadsheet.",
            "Tiedosto on ZIP-arkisto, ei taulukko.",
        ),
        Unreadable::SheetNotFound { .. } => format!(
            "{} {}",
            l(
                "Bladet finns inte. Blad i filen:",
                "The sheet does not exist. Sheets in the file:",
                "Taulukkoa ei ole. Tiedoston taulukot:"
            ),
            p("sheets")
        ),
        Unreadable::TooManyColumns => l(
            "Filen har för många kolumner.",
            "The file has too many columns.",
            "Tiedostossa on liikaa sarakkeita.",
        ),
        Unreadable::TooManyRows => l(
            "Filen har för många rader.",
            "The file has too many rows.",
            "Tiedostossa on liikaa rivejä.",
        ),
        Unreadable::TooManyCells => l(
            "Bladet spänner över för många celler. Ta bort tomma rader och kolumner långt från tabellen.",
            "The sheet spans too many cells. Delete empty rows and columns far from the table.",
            "Taulukko kattaa liian monta solua. Poista taulukosta kaukana olevat tyhjät rivit ja sarakkeet.",
        ),
        Unreadable::CellTooLong => l(
            "En cell innehåller för mycket text.",
            "A cell holds too much text.",
            "Solussa on liikaa tekstiä.",
        ),
        Unreadable::Corrupt => what(
            "Filen är skadad eller kan inte läsas.",
            "The file is damaged or cannot be read.",
            "Tiedosto on vioittunut tai sitä ei voi lukea.",
        ),
    }
}

/// The formats this build reads: the WebAssembly build (page, add-in,
/// npm) reads no XLS and never offers it.
fn use_formats(lang: Lang) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        lang.pick(
            "Använd CSV, XLSX eller ODS.",
            "Use CSV, XLSX or ODS.",
            "Käytä CSV-, XLSX- tai ODS-muotoa.",
        )
    } else {
        lang.pick(
            "Använd CSV, XLSX, XLS eller ODS.",
            "Use CSV, XLSX, XLS or ODS.",
            "Käytä CSV-, XLSX-, XLS- tai ODS-muotoa.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_title_and_message_in_every_language() {
        for &(code, _) in crate::diagnostic::CODES {
            for lang in [Lang::Sv, Lang::En, Lang::Fi] {
                assert_ne!(title(code, lang), *code, "{code} {lang:?}");
                let d = Diagnostic::error(code);
                assert!(message(&d, lang).len() > 10, "{code} {lang:?}");
            }
        }
    }

    #[test]
    fn legacy_formats_are_asked_for_as_xlsx() {
        let d = Diagnostic::error("file.unreadable").with("reason", "legacy_format");
        for lang in [Lang::Sv, Lang::En, Lang::Fi] {
            let text = message(&d, lang);
            assert!(
                text.contains(".xlsx") && text.contains(".xls,"),
                "{lang:?}: {text}"
            );
        }
    }

    #[test]
    fn every_participant_field_has_a_label_in_every_language() {
        for field in Field::participant_fields() {
            for lang in [Lang::Sv, Lang::En, Lang::Fi] {
                assert_ne!(field_label(&field, lang), field.key(), "{lang:?}");
            }
        }
    }

    #[test]
    fn accepted_genders_are_words_the_reader_takes() {
        for lang in [Lang::Sv, Lang::En, Lang::Fi] {
            let words = accepted_genders(lang)
                .split([',', '(', ')'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>();
            assert_eq!(words.len(), 15, "{lang:?}");
            for word in words {
                assert!(
                    crate::register::values::gender(&crate::register::Cell::Text(word.into()))
                        .is_ok(),
                    "{lang:?}: {word}"
                );
            }
        }
    }

    #[test]
    fn languages_differ() {
        let d = Diagnostic::error("id.checksum");
        assert_ne!(message(&d, Lang::Sv), message(&d, Lang::En));
        assert_ne!(message(&d, Lang::Fi), message(&d, Lang::En));
    }
}
