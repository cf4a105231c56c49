//! The currency codes Amoeba accepts: ISO 4217 "List One" (current
//! currency & funds), as published by the ISO 4217 maintenance agency
//! (SIX Group, <https://www.six-group.com/en/products-services/financial-information/data-standards.html>),
//! amendments up to 2025 (XCG for the Caribbean guilder, ZWG for the
//! Zimbabwe Gold, SLE for the new leone). Withdrawn codes (HRK, SLL, ZWL,
//! CUC) and the two that are no money at all (XTS "testing", XXX "no
//! currency") are left out, so a typo such as `XYZ` is refused at import
//! rather than counted as an amount without an exchange rate.

/// Sorted, so [`is_iso4217`] can binary-search it.
pub const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB",
    "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW",
    "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
    "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC",
    "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS",
    "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT",
    "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
];

/// Whether `code` (three upper-case letters) is on the list.
pub fn is_iso4217(code: &[u8; 3]) -> bool {
    ISO_4217.binary_search_by(|c| c.as_bytes().cmp(&code[..])).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_upper_case() {
        assert!(ISO_4217.windows(2).all(|w| w[0] < w[1]), "sorted and unique, or binary search lies");
        assert!(ISO_4217.iter().all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert!(ISO_4217.len() > 170, "{}", ISO_4217.len());
    }

    #[test]
    fn knows_real_codes_and_refuses_made_up_ones() {
        for c in [b"CNY", b"USD", b"EUR", b"GBP", b"JPY", b"AED", b"ZWG", b"XCG"] {
            assert!(is_iso4217(c), "{}", String::from_utf8_lossy(c));
        }
        for c in [b"XYZ", b"ABC", b"XXX", b"XTS", b"HRK", b"RMB"] {
            assert!(!is_iso4217(c), "{}", String::from_utf8_lossy(c));
        }
    }
}
