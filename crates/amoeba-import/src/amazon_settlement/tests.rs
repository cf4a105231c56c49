//! Unit tests of the settlement parser on small hand-written files.

use super::*;
use amoeba_core::ledger::FactKind;
use proptest::prelude::*;
use rust_decimal_macros::dec;

/// A short header: no posted-date-time, promotion-id or most id columns,
/// plus one column Amazon never had. All must be tolerated.
const H: &str = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tamount-type\tamount-description\tamount\tposted-date\tsku\tquantity-purchased\textra-column";

fn summary(total: &str) -> String {
    format!("111\t2026-09-01\t2026-09-14\t2026-09-16\t{total}\tGBP\t\t\t\t\t\t\t\t\t")
}

/// A transaction line from `[tx, order, amount-type, description, amount, posted-date, sku, quantity]`.
fn line([tx, order, at, desc, amount, date, sku, qty]: [&str; 8]) -> String {
    format!("111\t\t\t\t\t\t{tx}\t{order}\t{at}\t{desc}\t{amount}\t{date}\t{sku}\t{qty}\tx")
}

fn file(total: &str, rows: &[String]) -> String {
    let mut s = format!("{H}\n{}\n", summary(total));
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn ctx() -> ImportContext {
    ImportContext::new(chrono_tz::Europe::London).with_store("AMZ-UK")
}

fn good_rows() -> Vec<String> {
    vec![
        line(["Order", "026-1", "ItemPrice", "Principal", "20.00", "2026-09-03", "SKU-1", "2"]),
        line(["Order", "026-1", "ItemFees", "Commission", "-3.00", "2026-09-03", "SKU-1", "2"]),
        line(["Order", "026-1", "ItemFees", "FBAPerUnitFulfillmentFee", "-1.50", "2026-09-03", "SKU-1", "2"]),
        line(["Refund", "026-2", "ItemPrice", "Principal", "-10.00", "2026-09-04", "SKU-2", "1"]),
        line(["other-transaction", "", "other-transaction", "Brand New Thing", "0.00", "2026-09-05", "", ""]),
    ]
}

fn errors(r: Result<Settlement, ImportErrors>) -> Vec<(u64, Option<String>, String)> {
    r.unwrap_err().errors.into_iter().map(|e| (e.line, e.column, e.reason.to_string())).collect()
}

#[test]
fn reads_and_reconciles() {
    let s = parse_settlement(file("5.50", &good_rows()).as_bytes(), &ctx()).unwrap();
    assert_eq!(s.summary.settlement_id, "111");
    assert_eq!(s.summary.total_amount, dec!(5.50));
    assert_eq!(s.summary.currency.as_str(), "GBP");
    assert_eq!(s.summary.deposit_date.day.to_string(), "2026-09-16");
    let f: Vec<_> = s.facts.records.iter().map(|r| &r.0).collect();
    assert_eq!(f.len(), 5);
    assert_eq!(f[0].kind, FactKind::Sale);
    assert_eq!(f[0].quantity, 2);
    assert_eq!(f[0].store.as_deref(), Some("AMZ-UK"));
    assert_eq!(f[0].memo.as_deref(), Some("Order/ItemPrice/Principal"));
    assert_eq!(f[0].line, 3);
    assert_eq!(f[1].quantity, 0, "only the principal line carries units");
    assert_eq!(f[3].kind, FactKind::Refund);
    assert_eq!(f[3].quantity, 1, "units returned, positive");
    assert_eq!(f[4].kind, FactKind::OtherIncome);
    assert_eq!(s.unmapped, vec![("other-transaction/other-transaction/Brand New Thing".to_string(), 1)]);
    assert_eq!(s.facts.number_style, NumberStyle::Point);
}

#[test]
fn refuses_a_file_that_does_not_reconcile() {
    let e = errors(parse_settlement(file("5.51", &good_rows()).as_bytes(), &ctx()));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, 2);
    assert_eq!(e[0].1.as_deref(), Some("total-amount"));
    assert!(e[0].2.contains("sum to 5.5 GBP but the settlement's total-amount is 5.51 GBP (difference 0.01)"), "{}", e[0].2);
}

#[test]
fn every_bad_line_is_reported() {
    let rows = vec![
        line(["Order", "026-1", "ItemPrice", "Principal", "2O.00", "2026-09-03", "SKU-1", "1"]),
        line(["Order", "026-1", "ItemFees", "Commission", "-3.00", "2026-02-30", "SKU-1", "1"]),
        line(["Order", "026-1", "ItemFees", "Commission", "", "2026-09-03", "SKU-1", "1"]),
        line(["Order", "026-1", "ItemPrice", "Principal", "1.00", "2026-09-03", "SKU-1", "x"]),
        line(["Order", "026-1", "ItemPrice", "Principal", "1.00", "", "SKU-1", "1"]),
        "222\t\t\t\t\t\tOrder\t026-1\tItemPrice\tPrincipal\t1.00\t2026-09-03\tS\t1\tx".to_string(),
    ];
    let e = errors(parse_settlement(file("0", &rows).as_bytes(), &ctx()));
    let cols: Vec<_> = e.iter().map(|(l, c, _)| (*l, c.clone().unwrap_or_default())).collect();
    assert_eq!(
        cols,
        vec![
            (3, "amount".to_string()),
            (4, "posted-date".to_string()),
            (5, "amount".to_string()),
            (6, "quantity-purchased".to_string()),
            (7, "posted-date".to_string()),
            (8, "settlement-id".to_string()),
        ],
        "{e:#?}"
    );
}

#[test]
fn callback_stops_at_the_first_bad_line() {
    let mut rows = good_rows();
    rows.insert(2, line(["Order", "026-1", "ItemFees", "Commission", "abc", "2026-09-03", "SKU-1", "1"]));
    let mut seen = 0;
    let r = for_each_settlement_fact(file("5.50", &rows).as_bytes(), &ctx(), |_, _, _| seen += 1);
    assert!(r.is_err());
    assert_eq!(seen, 2);
}

#[test]
fn needs_a_store() {
    let e = parse_settlement(file("5.50", &good_rows()).as_bytes(), &ImportContext::default()).unwrap_err();
    assert!(e.to_string().contains("--store"), "{e}");
}

#[test]
fn structural_problems() {
    let v1 = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\tprice-type\tprice-amount\n";
    assert!(errors(parse_settlement(v1.as_bytes(), &ctx()))[0].2.contains("V1"));
    assert!(errors(parse_settlement(b"a,b,c\n", &ctx()))[0].2.contains("not tab-separated"));
    assert!(errors(parse_settlement(b"", &ctx()))[0].2.contains("empty"));
    assert!(errors(parse_settlement(format!("{H}\n").as_bytes(), &ctx()))[0].2.contains("no settlement summary"));
    let missing = H.replace("\tamount-description", "");
    let e = errors(parse_settlement(format!("{missing}\n").as_bytes(), &ctx()));
    assert_eq!(e[0].2, "missing required column \"amount-description\"");
    let no_summary = format!("{H}\n{}\n", good_rows()[0]);
    assert!(errors(parse_settlement(no_summary.as_bytes(), &ctx()))[0].2.contains("must be the settlement summary"));
    let two = file("5.50", &[summary("1.00")]);
    assert!(errors(parse_settlement(two.as_bytes(), &ctx()))[0].2.contains("second summary"));
    let bad_summary = format!("{H}\n111\t2026-09-01\t\t2026-09-16\tx\tGBP\t\t\t\t\t\t\t\t\t\n");
    let e = errors(parse_settlement(bad_summary.as_bytes(), &ctx()));
    assert_eq!(e[0].1.as_deref(), Some("settlement-end-date"));
}

#[test]
fn currency_must_match_the_summary() {
    let row = "111\t\t\t\t\tUSD\tOrder\t026-1\tItemPrice\tPrincipal\t1.00\t2026-09-03\tS\t1\tx".to_string();
    let e = errors(parse_settlement(file("1.00", &[row]).as_bytes(), &ctx()));
    assert!(e[0].2.contains("differs from the settlement currency GBP"), "{e:?}");
}

#[test]
fn timestamps_become_store_days() {
    let h = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\tamount-type\tamount-description\tamount\tposted-date\tposted-date-time";
    let f = format!(
        "{h}\n1\t2026-09-01T00:00:00+00:00\t2026-09-14T00:00:00+00:00\t2026-09-16T00:00:00+00:00\t1.00\tUSD\t\t\t\t\t\t\n\
         1\t\t\t\t\t\tOrder\tItemPrice\tPrincipal\t1.00\t2026-09-03\t2026-09-03 20:00:00 UTC\n"
    );
    let shanghai = ImportContext::new(chrono_tz::Asia::Shanghai).with_store("S");
    let s = parse_settlement(f.as_bytes(), &shanghai).unwrap();
    let fact = &s.facts.records[0].0;
    assert_eq!(fact.date.to_string(), "2026-09-04");
    assert_eq!(fact.occurred_at.unwrap().to_rfc3339(), "2026-09-03T20:00:00+00:00");
}

#[test]
fn fingerprints_are_stable_and_duplicates_kept() {
    let mut rows = good_rows();
    rows.push(rows[1].clone());
    let total = "2.50";
    let a = parse_settlement(file(total, &rows).as_bytes(), &ctx()).unwrap();
    let b = parse_settlement(file(total, &rows).as_bytes(), &ctx()).unwrap();
    let pa: Vec<_> = a.facts.records.iter().map(|r| r.1).collect();
    let pb: Vec<_> = b.facts.records.iter().map(|r| r.1).collect();
    assert_eq!(pa, pb);
    assert_eq!(pa.len(), 6);
    assert_ne!(pa[1], pa[5], "the repeated commission line is a second fact");
    let mut uniq = pa.clone();
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), 6);
    // The same file read in another time zone keeps its identities.
    let other = parse_settlement(file(total, &rows).as_bytes(), &ctx().clone_with_tz(chrono_tz::Asia::Tokyo)).unwrap();
    assert_eq!(other.facts.records[0].1, pa[0]);
}

trait WithTz {
    fn clone_with_tz(&self, tz: chrono_tz::Tz) -> Self;
}

impl WithTz for ImportContext {
    fn clone_with_tz(&self, tz: chrono_tz::Tz) -> Self {
        let mut c = self.clone();
        c.tz = tz;
        c
    }
}

#[test]
fn bom_crlf_and_gbk() {
    let text = file("5.50", &good_rows()).replace('\n', "\r\n");
    let with_bom = format!("\u{feff}{text}");
    let s = parse_settlement(with_bom.as_bytes(), &ctx()).unwrap();
    assert_eq!(s.facts.encoding, Encoding::Utf8Bom);
    assert_eq!(s.facts.records.len(), 5);
    let gbk_text = text.replace("SKU-1", "台灯-1");
    let (bytes, _, _) = encoding_rs::GBK.encode(&gbk_text);
    let s = parse_settlement(&bytes, &ctx()).unwrap();
    assert_eq!(s.facts.encoding, Encoding::Gbk);
    assert_eq!(s.facts.records[0].0.sku.as_deref(), Some("台灯-1"));
}

#[test]
fn decimal_comma_is_detected_from_the_total() {
    let rows = vec![
        line(["Order", "1", "ItemPrice", "Principal", "1.234,56", "03.09.2026", "S", "1"]),
        line(["Order", "1", "ItemFees", "Commission", "-34,56", "03.09.2026", "S", "1"]),
    ];
    let s = parse_settlement(file("1.200,00", &rows).as_bytes(), &ctx()).unwrap();
    assert_eq!(s.facts.number_style, NumberStyle::Comma);
    assert_eq!(s.facts.records[0].0.amount, dec!(1234.56));
}

#[test]
fn too_many_columns() {
    let wide = format!("{}\t{}", good_rows()[0], "x\t".repeat(MAX_COLUMNS));
    let e = errors(parse_settlement(file("20.00", &[wide]).as_bytes(), &ctx()));
    assert!(e[0].2.contains("more than 64 fields"), "{e:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = parse_settlement(&bytes, &ctx());
    }

    #[test]
    fn random_lines_after_a_real_header_never_panic(
        rows in proptest::collection::vec(proptest::collection::vec("[\\t0-9a-zA-Z.,:\\- ]{0,12}", 0..16), 0..8)
    ) {
        let mut f = format!("{H}\n{}\n", summary("1,00"));
        for r in rows {
            f.push_str(&r.join("\t"));
            f.push('\n');
        }
        let _ = parse_settlement(f.as_bytes(), &ctx());
    }
}

/// Throughput and memory on a synthetic month streamed from disk; run with
/// `cargo test -p amoeba-import --release -- --ignored --nocapture settlement_throughput`
/// (`AMOEBA_BENCH_LINES=10000000` for a 10-million-line month).
#[test]
#[ignore]
fn settlement_throughput() {
    use std::io::Write;
    let lines: usize = std::env::var("AMOEBA_BENCH_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let full = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tpromotion-id";
    let kinds = [
        ("Order", "ItemPrice", "Principal", "19.99"),
        ("Order", "ItemPrice", "Tax", "1.60"),
        ("Order", "ItemFees", "Commission", "-3.00"),
        ("Order", "ItemFees", "FBAPerUnitFulfillmentFee", "-4.75"),
        ("Refund", "ItemPrice", "Principal", "-19.99"),
    ];
    let total: Decimal = (0..lines).map(|i| kinds[i % kinds.len()].3.parse::<Decimal>().unwrap_or_default()).sum();
    let path = std::env::temp_dir().join(format!("amoeba-settlement-bench-{lines}-{}.txt", std::process::id()));
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).expect("temp file"));
        writeln!(w, "{full}").unwrap();
        writeln!(
            w,
            "1234567890\t2026-03-01T00:00:00+00:00\t2026-03-15T00:00:00+00:00\t2026-03-17T00:00:00+00:00\t{total}\tUSD{}",
            "\t".repeat(18)
        )
        .unwrap();
        for i in 0..lines {
            let (tx, at, desc, amount) = kinds[i % kinds.len()];
            let order = i / 4;
            let day = 1 + (i * 14 / lines.max(1));
            let sec = (order * 7) % 86_400; // one timestamp per order, as Amazon writes them
            writeln!(
                w,
                "1234567890\t\t\t\t\t\t{tx}\t114-{:07}-{:07}\t\t\tSHIP{order}\tAmazon.com\t{at}\t{desc}\t{amount}\tAFN\t2026-03-{day:02}\t2026-03-{day:02}T{:02}:{:02}:{:02}+00:00\t{}\t\t\tSKU-{:05}\t1\t",
                order / 9_999_999,
                order % 9_999_999,
                sec / 3600,
                (sec / 60) % 60,
                sec % 60,
                50_000_000 + order,
                order % 50_000,
            )
            .unwrap();
        }
        w.flush().unwrap();
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let c = ImportContext::new(chrono_tz::America::Los_Angeles).with_store("AMZ-US");
    let rss_before = peak_rss_kb();
    let start = std::time::Instant::now();
    let cpu_start = thread_cpu_ns();
    let mut n = 0u64;
    let reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path).expect("open"));
    let stats = for_each_settlement_fact(reader, &c, |_, f, p| {
        n += 1;
        std::hint::black_box((f, p));
    })
    .expect("synthetic settlement reconciles");
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_start.zip(thread_cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
    let _ = std::fs::remove_file(&path);
    assert_eq!(n, lines as u64);
    println!(
        "settlement: {} lines, {:.1} MB, wall {:.3} s = {:.0} lines/s ({:.0} MB/s); on-CPU {}; peak RSS {} MB (before parsing {} MB)",
        stats.lines,
        bytes as f64 / 1e6,
        secs,
        stats.lines as f64 / secs,
        bytes as f64 / 1e6 / secs,
        cpu.map_or("n/a".to_string(), |c| format!("{c:.3} s = {:.0} lines/s", stats.lines as f64 / c)),
        peak_rss_kb().map_or("n/a".to_string(), |k| (k / 1024).to_string()),
        rss_before.map_or("n/a".to_string(), |k| (k / 1024).to_string()),
    );
}

/// Peak resident memory of this process (Linux `VmHWM`), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

/// Time this thread spent on a CPU (Linux), so the figure is not skewed by
/// other processes sharing the machine.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

proptest! {
    #[test]
    fn tabs_are_found_exactly(line in "[\t a-z\u{9}\u{89}é0-9-]{0,80}") {
        let mut found = Vec::new();
        each_tab(line.as_bytes(), |i| { found.push(i); true });
        let expected: Vec<usize> = line.bytes().enumerate().filter(|(_, b)| *b == b'\t').map(|(i, _)| i).collect();
        prop_assert_eq!(found, expected);
        let mut cells = [""; MAX_COLUMNS];
        let n = split(&line, &mut cells).unwrap();
        let reference: Vec<&str> = line.split('\t').map(str::trim_ascii).collect();
        prop_assert_eq!(&cells[..n], &reference[..]);
    }
}

#[test]
fn a_line_of_more_than_the_most_columns_does_not_split() {
    let (most, more) = ("a\t".repeat(MAX_COLUMNS - 1), "a\t".repeat(MAX_COLUMNS));
    let mut cells = [""; MAX_COLUMNS];
    assert_eq!(split(&most, &mut cells), Some(MAX_COLUMNS));
    assert_eq!(split(&more, &mut cells), None);
}
