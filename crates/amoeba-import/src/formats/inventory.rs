//! Inventory snapshots per store, SKU and day: the basis of turnover days
//! and days of cover.

use crate::context::ImportContext;
use crate::error::{FileKind, ImportErrors};
use crate::fingerprint::FieldBuf;
use crate::reason::Reason;
use crate::table::{col, read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::ledger::InventoryRecord;

const COLUMNS: &[ColumnSpec] = &[
    col("date", true, false),
    col("store", true, false),
    col("sku", true, false),
    col("on_hand", true, false),
    col("inbound", false, false),
];

fn units(r: &mut Row<'_>, c: usize, required: bool) -> Option<i64> {
    let v = r.integer(c, required)?;
    if v < 0 {
        r.err(c, Reason::Negative { value: v.to_string() });
        return None;
    }
    Some(v)
}

fn row(r: &mut Row<'_>, _ctx: &ImportContext) -> Option<InventoryRecord> {
    let date = r.date(0, true);
    let store = r.required(1).map(str::to_string);
    let sku = r.required(2).map(str::to_string);
    let on_hand = units(r, 3, true);
    let inbound = if r.text(4).is_some() { units(r, 4, false) } else { Some(0) };
    Some(InventoryRecord { date: date?, store: store?, sku: sku?, on_hand: on_hand?, inbound: inbound?, line: r.line })
}

fn fields(x: &InventoryRecord, b: &mut FieldBuf) {
    b.start("inventory");
    b.display(x.date);
    b.str(&x.store);
    b.str(&x.sku);
    b.display(x.on_hand);
    b.display(x.inbound);
}

/// Parses an inventory snapshot CSV (`date, store, sku, on_hand, inbound`).
pub fn parse_inventory(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<InventoryRecord>, ImportErrors> {
    read_inventory(bytes, ctx).map_err(|p| p.errors)
}

/// [`parse_inventory`], but a refusal keeps the good rows, for the caller to check
/// them against what is stored in the same pass.
pub fn read_inventory(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<InventoryRecord>, Partial<InventoryRecord>> {
    read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::Inventory,
            columns: COLUMNS,
            row,
            header_check: |_| None,
            fields,
            header_mode: HeaderMode::Exact,
            description_row: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::describe;

    #[test]
    fn reads_snapshots_and_refuses_negative_or_fractional_units() {
        let p =
            parse_inventory(b"date,store,sku,on_hand,inbound\n2026-03-01,S1,K1,120,40\n2026-03-01,S1,K2,0,\n", &ImportContext::default())
                .unwrap();
        assert_eq!(p.records[0].0.inbound, 40);
        assert_eq!(p.records[1].0.inbound, 0);
        let e = parse_inventory(
            b"date,store,sku,on_hand\n2026-03-01,S1,K1,-1\n2026-03-01,S1,K1,1.5\n2026-03-01,S1,,1\n",
            &ImportContext::default(),
        )
        .unwrap_err();
        let d = describe(&e);
        assert_eq!(
            d,
            vec![
                "2:on_hand:must not be negative, got -1".to_string(),
                "3:on_hand:'1.5' is not a whole number".to_string(),
                "4:sku:sku is required".to_string(),
            ]
        );
    }
}
