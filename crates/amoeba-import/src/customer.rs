//! A buyer as a customer id: exports name buyers by email or username,
//! and repurchase rate and LTV need the same buyer to be one customer
//! across files without Amoeba keeping more personal data than it needs.

use sha2::{Digest, Sha256};

/// How a buyer's email or username becomes the customer id kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerKey {
    /// SHA-256 of the trimmed, lower-cased text (`h:` + 32 hex digits):
    /// the same buyer is one customer across files without the email being
    /// stored. Pseudonymous, not anonymous (a known email can be hashed
    /// and looked up).
    Hashed,
    /// The text as the export gives it.
    AsGiven,
}

impl CustomerKey {
    /// The customer id of a buyer named `who` in an export.
    pub fn id(self, who: &str) -> String {
        match self {
            CustomerKey::AsGiven => who.to_string(),
            CustomerKey::Hashed => {
                let digest = Sha256::digest(who.trim().to_lowercase().as_bytes());
                format!("h:{}", hex::encode(&digest[..16]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_ignores_case_and_spaces_and_hides_the_text() {
        let a = CustomerKey::Hashed.id(" Buyer@Example.com");
        assert_eq!(a, CustomerKey::Hashed.id("buyer@example.com"));
        assert_ne!(a, CustomerKey::Hashed.id("other@example.com"));
        assert!(a.starts_with("h:") && a.len() == 34 && !a.contains('@'), "{a}");
        assert_eq!(CustomerKey::AsGiven.id("Buyer@Example.com"), "Buyer@Example.com");
    }
}
