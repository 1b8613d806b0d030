//! What a column holds.

/// The five areas of an R.2.9 evaluation; two or more marked = positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegrationArea {
    LabourMarket,
    Language,
    Community,
    Housing,
    Health,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    // Participants (and the ID in evaluations).
    Id,
    FirstName,
    LastName,
    BirthDate,
    Gender,
    StartDate,
    EndDate,
    Citizenship,
    UnaccompaniedMinor,
    /// A yes/no column headed by an indicator code (`O.2.3.1 Varav språkkurser`).
    Indicator(String),
    /// One column listing indicator codes.
    IndicatorList,
    /// R.2.8: CEFR level at the start and the level reached.
    LanguageLevelStart,
    LanguageLevelEnd,
    /// R.1.6: when the follow-up question was answered.
    FollowUpDate,
    // Evaluations (R.2.9, R.1.5).
    EvaluationDate,
    /// Which result indicator the evaluation is for (`R.2.9` / `R.1.5`).
    EvaluationIndicator,
    /// A yes/no answer (R.1.5 "useful for work", or R.2.9 as one answer).
    EvaluationAnswer,
    Area(IntegrationArea),
    // Organisations (O.2.2, O.2.7).
    OrgNumber,
    OrgName,
    OrgType,
    // Items (O.2.4).
    ItemName,
}
