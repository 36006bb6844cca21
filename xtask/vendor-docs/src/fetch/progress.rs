//! What a fetch shows while it runs: on a terminal, each page's line above a progress line
//! rewritten in place (`[#####-----] 12/40 pages, 3 s`); elsewhere one line per page, as a
//! log reads best. Written here rather than taken from a progress-bar crate: one line is
//! all a fetch needs, and a dependency less for the first `cargo xtask fetch` to compile.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The progress of a fetch of `total` pages, on standard error.
pub(super) struct Progress {
    total: usize,
    done: AtomicUsize,
    terminal: bool,
    started: Instant,
}

/// The width of the bar, in characters.
const WIDTH: usize = 30;

impl Progress {
    /// The progress of `total` pages; drawn in place when standard error is a terminal.
    pub(super) fn new(total: usize) -> Self {
        Progress {
            total,
            done: AtomicUsize::new(0),
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
        }
    }

    /// One page done, with its line.
    pub(super) fn page(&self, line: &str) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let mut err = std::io::stderr().lock();
        let _ = if self.terminal {
            // Clear the progress line, print the page's, draw the progress again.
            write!(
                err,
                "\r\x1b[2K{line}\n{}",
                bar(done, self.total, self.started.elapsed().as_secs())
            )
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }

    /// Clears the progress line (the summary follows).
    pub(super) fn finish(&self) {
        if self.terminal {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// `[#####-----] 12/40 pages, 3 s`.
fn bar(done: usize, total: usize, seconds: u64) -> String {
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    format!(
        "[{}{}] {done}/{total} pages, {seconds} s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_bar_fills_as_pages_are_done() {
        assert_eq!(bar(0, 4, 0), format!("[{}] 0/4 pages, 0 s", "-".repeat(30)));
        assert_eq!(
            bar(2, 4, 3),
            format!("[{}{}] 2/4 pages, 3 s", "#".repeat(15), "-".repeat(15))
        );
        assert_eq!(bar(4, 4, 9), format!("[{}] 4/4 pages, 9 s", "#".repeat(30)));
        assert_eq!(bar(0, 0, 0), format!("[{}] 0/0 pages, 0 s", "#".repeat(30)));
    }
}
