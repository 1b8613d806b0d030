//! The indicator catalogue: every AMIF 2021–2027 programme indicator of specific
//! objectives 1–4 and the Finnish implementation plan's actions, kept as data in
//! `catalogue.json` so a change in the guidance is a data change, not a code change.
//!
//! Catalogue order is significant: the rules keep per-row indicator sets as a
//! `u64` bit set indexed by position, so there are at most 64 indicators and
//! a parent always comes before its sub-indicators.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The embedded data file; parsed once on first use.
const CATALOGUE_JSON: &str = include_str!("catalogue.json");

/// What an indicator counts, which decides how it is counted and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Distinct persons, split by age and gender category.
    Participants,
    /// Distinct organisations by organisation number (O.2.2).
    Organisations,
    /// Distinct projects (O.2.7: projects where local or regional
    /// authorities are the beneficiary or a partner); no split.
    Projects,
    /// Distinct families named in a family column (R.1.7.2); no split.
    Families,
    /// Distinct items such as information packages or equipment; no split.
    Items,
    /// Reception or detention places; no split.
    Places,
}

impl Unit {
    /// The stable name used in the data file and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Participants => "participants",
            Unit::Organisations => "organisations",
            Unit::Projects => "projects",
            Unit::Families => "families",
            Unit::Items => "items",
            Unit::Places => "places",
        }
    }
}

/// How a result indicator decides that a person counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultRule {
    /// R.2.8: reached CEFR level (or national equivalent) above the initial one.
    LanguageLevel,
    /// R.2.9, R.1.5: more than half of the person's evaluations positive, a tie
    /// decided by the latest.
    Evaluation,
    /// R.1.6: yes/no answered at least three months after the training ended.
    FollowUp,
    /// A plain yes/no per person, counted once.
    YesNo,
}

/// A name in the three languages the tool speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub sv: String,
    pub en: String,
    pub fi: String,
}

impl Names {
    /// The name in `lang` ("sv", "en", "fi"); Swedish for anything else, since
    /// Swedish is the guidance's own language.
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.en,
            "fi" => &self.fi,
            _ => &self.sv,
        }
    }
}

/// One programme indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Canonical code, e.g. `O.2.3.1`.
    pub code: String,
    /// Specific objective 1–4.
    pub objective: u8,
    pub name: Names,
    pub unit: Unit,
    /// The indicator this one is a "varav" (of which) part of.
    pub parent: Option<String>,
    /// Counts only third-country nationals (an EU/EEA citizen is an error).
    pub target_group: bool,
    /// `None` for output indicators.
    pub result: Option<ResultRule>,
}

/// A Finnish implementation-plan action and the indicators the plan attaches to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// E.g. `2D5`.
    pub code: String,
    pub objective: u8,
    pub name: Names,
    /// Indicator codes in catalogue order.
    pub indicators: Vec<String>,
}

/// Action names in the file: the plan gives Swedish only, so `en`/`fi` may be
/// absent and then fall back to Swedish rather than to an invented translation.
#[derive(Deserialize)]
struct RawNames {
    sv: String,
    #[serde(default)]
    en: Option<String>,
    #[serde(default)]
    fi: Option<String>,
}

#[derive(Deserialize)]
struct RawAction {
    code: String,
    objective: u8,
    name: RawNames,
    indicators: Vec<String>,
}

#[derive(Deserialize)]
struct RawCatalogue {
    version: String,
    indicators: Vec<Indicator>,
    actions: Vec<RawAction>,
}

/// The parsed catalogue with its look-up tables.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// The date of the guidelines the catalogue follows, as the stamp of
    /// every aggregates output names it.
    version: String,
    indicators: Vec<Indicator>,
    index: HashMap<String, usize>,
    /// Direct sub-indicators of each indicator, by position.
    children: Vec<Vec<usize>>,
    actions: Vec<Action>,
    /// Upper-case action code → position in `actions`.
    action_index: HashMap<String, usize>,
}

impl Catalogue {
    /// The embedded catalogue, parsed once. Never panics: should the embedded
    /// file not parse (a unit test proves it does), the catalogue is empty and
    /// every indicator column is then simply unknown.
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| Catalogue::parse(CATALOGUE_JSON).unwrap_or_default())
    }

    fn parse(json: &str) -> Result<Catalogue, serde_json::Error> {
        let raw: RawCatalogue = serde_json::from_str(json)?;
        let indicators = raw.indicators;
        let index: HashMap<String, usize> = indicators
            .iter()
            .enumerate()
            .map(|(i, indicator)| (indicator.code.clone(), i))
            .collect();
        let mut children = vec![Vec::new(); indicators.len()];
        for (i, indicator) in indicators.iter().enumerate() {
            if let Some(p) = indicator.parent.as_deref().and_then(|p| index.get(p)) {
                if let Some(list) = children.get_mut(*p) {
                    list.push(i);
                }
            }
        }
        let actions: Vec<Action> = raw
            .actions
            .into_iter()
            .map(|a| {
                let en = a.name.en.unwrap_or_else(|| a.name.sv.clone());
                let fi = a.name.fi.unwrap_or_else(|| a.name.sv.clone());
                Action {
                    code: a.code,
                    objective: a.objective,
                    name: Names {
                        sv: a.name.sv,
                        en,
                        fi,
                    },
                    indicators: a.indicators,
                }
            })
            .collect();
        let action_index = actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.code.to_ascii_uppercase(), i))
            .collect();
        Ok(Catalogue {
            version: raw.version,
            indicators,
            index,
            children,
            actions,
            action_index,
        })
    }

    /// All indicators in catalogue order (the order of the rules' bit sets).
    /// The catalogue's version (the date of the guidelines it follows).
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The entries of an indicator list cell (`O.2.3, O.2.3.1`), separated
    /// by commas, semicolons, slashes or spaces.
    pub fn list_entries<'a>(&'a self, text: &'a str) -> impl Iterator<Item = ListEntry> + 'a {
        text.split(|c: char| matches!(c, ',' | ';' | '/') || c.is_whitespace())
            .filter(|token| !token.is_empty())
            .map(|token| match normalise_code(token) {
                Some(code) => match self.index_of(&code) {
                    Some(index) => ListEntry::Known(index),
                    None => ListEntry::Unknown(code),
                },
                None => ListEntry::NotACode,
            })
    }

    /// Position of the indicator with exactly this canonical code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The indicator with exactly this canonical code.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.index_of(code).and_then(|i| self.indicators.get(i))
    }

    /// All Finnish actions, by code.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The action with this code, as a user types it ("2d5", " 2D5 ").
    pub fn action(&self, code: &str) -> Option<&Action> {
        self.action_index
            .get(&code.trim().to_ascii_uppercase())
            .and_then(|&i| self.actions.get(i))
    }

    /// The direct sub-indicators of `code` ("varav"), in catalogue order.
    pub fn children(&self, code: &str) -> impl Iterator<Item = &Indicator> {
        let positions: &[usize] = self
            .index_of(code)
            .and_then(|i| self.children.get(i))
            .map_or(&[], Vec::as_slice);
        positions.iter().filter_map(|&i| self.indicators.get(i))
    }
}

/// One entry of an indicator list cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEntry {
    /// An indicator of the catalogue, by position.
    Known(usize),
    /// Shaped like a code, but no indicator of the catalogue (`indicator.unknown`).
    Unknown(String),
    /// Not shaped like a code at all (`indicator.value`).
    NotACode,
}

/// A code read from the start of `text`: the canonical code and the number of
/// bytes it took (a trailing dot included). Shape only: letter O or R, an
/// objective 1–4, then one or two dot-separated numbers.
fn parse_code(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let letter = match bytes.first()? {
        b'O' | b'o' => 'O',
        b'R' | b'r' => 'R',
        _ => return None,
    };
    // Between letter and objective users write ".", " ", ". " or nothing
    // (any space: a no-break space from Word is a space too).
    let spaces = |pos: usize| {
        text.get(pos..)
            .map_or(pos, |rest| pos + rest.len() - rest.trim_start().len())
    };
    let mut pos = spaces(1);
    if bytes.get(pos) == Some(&b'.') {
        pos = spaces(pos + 1);
    }
    let objective = match bytes.get(pos) {
        Some(b @ b'1'..=b'4') => b - b'0',
        _ => return None,
    };
    pos += 1;
    let mut numbers: Vec<u16> = Vec::with_capacity(2);
    while bytes.get(pos) == Some(&b'.') {
        let start = pos + 1;
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            break; // a trailing dot, not another number
        }
        if numbers.len() == 2 || end - start > 2 {
            return None;
        }
        let number: u16 = text.get(start..end)?.parse().ok()?;
        if number == 0 {
            return None;
        }
        numbers.push(number);
        pos = end;
    }
    // "O.12.3" or "O.2.3.4.5" are not codes of this shape.
    if numbers.is_empty() || bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
    }
    let mut code = format!("{letter}.{objective}");
    for number in numbers {
        code.push('.');
        code.push_str(&number.to_string());
    }
    Some((code, pos))
}

/// Canonical code from text as users write it in headers or lists: "o.2.3.1" → "O.2.3.1", " O.2.3 " → "O.2.3",
/// "O 2.3.1"/"O2.3.1"/"o.2.3.1." → "O.2.3.1", "R.2.10" stays; None when it is not shaped like an indicator code
/// (letter O or R, objective digit, one or two more numbers). It does NOT check the catalogue.
pub fn normalise_code(text: &str) -> Option<String> {
    let text = text.trim();
    let (code, used) = parse_code(text)?;
    (used == text.len()).then_some(code)
}

/// An indicator code at the start of a header (`O.2.3.1 Varav språkkurser`,
/// `o.2.3`, `R.2.10 Ansökt om…`, `O 2.3`), in canonical form `O.2.3.1`.
/// A letter or digit right after the code (`O.2.3a`) makes it no code.
pub fn code_prefix(header: &str) -> Option<String> {
    let header = header.trim_start();
    let (code, used) = parse_code(header)?;
    let next = header.get(used..).and_then(|rest| rest.chars().next());
    (!next.is_some_and(char::is_alphanumeric)).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        match Catalogue::parse(CATALOGUE_JSON) {
            Ok(c) => c,
            Err(e) => panic!("catalogue.json does not parse: {e}"),
        }
    }

    /// Sort key of the documented order: objective, outputs before results,
    /// then the numbers (so a parent sorts right before its children).
    fn order_key(code: &str) -> (u8, u8, Vec<u16>) {
        let mut parts = code.split('.');
        let kind = u8::from(parts.next() == Some("R"));
        let numbers: Vec<u16> = parts.filter_map(|p| p.parse().ok()).collect();
        (numbers.first().map_or(0, |&o| o as u8), kind, numbers)
    }

    #[test]
    fn embedded_file_parses_and_get_is_not_empty() {
        let parsed = catalogue();
        assert!(!parsed.indicators().is_empty());
        assert_eq!(
            Catalogue::get().indicators().len(),
            parsed.indicators().len()
        );
        assert_eq!(Catalogue::get().actions().len(), parsed.actions().len());
    }

    #[test]
    fn bad_json_is_an_error_not_a_panic() {
        assert!(Catalogue::parse("{").is_err());
        assert!(Catalogue::parse(r#"{"indicators": [], "actions": [{}]}"#).is_err());
        let empty = Catalogue::default();
        assert!(empty.indicators().is_empty());
        assert_eq!(empty.index_of("O.2.3"), None);
        assert_eq!(empty.children("O.2.3").count(), 0);
        assert!(empty.action("2D5").is_none());
    }

    #[test]
    fn at_most_64_indicators() {
        assert!(catalogue().indicators().len() <= 64);
    }

    #[test]
    fn codes_are_unique_canonical_and_match_their_objective() {
        let c = catalogue();
        for (i, ind) in c.indicators().iter().enumerate() {
            assert_eq!(
                normalise_code(&ind.code).as_deref(),
                Some(ind.code.as_str())
            );
            assert_eq!(c.index_of(&ind.code), Some(i), "{} duplicated", ind.code);
            assert!((1..=4).contains(&ind.objective), "{}", ind.code);
            assert_eq!(order_key(&ind.code).0, ind.objective, "{}", ind.code);
        }
    }

    #[test]
    fn order_is_objective_then_outputs_then_results_numerically() {
        let keys: Vec<_> = catalogue()
            .indicators()
            .iter()
            .map(|i| order_key(&i.code))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }

    #[test]
    fn parents_exist_precede_and_share_unit_objective_and_prefix() {
        let c = catalogue();
        for (i, ind) in c.indicators().iter().enumerate() {
            let depth = ind.code.split('.').count();
            match ind.parent.as_deref() {
                None => assert_eq!(depth, 3, "{} needs a parent", ind.code),
                Some(parent) => {
                    assert_eq!(depth, 4, "{}", ind.code);
                    let p = c
                        .index_of(parent)
                        .unwrap_or_else(|| panic!("{}: no parent {parent}", ind.code));
                    assert!(p < i, "{} before its parent", ind.code);
                    let parent = &c.indicators()[p];
                    assert!(parent.parent.is_none(), "{}: nested too deep", ind.code);
                    assert!(ind.code.starts_with(&format!("{}.", parent.code)));
                    // R.1.7.2 counts the families of persons counted under R.1.7.
                    if ind.unit != Unit::Families {
                        assert_eq!(parent.unit, ind.unit, "{}", ind.code);
                    }
                    assert_eq!(parent.objective, ind.objective, "{}", ind.code);
                    assert_eq!(parent.target_group, ind.target_group, "{}", ind.code);
                }
            }
        }
    }

    #[test]
    fn result_rules_only_on_result_indicators() {
        for ind in catalogue().indicators() {
            assert_eq!(
                ind.code.starts_with('R'),
                ind.result.is_some(),
                "{}",
                ind.code
            );
        }
    }

    #[test]
    fn target_group_only_counts_participants() {
        for ind in catalogue().indicators() {
            if ind.target_group {
                assert!(
                    matches!(ind.unit, Unit::Participants | Unit::Families),
                    "{}",
                    ind.code
                );
            }
        }
    }

    #[test]
    fn every_name_is_present_in_every_language() {
        let c = catalogue();
        let names = c
            .indicators()
            .iter()
            .map(|i| (&i.code, &i.name))
            .chain(c.actions().iter().map(|a| (&a.code, &a.name)));
        for (code, name) in names {
            for lang in ["sv", "en", "fi"] {
                let text = name.get(lang);
                assert!(!text.trim().is_empty(), "{code} has no {lang} name");
                assert_eq!(text, text.trim(), "{code} {lang}");
            }
        }
    }

    #[test]
    fn actions_are_consistent() {
        let c = catalogue();
        let mut seen = std::collections::HashSet::new();
        for a in c.actions() {
            let b = a.code.as_bytes();
            assert!(
                b.len() == 3
                    && (b'1'..=b'4').contains(&b[0])
                    && b[1].is_ascii_uppercase()
                    && b[2].is_ascii_digit(),
                "{}",
                a.code
            );
            assert!(seen.insert(a.code.clone()), "{} twice", a.code);
            assert_eq!(a.objective, b[0] - b'0', "{}", a.code);
            let mut last = None;
            for code in &a.indicators {
                let i = c
                    .index_of(code)
                    .unwrap_or_else(|| panic!("{}: unknown {code}", a.code));
                assert!(last < Some(i), "{}: {code} out of order or twice", a.code);
                last = Some(i);
                let ind = &c.indicators()[i];
                assert_eq!(ind.objective, a.objective, "{}: {code}", a.code);
                if let Some(parent) = &ind.parent {
                    assert!(a.indicators.contains(parent), "{}: {code}", a.code);
                }
            }
        }
    }

    #[test]
    fn facts_from_the_seeds() {
        let c = catalogue();
        let ind = |code: &str| {
            c.indicator(code)
                .unwrap_or_else(|| panic!("{code} missing"))
                .clone()
        };
        // Seed 000 (Migrationsverket, SO2).
        assert_eq!(ind("O.2.3.1").parent.as_deref(), Some("O.2.3"));
        assert_eq!(ind("O.2.3.2").parent.as_deref(), Some("O.2.3"));
        assert_eq!(ind("O.2.3.3").parent.as_deref(), Some("O.2.3"));
        assert_eq!(ind("O.2.2").unit, Unit::Organisations);
        // SPEC §4: O.2.7 counts projects, R.1.7.2 families.
        assert_eq!(ind("O.2.7").unit, Unit::Projects);
        assert_eq!(ind("R.1.7.2").unit, Unit::Families);
        assert_eq!(ind("O.2.4").unit, Unit::Items);
        assert_eq!(ind("R.2.8").result, Some(ResultRule::LanguageLevel));
        assert_eq!(ind("R.2.9").result, Some(ResultRule::Evaluation));
        assert_eq!(ind("R.2.10").result, Some(ResultRule::YesNo));
        assert_eq!(ind("R.2.11").result, Some(ResultRule::YesNo));
        assert_eq!(ind("R.1.5").result, Some(ResultRule::Evaluation));
        assert_eq!(ind("R.1.6").result, Some(ResultRule::FollowUp));
        for code in [
            "O.2.1", "O.2.3", "O.2.3.1", "O.2.5", "O.2.6", "R.2.9", "R.2.11",
        ] {
            assert!(ind(code).target_group, "{code}");
        }
        assert_eq!(
            ind("O.2.3.1").name.sv,
            "Varav antal deltagare i språkkurser"
        );
        assert_eq!(ind("O.2.3").name.en, "Number of participants supported");
        // Staff training counts officials, not the fund's target group.
        for code in ["O.1.2", "R.1.5", "R.1.6", "O.3.1", "O.4.1"] {
            assert!(!ind(code).target_group, "{code}");
            assert_eq!(ind(code).unit, Unit::Participants, "{code}");
        }
        // Places and equipment (seed 003).
        for code in ["O.1.3", "O.1.3.1", "O.1.4", "O.1.4.1", "O.3.4", "O.3.5"] {
            assert_eq!(ind(code).unit, Unit::Places, "{code}");
        }
        assert_eq!(ind("O.3.2").unit, Unit::Items);
        assert_eq!(ind("R.1.7.2").parent.as_deref(), Some("R.1.7"));
        // The codes the seeds mention are all there.
        for code in [
            "O.1.1", "O.1.1.1", "O.1.1.3", "O.1.2", "O.1.3", "O.1.3.1", "O.1.4", "O.1.4.1",
            "R.1.5", "R.1.6", "R.1.7", "R.1.7.1", "R.1.7.2", "O.2.1", "O.2.2", "O.2.3", "O.2.3.1",
            "O.2.3.2", "O.2.3.3", "O.2.4", "O.2.5", "O.2.6", "O.2.7", "R.2.8", "R.2.9", "R.2.10",
            "R.2.11", "O.3.1", "O.3.2", "O.3.3", "O.3.4", "O.3.5", "R.3.6", "R.3.7", "R.3.8",
        ] {
            assert!(c.index_of(code).is_some(), "{code}");
        }
        assert_eq!(c.index_of("O.1.5"), None);
    }

    #[test]
    fn actions_as_seed_003_lists_them() {
        let c = catalogue();
        let list = |code: &str| -> Vec<&str> {
            c.action(code)
                .unwrap_or_else(|| panic!("{code} missing"))
                .indicators
                .iter()
                .map(String::as_str)
                .collect()
        };
        assert_eq!(
            list("2D5"),
            [
                "O.2.2", "O.2.3", "O.2.3.1", "O.2.3.2", "O.2.3.3", "O.2.5", "O.2.6", "O.2.7",
                "R.2.8", "R.2.9", "R.2.10", "R.2.11"
            ]
        );
        assert_eq!(list("2d5"), list(" 2D5 "));
        assert_eq!(list("2D1"), ["O.2.2", "O.2.7"]);
        assert_eq!(
            list("2D8"),
            ["O.2.2", "O.2.3", "O.2.3.3", "O.2.7", "R.2.9", "R.2.11"]
        );
        assert_eq!(list("1A2"), ["O.1.2", "R.1.5", "R.1.6"]);
        // The seed's "O.1.5" under 1A1 is O.1.4.1 (same text as elsewhere).
        assert!(list("1A1").contains(&"O.1.4.1"));
        // 2D2 lists O.2.3.2 by its text only.
        assert!(list("2D2").contains(&"O.2.3.2"));
        assert_eq!(list("3D1"), ["O.3.1", "O.3.2", "R.3.7"]);
        assert!(list("1A4").is_empty());
        assert!(list("2B1").is_empty());
        assert_eq!(c.action("2D5").map(|a| a.objective), Some(2));
        let a = c.action("2D5").map(|a| a.name.clone());
        assert_eq!(
            a.as_ref().map(|n| n.sv.as_str()),
            Some("Avlägsnande av hinder för invandrarkvinnornas sysselsättning och stärkande av deras funktionsförmåga")
        );
        // No Finnish or English given: the Swedish name stands in.
        assert_eq!(a.as_ref().map(|n| n.fi == n.sv && n.en == n.sv), Some(true));
        assert!(c.action("2D10").is_none());
        assert!(c.action("").is_none());
        assert_eq!(c.actions().len(), 29);
    }

    #[test]
    fn children_are_direct_sub_indicators() {
        let c = catalogue();
        let codes =
            |code: &str| -> Vec<String> { c.children(code).map(|i| i.code.clone()).collect() };
        assert_eq!(codes("O.2.3"), ["O.2.3.1", "O.2.3.2", "O.2.3.3"]);
        assert_eq!(codes("O.1.1"), ["O.1.1.1", "O.1.1.2", "O.1.1.3"]);
        assert_eq!(codes("R.1.7"), ["R.1.7.1", "R.1.7.2"]);
        assert!(codes("O.2.3.1").is_empty());
        assert!(codes("O.9.9").is_empty());
    }

    #[test]
    fn names_by_language() {
        let n = Names {
            sv: "s".into(),
            en: "e".into(),
            fi: "f".into(),
        };
        assert_eq!(
            [
                n.get("sv"),
                n.get("en"),
                n.get("fi"),
                n.get("de"),
                n.get("")
            ],
            ["s", "e", "f", "s", "s"]
        );
        assert_eq!(Unit::Participants.as_str(), "participants");
        assert_eq!(Unit::Organisations.as_str(), "organisations");
        assert_eq!(Unit::Items.as_str(), "items");
        assert_eq!(Unit::Places.as_str(), "places");
        for unit in [
            Unit::Participants,
            Unit::Organisations,
            Unit::Items,
            Unit::Places,
        ] {
            let json = serde_json::to_string(&unit).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", unit.as_str()));
        }
        assert_eq!(
            serde_json::to_string(&ResultRule::LanguageLevel).unwrap_or_default(),
            "\"language_level\""
        );
    }

    #[test]
    fn normalise_code_accepts_how_users_write_codes() {
        for (text, code) in [
            ("o.2.3.1", "O.2.3.1"),
            (" O.2.3 ", "O.2.3"),
            ("O 2.3.1", "O.2.3.1"),
            ("O2.3.1", "O.2.3.1"),
            ("o.2.3.1.", "O.2.3.1"),
            ("O. 2.3.1", "O.2.3.1"),
            ("R.2.10", "R.2.10"),
            ("r.1.7.2", "R.1.7.2"),
            ("O.2.03", "O.2.3"),
            ("R.4.3", "R.4.3"),
        ] {
            assert_eq!(normalise_code(text).as_deref(), Some(code), "{text:?}");
        }
    }

    #[test]
    fn normalise_code_rejects_what_is_not_a_code() {
        for text in [
            "",
            "O",
            "O.",
            "O.2",
            "O.2.",
            "O.5.1",
            "O.0.1",
            "O.12.3",
            "O.2.0",
            "Ort",
            "Omar",
            "2.3.1",
            "X.2.3",
            "O.2.3.1.4",
            "O.2.3.1 Varav",
            "O..2.3",
            "O.2..3",
            "O.2.3 .1",
            "O.2.3.1..",
            "Ö.2.3",
            "O.2.1234",
            "O-2.3",
        ] {
            assert_eq!(normalise_code(text), None, "{text:?}");
        }
    }

    #[test]
    fn code_prefix_finds_the_code_a_header_starts_with() {
        for (header, code) in [
            ("O.2.3.1 Varav språkkurser", Some("O.2.3.1")),
            ("O.2.3 – Antal deltagare", Some("O.2.3")),
            ("O.2.3.1Varav", None),
            ("  r.2.10: Ansökt om erkännande", Some("R.2.10")),
            ("O.2.3.1. Varav", Some("O.2.3.1")),
            ("O 2.3.1 (språk)", Some("O.2.3.1")),
            ("O.2.3", Some("O.2.3")),
            ("O\u{a0}2.3.1 Varav", Some("O.2.3.1")),
            ("O.2.3\tAntal", Some("O.2.3")),
            ("O.2.3.1.Varav", None),
            ("O.2.3a", None),
            ("Organisation", None),
            ("Omar", None),
            ("Ort", None),
            ("O.5.1 Antal", None),
            ("O.2 Antal", None),
            ("O.2.3.1.4 Antal", None),
            ("2.3.1 Antal", None),
            ("Indikatorer", None),
            ("", None),
        ] {
            assert_eq!(code_prefix(header).as_deref(), code, "{header:?}");
        }
    }
}
