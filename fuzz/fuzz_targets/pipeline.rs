#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(init: invariants::fuzz_init(), |data: &[u8]| invariants::pipeline(data));
