//! Benchmark data: a deterministic settlement-format month.
//!
//! ```text
//! cargo run --release -p amoeba-import --example gen_settlement -- \
//!     --lines 1000000 --stores 200 --skus 50000 --files 1 --month 2026-09 --out bench/data
//! ```
//!
//! Writes into `--out`:
//! * `org.toml`: company `BENCH` (base CNY), a group with one profit centre
//!   per 10 stores, `--stores` Amazon US stores (`S001`…, USD) and `--skus`
//!   SKUs (`SKU00001`…) with landed costs;
//! * `fx.csv`: a USD rate for the month;
//! * `settlement_S001.txt` … (`--files` files, file *i* for store *i*):
//!   Amazon settlement flat file V2, `--lines` transaction lines in total,
//!   in orders of three lines (principal with quantity, commission, FBA
//!   fee), every 20th order refunded, and a summary row whose `total-amount`
//!   is exactly the sum of the lines.
//!
//! Output depends only on the arguments (a fixed xorshift sequence).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

struct Args {
    lines: u64,
    stores: u32,
    skus: u32,
    files: u32,
    year: i32,
    month: u32,
    out: PathBuf,
}

fn usage() -> ! {
    eprintln!("usage: gen_settlement [--lines N] [--stores N] [--skus N] [--files N] [--month YYYY-MM] --out DIR");
    std::process::exit(2)
}

fn args() -> Args {
    let mut a = Args { lines: 1_000_000, stores: 200, skus: 50_000, files: 1, year: 2026, month: 9, out: PathBuf::new() };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--lines" => a.lines = v.parse().unwrap_or_else(|_| usage()),
            "--stores" => a.stores = v.parse().unwrap_or_else(|_| usage()),
            "--skus" => a.skus = v.parse().unwrap_or_else(|_| usage()),
            "--files" => a.files = v.parse().unwrap_or_else(|_| usage()),
            "--month" => {
                let (y, m) = v.split_once('-').unwrap_or_else(|| usage());
                a.year = y.parse().unwrap_or_else(|_| usage());
                a.month = m.parse().unwrap_or_else(|_| usage());
            }
            "--out" => a.out = PathBuf::from(v),
            _ => usage(),
        }
    }
    if a.out.as_os_str().is_empty() || a.stores == 0 || a.skus == 0 || a.files == 0 || a.files > a.stores || !(1..=12).contains(&a.month) {
        usage();
    }
    a
}

/// xorshift64*: fixed, dependency-free, good enough for test data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Cents as `12.34` / `-0.05`.
fn money(cents: i64, out: &mut String) {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:02}", c / 100, c % 100);
}

fn write_org(a: &Args) -> std::io::Result<()> {
    let mut w = BufWriter::new(File::create(a.out.join("org.toml"))?);
    let from = format!("{}-{:02}-01", a.year - 1, a.month);
    writeln!(w, "[company]\ncode = \"BENCH\"\nname = \"Bench company\"\nbase_currency = \"CNY\"\ntimezone = \"Asia/Shanghai\"\n")?;
    writeln!(w, "[[units]]\ncode = \"GROUP\"\nname = \"Group\"\nkind = \"profit_centre\"\nfunction = \"management\"\n")?;
    let centres = a.stores.div_ceil(10);
    for c in 1..=centres {
        writeln!(
            w,
            "[[units]]\ncode = \"PC{c:03}\"\nname = \"Centre {c}\"\nkind = \"profit_centre\"\nfunction = \"amazon\"\nparent = \"GROUP\"\n"
        )?;
    }
    for s in 1..=a.stores {
        let unit = (s - 1) / 10 + 1;
        writeln!(
            w,
            "[[stores]]\ncode = \"S{s:03}\"\nname = \"Store {s}\"\nplatform = \"amazon\"\nmarketplace = \"US\"\ncurrency = \"USD\"\n\
             owners = [{{ unit = \"PC{unit:03}\", from = \"{from}\" }}]\n"
        )?;
    }
    let mut rng = Rng(0x5EED_0000_0000_0001);
    for k in 1..=a.skus {
        let purchase = 200 + rng.below(20_000) as i64;
        let freight = 50 + rng.below(2_000) as i64;
        let (mut p, mut f) = (String::new(), String::new());
        money(purchase, &mut p);
        money(freight, &mut f);
        writeln!(
            w,
            "[[skus]]\ncode = \"SKU{k:05}\"\nname = \"Product {k}\"\ncosts = [{{ from = \"{from}\", purchase = \"{p}\", freight = \"{f}\" }}]\n"
        )?;
    }
    w.flush()?;
    let mut fx = BufWriter::new(File::create(a.out.join("fx.csv"))?);
    writeln!(fx, "date,currency,rate\n{from},USD,7.1234")?;
    fx.flush()
}

const HEADER: &str = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tpromotion-id";

/// Writes one store's settlement with `lines` transaction lines; the body
/// goes to a temporary file first (the summary row needs the total).
fn write_settlement(a: &Args, store: u32, lines: u64, rng: &mut Rng) -> std::io::Result<()> {
    let id = 90_000_000_000u64 + u64::from(store);
    let (y, m) = (a.year, a.month);
    let last = days_in(y, m);
    let path = a.out.join(format!("settlement_S{store:03}.txt"));
    let body_path = a.out.join(format!(".settlement_S{store:03}.body"));
    let mut body = BufWriter::with_capacity(1 << 20, File::create(&body_path)?);
    let mut total: i64 = 0;
    let mut written = 0u64;
    let mut order = 0u64;
    let mut row = String::with_capacity(512);
    let mut amt = String::with_capacity(16);
    while written < lines {
        order += 1;
        let refund = order % 20 == 19;
        let day = 1 + ((order - 1) * u64::from(last) / (lines / 3 + 1)).min(u64::from(last) - 1) as u32;
        let (h, mi, s) = (rng.below(24), rng.below(60), rng.below(60));
        let sku = 1 + rng.below(u64::from(a.skus));
        let qty = 1 + rng.below(3) as i64;
        let price = qty * (500 + rng.below(9_500) as i64);
        let commission = -(price * 15 / 100);
        let fba = -(qty * (250 + rng.below(500) as i64));
        let parts: [(&str, &str, i64, bool); 3] = if refund {
            [
                ("ItemPrice", "Principal", -price, true),
                ("ItemFees", "Commission", -commission, false),
                ("ItemFees", "RefundCommission", -500, false),
            ]
        } else {
            [
                ("ItemPrice", "Principal", price, true),
                ("ItemFees", "Commission", commission, false),
                ("ItemFees", "FBAPerUnitFulfillmentFee", fba, false),
            ]
        };
        let tx = if refund { "Refund" } else { "Order" };
        let order_id = format!("{:03}-{:07}-{:07}", store % 1000, order / 10_000_000, order % 10_000_000);
        for (amount_type, desc, cents, principal) in parts {
            if written == lines {
                break;
            }
            written += 1;
            total += cents;
            amt.clear();
            money(cents, &mut amt);
            row.clear();
            let q = if principal { qty.to_string() } else { String::new() };
            let adj = if refund { format!("ADJ{order}") } else { String::new() };
            let _ = writeln!(
                row,
                "{id}\t\t\t\t\t\t{tx}\t{order_id}\t\t{adj}\tSHIP{order}\tAmazon.com\t{amount_type}\t{desc}\t{amt}\tAFN\t\
                 {y}-{m:02}-{day:02}\t{y}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02} UTC\tITEM{order}\t\t\tSKU{sku:05}\t{q}\t"
            );
            body.write_all(row.as_bytes())?;
        }
    }
    body.flush()?;
    drop(body);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
    let mut t = String::new();
    money(total, &mut t);
    let next = if m == 12 { format!("{}-01-01", y + 1) } else { format!("{y}-{:02}-01", m + 1) };
    writeln!(out, "{HEADER}")?;
    writeln!(out, "{id}\t{y}-{m:02}-01 00:00:00 UTC\t{next} 00:00:00 UTC\t{next} 06:00:00 UTC\t{t}\tUSD")?;
    std::io::copy(&mut File::open(&body_path)?, &mut out)?;
    out.flush()?;
    std::fs::remove_file(&body_path)
}

fn main() -> std::io::Result<()> {
    let a = args();
    std::fs::create_dir_all(&a.out)?;
    write_org(&a)?;
    let mut rng = Rng(0x5EED_0000_0000_0002);
    let per = a.lines / u64::from(a.files);
    for f in 1..=a.files {
        let n = if f == a.files { a.lines - per * u64::from(a.files - 1) } else { per };
        write_settlement(&a, f, n, &mut rng)?;
    }
    eprintln!("wrote {} lines in {} settlement file(s), {} stores, {} SKUs to {}", a.lines, a.files, a.stores, a.skus, a.out.display());
    Ok(())
}
