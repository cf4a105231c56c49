//! Row fingerprints, so that importing a file twice (or a row that is
//! already stored) adds nothing.
//!
//! A fingerprint is SHA-256 over the record's normalised fields, kind tag
//! first, each field tagged and length-prefixed (so `("ab","c")` and `("a","bc")`
//! differ, and an absent field differs from an empty one), truncated to 16
//! bytes. The source line number is *not* part of it: the same row moved to
//! another line is the same row.
//!
//! Two identical rows in one file are both real (two identical coffee
//! purchases). The n-th repetition of a row within a file therefore gets the
//! occurrence number n mixed in, so both are kept, and importing the file
//! again reproduces the same two fingerprints. Counting repetitions costs a
//! set of 8-byte keys, 9–18 bytes per row depending on the set's fill: the
//! one part of a streamed import whose memory grows with the number of rows.

use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// Identity of one imported record (first 16 bytes of a SHA-256).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 16]);

impl Fingerprint {
    /// Lower-case hex, as stored and shown.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

/// SHA-256 of a whole file, for "this exact file was already imported".
pub fn file_sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Collects a record's fields into one buffer, then hashes it once (one
/// SHA-256 call per row is what keeps settlement parsing above 1 M lines/s).
#[derive(Debug, Default)]
pub(crate) struct FieldBuf {
    buf: Vec<u8>,
}

impl FieldBuf {
    /// Starts a record of the given kind.
    pub(crate) fn start(&mut self, tag: &str) {
        self.buf.clear();
        self.str(tag);
    }

    /// Adds a present text field.
    pub(crate) fn str(&mut self, s: &str) {
        self.str_bytes(s.as_bytes());
    }

    /// Adds an optional text field (absent differs from empty).
    pub(crate) fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.buf.push(0),
        }
    }

    /// Adds raw bytes (fixed-width binary encodings).
    pub(crate) fn bytes(&mut self, v: &[u8]) {
        self.str_bytes(v);
    }

    /// Tag 1, LEB128 length, bytes (an absent field is the single byte 0).
    fn str_bytes(&mut self, v: &[u8]) {
        self.buf.push(1);
        let mut n = v.len();
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.buf.push(byte);
                break;
            }
            self.buf.push(byte | 0x80);
        }
        self.buf.extend_from_slice(v);
    }

    /// Adds anything displayable (dates, decimals, integers).
    pub(crate) fn display(&mut self, v: impl fmt::Display) {
        self.str(&v.to_string());
    }

    /// Appends the collected bytes to `out` (to nest one record in another).
    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf);
    }

    fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.buf).into()
    }
}

#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Pass = BuildHasherDefault<PassThrough>;

/// Turns per-row field hashes into fingerprints, numbering repeated rows.
/// Rows seen once cost one 8-byte set entry; only rows that do repeat get a
/// counter.
#[derive(Default)]
pub(crate) struct Fingerprinter {
    seen: HashSet<u64, Pass>,
    repeats: HashMap<u64, u32, Pass>,
}

impl Fingerprinter {
    /// The fingerprint of the row whose fields are in `fields`.
    pub(crate) fn fingerprint(&mut self, fields: &FieldBuf) -> Fingerprint {
        let base = fields.digest();
        let mut key = [0u8; 8];
        key.copy_from_slice(&base[..8]);
        let key = u64::from_le_bytes(key);
        let occurrence = if self.seen.insert(key) {
            0
        } else {
            let n = self.repeats.entry(key).or_insert(0);
            *n = n.saturating_add(1);
            *n
        };
        let full = if occurrence == 0 {
            base
        } else {
            let mut h = Sha256::new();
            h.update(base);
            h.update(occurrence.to_le_bytes());
            h.finalize().into()
        };
        let mut out = [0u8; 16];
        out.copy_from_slice(&full[..16]);
        Fingerprint(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(f: &mut Fingerprinter, fields: &[Option<&str>]) -> Fingerprint {
        let mut b = FieldBuf::default();
        b.start("t");
        for x in fields {
            b.opt(*x);
        }
        f.fingerprint(&b)
    }

    #[test]
    fn identical_rows_get_distinct_but_reproducible_fingerprints() {
        let mut a = Fingerprinter::default();
        let first = fp(&mut a, &[Some("x")]);
        let second = fp(&mut a, &[Some("x")]);
        assert_ne!(first, second);
        let mut b = Fingerprinter::default();
        assert_eq!(fp(&mut b, &[Some("x")]), first);
        assert_eq!(fp(&mut b, &[Some("x")]), second);
    }

    #[test]
    fn field_boundaries_and_absence_matter() {
        let mut f = Fingerprinter::default();
        let a = fp(&mut f, &[Some("ab"), Some("c")]);
        let b = fp(&mut f, &[Some("a"), Some("bc")]);
        let c = fp(&mut f, &[None]);
        let d = fp(&mut f, &[Some("")]);
        assert_ne!(a, b);
        assert_ne!(c, d);
    }

    #[test]
    fn long_fields_get_multi_byte_lengths() {
        let mut b = FieldBuf::default();
        b.start("");
        b.str(&"x".repeat(300));
        assert_eq!(&b.buf[2..5], &[1, 0xAC, 0x02]);
    }

    #[test]
    fn display_fields_are_length_prefixed() {
        let mut b = FieldBuf::default();
        b.start("t");
        b.display(12);
        assert_eq!(&b.buf[3..], &[1, 2, b'1', b'2']);
    }

    #[test]
    fn hex_is_32_chars() {
        assert_eq!(Fingerprint([0xab; 16]).to_hex().len(), 32);
    }
}
