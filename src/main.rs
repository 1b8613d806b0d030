//! The `amif-check` command: a thin shell around the library.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

/// `wasm-pack test` builds every target for wasm32; the command is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}
