//! The one way lottery data is turned into bytes for hashing: UTF-8 lines
//! of tab-separated fields, each line ending in `\n`, every field escaped so
//! no text can forge a tab or a line. `docs/lottery.md` describes the bytes;
//! anyone can rebuild them with a text editor and `sha256sum`.

use sha2::{Digest, Sha256};

/// Escapes a field: `%`, every control character (U+0000–U+001F, U+007F)
/// is written as `%XX` (upper-case hex of the byte); everything else,
/// Chinese included, is kept as UTF-8.
pub fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        if c == '%' || c.is_ascii_control() {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Builds canonical bytes line by line.
#[derive(Debug, Default)]
pub struct Canon {
    buf: Vec<u8>,
}

impl Canon {
    /// Starts with the format's first line, e.g. `amoeba-lottery-list/1`.
    pub fn new(header: &str) -> Self {
        let mut c = Self::default();
        c.buf.extend_from_slice(header.as_bytes());
        c.buf.push(b'\n');
        c
    }

    /// Appends `keyword`, then each field escaped, separated by tabs, and `\n`.
    pub fn line(&mut self, keyword: &str, fields: &[&str]) {
        self.buf.extend_from_slice(keyword.as_bytes());
        for f in fields {
            self.buf.push(b'\t');
            self.buf.extend_from_slice(escape(f).as_bytes());
        }
        self.buf.push(b'\n');
    }

    /// The bytes, ending with the line `end`.
    pub fn finish(mut self) -> Vec<u8> {
        self.line("end", &[]);
        self.buf
    }
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_forge_a_field_or_a_line() {
        assert_eq!(escape("P01"), "P01");
        assert_eq!(escape("a\tb\nc%d\re"), "a%09b%0Ac%25d%0De");
        assert_eq!(escape("张三"), "张三");
        let mut c = Canon::new("x/1");
        c.line("person", &["a\tb"]);
        assert_eq!(c.finish(), b"x/1\nperson\ta%09b\nend\n");
    }

    #[test]
    fn sha256_of_abc_is_the_fips_vector() {
        // FIPS 180-2 appendix B.1
        assert_eq!(hex::encode(sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
