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
