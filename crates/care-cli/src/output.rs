//! Every write of the command to standard output and standard error goes through here (the
//! `print!` family is denied in this crate), so that no write can panic and none can fail
//! unnoticed:
//! - a reader that stops early (`care eval … | head -1`) closes the pipe: that is not an error of
//!   ours, so later writes are dropped quietly and the exit code stays what the command decided;
//! - any other failure (a full disk behind `> report.json`, a closed standard error) makes the
//!   command exit 6, with a message on standard error when it can still be written.

use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;

const OK: u8 = 0;
const CLOSED: u8 = 1;
const FAILED: u8 = 2;

/// The state of each stream: OK, CLOSED (a closed pipe) or FAILED.
static STDOUT: AtomicU8 = AtomicU8::new(OK);
static STDERR: AtomicU8 = AtomicU8::new(OK);
/// The first error of standard output, to report at the end.
static FIRST_ERROR: Mutex<Option<String>> = Mutex::new(None);

#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

impl Stream {
    fn state(self) -> &'static AtomicU8 {
        match self {
            Stream::Out => &STDOUT,
            Stream::Err => &STDERR,
        }
    }

    fn record(self, result: std::io::Result<()>) {
        let Err(e) = result else { return };
        let state = if e.kind() == std::io::ErrorKind::BrokenPipe {
            CLOSED
        } else {
            FAILED
        };
        self.state().fetch_max(state, Ordering::Relaxed);
        if matches!(self, Stream::Out) {
            if let Ok(mut first) = FIRST_ERROR.lock() {
                first.get_or_insert_with(|| e.to_string());
            }
        }
    }

    fn write(self, bytes: &[u8]) {
        if self.state().load(Ordering::Relaxed) != OK {
            return; // closed or failed: nothing more goes there
        }
        let result = match self {
            Stream::Out => std::io::stdout().lock().write_all(bytes),
            Stream::Err => std::io::stderr().lock().write_all(bytes),
        };
        self.record(result);
    }
}

/// Writes to standard output.
pub fn out(text: &str) {
    Stream::Out.write(text.as_bytes());
}

/// Writes to standard error.
pub fn err(text: &str) {
    Stream::Err.write(text.as_bytes());
}

/// Writes `text` and a newline to standard output.
pub fn line(text: &str) {
    out(text);
    out("\n");
}

/// A [`Write`] to standard output that records its failures like [`out`]; its own results are
/// always `Ok`, so callers need not (and should not) handle them.
pub struct Stdout;

/// A [`Write`] to standard error, like [`Stdout`].
pub struct Stderr;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Stream::Out.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Stream::Out.record(std::io::stdout().lock().flush());
        Ok(())
    }
}

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Stream::Err.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The exit code once the command is done: flushes standard output, and turns a failed write
/// into exit 6 (a closed pipe keeps the command's own code).
pub fn finish(code: i32) -> i32 {
    if STDOUT.load(Ordering::Relaxed) == OK {
        Stream::Out.record(std::io::stdout().lock().flush());
    }
    if STDOUT.load(Ordering::Relaxed) == FAILED {
        let why = FIRST_ERROR
            .lock()
            .ok()
            .and_then(|e| e.clone())
            .unwrap_or_default();
        let line = crate::ui::error("cli-cannot-write-output", &[("reason", &why)]);
        err(&format!("{line}\n"));
        return crate::exit::IO;
    }
    if STDERR.load(Ordering::Relaxed) == FAILED {
        return crate::exit::IO;
    }
    code
}

/// `print!` to standard output, through [`out`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::out(&format!($($arg)*)) };
}

/// `println!` to standard output, through [`out`].
#[macro_export]
macro_rules! outln {
    () => { $crate::output::out("\n") };
    ($($arg:tt)*) => { $crate::output::line(&format!($($arg)*)) };
}

/// `eprint!`, through [`err`].
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::output::err(&format!($($arg)*)) };
}

/// `eprintln!`, through [`err`].
#[macro_export]
macro_rules! errln {
    () => { $crate::output::err("\n") };
    ($($arg:tt)*) => { $crate::output::err(&format!("{}\n", format_args!($($arg)*))) };
}
