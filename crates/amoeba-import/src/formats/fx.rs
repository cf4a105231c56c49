//! Exchange rates: how many base-currency units one unit of a currency buys
//! on a day. Facts convert at their date's rate (or the latest earlier one).

use crate::context::ImportContext;
use crate::error::{FileKind, ImportErrors};
use crate::fingerprint::FieldBuf;
use crate::reason::Reason;
use crate::table::{col, read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::accounting::fx::MAX_RATE;
use amoeba_core::ledger::FxRate;
use amoeba_core::money::RATE_DP;

const COLUMNS: &[ColumnSpec] = &[col("date", true, false), col("currency", true, false), col("rate", true, true)];

fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<FxRate> {
    let date = r.date(0, true);
    let currency = r.currency(1, true);
    let rate = r.decimal(2, true, RATE_DP);
    if let Some(x) = rate {
        // The same bounds the FX table holds the stored rates to, so a rate
        // that would stop every report is refused here, with its line.
        if x <= rust_decimal::Decimal::ZERO {
            r.err(2, Reason::RateNotPositive { value: x.to_string() });
            return None;
        }
        if x > MAX_RATE {
            r.err(2, Reason::RateTooLarge { value: x.to_string(), max: MAX_RATE.to_string() });
            return None;
        }
        if currency.is_some() && currency == ctx.base && x != rust_decimal::Decimal::ONE {
            r.err(2, Reason::BaseRateNotOne { currency: currency.map(|c| c.to_string()).unwrap_or_default(), value: x.to_string() });
            return None;
        }
    }
    Some(FxRate { date: date?, currency: currency?, rate: rate?, line: r.line })
}

fn fields(x: &FxRate, b: &mut FieldBuf) {
    b.start("fx");
    b.display(x.date);
    b.str(x.currency.as_str());
    b.display(x.rate.normalize());
}

/// Parses an FX rates CSV (`date, currency, rate`; rate up to 8 places, > 0).
pub fn parse_fx(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<FxRate>, ImportErrors> {
    read_fx(bytes, ctx).map_err(|p| p.errors)
}

/// [`parse_fx`], but a refusal keeps the good rows, for the caller to check
/// them against what is stored in the same pass.
pub fn read_fx(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<FxRate>, Partial<FxRate>> {
    read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::Fx,
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
    use crate::formats::test_util::{describe, only};
    use rust_decimal_macros::dec;

    fn ctx() -> ImportContext {
        ImportContext::default()
    }

    #[test]
    fn reads_rates() {
        let p = parse_fx(b"date,currency,rate\n2026-03-01,USD,7.12345678\n2026-03-01,eur,7.8\n", &ctx()).unwrap();
        assert_eq!(p.records[0].0.rate, dec!(7.12345678));
        assert_eq!(p.records[1].0.currency.as_str(), "EUR");
    }

    #[test]
    fn refuses_a_currency_that_is_not_iso_4217() {
        let e = parse_fx(b"date,currency,rate\n2026-03-01,USD,7.1\n2026-03-01,XYZ,7.8\n", &ctx()).unwrap_err();
        assert_eq!(e.errors.len(), 1, "{e}");
        let x = &e.errors[0];
        assert_eq!((x.line, x.column.as_deref(), x.reason.code()), (3, Some("currency"), "unknown_currency"), "{e}");
        assert!(e.to_string().contains("line 3, column \"currency\": 'XYZ' is not an ISO 4217 currency code"), "{e}");
    }

    #[test]
    fn refuses_bad_rates() {
        let e = parse_fx(
            b"date,currency,rate\n2026-03-01,USD,0\n2026-03-01,USD,-1\n2026-03-01,USD,7.123456789\n2026-03-01,USD,\n2026-03-01T10:00:00Z,USD,7\n",
            &ctx(),
        )
        .unwrap_err();
        let d = describe(&e);
        assert_eq!(d.len(), 5, "{d:#?}");
        assert_eq!(d[0], "2:rate:rate must be above zero, got 0");
        assert!(d[2].contains("9 decimal places"), "{}", d[2]);
        assert_eq!(d[3], "5:rate:rate is required");
        assert!(d[4].starts_with("6:date:"), "{}", d[4]);
        let e = only(parse_fx(b"date,currency,rate,source\n", &ctx()));
        assert!(e.starts_with("1:source:unknown column"), "{e}");
    }
}
