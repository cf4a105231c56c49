//! Dense ids for texts (SKUs, order ids), with every text's bytes in one
//! buffer. A `HashMap<String, u32>` keeps each key in its own allocation,
//! so looking up one of 50 000 SKUs reads a cold cache line to compare it;
//! here the table holds only ids and the bytes compared sit together, a
//! few hundred kilobytes that stay in cache.

use std::hash::BuildHasher;

/// Interns texts; ids count from 0 in first-seen order.
#[derive(Debug, Default, Clone)]
pub struct TextIds {
    table: hashbrown::HashTable<u32>,
    bytes: String,
    /// (start, end) of each id's text in `bytes`.
    spans: Vec<(u32, u32)>,
    /// Seeded per table: foldhash's fixed seed spread SKU-like codes
    /// badly over hashbrown's buckets (5× slower lookups, measured).
    hasher: foldhash::fast::RandomState,
}

/// Most bytes all texts of one table may take (ids and offsets are `u32`).
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl TextIds {
    /// The id of `s`, if it was seen.
    pub fn get(&self, s: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&i| self.text(i) == s).copied()
    }

    /// The id of `s`, giving it the next one if it is new. Panics beyond
    /// [`MAX_TEXT_BYTES`] in all (callers bound the number of texts far
    /// below that).
    pub fn id(&mut self, s: &str) -> u32 {
        let hash = self.hasher.hash_one(s);
        let (bytes, spans, hasher) = (&self.bytes, &self.spans, &self.hasher);
        let text = |i: u32| {
            let (a, b) = spans[i as usize];
            &bytes[a as usize..b as usize]
        };
        if let Some(i) = self.table.find(hash, |&i| text(i) == s) {
            return *i;
        }
        assert!(self.bytes.len() + s.len() <= MAX_TEXT_BYTES, "text table is full");
        let id = self.spans.len() as u32;
        let start = self.bytes.len() as u32;
        self.bytes.push_str(s);
        self.spans.push((start, self.bytes.len() as u32));
        let (bytes, spans) = (&self.bytes, &self.spans);
        self.table.insert_unique(hash, id, |&i| {
            let (a, b) = spans[i as usize];
            hasher.hash_one(&bytes[a as usize..b as usize])
        });
        id
    }

    /// The text of `id`. Panics for an id not handed out.
    pub fn text(&self, id: u32) -> &str {
        let (a, b) = self.spans[id as usize];
        &self.bytes[a as usize..b as usize]
    }

    /// Forgets every text, keeping the memory for the next ones.
    pub fn clear(&mut self) {
        self.table.clear();
        self.bytes.clear();
        self.spans.clear();
    }

    /// Texts held.
    pub fn len(&self) -> usize {
        self.spans.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn equal_texts_get_one_id_and_ids_give_back_the_text(texts in proptest::collection::vec("\\PC{0,12}", 0..300)) {
            let mut ids = TextIds::default();
            let mut seen: Vec<String> = Vec::new();
            for t in &texts {
                let id = ids.id(t);
                match seen.iter().position(|s| s == t) {
                    Some(p) => prop_assert_eq!(id as usize, p),
                    None => {
                        prop_assert_eq!(id as usize, seen.len());
                        seen.push(t.clone());
                    }
                }
                prop_assert_eq!(ids.text(id), t.as_str());
                prop_assert_eq!(ids.get(t), Some(id));
            }
            prop_assert_eq!(ids.len(), seen.len());
            prop_assert_eq!(ids.get("\u{10ffff}never"), None);
        }
    }
}
