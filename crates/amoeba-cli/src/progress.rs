//! Progress bars for long imports (only when stderr is a terminal).

use amoeba_app::import::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Draws an indicatif bar over the records being written.
pub struct Bar {
    bar: Option<ProgressBar>,
    label: String,
}

impl Bar {
    /// A bar labelled with the file name; silent when not on a terminal.
    pub fn new(label: &str) -> Self {
        Self { bar: None, label: label.to_string() }
    }
}

impl Progress for Bar {
    fn start(&mut self, records: u64) {
        if records < 50_000 || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new(records);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({per_sec}, {eta})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(self.label.clone());
        self.bar = Some(bar);
    }
    fn advance(&mut self, records: u64) {
        if let Some(b) = &self.bar {
            b.inc(records);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
