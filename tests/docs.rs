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

/// The npm README's aggregates example is what `report --format json`
/// prints for `tests/fixtures/messy_register.csv`, but for the indicators
/// after the first, which it leaves out.
#[test]
fn npm_readme_example_is_the_reports_output() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme =
        std::fs::read_to_string(format!("{root}/pkg-templates/npm/README.md")).unwrap_or_default();
    let block = readme
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap_or_default();
    let example: serde_json::Value = serde_json::from_str(block).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_amif-check"))
        .args(["report", "tests/fixtures/messy_register.csv"])
        .args(["--reference-date", "2026-11-22", "--format", "json"])
        .current_dir(root)
        .output()
        .unwrap();
    let mut printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let shown = example["indicators"].as_array().map_or(0, Vec::len);
    if let Some(indicators) = printed["indicators"].as_array_mut() {
        indicators.truncate(shown);
    }
    assert_eq!(example, printed, "pkg-templates/npm/README.md's example");
}
