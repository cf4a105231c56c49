//! Where a table's rows come from: CSV text (with line numbers counted
//! right) or a workbook's sheet (with sheet row numbers).

use super::reader;
use crate::xlsx::SheetRows;

/// Line numbers from byte offsets. The CSV reader's own line count is one
/// short after every `\r\n` row end (it counts the `\n` into the next
/// record), and Excel writes CSV with `\r\n`: a record's line is therefore
/// counted here, from its first byte after any line-end bytes, in one pass.
struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self { text: text.as_bytes(), at: 0, line: 1 }
    }

    /// Sets the record's position line to the line its first byte is on.
    fn fix(&mut self, rec: &mut csv::StringRecord) {
        let Some(mut pos) = rec.position().cloned() else { return };
        let mut start = usize::try_from(pos.byte()).unwrap_or(usize::MAX).min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.at {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.at..start]).count() as u64;
            self.at = start;
        }
        pos.set_line(self.line);
        rec.set_position(Some(pos));
    }
}

/// The rows of a file: CSV text, or a workbook's sheet.
pub(super) enum Source<'t> {
    Csv { text: &'t str, delimiter: u8 },
    Sheet(SheetRows),
}

/// One row as the table walker sees it: the record and, from a
/// workbook, the numbers of its numeric cells.
pub(super) type SourceRow<'a> = (std::borrow::Cow<'a, csv::StringRecord>, Option<&'a [Option<f64>]>);

impl Source<'_> {
    pub(super) fn rows(&self) -> Box<dyn Iterator<Item = Result<SourceRow<'_>, csv::Error>> + '_> {
        match self {
            Source::Csv { text, delimiter } => {
                let mut lines = LineCounter::new(text);
                Box::new(reader(text, *delimiter).into_records().map(move |r| {
                    r.map(|mut rec| {
                        lines.fix(&mut rec);
                        (std::borrow::Cow::Owned(rec), None)
                    })
                }))
            }
            Source::Sheet(sheet) => {
                Box::new(sheet.rows.iter().map(|r| Ok((std::borrow::Cow::Borrowed(&r.rec), Some(r.numbers.as_slice())))))
            }
        }
    }

    pub(super) fn date1904(&self) -> bool {
        matches!(self, Source::Sheet(s) if s.date1904)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::is_blank;

    #[test]
    fn line_numbers_are_right_after_crlf_row_ends() {
        for text in ["h\r\na\r\n\r\nb\r\n\"c\r\nd\"\r\ne\r\n", "h\na\n\nb\n\"c\nd\"\ne\n"] {
            let src = Source::Csv { text, delimiter: b',' };
            let lines: Vec<(u64, String)> = src
                .rows()
                .map(|r| r.unwrap().0)
                .filter(|r| !is_blank(r))
                .map(|r| (r.position().unwrap().line(), r.get(0).unwrap().replace('\r', "")))
                .collect();
            let want = vec![(1, "h".into()), (2, "a".into()), (4, "b".into()), (5, "c\nd".into()), (7, "e".into())];
            assert_eq!(lines, want, "{text:?}");
        }
    }
}
