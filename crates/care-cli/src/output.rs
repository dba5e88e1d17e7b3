//! Writing results to standard output. A reader that stops early (`care check --format json |
//! head`) closes the pipe: that is not an error of ours, so a failed write ends quietly instead
//! of panicking as `println!` does.

use std::io::Write;

/// Writes `text` and a newline to standard output, ignoring a closed pipe.
pub fn line(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"));
}
