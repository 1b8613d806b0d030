//! What changed since the last report (made by [`super::compare`]): for
//! each indicator and each period of an earlier aggregates file, the figure
//! then, the figure now and the difference, and, when the earlier register
//! is at hand too, why: persons counted, never listed.

use crate::messages::Lang;
use serde::{Deserialize, Serialize};

/// Why an earlier aggregates file cannot be compared with (the figures of
/// this run stand all the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Not JSON, or damaged.
    NotJson,
    /// JSON, but no aggregates of amif-check.
    OtherTool,
    /// Aggregates of another schema version.
    OtherSchema,
    /// Counted for another project period.
    OtherProjectPeriod,
    /// Counted for another country.
    OtherCountry,
    /// The earlier register given is not the one the file was counted
    /// from: differences are shown, reasons are not.
    PreviousRegisterNotStamped,
}

impl Problem {
    pub fn message(self, lang: Lang) -> &'static str {
        let (sv, en, fi) = match self {
            Problem::NotJson => (
                "Den förra aggregatfilen kan inte läsas (inte JSON, eller skadad). Jämförelsen görs inte; siffrorna ovan gäller registret nu.",
                "The earlier aggregates file cannot be read (not JSON, or damaged). No comparison is made; the figures above are the register's now.",
                "Aiempaa koostetiedostoa ei voi lukea (ei JSON tai vioittunut). Vertailua ei tehdä; yllä olevat luvut ovat rekisterin nykyiset.",
            ),
            Problem::OtherTool => (
                "Den förra filen är inte aggregat från amif-check. Jämförelsen görs inte.",
                "The earlier file is not aggregates of amif-check. No comparison is made.",
                "Aiempi tiedosto ei ole amif-checkin koosteita. Vertailua ei tehdä.",
            ),
            Problem::OtherSchema => (
                "Den förra aggregatfilen har ett annat format (schema_version) än den här versionen läser. Jämförelsen görs inte.",
                "The earlier aggregates file has another format (schema_version) than this version reads. No comparison is made.",
                "Aiemmalla koostetiedostolla on eri muoto (schema_version) kuin tämä versio lukee. Vertailua ei tehdä.",
            ),
            Problem::OtherProjectPeriod => (
                "Den förra aggregatfilen räknades för en annan projektperiod. Jämförelsen görs inte: välj samma projektperiod.",
                "The earlier aggregates file was counted for another project period. No comparison is made: choose the same project period.",
                "Aiempi koostetiedosto laskettiin eri hankekaudelle. Vertailua ei tehdä: valitse sama hankekausi.",
            ),
            Problem::OtherCountry => (
                "Den förra aggregatfilen gäller ett annat land. Jämförelsen görs inte.",
                "The earlier aggregates file is for another country. No comparison is made.",
                "Aiempi koostetiedosto koskee eri maata. Vertailua ei tehdä.",
            ),
            Problem::PreviousRegisterNotStamped => (
                "Det förra registret är inte filen som den förra rapporten räknades från. Skillnaderna visas, men inte orsakerna.",
                "The earlier register is not the file the earlier report was counted from. The differences are shown, the reasons are not.",
                "Aiempi rekisteri ei ole tiedosto, josta aiempi raportti laskettiin. Erot näytetään, syyt eivät.",
            ),
        };
        match lang {
            Lang::Sv => sv,
            Lang::En => en,
            Lang::Fi => fi,
        }
    }
}

/// Why a figure changed: persons, counted per reason. Then, plus what came
/// in, less what went out, is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reasons {
    /// Counted here now, and counted nowhere under the indicator then (a
    /// row added or fixed).
    pub now_counted: u32,
    /// Counted here then, and nowhere now (a row now in error, a person
    /// conflict, a row removed).
    pub no_longer_counted: u32,
    /// Counted here now, in a later period then: a row added or corrected
    /// with an earlier start date.
    pub from_later_period: u32,
    /// Counted here then, in an earlier period now (the same reason, seen
    /// from the later period).
    pub to_earlier_period: u32,
    /// Counted here now, in an earlier period then (an earlier row removed
    /// or now in error).
    pub from_earlier_period: u32,
    /// Counted here then, in a later period now.
    pub to_later_period: u32,
    /// Counted here then and now, in another age category (a birth date
    /// corrected): the total stays, the age split changes.
    pub age_category_changed: u32,
}

impl Reasons {
    pub(crate) fn came(&self) -> u32 {
        self.now_counted + self.from_later_period + self.from_earlier_period
    }

    pub(crate) fn went(&self) -> u32 {
        self.no_longer_counted + self.to_earlier_period + self.to_later_period
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorChange {
    pub code: String,
    pub then: u32,
    pub now: u32,
    pub difference: i64,
    /// Persons counted per reason; `null` without the earlier register, and
    /// for what is not counted in persons.
    pub reasons: Option<Reasons>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodChange {
    /// `null` for the whole register (the earlier file had no periods).
    pub from: Option<String>,
    pub to: Option<String>,
    pub indicators: Vec<IndicatorChange>,
}

/// The comparison with an earlier report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The earlier file's report date, when it could be read.
    pub previous_reference_date: Option<String>,
    /// Why there is no comparison, or why it has no reasons.
    pub problem: Option<Problem>,
    /// Whether the reasons were told (both registers were at hand).
    pub reasons_known: bool,
    pub periods: Vec<PeriodChange>,
}

impl Comparison {
    /// No comparison, for `problem`; `previous_reference_date`: the earlier
    /// file's, when it could be read.
    pub fn refused(problem: Problem, previous_reference_date: Option<String>) -> Comparison {
        Comparison {
            previous_reference_date,
            problem: Some(problem),
            reasons_known: false,
            periods: Vec::new(),
        }
    }
}
