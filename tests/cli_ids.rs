//! The `amif-check ids` command as a user runs it.
// Tests may fail loudly.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]
#![cfg(not(target_arch = "wasm32"))] // proptest and processes are native only

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amif-check"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start amif-check: {e}"));
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("amif-check did not finish: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn one_tab_separated_line_per_input_line() {
    let input = "811218-9876\n\n   \n811278-9873\r\n12-345678\nannsan19990801\n811218-9875\n811232-9876\nhello";
    let output = run(&["ids", "--reference-date", "2026-11-22"], input);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "1\tvalid\t198112189876\tpersonnummer\n\
         2\tinvalid\t\tid.missing\n\
         3\tinvalid\t\tid.missing\n\
         4\tvalid\t198112789873\tsamordningsnummer\n\
         5\tvalid\t12345678\tlma\n\
         6\tvalid\tANNSAN19990801\tinternal\n\
         7\tinvalid\t\tid.checksum\n\
         8\tinvalid\t\tid.date\n\
         9\tinvalid\t\tid.format\n"
    );
}

#[test]
fn finland_and_organisations() {
    let output = run(
        &[
            "ids",
            "--reference-date",
            "2026-11-22",
            "--country",
            "fi",
            "-",
        ],
        "131052y308t\n811218-9876\n",
    );
    assert_eq!(
        stdout(&output),
        "1\tvalid\t131052-308T\thenkilötunnus\n2\tinvalid\t\tid.date\n"
    );
    let output = run(
        &["ids", "--reference-date", "2026-11-22", "--context", "org"],
        "202100-2163\n2021002163\n811218-9876\n",
    );
    assert_eq!(
        stdout(&output),
        "1\tvalid\t202100-2163\torganisationsnummer\n\
         2\tvalid\t202100-2163\torganisationsnummer\n\
         3\tinvalid\t\tid.format\n"
    );
    let output = run(
        &["ids", "--context", "org", "--country", "fi"],
        "1019252-8\n",
    );
    assert_eq!(stdout(&output), "1\tvalid\t1019252-8\ty-tunnus\n");
}

#[test]
fn reads_a_file() {
    let dir = std::env::temp_dir().join(format!("amif-ids-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("ids.txt");
    let _ = std::fs::write(&path, "\u{feff}121212-1212\n121212+1212\n");
    let output = run(
        &[
            "ids",
            "--reference-date",
            "2026-11-22",
            &path.to_string_lossy(),
        ],
        "",
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        stdout(&output),
        "1\tvalid\t201212121212\tpersonnummer\n2\tvalid\t191212121212\tpersonnummer\n"
    );
}

#[test]
fn bad_usage_is_one_line_and_exit_2() {
    for args in [
        vec!["ids", "--reference-date", "2026-02-30"],
        vec!["ids", "--country", "no"],
        vec!["ids", "--bogus"],
        vec!["ids", "/no/such/file"],
    ] {
        let output = run(&args, "");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("amif-check: "), "{stderr}");
    }
    // A PDF or a workbook given as the list: said to be one, nothing checked.
    for (input, said) in [
        ("%PDF-1.7\n811218-9876\n", "a PDF"),
        ("PK\u{3}\u{4}\u{0}\u{0}\u{0}", "not text"),
    ] {
        let output = run(&["ids"], input);
        assert_eq!(output.status.code(), Some(2), "{said}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(said));
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_explains_output_and_codes() {
    let output = run(&["ids", "--help"], "");
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for needle in [
        "--reference-date",
        "--country",
        "--context",
        "id.checksum",
        "henkilötunnus",
        "y-tunnus",
    ] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
}
