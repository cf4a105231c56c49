//! Turning file bytes into text.
//!
//! Sellers' files arrive as UTF-8 (with or without the byte-order mark Excel
//! adds), as UTF-16 when Excel saves "Unicode text", and as GBK when Chinese
//! Excel saves a CSV. The encoding is detected rather than asked for, and
//! reported back so the import log can say what was read.
//!
//! Line endings: `\n` and `\r\n` are both accepted; the `\r` is stripped
//! from each line as it is read (rather than by copying the whole file), so
//! a multi-gigabyte UTF-8 file is never duplicated in memory.

use crate::error::ImportError;
use crate::reason::Reason;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, Read};

/// Longest line accepted (bytes). A settlement line is ~300 bytes; a file
/// without line breaks must not be read into one unbounded buffer.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Largest UTF-16 file accepted. UTF-16 only comes from Excel, which cannot
/// hold more than about a million rows, so it is decoded in memory.
pub const MAX_UTF16_BYTES: u64 = 512 * 1024 * 1024;

/// The text encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark (or plain ASCII).
    Utf8,
    /// UTF-8 with the `EF BB BF` mark Excel writes.
    Utf8Bom,
    /// UTF-16 little-endian with its mark (Excel "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian with its mark.
    Utf16Be,
    /// GBK / GB18030, as Chinese-locale Excel saves CSVs.
    Gbk,
    /// Not text: an XLSX workbook, read cell by cell (`crate::xlsx`).
    Xlsx,
}

impl Encoding {
    /// Name for logs and messages.
    pub fn as_str(&self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gbk => "GBK",
            Encoding::Xlsx => "XLSX",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A whole file as text, borrowed when it already was valid UTF-8.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, without byte-order mark.
    pub text: Cow<'a, str>,
    /// What the bytes were.
    pub encoding: Encoding,
}

/// Decodes a whole file: UTF-8 (BOM optional), UTF-16 with BOM or
/// recognisably without, else GBK. Fails when the bytes are none of these,
/// when lines in UTF-8 and lines in GBK are mixed (one of them would be
/// stored garbled), or when the text holds a NUL character (no real cell
/// does, and databases refuse it).
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, ImportError> {
    let decoded = decode_any(bytes)?;
    if let Some(at) = decoded.text.find('\0') {
        let line = 1 + decoded.text[..at].matches('\n').count() as u64;
        return Err(ImportError::line(line, Reason::NulCharacter));
    }
    Ok(decoded)
}

fn decode_any(bytes: &[u8]) -> Result<Decoded<'_>, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok(Decoded { text: Cow::Borrowed(t), encoding: Encoding::Utf8Bom }),
            Err(e) => Err(not_utf8(rest, e)),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(bytes).map(|(t, enc)| Decoded { text: Cow::Owned(t), encoding: enc });
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let enc = if encoding == Encoding::Utf16Le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        return match enc.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(t) => Ok(Decoded { text: Cow::Owned(t.into_owned()), encoding }),
            None => Err(ImportError::line(0, Reason::BadBom { encoding: encoding.to_string() })),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(Decoded { text: Cow::Borrowed(t), encoding: Encoding::Utf8 }),
        Err(_) => {
            if let Some((utf8_line, gbk_line)) = mixed_encodings(bytes) {
                return Err(ImportError::line(gbk_line, Reason::MixedEncodings { utf8_line }));
            }
            match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(t) => Ok(Decoded { text: Cow::Owned(t.into_owned()), encoding: Encoding::Gbk }),
                None => Err(ImportError::line(first_bad_line(bytes), Reason::NotText)),
            }
        }
    }
}

/// UTF-16 saved without its mark: in the first line's ASCII text every
/// other byte is zero (the high byte of each unit).
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let head = &bytes[..bytes.len().min(256) & !1];
    if head.len() < 4 {
        return None;
    }
    let (even_zero, odd_zero) = head.chunks_exact(2).fold((0, 0), |(e, o), p| (e + usize::from(p[0] == 0), o + usize::from(p[1] == 0)));
    let units = head.len() / 2;
    match (even_zero, odd_zero) {
        (0, o) if o == units => Some(Encoding::Utf16Le),
        (e, 0) if e == units => Some(Encoding::Utf16Be),
        _ => None,
    }
}

/// A file that is not UTF-8 as a whole but has lines that are (with
/// non-ASCII text) next to lines that are not: the first of each.
fn mixed_encodings(bytes: &[u8]) -> Option<(u64, u64)> {
    let (mut utf8, mut other) = (None, None);
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        let slot = if std::str::from_utf8(line).is_ok() { &mut utf8 } else { &mut other };
        slot.get_or_insert(i as u64 + 1);
        if let (Some(u), Some(o)) = (utf8, other) {
            return Some((u, o));
        }
    }
    None
}

fn decode_utf16(bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    let (enc, encoding) = if bytes.starts_with(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE, Encoding::Utf16Le)
    } else {
        (encoding_rs::UTF_16BE, Encoding::Utf16Be)
    };
    let (text, had_errors) = enc.decode_with_bom_removal(bytes);
    if had_errors {
        return Err(ImportError::line(0, Reason::BadBom { encoding: encoding.to_string() }));
    }
    Ok((text.into_owned(), encoding))
}

fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> ImportError {
    let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64;
    ImportError::line(line, Reason::BadUtf8AfterBom)
}

fn first_bad_line(bytes: &[u8]) -> u64 {
    let valid = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    1 + bytes[..valid].iter().filter(|b| **b == b'\n').count() as u64
}

/// The lines of a text with their 1-based numbers, `\r` stripped.
pub fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.split('\n').enumerate().map(|(i, l)| (i as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// Reads a file line by line with bounded memory, detecting the encoding,
/// and hashing the raw bytes for the file fingerprint as it goes.
pub(crate) struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    gbk: String,
    utf16: Option<(String, usize)>,
    line_no: u64,
    hasher: Sha256,
    encoding: Option<Encoding>,
    done: bool,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::with_capacity(1024),
            gbk: String::new(),
            utf16: None,
            line_no: 0,
            hasher: Sha256::new(),
            encoding: None,
            done: false,
        }
    }

    /// Encoding seen so far (UTF-8 until something else shows up).
    pub(crate) fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf8)
    }

    /// SHA-256 of every byte read. Only meaningful after the last line.
    pub(crate) fn file_sha256(&self) -> [u8; 32] {
        self.hasher.clone().finalize().into()
    }

    /// The next line and its number, or `None` at the end of the file.
    /// I/O failures and undecodable lines are errors; the latter can be
    /// skipped by calling again.
    pub(crate) fn next_line(&mut self) -> Result<Option<(u64, &str)>, ImportError> {
        if self.done {
            return Ok(None);
        }
        if self.utf16.is_some() {
            return Ok(self.next_utf16_line());
        }
        self.buf.clear();
        let limit = MAX_LINE_BYTES as u64 + 1;
        let n = (&mut self.inner)
            .take(limit)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| ImportError::line(self.line_no + 1, Reason::Unreadable { detail: e.to_string() }))?;
        if n == 0 {
            self.done = true;
            return Ok(None);
        }
        self.hasher.update(&self.buf);
        self.line_no += 1;
        if self.buf.len() > MAX_LINE_BYTES {
            self.done = true;
            return Err(ImportError::line(self.line_no, Reason::LineTooLong { max: MAX_LINE_BYTES }));
        }
        if self.line_no == 1 {
            if self.buf.starts_with(b"\xFF\xFE") || self.buf.starts_with(b"\xFE\xFF") {
                return self.switch_to_utf16();
            }
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
                self.encoding = Some(Encoding::Utf8Bom);
            }
        }
        trim_eol(&mut self.buf);
        let line_no = self.line_no;
        if std::str::from_utf8(&self.buf).is_ok() {
            // Validated just above; re-borrowed so the GBK branch may use `self`.
            let s = std::str::from_utf8(&self.buf).unwrap_or_default();
            return Ok(Some((line_no, s)));
        }
        match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(&self.buf) {
            Some(t) if self.encoding != Some(Encoding::Utf8Bom) => {
                self.encoding = Some(Encoding::Gbk);
                self.gbk.clear();
                self.gbk.push_str(&t);
                Ok(Some((line_no, self.gbk.as_str())))
            }
            _ => Err(ImportError::line(line_no, Reason::LineNotText)),
        }
    }

    fn switch_to_utf16(&mut self) -> Result<Option<(u64, &str)>, ImportError> {
        let mut all = std::mem::take(&mut self.buf);
        let already_hashed = all.len();
        (&mut self.inner)
            .take(MAX_UTF16_BYTES)
            .read_to_end(&mut all)
            .map_err(|e| ImportError::line(0, Reason::Unreadable { detail: e.to_string() }))?;
        if all.len() as u64 >= MAX_UTF16_BYTES {
            return Err(ImportError::line(0, Reason::Utf16TooLarge));
        }
        self.hasher.update(&all[already_hashed..]);
        let (text, enc) = decode_utf16(&all)?;
        self.encoding = Some(enc);
        self.utf16 = Some((text, 0));
        self.line_no = 0;
        Ok(self.next_utf16_line())
    }

    fn next_utf16_line(&mut self) -> Option<(u64, &str)> {
        let (text, pos) = self.utf16.as_mut()?;
        if *pos >= text.len() {
            self.done = true;
            return None;
        }
        let rest = &text[*pos..];
        let (line, adv) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let start = *pos;
        *pos += adv;
        self.line_no += 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let end = start + line.len();
        Some((self.line_no, &text[start..end]))
    }
}

fn trim_eol(buf: &mut Vec<u8>) {
    if buf.last() == Some(&b'\n') {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_its_mark_is_recognised() {
        let le: Vec<u8> = "date,amount\n2026-03-01,1\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "date,amount\n2026-03-01,1\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).unwrap().encoding, Encoding::Utf16Le);
        assert_eq!(decode(&be).unwrap().text, "date,amount\n2026-03-01,1\n");
    }

    #[test]
    fn mixed_gbk_and_utf8_lines_are_refused_naming_both() {
        let (gbk, _, _) = encoding_rs::GBK.encode("2026-03-01,房租\n");
        let mut bytes = "date,memo\n2026-03-01,房租中文\n".as_bytes().to_vec();
        bytes.extend_from_slice(&gbk);
        let e = decode(&bytes).unwrap_err();
        assert_eq!((e.line, e.reason.code()), (3, "mixed_encodings"), "{e}");
        assert!(e.to_string().contains("line 2"), "{e}");
        assert_eq!(decode(&gbk).unwrap().encoding, Encoding::Gbk, "GBK alone is fine");
    }

    #[test]
    fn a_nul_character_is_refused_at_its_line() {
        let e = decode(b"date,memo\n2026-03-01,a\0b\n").unwrap_err();
        assert_eq!((e.line, e.reason.code()), (2, "nul_character"));
    }

    #[test]
    fn plain_utf8_is_borrowed() {
        let d = decode("a,b\n1,2\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn bom_is_removed() {
        let d = decode(b"\xEF\xBB\xBFdate,amount\n").unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert_eq!(d.text, "date,amount\n");
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("日期,备注\n2026-01-01,房租\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Gbk);
        assert_eq!(d.text, "日期,备注\n2026-01-01,房租\n");
    }

    #[test]
    fn utf16_both_ways() {
        let text = "date\tamount\r\n2026-01-01\t3,50\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, text);
        assert_eq!(decode(&le).unwrap().encoding, Encoding::Utf16Le);
        assert_eq!(decode(&be).unwrap().text, text);
        assert_eq!(decode(&be).unwrap().encoding, Encoding::Utf16Be);
    }

    #[test]
    fn garbage_is_refused_with_a_line() {
        let err = decode(b"ok\nok\n\xFF\xFF\xFF\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn lines_strip_carriage_returns() {
        let v: Vec<_> = lines("a\r\nb\nc").collect();
        assert_eq!(v, vec![(1, "a"), (2, "b"), (3, "c")]);
    }

    fn read_all(bytes: &[u8]) -> (Vec<(u64, String)>, Encoding) {
        let mut r = LineReader::new(bytes);
        let mut out = Vec::new();
        while let Some((n, l)) = r.next_line().unwrap() {
            out.push((n, l.to_string()));
        }
        (out, r.encoding())
    }

    #[test]
    fn line_reader_handles_bom_crlf_and_gbk() {
        let (v, enc) = read_all(b"\xEF\xBB\xBFa\r\nb\n");
        assert_eq!(v, vec![(1, "a".into()), (2, "b".into())]);
        assert_eq!(enc, Encoding::Utf8Bom);
        let (bytes, _, _) = encoding_rs::GBK.encode("x\n备注\n");
        let (v, enc) = read_all(&bytes);
        assert_eq!(v[1].1, "备注");
        assert_eq!(enc, Encoding::Gbk);
    }

    #[test]
    fn line_reader_handles_utf16() {
        let mut le = vec![0xFF, 0xFE];
        for u in "a\tb\r\nc\td\r\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let (v, enc) = read_all(&le);
        assert_eq!(v, vec![(1, "a\tb".into()), (2, "c\td".into())]);
        assert_eq!(enc, Encoding::Utf16Le);
    }

    #[test]
    fn line_reader_refuses_endless_lines() {
        let big = vec![b'x'; MAX_LINE_BYTES + 10];
        let mut r = LineReader::new(&big[..]);
        assert!(r.next_line().is_err());
        assert!(r.next_line().unwrap().is_none());
    }

    #[test]
    fn line_reader_hashes_the_raw_bytes() {
        let bytes = b"\xEF\xBB\xBFa\r\nb\n";
        let mut r = LineReader::new(&bytes[..]);
        while r.next_line().unwrap().is_some() {}
        let want: [u8; 32] = Sha256::digest(bytes).into();
        assert_eq!(r.file_sha256(), want);
    }
}
