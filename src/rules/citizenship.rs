//! Citizenship cells (SPEC §4): ISO 3166-1 alpha-2/alpha-3 codes or country
//! names in Swedish, English or Finnish, several separated by `,` `/` `;` or
//! ` och `. Only EU/EEA states and Switzerland need recognising; every other
//! value, and stateless or unknown, is a third-country national.

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

/// EU 27 + Iceland, Liechtenstein, Norway: alpha-2, alpha-3, names (sv, en, fi).
const EU_EEA: &[&[&str]] = &[
    &["at", "aut", "österrike", "austria", "itävalta"],
    &["be", "bel", "belgien", "belgium", "belgia"],
    &["bg", "bgr", "bulgarien", "bulgaria"],
    &["hr", "hrv", "kroatien", "croatia", "kroatia"],
    &["cy", "cyp", "cypern", "cyprus", "kypros"],
    &[
        "cz",
        "cze",
        "tjeckien",
        "czechia",
        "czech republic",
        "tšekki",
        "tsekki",
    ],
    &["dk", "dnk", "danmark", "denmark", "tanska"],
    &["ee", "est", "estland", "estonia", "viro"],
    &["fi", "fin", "finland", "suomi"],
    &["fr", "fra", "frankrike", "france", "ranska"],
    &["de", "deu", "tyskland", "germany", "saksa"],
    &["gr", "el", "grc", "grekland", "greece", "kreikka"],
    &["hu", "hun", "ungern", "hungary", "unkari"],
    &["ie", "irl", "irland", "ireland", "irlanti"],
    &["it", "ita", "italien", "italy", "italia"],
    &["lv", "lva", "lettland", "latvia"],
    &["lt", "ltu", "litauen", "lithuania", "liettua"],
    &["lu", "lux", "luxemburg", "luxembourg"],
    &["mt", "mlt", "malta"],
    &[
        "nl",
        "nld",
        "nederländerna",
        "netherlands",
        "the netherlands",
        "alankomaat",
        "hollanti",
    ],
    &["pl", "pol", "polen", "poland", "puola"],
    &["pt", "prt", "portugal", "portugali"],
    &["ro", "rou", "rumänien", "romania"],
    &["sk", "svk", "slovakien", "slovakia"],
    &["si", "svn", "slovenien", "slovenia"],
    &["es", "esp", "spanien", "spain", "espanja"],
    &["se", "swe", "sverige", "sweden", "ruotsi"],
    &["is", "isl", "island", "iceland", "islanti"],
    &["li", "lie", "liechtenstein"],
    &["no", "nor", "norge", "norway", "norja"],
];

const SWITZERLAND: &[&str] = &["ch", "che", "schweiz", "switzerland", "sveitsi"];

/// Classifies a citizenship cell; several citizenships give the strongest.
pub fn classify(cell: &str) -> Citizenship {
    let lower = lowercase_trimmed(cell);
    let lower = lower.as_str();
    // ThirdCountry is the weakest: the strongest of the parts wins.
    let mut strongest = Citizenship::ThirdCountry;
    for part in lower.split([',', '/', ';']) {
        // Only a part with a space can hold " och " (a search costs a set-up).
        if part.contains(' ') {
            for name in part.split(" och ") {
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
    }
}
