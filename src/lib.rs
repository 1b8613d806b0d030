//! amif-check: the participant-register validator and indicator calculator
//! for beneficiaries of the EU Asylum, Migration and Integration Fund
//! (AMIF 2021–2027) in Sweden and Finland. It reads a register (CSV, XLSX,
//! ODS; XLS natively), checks every row against the fund's rules and counts
//! the unique participants each programme indicator reached, by age
//! category and gender. Everything runs on the user's machine; only the
//! aggregates, which hold no identifier, are meant to leave it.
//!
//! The layers run one way, each knowing only those before it:
//!
//! - [`ids`] and [`catalogue`]: identifiers of persons and organisations,
//!   and the indicators and actions as data;
//! - [`register`]: bytes to rows (formats, encodings, header search, column
//!   mapping, cell values), with no file system;
//! - [`rules`]: rows to persons, findings and counts (SPEC §4);
//! - [`output`]: what the tool writes (aggregates with their stamp,
//!   findings, the marked workbook, the template, the comparison);
//! - [`api`]: the one entry point the shells share; [`options`] parses
//!   options as people write them, for the CLI and the WebAssembly API alike;
//! - the shells: the `amif-check` binary and, in WebAssembly, `wasm`.
//!
//! [`diagnostic`] and [`messages`] run alongside: what is wrong and where,
//! and how to say it in Swedish, Finnish and English.
//!
//! ```
//! use amif_check::{validate, Lang, Options, ReadOptions, RuleOptions};
//!
//! let register = "Personnummer;Kön;Startdatum;O.2.3 Deltagare\n\
//!                 19811218-9876;Man;2025-02-03;Ja\n";
//! let reference_date = amif_check::dates::parse("2025-06-30").unwrap();
//! let options = Options {
//!     rules: RuleOptions::new(reference_date),
//!     read: ReadOptions::default(),
//!     lang: Lang::En,
//! };
//! let validation = validate(register.as_bytes(), &[], &options).unwrap();
//! let aggregates = validation.aggregates();
//! let o23 = aggregates.indicators.iter().find(|i| i.code == "O.2.3").unwrap();
//! assert_eq!(o23.total, 1);
//! assert!(!validation.has_errors());
//! ```

pub mod api;
pub mod catalogue;
pub mod dates;
pub mod diagnostic;
pub mod ids;
pub mod messages;
pub mod options;
pub mod output;
mod pipeline;
pub mod register;
pub mod rules;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use api::{validate, Options, Validation};
pub use diagnostic::{Diagnostic, Severity};
pub use ids::Country;
pub use messages::Lang;
pub use output::aggregates::Aggregates;
pub use register::{ReadError, ReadOptions};
pub use rules::RuleOptions;
