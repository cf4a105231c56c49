//! `amoeba report pnl|metrics` in every format, through the real binary
//! against a real database (a SQLite file, or a fresh PostgreSQL database
//! when AMOEBA_TEST_DATABASE_URL is set), with the XLSX read back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_store::testing::fresh_database_url;
use std::io::Read;
use std::process::{Command, Output};

fn amoeba(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amoeba")).args(args).args(["--db", db]).env_remove("DATABASE_URL").output().expect("run amoeba")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small demo company up to October 2026 with `months` months before it.
async fn demo(months: &str) -> String {
    let db = fresh_database_url().await;
    // Months stay open: these reports are about the month as it is computed.
    let out = amoeba(&db, &["demo", "--no-serve", "--no-month-end", "--end", "2026-10-31", "--months", months, "--volume", "5"]);
    assert!(out.status.success(), "demo failed: {}", stderr(&out));
    db
}

/// The parts of a workbook a test looks at: shared strings and the first sheet.
struct Workbook {
    strings: Vec<String>,
    sheet: String,
}

fn entry(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name} in the workbook: {e}")).read_to_string(&mut s).expect("utf-8 XML");
    s
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

fn read_xlsx(bytes: &[u8]) -> Workbook {
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip file");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let shared = entry(&mut zip, "xl/sharedStrings.xml");
    let strings = shared
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = si.split_once("<t").and_then(|(_, rest)| rest.split_once('>')).map(|(_, rest)| rest).unwrap_or("");
            unescape(t.split("</t>").next().unwrap_or(""))
        })
        .collect();
    Workbook { strings, sheet: entry(&mut zip, "xl/worksheets/sheet1.xml") }
}

impl Workbook {
    /// Each row as (column letters → (is text, shown value)), in sheet order.
    fn rows(&self) -> Vec<Vec<(String, bool, String)>> {
        self.sheet
            .split("<row ")
            .skip(1)
            .map(|row| {
                row.split("<c ")
                    .skip(1)
                    .filter_map(|c| {
                        let (attrs, body) = c.split_once('>')?;
                        let r = attrs.split("r=\"").nth(1)?.split('"').next()?;
                        let column: String = r.chars().take_while(|ch| ch.is_ascii_alphabetic()).collect();
                        let v = body.split_once("<v>")?.1.split("</v>").next()?;
                        let text = attrs.contains("t=\"s\"");
                        let value = if text { self.strings[v.parse::<usize>().ok()?].clone() } else { v.to_string() };
                        Some((column, text, value))
                    })
                    .collect()
            })
            .collect()
    }

    /// The cell under `heading` in the row whose first cell is `first`.
    fn cell(&self, first: &str, heading: &str) -> (bool, String) {
        let rows = self.rows();
        let col = rows[0].iter().find(|(_, _, v)| v == heading).unwrap_or_else(|| panic!("heading {heading}")).0.clone();
        let row = rows.iter().find(|r| r.first().is_some_and(|c| c.2 == first)).unwrap_or_else(|| panic!("row {first}"));
        row.iter().find(|c| c.0 == col).map(|c| (c.1, c.2.clone())).unwrap_or_else(|| panic!("{first}/{heading} is empty"))
    }
}

#[tokio::test]
async fn report_pnl_and_metrics_as_xlsx_read_back() {
    let db = demo("1").await;
    let dir = tempfile::tempdir().expect("tempdir");

    // P&L: a file named with -o holds a workbook whose numbers are numbers
    // equal to the JSON report's.
    let file = dir.path().join("pnl.xlsx");
    let out = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "xlsx", "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "the report went to the file");
    let book = read_xlsx(&std::fs::read(&file).expect("file written"));
    assert!(book.strings.iter().any(|s| s == "AMZ-US"), "unit codes are in the sheet: {:?}", book.strings);
    assert!(book.sheet.contains("state=\"frozen\""), "the header row is frozen");
    assert!(book.sheet.contains("<cols>"), "columns are sized");
    let json = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "json"]);
    let pnl: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let total = pnl["units"].as_array().unwrap().iter().find(|r| r["code"] == "TOTAL").expect("TOTAL");
    let want: f64 = total["lines"]["sales"].as_str().unwrap().parse().unwrap();
    let (text, got) = book.cell("TOTAL", "sales");
    assert!(!text, "sales is written as a number, not text");
    assert!((got.parse::<f64>().unwrap() - want).abs() < 0.005, "{got} vs {want}");
    assert!(want > 0.0);

    // Metrics: written to a redirected standard output (not a terminal).
    let out = amoeba(&db, &["report", "metrics", "--period", "2026-10", "--format", "xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let book = read_xlsx(&out.stdout);
    let metrics: Vec<String> = book.rows().iter().skip(1).filter_map(|r| r.get(3).map(|c| c.2.clone())).collect();
    assert!(metrics.iter().any(|m| m == "ltv") && metrics.iter().any(|m| m == "acos"), "{metrics:?}");
    let rows = book.rows();
    let acos = rows.iter().find(|r| r[0].2 == "AMZ-US" && r[3].2 == "acos").expect("AMZ-US acos row");
    assert!(acos.iter().any(|c| c.0 == "E" && !c.1), "the value is a number: {acos:?}");

    // --output works for the text formats too.
    let file = dir.path().join("metrics.csv");
    let out = amoeba(&db, &["report", "metrics", "--period", "2026-10", "--format", "csv", "--output", file.to_str().unwrap()]);
    assert!(out.status.success() && out.stdout.is_empty(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(&file).expect("csv written");
    assert!(csv.starts_with("unit,name,peer_group,metric,value,rank,peer_average,peer_peak\n"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("AMZ-US,") && l.contains(",ltv,")), "{csv}");

    // An unwritable destination is one clear error.
    let out = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "xlsx", "-o", "/nonexistent-dir/p.xlsx"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot write /nonexistent-dir/p.xlsx"), "{}", stderr(&out));
}

#[tokio::test]
async fn report_metrics_json_and_table_carry_ltv_with_peers() {
    // 13 months: October 2025's customers have had their full year by October 2026.
    let db = demo("13").await;
    let out = amoeba(&db, &["report", "metrics", "--period", "2026-10", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(m["ltv_horizon_days"], 365);
    assert_eq!(m["ltv_cohort"], "2025-10");
    let units = m["units"].as_array().expect("units");
    assert!(!units.is_empty());
    for u in units {
        let ltv = &u["metrics"]["ltv"];
        for field in ["value", "rank", "peer_average", "peer_peak"] {
            assert!(ltv.get(field).is_some(), "{} ltv.{field}: {ltv}", u["unit"]);
        }
    }
    let ltv = |code: &str| units.iter().find(|u| u["unit"] == code).unwrap_or_else(|| panic!("{code}"))["metrics"]["ltv"].clone();
    // Shops with buyer ids have an LTV, ranked among the first-level amoebas…
    let num = |v: &serde_json::Value| v.as_str().unwrap_or_else(|| panic!("a decimal string: {v}")).parse::<f64>().unwrap();
    for code in ["TTS-US", "SHOP"] {
        let l = ltv(code);
        assert!(num(&l["value"]) > 0.0 && l["rank"].is_u64(), "{code}: {l}");
        assert!(num(&l["peer_peak"]) >= num(&l["value"]) && num(&l["peer_average"]) > 0.0, "{code}: {l}");
    }
    // …Amazon settlements carry no buyer id, so Amazon units have none.
    let amz = ltv("AMZ-US");
    assert!(amz["value"].is_null() && amz["rank"].is_null() && amz["peer_average"].is_string(), "{amz}");

    let out = amoeba(&db, &["report", "metrics", "--period", "2026-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.lines().next().unwrap().contains("2025-10 first-order cohort over 365 days"), "{table}");
    assert!(table.lines().nth(1).unwrap().trim_end().ends_with("LTV"), "{table}");
}

#[tokio::test]
async fn csv_reports_neutralise_formulas_from_the_org_file_but_not_numbers() {
    let db = demo("1").await;
    let formula = "=HYPERLINK(\"http://127.0.0.1/x\",\"click\")";
    let export = amoeba(&db, &["org", "export"]);
    assert!(export.status.success(), "{}", stderr(&export));
    let org = String::from_utf8(export.stdout).expect("utf-8");
    let at = org.find("code = \"AMZ-US\"").expect("AMZ-US in the org file");
    let name_at = at + org[at..].find("\nname = ").expect("its name") + 1;
    let name_end = name_at + org[name_at..].find('\n').expect("line end");
    let renamed = format!("{}name = '{formula}'{}", &org[..name_at], &org[name_end..]);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("org.toml");
    std::fs::write(&file, renamed).expect("write org file");
    let import = amoeba(&db, &["org", "import", file.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));

    let read = |args: &[&str]| -> Vec<Vec<String>> {
        let out = amoeba(&db, args);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(out.stdout.as_slice());
        r.records().map(|rec| rec.expect("a CSV record").iter().map(str::to_string).collect()).collect()
    };
    let pnl = read(&["report", "pnl", "--period", "2026-10", "--format", "csv"]);
    let amz = pnl.iter().find(|r| r[0] == "AMZ-US").expect("AMZ-US row");
    assert_eq!(amz[1], format!("'{formula}"), "the name is text, not a formula");
    let col = |name: &str| pnl[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let ads = &amz[col("ads")];
    assert!(ads.starts_with('-') && ads.parse::<rust_decimal::Decimal>().is_ok(), "a negative amount stays a number: {ads}");
    assert!(!pnl.iter().flatten().any(|c| c.starts_with(['=', '+', '@'])), "{pnl:?}");

    let metrics = read(&["report", "metrics", "--period", "2026-10", "--format", "csv"]);
    let amz = metrics.iter().find(|r| r[0] == "AMZ-US").expect("AMZ-US metrics");
    assert_eq!(amz[1], format!("'{formula}"));

    // XLSX writes text as text (a shared string), never as a formula: the name is kept as it is.
    let out = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let book = read_xlsx(&out.stdout);
    assert_eq!(book.cell("AMZ-US", "name"), (true, formula.to_string()));
    assert!(!book.sheet.contains("<f>"), "no formula cells");
}

/// `amoeba report credit`: for every unit and role the people plus the
/// uncredited bucket add up to the unit's own P&L sales, refunds and cost of
/// goods, to the cent; `--person` keeps only that person's lines; the CSV
/// and XLSX carry the same lines.
#[tokio::test]
async fn report_credit_adds_up_to_each_units_pnl_in_every_format() {
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;
    let db = demo("1").await;
    let num = |v: &serde_json::Value| v.as_str().unwrap_or_else(|| panic!("a decimal string: {v}")).parse::<Decimal>().unwrap();
    let out = amoeba(&db, &["report", "credit", "--period", "2026-10", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let credit: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let lines = credit["lines"].as_array().expect("lines");
    let mut sums: BTreeMap<(String, String), [Decimal; 3]> = BTreeMap::new();
    for l in lines {
        let s = sums.entry((l["unit"].as_str().unwrap().into(), l["role"].as_str().unwrap().into())).or_default();
        s[0] += num(&l["sales"]);
        s[1] += num(&l["refunds"]);
        s[2] += num(&l["cogs"]);
    }
    let roles: Vec<&str> = sums.keys().map(|(_, r)| r.as_str()).collect();
    for role in ["operator", "designer", "sales", "order_follower", "livestream_host"] {
        assert!(roles.contains(&role), "the demo credits {role}: {roles:?}");
    }
    let pnl = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "json"]);
    let pnl: serde_json::Value = serde_json::from_slice(&pnl.stdout).expect("JSON");
    for ((unit, role), [sales, refunds, cogs]) in &sums {
        let u = pnl["units"].as_array().unwrap().iter().find(|u| u["code"] == unit.as_str()).unwrap_or_else(|| panic!("{unit} in the P&L"));
        let want = [num(&u["lines"]["sales"]), num(&u["lines"]["refunds"]), num(&u["lines"]["cogs"])];
        assert_eq!([*sales, *refunds, *cogs], want, "{unit} {role}: credit vs P&L (sales, refunds, cogs)");
        assert!(!sales.is_zero(), "{unit} {role}");
    }

    // One person: only their lines, with the rules behind them.
    let person = lines.iter().find(|l| l["role"] == "sales" && l["person"].is_string()).expect("a credited salesperson");
    let code = person["person"].as_str().unwrap();
    let out = amoeba(&db, &["report", "credit", "--period", "2026-10", "--person", code, "--format", "json"]);
    let mine: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mine = mine["lines"].as_array().unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|l| l["person"] == code), "{mine:?}");
    assert!(mine.iter().all(|l| !l["rules"].as_str().unwrap().is_empty()), "every credited line names its rules");
    let out = amoeba(&db, &["report", "credit", "--period", "2026-10", "--person", "NOBODY"]);
    assert!(!out.status.success() && stderr(&out).contains("NOBODY"), "{}", stderr(&out));

    // CSV and XLSX: the same number of lines, the same figure for that person.
    let csv = amoeba(&db, &["report", "credit", "--period", "2026-10", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).expect("utf-8");
    assert_eq!(csv.lines().count(), lines.len() + 1, "a header and one row per line");
    assert!(csv.starts_with("unit,role,person,name,sales,"), "{csv}");
    let out = amoeba(&db, &["report", "credit", "--period", "2026-10", "--format", "xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let book = read_xlsx(&out.stdout);
    assert_eq!(book.rows().len(), lines.len() + 1);
    assert!(book.strings.iter().any(|s| s == code));
}
