//! Replays the checked-in fuzz corpus (fuzz/corpus/<target>/) and the inputs
//! that once broke something (fuzz/regressions/<target>/) through the same
//! invariants the fuzz targets check, so the normal test command covers them
//! without nightly Rust or cargo-fuzz.
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
