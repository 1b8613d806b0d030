//! Citizenship cells (SPEC §4): ISO 3166-1 alpha-2/alpha-3 codes or country
//! names in Swedish, English or Finnish, several separated by `,` `/` `;` or
//! ` och ` (and `&`, `+`, ` and `, ` ja `). Only EU/EEA states and
//! Switzerland need recognising; every other value, and stateless or
//! unknown, is a third-country national.

use super::fast_hash::FastMap;
use crate::register::values::lowercase_trimmed;
use std::sync::OnceLock;

/// What a citizenship cell means for the fund's target group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Citizenship {
    /// A third-country national (including stateless and unknown).
    ThirdCountry,
    /// Swiss and no EU/EEA citizenship: a warning on target-group indicators.
    Swiss,
    /// At least one EU/EEA citizenship: not a third-country national.
    EuEea,
}

/// EU 27 + Iceland, Liechtenstein, Norway: alpha-2, alpha-3, names (sv, en,
/// fi), the name in the country's own language, and the nationality as
/// registers write it (`svensk`, `Swedish`, `ruotsalainen`): a citizen
/// missed here would be counted as a third-country national.
const EU_EEA: &[&[&str]] = &[
    &[
        "at",
        "aut",
        "österrike",
        "austria",
        "itävalta",
        "österreich",
        "österrikisk",
        "österrikiskt",
        "austrian",
        "itävaltalainen",
    ],
    &[
        "be",
        "bel",
        "belgien",
        "belgium",
        "belgia",
        "belgique",
        "belgië",
        "belgisk",
        "belgiskt",
        "belgian",
        "belgialainen",
    ],
    &[
        "bg",
        "bgr",
        "bulgarien",
        "bulgaria",
        "българия",
        "bulgarisk",
        "bulgariskt",
        "bulgarian",
        "bulgarialainen",
    ],
    &[
        "hr",
        "hrv",
        "kroatien",
        "croatia",
        "kroatia",
        "hrvatska",
        "kroatisk",
        "kroatiskt",
        "croatian",
        "kroatialainen",
    ],
    &[
        "cy",
        "cyp",
        "cypern",
        "cyprus",
        "kypros",
        "κύπρος",
        "cypriotisk",
        "cypriotiskt",
        "cypriot",
        "kyproslainen",
    ],
    &[
        "cz",
        "cze",
        "tjeckien",
        "czechia",
        "czech republic",
        "tšekki",
        "tsekki",
        "česko",
        "česká republika",
        "tjeckisk",
        "tjeckiskt",
        "czech",
        "tšekkiläinen",
        "tsekkiläinen",
    ],
    // Greenland and the Faroe Islands: Danish citizens.
    &[
        "dk",
        "dnk",
        "danmark",
        "denmark",
        "tanska",
        "dansk",
        "danskt",
        "danish",
        "tanskalainen",
        "gl",
        "grl",
        "grönland",
        "greenland",
        "grönlanti",
        "fo",
        "fro",
        "färöarna",
        "faroe islands",
        "färsaaret",
    ],
    &[
        "ee",
        "est",
        "estland",
        "estonia",
        "viro",
        "eesti",
        "estnisk",
        "estniskt",
        "estonian",
        "virolainen",
    ],
    // Åland: Finnish citizens.
    &[
        "fi",
        "fin",
        "finland",
        "suomi",
        "finsk",
        "finskt",
        "finländsk",
        "finländskt",
        "finnish",
        "suomalainen",
        "ax",
        "ala",
        "åland",
        "aland islands",
        "åland islands",
        "ahvenanmaa",
    ],
    &[
        "fr",
        "fra",
        "frankrike",
        "france",
        "ranska",
        "fransk",
        "franskt",
        "french",
        "ranskalainen",
    ],
    &[
        "de",
        "deu",
        "tyskland",
        "germany",
        "saksa",
        "deutschland",
        "tysk",
        "tyskt",
        "german",
        "saksalainen",
    ],
    &[
        "gr",
        "el",
        "grc",
        "grekland",
        "greece",
        "kreikka",
        "ελλάδα",
        "ellada",
        "grekisk",
        "grekiskt",
        "greek",
        "kreikkalainen",
    ],
    &[
        "hu",
        "hun",
        "ungern",
        "hungary",
        "unkari",
        "magyarország",
        "ungersk",
        "ungerskt",
        "hungarian",
        "unkarilainen",
    ],
    &[
        "ie",
        "irl",
        "irland",
        "ireland",
        "irlanti",
        "éire",
        "eire",
        "irländsk",
        "irländskt",
        "irish",
        "irlantilainen",
    ],
    &[
        "it",
        "ita",
        "italien",
        "italy",
        "italia",
        "italiensk",
        "italienskt",
        "italian",
        "italialainen",
    ],
    &[
        "lv",
        "lva",
        "lettland",
        "latvia",
        "latvija",
        "lettisk",
        "lettiskt",
        "latvian",
        "latvialainen",
    ],
    &[
        "lt",
        "ltu",
        "litauen",
        "lithuania",
        "liettua",
        "lietuva",
        "litauisk",
        "litauiskt",
        "lithuanian",
        "liettualainen",
    ],
    &[
        "lu",
        "lux",
        "luxemburg",
        "luxembourg",
        "lëtzebuerg",
        "luxemburgsk",
        "luxemburgskt",
        "luxembourgish",
        "luxemburgilainen",
    ],
    &[
        "mt",
        "mlt",
        "malta",
        "maltesisk",
        "maltesiskt",
        "maltese",
        "maltalainen",
    ],
    &[
        "nl",
        "nld",
        "nederländerna",
        "netherlands",
        "the netherlands",
        "alankomaat",
        "hollanti",
        "holland",
        "nederland",
        "nederländsk",
        "nederländskt",
        "holländsk",
        "holländskt",
        "dutch",
        "alankomaalainen",
        "hollantilainen",
    ],
    &[
        "pl",
        "pol",
        "polen",
        "poland",
        "puola",
        "polska",
        "polsk",
        "polskt",
        "polish",
        "puolalainen",
    ],
    &[
        "pt",
        "prt",
        "portugal",
        "portugali",
        "portugisisk",
        "portugisiskt",
        "portuguese",
        "portugalilainen",
    ],
    &[
        "ro",
        "rou",
        "rumänien",
        "romania",
        "românia",
        "rumänsk",
        "rumänskt",
        "romanian",
        "romanialainen",
    ],
    &[
        "sk",
        "svk",
        "slovakien",
        "slovakia",
        "slovensko",
        "slovakisk",
        "slovakiskt",
        "slovak",
        "slovakialainen",
    ],
    &[
        "si",
        "svn",
        "slovenien",
        "slovenia",
        "slovenija",
        "slovensk",
        "slovenskt",
        "slovenian",
        "slovene",
        "slovenialainen",
    ],
    &[
        "es",
        "esp",
        "spanien",
        "spain",
        "espanja",
        "españa",
        "espana",
        "spansk",
        "spanskt",
        "spanish",
        "espanjalainen",
    ],
    &[
        "se",
        "swe",
        "sverige",
        "sweden",
        "ruotsi",
        "svensk",
        "svenskt",
        "swedish",
        "ruotsalainen",
    ],
    &[
        "is",
        "isl",
        "island",
        "iceland",
        "islanti",
        "ísland",
        "isländsk",
        "isländskt",
        "icelandic",
        "islantilainen",
    ],
    &[
        "li",
        "lie",
        "liechtenstein",
        "liechtensteinsk",
        "liechtensteinskt",
        "liechtensteiner",
        "liechtensteinilainen",
    ],
    &[
        "no",
        "nor",
        "norge",
        "norway",
        "norja",
        "noreg",
        "norsk",
        "norskt",
        "norwegian",
        "norjalainen",
    ],
];

const SWITZERLAND: &[&str] = &[
    "ch",
    "che",
    "schweiz",
    "switzerland",
    "sveitsi",
    "suisse",
    "svizzera",
    "schweizisk",
    "schweiziskt",
    "swiss",
    "sveitsiläinen",
];

/// Classifies a citizenship cell; several citizenships give the strongest.
pub fn classify(cell: &str) -> Citizenship {
    let lower = lowercase_trimmed(cell);
    let lower = lower.as_str();
    // ThirdCountry is the weakest: the strongest of the parts wins.
    let mut strongest = Citizenship::ThirdCountry;
    for part in lower.split([',', '/', ';', '&', '+']) {
        // Only a part with a space can hold " och ", " and " or " ja " (a search costs a set-up).
        if part.contains(' ') {
            for name in part
                .split(" och ")
                .flat_map(|p| p.split(" and "))
                .flat_map(|p| p.split(" ja "))
            {
                strongest = strongest.max(classify_one(name.trim()));
            }
        } else {
            strongest = strongest.max(classify_one(part.trim()));
        }
    }
    strongest
}

/// Every name above with its class, looked up once per cell rather than
/// compared one by one: target-group rows all ask.
fn classify_one(name: &str) -> Citizenship {
    static NAMES: OnceLock<FastMap<&'static str, Citizenship>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let eu = EU_EEA.iter().flat_map(|names| names.iter());
        eu.map(|&name| (name, Citizenship::EuEea))
            .chain(SWITZERLAND.iter().map(|&name| (name, Citizenship::Swiss)))
            .collect()
    });
    names
        .get(name)
        .copied()
        .unwrap_or(Citizenship::ThirdCountry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        for eu in [
            "SE",
            "swe",
            "Sverige",
            "Finland",
            "Suomi",
            "Germany",
            "Tyskland",
            "NOR",
            "Island",
            "Liechtenstein",
            " pl ",
            "Holland",
            "Deutschland",
            "España",
            "svensk",
            "Polish",
            "suomalainen",
            "Åland",
            "AX",
            "Grönland",
            "FO",
        ] {
            assert_eq!(classify(eu), Citizenship::EuEea, "{eu}");
        }
        for ch in ["CH", "Schweiz", "Sveitsi", "che"] {
            assert_eq!(classify(ch), Citizenship::Swiss, "{ch}");
        }
        for tcn in [
            "SY",
            "Syrien",
            "Afghanistan",
            "statslös",
            "stateless",
            "okänd",
            "",
            "GB",
            "Storbritannien",
            "TR",
            "UA",
        ] {
            assert_eq!(classify(tcn), Citizenship::ThirdCountry, "{tcn}");
        }
    }

    #[test]
    fn any_eu_citizenship_wins() {
        assert_eq!(classify("Syrien, Sverige"), Citizenship::EuEea);
        assert_eq!(classify("SY/CH"), Citizenship::Swiss);
        assert_eq!(classify("Schweiz och Tyskland"), Citizenship::EuEea);
        assert_eq!(classify("IRQ; FIN"), Citizenship::EuEea);
        assert_eq!(classify("Irak och Iran"), Citizenship::ThirdCountry);
        assert_eq!(classify("Syrien & Sverige"), Citizenship::EuEea);
        assert_eq!(classify("Syria and Germany"), Citizenship::EuEea);
        assert_eq!(classify("Syyria ja Suomi"), Citizenship::EuEea);
        assert_eq!(classify("Irak + Schweiz"), Citizenship::Swiss);
    }
}
