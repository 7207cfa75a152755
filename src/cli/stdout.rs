//! Standard output of the headless commands, in one place.
//!
//! A reader that goes away (`threatcanvas threats model.json | head -1`) is how a pipeline
//! ends, not a fault: the rest of the output is dropped, nothing is said, and the command ends
//! with the exit code its work earned, so a closed pipe never turns success into failure. (Unix
//! tools are stopped by SIGPIPE there; Rust ignores that signal, so without this every write
//! failed with "Broken pipe" or `println!` panicked.) Any other failure to write, such as a
//! full disk under `> table.csv`, is an error: reported once, exit 2.

use std::fmt;
use std::io::{self, Write};

use super::{EXIT_ERROR, report_error};

/// Where a command prints; see the module documentation for what a failed write does.
pub(super) struct Stdout {
    sink: Box<dyn Write>,
    state: State,
}

enum State {
    /// Writes go through.
    Open,
    /// The reader went away; later writes are dropped.
    Closed,
    /// A write failed for another reason; later writes are dropped and the command fails.
    Failed(io::Error),
}

impl Stdout {
    /// The process's standard output, locked for the command.
    pub(super) fn new() -> Self {
        Self::to(Box::new(io::stdout().lock()))
    }

    /// Printing into `sink`.
    fn to(sink: Box<dyn Write>) -> Self {
        Self { sink, state: State::Open }
    }

    /// Prints `text` as it is.
    pub(super) fn print(&mut self, text: &str) {
        self.write(format_args!("{text}"));
    }

    /// Prints `line` and a newline.
    pub(super) fn line(&mut self, line: fmt::Arguments<'_>) {
        self.write(format_args!("{line}\n"));
    }

    fn write(&mut self, args: fmt::Arguments<'_>) {
        if let State::Open = self.state
            && let Err(e) = self.sink.write_fmt(args)
        {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: io::Error) {
        self.state = if e.kind() == io::ErrorKind::BrokenPipe { State::Closed } else { State::Failed(e) };
    }

    /// Flushes what is buffered and returns the command's exit `code`, or [`EXIT_ERROR`] after
    /// reporting a write that failed for any reason but a closed pipe.
    pub(super) fn finish(mut self, code: u8) -> u8 {
        if let State::Open = self.state
            && let Err(e) = self.sink.flush()
        {
            self.fail(e);
        }
        match self.state {
            State::Open | State::Closed => code,
            State::Failed(e) => {
                report_error(&format_args!("standard output: {e}"), None);
                EXIT_ERROR
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::io::{self, Write};
    use std::rc::Rc;

    use super::Stdout;
    use crate::cli::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

    /// A writer that fails every write with `kind` and counts the attempts.
    struct Failing {
        kind: io::ErrorKind,
        writes: Rc<Cell<usize>>,
    }

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            self.writes.set(self.writes.get() + 1);
            Err(self.kind.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn failing(kind: io::ErrorKind) -> (Stdout, Rc<Cell<usize>>) {
        let writes = Rc::new(Cell::new(0));
        (Stdout::to(Box::new(Failing { kind, writes: Rc::clone(&writes) })), writes)
    }

    #[test]
    fn a_closed_pipe_drops_the_rest_and_keeps_the_commands_exit_code() {
        for code in [EXIT_OK, EXIT_FINDINGS] {
            let (mut out, writes) = failing(io::ErrorKind::BrokenPipe);
            out.print("a");
            out.line(format_args!("b {}", 1));
            assert_eq!(writes.get(), 1, "nothing is written after the pipe closed");
            assert_eq!(out.finish(code), code);
        }
    }

    #[test]
    fn any_other_write_error_fails_the_command() {
        let (mut out, writes) = failing(io::ErrorKind::StorageFull);
        out.print("a");
        out.print("b");
        assert_eq!(writes.get(), 1);
        assert_eq!(out.finish(EXIT_OK), EXIT_ERROR);
    }
}
