//! The `threatcanvas` binary: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::Parser as _;
use threatcanvas::cli::{self, Args};

fn main() -> ExitCode {
    let args = Args::parse();
    match &args.command {
        Some(command) => cli::run(command),
        None => threatcanvas::app::run(args.file.as_deref()),
    }
}
