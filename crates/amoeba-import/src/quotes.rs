//! Finds a quote that is opened and never closed. The CSV reader takes such
//! a quote as one long cell running to the end of the file, so the rows
//! after it would silently become memo text; this scan, with the reader's
//! own rules (a quote opens only at the start of a field, `""` inside is a
//! quote), names the line where it opened instead.

/// Most lines one quoted cell may span: a memo with a few line breaks is
/// real; a cell of hundreds of lines is a missing closing quote.
pub const MAX_QUOTED_LINES: u64 = 50;

/// Where a quote opened that is not closed before the end of the file or
/// within [`MAX_QUOTED_LINES`] lines, or whose cell ran over a line break
/// and was "closed" by a quote with text after it (a later row's quote):
/// its 1-based line.
pub fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let (mut line, mut opened) = (1u64, 0u64);
    for &b in text.as_bytes() {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, b'\n') => {
                line += 1;
                if line - opened >= MAX_QUOTED_LINES {
                    return Some(opened);
                }
                State::Quoted
            }
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = line;
                State::Quoted
            }
            (_, b'\n') => {
                line += 1;
                State::FieldStart
            }
            (_, d) if d == delimiter => State::FieldStart,
            // A "closing" quote followed by text, after the cell ran over
            // a line break: the quote that opened it was never meant to.
            (State::QuoteInQuoted, _) if line > opened => return Some(opened),
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, _) => State::Unquoted,
        };
    }
    (state == State::Quoted).then_some(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_left_open_is_found_at_the_line_it_opened() {
        let text = "date,memo\n2026-03-01,\"unterminated memo\n2026-03-02,rent\n2026-03-03,sale\n";
        assert_eq!(unclosed_quote(text, b','), Some(2));
        let paired_with_a_later_quote = "date,memo,amount\n2026-03-01,\"open\n2026-03-02,x,\"-1,234.56\"\n";
        assert_eq!(unclosed_quote(paired_with_a_later_quote, b','), Some(2));
    }

    #[test]
    fn closed_quotes_escaped_quotes_and_inch_marks_are_fine() {
        assert_eq!(unclosed_quote("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", b','), None);
        assert_eq!(unclosed_quote("a,b\n12\" pan,1\n", b','), None, "a quote inside a field is a character");
        assert_eq!(unclosed_quote("a,b\n\"two\nlines\",1\n", b','), None, "a quoted line break is a real cell");
        assert_eq!(unclosed_quote("a\tb\n\"x\ty\"\t1\n", b'\t'), None);
    }

    #[test]
    fn a_quote_running_too_many_lines_is_refused() {
        let mut text = String::from("a,b\n\"open");
        for _ in 0..MAX_QUOTED_LINES {
            text.push_str("\nmore,rows");
        }
        text.push_str("\"\n");
        assert_eq!(unclosed_quote(&text, b','), Some(2));
    }
}
