//! The individual-level report for Migrationsverket's form: one line per
//! person and indicator with ID, age category and gender category. It holds
//! personal data, so it is made only when asked for.

use super::csv_safe;
use crate::messages::Lang;
use crate::rules::IndividualRecord;

pub fn to_csv(records: &[IndividualRecord], lang: Lang) -> String {
    let header = match lang {
        Lang::Sv => ["ID", "Ålderskategori", "Kön", "Indikator"],
        Lang::En => ["ID", "Age category", "Gender", "Indicator"],
        Lang::Fi => ["Tunniste", "Ikäluokka", "Sukupuoli", "Indikaattori"],
    }
    .map(str::to_string);
    let mut sorted: Vec<&IndividualRecord> = records.iter().collect();
    sorted.sort_by(|a, b| (&a.indicator, &a.id).cmp(&(&b.indicator, &b.id)));
    let rows = sorted.into_iter().map(|r| {
        [
            r.id.clone(),
            r.age.as_str().to_string(),
            r.gender.as_str().to_string(),
            r.indicator.clone(),
        ]
    });
    csv_safe::write(std::iter::once(header).chain(rows))
}
