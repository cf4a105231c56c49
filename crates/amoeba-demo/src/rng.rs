//! Seeded randomness with one independent stream per part of the company,
//! so changing how (say) ads are generated never reshuffles the orders.
//!
//! Only integer draws and exact floating-point operations (+, −, ×, ÷) are
//! used, never `exp`/`ln`/`pow`, whose last bits differ between C libraries:
//! the same seed gives the same bytes on every machine.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// FNV-1a, to turn a stream label into seed bits.
fn fnv1a(label: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A deterministic random stream.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream called `label` for `seed`.
    pub(crate) fn new(seed: u64, label: &str) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed ^ fnv1a(label)))
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        // Multiply-shift: unbiased enough for a demo and fully portable.
        ((u128::from(self.0.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// True with probability `per_mille / 1000`.
    pub(crate) fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < u64::from(per_mille)
    }

    /// A uniform float in `[0, 1)` built from 53 random bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform float in `[lo, hi)`.
    pub(crate) fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// A count whose mean is `lambda`: the integer part, one more with the
    /// probability of the fraction, after ±20 % day-to-day noise.
    pub(crate) fn count(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        let l = lambda * self.between(0.8, 1.2);
        let whole = l.floor();
        let extra = u32::from(self.unit() < l - whole);
        whole as u32 + extra
    }

    /// An element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the weights whose running totals are `cumulative`
    /// (the last element is the total, > 0).
    pub(crate) fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = *cumulative.last().expect("weights");
        let x = self.unit() * total;
        cumulative.partition_point(|&c| c <= x).min(cumulative.len() - 1)
    }

    /// `n` random decimal digits.
    pub(crate) fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// A bijective scramble of a counter (multiplication by an odd constant
/// modulo 2^40), so ids look random yet never collide.
pub(crate) fn scramble(counter: u64) -> u64 {
    counter.wrapping_mul(0x9E37_79B9_7F4A_7C15 | 1) & ((1 << 40) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_repeatable_and_independent() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7, "x");
            (0..5).map(|_| r.below(1000)).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7, "x");
            (0..5).map(|_| r.below(1000)).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(7, "y");
            (0..5).map(|_| r.below(1000)).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn count_has_the_right_mean() {
        let mut r = Rng::new(1, "count");
        let n: u32 = (0..10_000).map(|_| r.count(3.3)).sum();
        assert!((32_000..34_000).contains(&n), "{n}");
    }

    #[test]
    fn scramble_is_injective_on_small_counters() {
        let mut v: Vec<u64> = (0..10_000).map(scramble).collect();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v.len(), 10_000);
    }
}
