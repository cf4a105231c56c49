//! Importing traffic: the generic traffic CSV (Alibaba.com 数据管家 exports
//! included) and Amazon's business report by child item. Both say nothing
//! of when their days begin, so the import states it (the data cut, kept
//! with every row and printed under every report); a business report also
//! needs the days it was downloaded for.

use crate::import::{context, meta, rows_error, ImportKind, ImportReport};
use crate::import_note::ImportNote;
use crate::{AppError, Result};
use amoeba_core::ledger::DataCut;
use amoeba_import::{formats, FileKind, ImportError, ImportErrors, Reason};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::str::FromStr;

/// When a generic traffic file's days begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutChoice {
    /// Alibaba.com's data manager: traffic on US Pacific time, orders and inquiries on China time.
    Alibaba,
    /// Every figure by the day in one zone.
    Zone(chrono_tz::Tz),
}

impl FromStr for CutChoice {
    type Err = String;
    /// `alibaba`, or an IANA time-zone name (`Asia/Shanghai`).
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim() {
            "alibaba" => Ok(CutChoice::Alibaba),
            z => z.parse().map(CutChoice::Zone).map_err(|_| format!("'{z}' is neither 'alibaba' nor an IANA time zone (Asia/Shanghai)")),
        }
    }
}

/// What a traffic import needs beyond the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrafficOptions {
    /// First day a business report covers.
    pub from: Option<NaiveDate>,
    /// Last day a business report covers.
    pub to: Option<NaiveDate>,
    /// The cut of a generic file; by default the store's zone (with a
    /// store) or the company's.
    pub cut: Option<CutChoice>,
}

/// Reads a traffic file of `kind` ([`ImportKind::Traffic`] or
/// [`ImportKind::AmazonBusinessReport`]) and stores it in one transaction;
/// the same file again changes nothing.
pub async fn import_traffic(
    db: &Db,
    company: &CompanyRow,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    store: Option<&str>,
    opts: TrafficOptions,
) -> Result<ImportReport> {
    let ctx = context(db, company, kind, store).await?;
    let file_err = |errors| AppError::File { file: file.into(), errors };
    let (parsed, sha) = match kind {
        ImportKind::AmazonBusinessReport => {
            let (Some(from), Some(to)) = (opts.from, opts.to) else {
                let e = ImportErrors::from_errors(FileKind::AmazonBusinessReport, vec![ImportError::line(0, Reason::ReportDaysNeeded)], 0);
                return Err(file_err(e));
            };
            let f = formats::parse_amazon_business_report(bytes, &ctx, from, to).map_err(file_err)?;
            // The same bytes for other days are another import.
            let sha = format!("{}:{from}..{to}", hex::encode(f.parsed.file_sha256));
            (f, sha)
        }
        _ => {
            let cut = match opts.cut {
                Some(CutChoice::Alibaba) => DataCut::alibaba(),
                Some(CutChoice::Zone(z)) => DataCut::uniform(z),
                None => DataCut::uniform(ctx.tz),
            };
            let f = formats::parse_traffic(bytes, &ctx, cut).map_err(file_err)?;
            let sha = hex::encode(f.parsed.file_sha256);
            (f, sha)
        }
    };
    let mut m = meta(kind, file, parsed.parsed.file_sha256, parsed.parsed.encoding.as_str(), store);
    m.file_sha256 = sha;
    let rows = parsed.parsed.records.into_iter().map(|(r, f)| (r, f.to_hex())).collect();
    let outcome = db.import_traffic(company.id, &m, parsed.cut, rows).await.map_err(rows_error(file, kind))?;
    let notes = vec![ImportNote::new(parsed.cut.render(amoeba_core::Lang::Zh), parsed.cut.render(amoeba_core::Lang::En))];
    Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes })
}
