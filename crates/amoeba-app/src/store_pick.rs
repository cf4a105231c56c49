//! Which store a marketplace file goes to. A file that says what it is for
//! (an Amazon settlement's currency and marketplace, a TikTok statement's
//! currency, a Shopify export's currency) is refused under a store it does
//! not fit, naming both values — a USD Amazon.com settlement must never land
//! in an EUR Amazon.de store's amoeba. Without `--store`, the one store the
//! file fits is taken; when several fit, the refusal lists them.

use crate::import::ImportKind;
use crate::Result;
use amoeba_import::file_identity;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use std::io::Read;

/// Bytes read from the start of a file on disk to learn what it is for: a
/// settlement's header and first lines are a few hundred bytes.
const HEAD_BYTES: u64 = 1 << 20;

/// The store chosen for a file, and a note when the file chose it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Picked {
    /// The store code, when the kind has one.
    pub store: Option<String>,
    /// "store X chosen from the file (amazon DE EUR)", when it was.
    pub note: Option<crate::import_note::ImportNote>,
}

/// Checks the named store against what the file says it is for, or picks
/// the one store it fits (see the module's documentation). `head` is the
/// file, or its first bytes.
pub(crate) async fn pick_store(db: &Db, company: &CompanyRow, kind: ImportKind, store: Option<&str>, head: &[u8]) -> Result<Picked> {
    let named = || Picked { store: store.map(str::to_string), note: None };
    let Some(identity) = file_identity(kind.file_kind(), head) else {
        return Ok(named());
    };
    if store.is_none() && identity.currency.is_none() && identity.marketplace.is_none() {
        // A file that names nothing cannot choose: `--store` is asked for.
        return Ok(named());
    }
    // The stores only: a folder of 100 settlements is 100 data versions, and
    // the whole organisation (50 000 SKUs) is not needed to pick a store.
    let stores = &db.stores(company.id).await?;
    match store {
        Some(code) => {
            // An unknown code is refused by the import's context, naming the known ones.
            if let Some(s) = stores.iter().find(|s| s.code == code) {
                identity.check(s)?;
            }
            Ok(named())
        }
        None => {
            let s = identity.pick(kind.file_kind(), stores)?;
            let note = crate::import_note::ImportNote::store_chosen(&s.code, &identity.describe());
            Ok(Picked { store: Some(s.code.clone()), note: Some(note) })
        }
    }
}

/// The first bytes of a file on disk, cut after its last whole line.
pub(crate) fn head_of(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?.take(HEAD_BYTES).read_to_end(&mut head)?;
    if head.len() as u64 == HEAD_BYTES {
        if let Some(end) = head.iter().rposition(|b| *b == b'\n') {
            head.truncate(end + 1);
        }
    }
    Ok(head)
}
