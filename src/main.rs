//! The `threatcanvas` binary: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::Parser as _;
use threatcanvas::app::RunError;
use threatcanvas::cli::{self, Args};

fn main() -> ExitCode {
    let args = Args::parse();
    match &args.command {
        Some(command) => cli::run(command),
        None => match threatcanvas::app::run(args.file.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let hint = match &e {
                    RunError::Load(_) => "fix the file, or open another one",
                    RunError::Window(_) => {
                        "with no display, use `threatcanvas export FILE --all -o out/` to export headlessly"
                    }
                };
                cli::report_error(&e, Some(hint));
                ExitCode::from(cli::EXIT_ERROR)
            }
        },
    }
}
