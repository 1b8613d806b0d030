//! The `amif-check` command: a thin shell around the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
