//! Progress of a generation: the steps [`crate::generate_with_progress`] reports, and
//! [`Reporter`], which shows them on stderr for the command-line tools.
//!
//! A large spec takes seconds (Microsoft Graph's 47 MB beta spec: about 9 s and 1,700 files),
//! and a command that says nothing meanwhile looks hung. On a terminal the reporter keeps one
//! line up to date once a run has lasted a moment, and clears it at the end; in a log (stderr
//! not a terminal) it prints a line per step, only for runs that have already lasted a second,
//! so small specs print nothing extra.

use std::io::{IsTerminal as _, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A step of a generation, as it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// The spec is read and parsed: `bytes` of text.
    Loaded {
        /// Size of the spec's text.
        bytes: usize,
    },
    /// The model is built.
    Lowered {
        /// Operations the crate will have.
        operations: usize,
        /// Named types the crate will have.
        types: usize,
    },
    /// One more file is emitted and formatted.
    Formatted {
        /// Files formatted so far.
        done: usize,
    },
    /// The files are being written.
    Writing {
        /// Files generated.
        files: usize,
    },
    /// The files are being compared with the crate on disk (`--check`).
    Comparing {
        /// Files generated.
        files: usize,
    },
}

impl Progress {
    /// What the step means for someone waiting.
    fn describe(&self) -> String {
        match *self {
            Progress::Loaded { bytes } => {
                format!("spec read ({}); building the model", size(bytes))
            }
            Progress::Lowered { operations, types } => {
                format!("{operations} operations and {types} types; writing Rust")
            }
            Progress::Formatted { done } => {
                let files = if done == 1 { "file" } else { "files" };
                format!("writing Rust: {done} {files} formatted")
            }
            Progress::Writing { files } => format!("saving {files} files"),
            Progress::Comparing { files } => format!("comparing {files} files with the crate"),
        }
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// How a [`Reporter`] shows progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One line, redrawn in place (a terminal).
    Live,
    /// A line per step, once the run has lasted [`Reporter::LOG_AFTER`] (a log).
    Lines,
}

/// Shows a generation's progress on a sink (stderr for the tools). Thread-safe: pass
/// `&|p| reporter.report(p)` to [`crate::generate_with_progress`]. Dropping it (or
/// [`Reporter::finish`]) stops the live line and clears it.
pub struct Reporter {
    shared: Arc<Shared>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

struct Shared {
    label: String,
    style: Style,
    started: Instant,
    /// No output before the run has lasted this long.
    quiet_for: Duration,
    stopped: AtomicBool,
    state: Mutex<State>,
}

struct State {
    sink: Box<dyn Write + Send>,
    /// The current step, as shown.
    line: String,
    /// Whether a live line is on screen.
    drawn: bool,
    /// When the last [`Style::Lines`] line about formatted files was printed.
    last_formatted_line: Option<Instant>,
}

impl Reporter {
    /// How long a run lasts before a live line appears.
    pub const LIVE_AFTER: Duration = Duration::from_millis(300);
    /// How long a run lasts before log lines appear.
    pub const LOG_AFTER: Duration = Duration::from_secs(1);
    /// How often the live line is redrawn, and the least time between two log lines about
    /// formatted files.
    const TICK: Duration = Duration::from_millis(100);
    const FORMATTED_LINES_EVERY: Duration = Duration::from_secs(2);

    /// A reporter on stderr: [`Style::Live`] on a terminal that understands cursor control,
    /// else [`Style::Lines`] (a pipe, a file, or `TERM=dumb`, as cargo does).
    pub fn stderr(label: &str) -> Reporter {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let style = if std::io::stderr().is_terminal() && !dumb {
            Style::Live
        } else {
            Style::Lines
        };
        let quiet_for = match style {
            Style::Live => Self::LIVE_AFTER,
            Style::Lines => Self::LOG_AFTER,
        };
        Reporter::new(label, Box::new(std::io::stderr()), style, quiet_for)
    }

    /// A reporter on any sink, silent until the run has lasted `quiet_for`.
    pub fn new(
        label: &str,
        sink: Box<dyn Write + Send>,
        style: Style,
        quiet_for: Duration,
    ) -> Reporter {
        let shared = Arc::new(Shared {
            label: label.to_owned(),
            style,
            started: Instant::now(),
            quiet_for,
            stopped: AtomicBool::new(false),
            state: Mutex::new(State {
                sink,
                line: "reading the spec".to_owned(),
                drawn: false,
                last_formatted_line: None,
            }),
        });
        // The live line shows the time going by even while a step reports nothing (a large
        // spec's parse or model take seconds), so a thread redraws it.
        let ticker = (style == Style::Live)
            .then(|| {
                let shared = Arc::clone(&shared);
                std::thread::Builder::new()
                    .name("openapi-rust-gen-progress".into())
                    .spawn(move || {
                        while !shared.stopped.load(Ordering::Relaxed) {
                            std::thread::sleep(Self::TICK);
                            shared.draw();
                        }
                    })
                    .ok()
            })
            .flatten();
        Reporter { shared, ticker }
    }

    /// Takes a step into account.
    pub fn report(&self, progress: Progress) {
        let shared = &self.shared;
        let Ok(mut state) = shared.state.lock() else {
            return;
        };
        state.line = progress.describe();
        if shared.style == Style::Live {
            return;
        }
        let now = Instant::now();
        let elapsed = now - shared.started;
        if elapsed < shared.quiet_for {
            return;
        }
        if let Progress::Formatted { .. } = progress {
            let recent = state
                .last_formatted_line
                .is_some_and(|at| now - at < Self::FORMATTED_LINES_EVERY);
            if recent {
                return;
            }
            state.last_formatted_line = Some(now);
        }
        state.show(&shared.label, elapsed, Style::Lines);
    }

    /// Stops the live line and clears it, so what the tool prints next starts on a clean line
    /// (what dropping the reporter does; this names the moment).
    pub fn finish(self) {}

    fn stop(&mut self) {
        self.shared.stopped.store(true, Ordering::Relaxed);
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
        if let Ok(mut state) = self.shared.state.lock() {
            if state.drawn {
                let _ = state.sink.write_all(b"\r\x1b[2K");
                let _ = state.sink.flush();
                state.drawn = false;
            }
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.stop();
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reporter")
            .field("label", &self.shared.label)
            .field("style", &self.shared.style)
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// Redraws the live line (once the run has lasted `quiet_for`).
    fn draw(&self) {
        let elapsed = self.started.elapsed();
        if elapsed < self.quiet_for || self.stopped.load(Ordering::Relaxed) {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.show(&self.label, elapsed, Style::Live);
    }
}

impl State {
    /// Prints the current step with the time so far: over the live line (which it then is),
    /// or as a line of the log.
    fn show(&mut self, label: &str, elapsed: Duration, style: Style) {
        let (start, end) = match style {
            Style::Live => ("\r\x1b[2K", ""),
            Style::Lines => ("", "\n"),
        };
        let line = format!(
            "{start}{label}: {} ({:.1} s){end}",
            self.line,
            elapsed.as_secs_f64()
        );
        let _ = self.sink.write_all(line.as_bytes());
        let _ = self.sink.flush();
        self.drawn = style == Style::Live;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink the test can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    /// The elapsed time at the end of each line varies; the rest must not.
    fn without_times(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| l.rsplit_once(" (").map_or(l, |(head, _)| head).to_owned())
            .collect()
    }

    #[test]
    fn log_lines_name_each_step_once_the_run_is_long() {
        let sink = Captured::default();
        let reporter = Reporter::new("gen", Box::new(sink.clone()), Style::Lines, Duration::ZERO);
        reporter.report(Progress::Loaded { bytes: 12_400_000 });
        reporter.report(Progress::Lowered {
            operations: 1100,
            types: 2000,
        });
        // Formatted files are told at most every two seconds: the second is left out.
        reporter.report(Progress::Formatted { done: 1 });
        reporter.report(Progress::Formatted { done: 2 });
        reporter.report(Progress::Writing { files: 124 });
        reporter.report(Progress::Comparing { files: 124 });
        reporter.finish();
        assert_eq!(
            without_times(&sink.text()),
            [
                "gen: spec read (12.4 MB); building the model",
                "gen: 1100 operations and 2000 types; writing Rust",
                "gen: writing Rust: 1 file formatted",
                "gen: saving 124 files",
                "gen: comparing 124 files with the crate",
            ]
        );
        assert!(sink.text().lines().all(|l| l.ends_with(" s)")));
    }

    #[test]
    fn a_short_run_prints_nothing() {
        let sink = Captured::default();
        let reporter = Reporter::new(
            "gen",
            Box::new(sink.clone()),
            Style::Lines,
            Duration::from_secs(3600),
        );
        reporter.report(Progress::Loaded { bytes: 6_000 });
        reporter.report(Progress::Formatted { done: 1 });
        drop(reporter);
        assert_eq!(sink.text(), "");
        let live = Captured::default();
        let reporter = Reporter::new(
            "gen",
            Box::new(live.clone()),
            Style::Live,
            Duration::from_secs(3600),
        );
        reporter.report(Progress::Loaded { bytes: 6_000 });
        std::thread::sleep(Duration::from_millis(250));
        reporter.finish();
        assert_eq!(live.text(), "", "no line drawn, so none to clear");
    }

    #[test]
    fn the_live_line_is_redrawn_in_place_and_cleared_at_the_end() {
        let sink = Captured::default();
        let reporter = Reporter::new("gen", Box::new(sink.clone()), Style::Live, Duration::ZERO);
        reporter.report(Progress::Lowered {
            operations: 3,
            types: 4,
        });
        std::thread::sleep(Duration::from_millis(350));
        reporter.finish();
        let text = sink.text();
        assert!(!text.contains('\n'), "one line, redrawn: {text:?}");
        assert!(
            text.contains("\r\x1b[2Kgen: 3 operations and 4 types; writing Rust ("),
            "{text:?}"
        );
        assert!(text.ends_with("\r\x1b[2K"), "cleared at the end: {text:?}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(6_000), "6 KB");
        assert_eq!(size(6_001), "7 KB");
        assert_eq!(size(47_125_053), "47.1 MB");
    }
}
