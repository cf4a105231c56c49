//! Reading facts stored in blocks (`fact_chunks`, see [`crate::chunk_codec`]):
//! drill-down decodes the blocks of the stores and days asked for.

use crate::chunk_codec::decode_chunk;
use crate::ledger_read::SourcedFact;
use crate::{Db, Result, StoreError};
use amoeba_core::ledger::FactKind;
use amoeba_core::money::from_source_units;
use chrono::NaiveDate;
use sqlx::Row;

impl Db {
    /// Adds to `out` the block-stored facts of `stores` between two days of
    /// the given kinds, each with its import id. Blocks are streamed one at
    /// a time; more than [`crate::ledger_read::MAX_DRILLDOWN_FACTS`] in `out` is refused (the
    /// drill-down reads a day at a time, so memory stays bounded).
    pub(crate) async fn chunk_sourced_facts(
        &self,
        company_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        kinds: &[FactKind],
        stores: &[String],
        out: &mut Vec<(i64, SourcedFact)>,
    ) -> Result<()> {
        if stores.is_empty() || kinds.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = (0..stores.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = format!(
            "SELECT c.payload, c.import_id, s.code, i.file_name FROM fact_chunks c \
             JOIN stores s ON s.id = c.store_id JOIN imports i ON i.id = c.import_id \
             WHERE c.company_id = $1 AND c.day_min <= $3 AND c.day_max >= $2 AND s.code IN ({}) \
             ORDER BY c.import_id, c.chunk_no",
            list.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(from.to_string()).bind(to.to_string());
        for s in stores {
            q = q.bind(s.clone());
        }
        let mut rows = q.fetch(&self.pool);
        while let Some(r) = next_row!(rows) {
            let r = r?;
            let payload: Vec<u8> = r.get(0);
            let import_id: i64 = r.get(1);
            let store: String = r.get(2);
            let file: String = r.get(3);
            decode_chunk(&payload, |f| {
                if f.day < from || f.day > to || !kinds.contains(&f.kind) {
                    return;
                }
                out.push((
                    import_id,
                    SourcedFact {
                        day: f.day,
                        store: Some(store.clone()),
                        unit: None,
                        sku: f.sku.map(str::to_string),
                        order_id: f.order_id.map(str::to_string),
                        kind: f.kind,
                        amount: from_source_units(f.amount),
                        currency: f.currency,
                        memo: f.memo.map(str::to_string),
                        file: file.clone(),
                        line: f.line,
                    },
                ));
            })
            .map_err(|e| StoreError::Corrupt(format!("import #{import_id}: {e}")))?;
            crate::ledger_read::too_many(out.len(), from, to)?;
        }
        Ok(())
    }
}
