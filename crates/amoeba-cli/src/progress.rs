//! Progress bars for long imports (only when stderr is a terminal).

use amoeba_app::import::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Draws an indicatif bar over the records (or bytes) being written.
pub struct Bar {
    bar: Option<ProgressBar>,
    label: String,
}

impl Bar {
    /// A bar labelled with the file name; silent when not on a terminal.
    pub fn new(label: &str) -> Self {
        Self { bar: None, label: label.to_string() }
    }

    /// Shows a bar of `len` when the work is long enough to need one.
    fn show(&mut self, len: u64, worth_showing: bool, counter: &str) {
        if !worth_showing || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template(&format!("{{msg}} [{{bar:40}}] {counter} ({{eta}})"))
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(self.label.clone());
        self.bar = Some(bar);
    }
}

impl Progress for Bar {
    fn start(&mut self, records: u64) {
        self.show(records, records >= 50_000, "{pos}/{len} rows, {per_sec}");
    }
    fn start_bytes(&mut self, bytes: u64) {
        self.show(bytes, bytes >= 4 << 20, "{bytes}/{total_bytes}, {bytes_per_sec}");
    }
    fn advance(&mut self, done: u64) {
        if let Some(b) = &self.bar {
            b.inc(done);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
