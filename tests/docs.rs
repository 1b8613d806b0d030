//! The README says what the core does: its table of diagnostic codes is the
//! core's own, code for code and severity for severity.

use amif_check::diagnostic::CODES;

#[test]
fn readme_lists_every_diagnostic_code_with_its_severity() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_default();
    let listed: Vec<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix("| `")?.split(" | ");
            let code = cells.next()?.strip_suffix('`')?;
            let severity = cells.next()?;
            ["error", "warning", "info"]
                .contains(&severity)
                .then(|| (code.to_string(), severity.to_string()))
        })
        .collect();
    let core: Vec<(String, String)> = CODES
        .iter()
        .map(|(code, severity)| (code.to_string(), severity.as_str().to_string()))
        .collect();
    assert_eq!(
        listed, core,
        "README.md's table of codes against diagnostic::CODES"
    );
}
