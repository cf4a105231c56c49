//! What a file says it is for — platform, marketplace, currency, payout —
//! read from its first rows without parsing it whole, so the caller can
//! refuse a file imported into the wrong store (naming both values) and
//! can choose the store itself when exactly one store fits.
//!
//! * Amazon settlement: `currency` and `settlement-id` of the summary row,
//!   the marketplace from the first `marketplace-name` of an Amazon site
//!   (`Amazon.de` → `DE`; `Non-Amazon` rows, multi-channel fulfilment, are
//!   skipped).
//! * TikTok Shop statement: the `Currency` column; each TikTok Shop region
//!   settles in one currency, so the currency also names the marketplace
//!   (`MYR` → `MY`, `GBP` → `GB`).
//! * Shopify orders: the `Currency` column (a Shopify shop is its own
//!   marketplace).
//! * Other kinds name nothing: `None`.

use crate::decode::decode;
use crate::error::FileKind;
use crate::table::alnum_lower;
use amoeba_core::money::Currency;
use amoeba_core::org::{Platform, Store};
use amoeba_core::Refusal;

/// Lines (or sheet rows) read at most to find what a file is for.
pub const MAX_IDENTITY_ROWS: usize = 10_000;

/// What a file says about the store it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIdentity {
    /// The platform whose export it is.
    pub platform: Platform,
    /// The marketplace, as Amoeba's stores write it (`US`, `DE`, `GB`), when the file names one.
    pub marketplace: Option<String>,
    /// The marketplace as the file writes it (`Amazon.de`), for messages.
    pub marketplace_name: Option<String>,
    /// The file's currency, when it names one.
    pub currency: Option<Currency>,
    /// The payout's id (Amazon's `settlement-id`).
    pub settlement_id: Option<String>,
}

impl FileIdentity {
    /// The identity in a few words, for messages (`amazon DE EUR`).
    pub fn describe(&self) -> String {
        let mut parts = vec![self.platform.as_str().to_string()];
        parts.extend(self.marketplace.clone());
        parts.extend(self.currency.map(|c| c.to_string()));
        parts.join(" ")
    }

    /// Whether `store` is of the file's platform, marketplace and currency
    /// (what the file does not name, it does not contradict).
    pub fn fits(&self, store: &Store) -> bool {
        store.platform == self.platform && self.check(store).is_ok()
    }

    /// Refuses a file whose currency or marketplace differs from `store`'s,
    /// naming both values.
    pub fn check(&self, store: &Store) -> Result<(), Refusal> {
        if let Some(c) = self.currency.filter(|c| *c != store.currency) {
            return Err(Refusal::StoreCurrencyMismatch {
                store: store.code.clone(),
                store_currency: store.currency.to_string(),
                file_currency: c.to_string(),
            });
        }
        match &self.marketplace {
            Some(m) if !same_marketplace(m, &store.marketplace) => Err(Refusal::StoreMarketplaceMismatch {
                store: store.code.clone(),
                store_marketplace: store.marketplace.clone(),
                file_marketplace: self.marketplace_name.clone().unwrap_or_else(|| m.clone()),
            }),
            _ => Ok(()),
        }
    }

    /// The one store of `stores` the file fits; `StoreNeeded` when none
    /// does, `AmbiguousStore` (with the candidates) when several do.
    pub fn pick<'s>(&self, kind: FileKind, stores: &'s [Store]) -> Result<&'s Store, Refusal> {
        let fit: Vec<&Store> = stores.iter().filter(|s| self.fits(s)).collect();
        match fit.as_slice() {
            [one] => Ok(one),
            [] => Err(Refusal::StoreNeeded { kind: kind.as_str().to_string() }),
            many => Err(Refusal::AmbiguousStore { file: self.describe(), candidates: many.iter().map(|s| s.code.clone()).collect() }),
        }
    }
}

fn same_marketplace(a: &str, b: &str) -> bool {
    let norm = |m: &str| match m.trim().to_ascii_uppercase().as_str() {
        "UK" => "GB".to_string(),
        other => other.to_string(),
    };
    norm(a) == norm(b)
}

/// The marketplace code of an Amazon site name (`Amazon.co.uk` → `GB`).
pub fn amazon_marketplace(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "amazon.com" => "US",
        "amazon.ca" => "CA",
        "amazon.com.mx" => "MX",
        "amazon.com.br" => "BR",
        "amazon.co.uk" => "GB",
        "amazon.de" => "DE",
        "amazon.fr" => "FR",
        "amazon.it" => "IT",
        "amazon.es" => "ES",
        "amazon.nl" => "NL",
        "amazon.se" => "SE",
        "amazon.pl" => "PL",
        "amazon.com.be" => "BE",
        "amazon.com.tr" => "TR",
        "amazon.co.jp" => "JP",
        "amazon.com.au" => "AU",
        "amazon.sg" => "SG",
        "amazon.ae" => "AE",
        "amazon.sa" => "SA",
        "amazon.in" => "IN",
        "amazon.eg" => "EG",
        _ => return None,
    })
}

/// The TikTok Shop region that settles in `currency`.
fn tiktok_marketplace(currency: Currency) -> Option<&'static str> {
    Some(match currency.as_str() {
        "USD" => "US",
        "GBP" => "GB",
        "MYR" => "MY",
        "THB" => "TH",
        "SGD" => "SG",
        "IDR" => "ID",
        "VND" => "VN",
        "PHP" => "PH",
        "MXN" => "MX",
        "JPY" => "JP",
        "BRL" => "BR",
        _ => return None,
    })
}

/// The first rows of a file (text or workbook) as cells, header first.
fn first_rows(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    if crate::xlsx::is_xlsx(bytes) {
        let sheet = crate::xlsx::read_sheet(bytes, None).ok()?;
        return Some(sheet.rows.iter().take(MAX_IDENTITY_ROWS).map(|r| r.rec.iter().map(str::to_string).collect()).collect());
    }
    let text = decode(bytes).ok()?.text;
    let header = text.lines().find(|l| !l.trim().is_empty())?;
    let delimiter = crate::table::sniff_delimiter(header);
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    Some(rdr.records().take(MAX_IDENTITY_ROWS).flatten().map(|r| r.iter().map(str::to_string).collect()).collect())
}

/// The first non-empty cell of the column named (letters and digits) `name`.
fn first_in(rows: &[Vec<String>], names: &[&str]) -> Option<String> {
    let (header, body) = rows.split_first()?;
    let col = header.iter().position(|h| names.contains(&alnum_lower(h).as_str()))?;
    body.iter().filter_map(|r| r.get(col)).map(|v| v.trim()).find(|v| !v.is_empty()).map(str::to_string)
}

/// What the file of `kind` says it is for; `None` when the kind names no
/// store or the file cannot be read (parsing it will say why).
pub fn file_identity(kind: FileKind, bytes: &[u8]) -> Option<FileIdentity> {
    let rows = first_rows(bytes)?;
    let currency = |names: &[&str]| first_in(&rows, names).and_then(|c| Currency::parse_code(&c).ok());
    let id = |platform| FileIdentity { platform, marketplace: None, marketplace_name: None, currency: None, settlement_id: None };
    match kind {
        FileKind::AmazonSettlement => {
            let (header, body) = rows.split_first()?;
            let col = header.iter().position(|h| h.trim().eq_ignore_ascii_case("marketplace-name"));
            let site = col.and_then(|c| body.iter().filter_map(|r| r.get(c)).find(|v| amazon_marketplace(v).is_some()).cloned());
            Some(FileIdentity {
                marketplace: site.as_deref().and_then(amazon_marketplace).map(str::to_string),
                marketplace_name: site.map(|s| s.trim().to_string()),
                currency: currency(&["currency"]),
                settlement_id: first_in(&rows, &["settlementid"]),
                ..id(Platform::Amazon)
            })
        }
        FileKind::TiktokStatement => {
            let c = currency(&["currency"]);
            let m = c.and_then(tiktok_marketplace).map(str::to_string);
            Some(FileIdentity { marketplace: m.clone(), marketplace_name: m, currency: c, ..id(Platform::TiktokShop) })
        }
        FileKind::TiktokOrders => Some(id(Platform::TiktokShop)),
        FileKind::ShopifyOrders => Some(FileIdentity { currency: currency(&["currency"]), ..id(Platform::Shopify) }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(code: &str, platform: Platform, marketplace: &str, currency: &str) -> Store {
        Store {
            code: code.into(),
            name: code.into(),
            platform,
            marketplace: marketplace.into(),
            currency: Currency::parse_code(currency).unwrap(),
            timezone: "UTC".into(),
            owners: Vec::new(),
            operator: None,
            books_sales_from: None,
        }
    }

    const SETTLEMENT: &str = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\tmarketplace-name\tamount\n\
7293436482\t03.05.2018 09:10:07 UTC\t04.05.2018 20:30:23 UTC\t06.05.2018 20:30:23 UTC\t53,44\tEUR\t\t\t\n\
7293436482\t\t\t\t\t\tOrder\tNon-Amazon\t1,00\n\
7293436482\t\t\t\t\t\tOrder\tAmazon.de\t52,44\n";

    #[test]
    fn a_settlement_names_its_payout_marketplace_and_currency() {
        let id = file_identity(FileKind::AmazonSettlement, SETTLEMENT.as_bytes()).unwrap();
        assert_eq!(id.settlement_id.as_deref(), Some("7293436482"));
        assert_eq!((id.marketplace.as_deref(), id.marketplace_name.as_deref()), (Some("DE"), Some("Amazon.de")));
        assert_eq!(id.currency.map(|c| c.to_string()), Some("EUR".into()));
        let de = store("AMZ-DE", Platform::Amazon, "de", "EUR");
        assert!(id.check(&de).is_ok());
        let fr = store("AMZ-FR", Platform::Amazon, "FR", "EUR");
        let e = id.check(&fr).unwrap_err();
        assert_eq!(e.code(), "store_marketplace_mismatch");
        assert!(e.to_string().contains("Amazon.de") && e.to_string().contains("AMZ-FR sells on FR"), "{e}");
        let uk = store("AMZ-UK", Platform::Amazon, "UK", "GBP");
        let e = id.check(&uk).unwrap_err();
        assert_eq!(e.code(), "store_currency_mismatch");
        assert!(e.to_string().contains("in EUR but store AMZ-UK settles in GBP"), "{e}");
    }

    #[test]
    fn the_store_is_picked_when_exactly_one_fits() {
        let id = file_identity(FileKind::AmazonSettlement, SETTLEMENT.as_bytes()).unwrap();
        let stores = vec![
            store("AMZ-US", Platform::Amazon, "US", "USD"),
            store("AMZ-DE", Platform::Amazon, "DE", "EUR"),
            store("TT-DE", Platform::TiktokShop, "DE", "EUR"),
        ];
        assert_eq!(id.pick(FileKind::AmazonSettlement, &stores).unwrap().code, "AMZ-DE");
        let mut two = stores.clone();
        two.push(store("AMZ-DE-2", Platform::Amazon, "DE", "EUR"));
        let e = id.pick(FileKind::AmazonSettlement, &two).unwrap_err();
        assert_eq!(e, Refusal::AmbiguousStore { file: "amazon DE EUR".into(), candidates: vec!["AMZ-DE".into(), "AMZ-DE-2".into()] });
        assert_eq!(id.pick(FileKind::AmazonSettlement, &stores[..1]).unwrap_err().code(), "store_needed");
    }

    #[test]
    fn tiktok_and_shopify_files_name_their_currency() {
        let statement = include_str!("../tests/fixtures/tiktok_statement_order_details.csv");
        let id = file_identity(FileKind::TiktokStatement, statement.as_bytes()).unwrap();
        assert_eq!(
            (id.platform, id.marketplace.as_deref(), id.currency.map(|c| c.to_string())),
            (Platform::TiktokShop, Some("MY"), Some("MYR".into()))
        );
        let shopify = include_str!("../tests/fixtures/shopify_orders_export.csv");
        let id = file_identity(FileKind::ShopifyOrders, shopify.as_bytes()).unwrap();
        assert_eq!(
            (id.platform, id.marketplace.clone(), id.currency.map(|c| c.to_string())),
            (Platform::Shopify, None, Some("USD".into()))
        );
        assert!(id.fits(&store("SHOP", Platform::Shopify, "GLOBAL", "USD")), "a Shopify file names no marketplace");
        assert_eq!(file_identity(FileKind::Facts, shopify.as_bytes()), None);
    }
}
