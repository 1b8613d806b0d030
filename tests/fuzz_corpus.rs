//! Replays the checked-in fuzz corpus (fuzz/corpus/<target>/) and the inputs
//! that once broke something (fuzz/regressions/<target>/) through the same
//! invariants the fuzz targets check, so the normal test command covers them
//! without nightly Rust or cargo-fuzz. The registers in tests/fixtures (the
//! fuzzing seeds, too large to keep twice) go through them as well.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../fuzz/invariants.rs"]
mod invariants;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).expect("corpus file");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} broke an invariant", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn csv_corpus() {
    replay("csv", invariants::csv);
}

#[test]
fn spreadsheet_corpus() {
    replay("spreadsheet", invariants::spreadsheet);
}

#[test]
fn ids_corpus() {
    replay("ids", invariants::ids);
}

#[test]
fn pipeline_corpus() {
    replay("pipeline", invariants::pipeline);
}

#[test]
fn fixtures_keep_the_invariants() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut count = 0;
    for entry in std::fs::read_dir(fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["csv", "xlsx", "xls", "ods"].contains(&extension) {
            continue;
        }
        let data = std::fs::read(&path).expect("fixture");
        // The spreadsheet target's first byte 0 means the raw bytes.
        let raw = [&[0u8][..], &data].concat();
        for (check, input) in [
            (invariants::pipeline as fn(&[u8]), &data),
            (invariants::spreadsheet, &raw),
        ] {
            let outcome = std::panic::catch_unwind(|| check(input));
            assert!(outcome.is_ok(), "{} broke an invariant", path.display());
        }
        count += 1;
    }
    assert!(count >= 10, "fixtures found: {count}");
}
