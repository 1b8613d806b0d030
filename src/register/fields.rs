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
    /// R.1.7.2: the family a participant belongs to (any text naming it).
    Family,
    // Evaluations (R.2.9, R.1.5).
    EvaluationDate,
    /// Which result indicator the evaluation is for (`R.2.9` / `R.1.5`).
    EvaluationIndicator,
    /// A yes/no answer (R.1.5 "useful for work", or R.2.9 as one answer).
    EvaluationAnswer,
    Area(IntegrationArea),
    /// A name column: an organisation's in an organisations table, an
    /// item's in an items table (`Namn`, `Nimi`, `Name`).
    Name,
    // Organisations (O.2.2, O.2.7).
    OrgNumber,
    OrgName,
    OrgType,
    /// The beneficiary (stödmottagare) or a project partner; empty = neither.
    Role,
    /// Yes/no: a local or regional authority.
    LocalAuthority,
    /// The project an organisation takes part in (O.2.7 counts projects).
    Project,
    // Items (O.2.4, O.3.2).
    ItemName,
    /// An item's inventory number: items are counted by it where there is one.
    InventoryNumber,
}

impl IntegrationArea {
    /// Stable key (`labour_market`, `language`, …).
    pub fn key(self) -> &'static str {
        match self {
            IntegrationArea::LabourMarket => "labour_market",
            IntegrationArea::Language => "language",
            IntegrationArea::Community => "community",
            IntegrationArea::Housing => "housing",
            IntegrationArea::Health => "health",
        }
    }
}

impl Field {
    /// A field named by its stable key ([`Field::key`]), by any header word
    /// the reader recognises for it in any table (`Kön`, `gender`,
    /// `sukupuoli`, `Personnummer`), or by an indicator code (`O.2.3.1`).
    /// Case, accents and spacing do not matter.
    pub fn parse(name: &str) -> Option<Field> {
        super::header::parse_field(name)
    }

    /// The fields a participant column can hold, in the order a mapping
    /// list shows them: the person's columns, then every participant
    /// indicator of the catalogue.
    pub fn participant_fields() -> Vec<Field> {
        let mut fields = vec![
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
            Field::LanguageLevelStart,
            Field::LanguageLevelEnd,
            Field::FollowUpDate,
            Field::Family,
        ];
        let catalogue = crate::catalogue::Catalogue::get();
        fields.extend(
            catalogue
                .indicators()
                .iter()
                .filter(|i| i.unit == crate::catalogue::Unit::Participants)
                .map(|i| Field::Indicator(i.code.clone())),
        );
        fields
    }

    /// Stable key for options and outputs: `id`, `gender`,
    /// `indicator:O.2.3.1`, `area:labour_market`, …
    pub fn key(&self) -> String {
        let key = match self {
            Field::Id => "id",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::BirthDate => "birth_date",
            Field::Gender => "gender",
            Field::StartDate => "start_date",
            Field::EndDate => "end_date",
            Field::Citizenship => "citizenship",
            Field::UnaccompaniedMinor => "unaccompanied_minor",
            Field::Indicator(code) => return format!("indicator:{code}"),
            Field::IndicatorList => "indicators",
            Field::LanguageLevelStart => "language_level_start",
            Field::LanguageLevelEnd => "language_level_end",
            Field::FollowUpDate => "follow_up_date",
            Field::Family => "family",
            Field::EvaluationDate => "evaluation_date",
            Field::EvaluationIndicator => "evaluation_indicator",
            Field::EvaluationAnswer => "evaluation_answer",
            Field::Area(area) => return format!("area:{}", area.key()),
            Field::Name => "name",
            Field::OrgNumber => "org_number",
            Field::OrgName => "org_name",
            Field::OrgType => "org_type",
            Field::Role => "role",
            Field::LocalAuthority => "local_authority",
            Field::Project => "project",
            Field::ItemName => "item_name",
            Field::InventoryNumber => "inventory_number",
        };
        key.to_string()
    }
}
