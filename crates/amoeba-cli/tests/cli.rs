//! The real `amoeba` binary against a real database (a SQLite file, or a
//! fresh PostgreSQL database when AMOEBA_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_store::testing::fresh_database_url;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn amoeba(db: &str, args: &[&str]) -> Output {
    amoeba_in(db, args, None)
}

/// The binary under a locale (`LANG`), or none (English).
fn amoeba_in(db: &str, args: &[&str], lang: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_amoeba"));
    c.args(args).args(["--db", db]).env_remove("DATABASE_URL").env_remove("LC_ALL").env_remove("LANG");
    if let Some(l) = lang {
        c.env("LANG", l);
    }
    c.output().expect("run amoeba")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DEMO_END: &str = "2026-10-31";

#[tokio::test]
async fn demo_loads_and_org_show_prints_the_tree() {
    let db = fresh_database_url().await;
    let out = amoeba(&db, &["demo", "--no-serve", "--end", DEMO_END, "--months", "1", "--volume", "5"]);
    assert!(out.status.success(), "demo failed: {}\n{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("demo company NBTQ loaded"), "{}", stdout(&out));
    assert!(stdout(&out).contains("demo logins") && stdout(&out).contains("demo-owner-2026"), "{}", stdout(&out));
    // The demo's month end: October is complete, closed, and its pay run approved (the last month is left to lock).
    assert!(stdout(&out).contains("demo month end: 1 month(s) closed, 1 pay run(s)"), "{}", stdout(&out));
    let statement = amoeba(&db, &["pay", "statement", "--person", "P012", "--month", "2026-10"]);
    assert!(statement.status.success(), "{}", stderr(&statement));
    assert!(stdout(&statement).contains("Statement of P012 for 2026-10 (run approved"), "{}", stdout(&statement));
    let again = amoeba(&db, &["payout", "--month", "2026-10", "--format", "csv"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("byte for byte the run stored") && stdout(&again).starts_with("person,name,"), "{}", stderr(&again));

    let out = amoeba(&db, &["org", "show", "--format", "json", "--as-of", DEMO_END]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tree: serde_json::Value = serde_json::from_slice(&out.stdout).expect("org show prints JSON");
    let mut units = Vec::new();
    fn walk<'a>(n: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
        out.push(n);
        for c in n["children"].as_array().unwrap() {
            walk(c, out);
        }
    }
    for u in tree["units"].as_array().unwrap() {
        walk(u, &mut units);
    }
    let profit = units.iter().filter(|u| u["kind"] == "profit_centre").count();
    let service = units.iter().filter(|u| u["kind"] == "service_centre").count();
    assert!(profit >= 7, "root + six amoebas at least, got {profit}");
    assert_eq!(service, 5);
    for u in &units {
        assert!(u.get("parent").is_some() && u.get("leader").is_some() && u["headcount"].is_u64(), "{u}");
    }
    let root = &tree["units"][0];
    let total = root["headcount_total"].as_u64().unwrap();
    assert!((70..=100).contains(&total), "about 80 people, got {total}");
    assert!(units.iter().filter(|u| !u["leader"].is_null()).count() >= 12, "every amoeba and service centre has a leader");

    // Loading again is a no-op.
    let again = amoeba(&db, &["demo", "--no-serve", "--end", DEMO_END, "--months", "1", "--volume", "5"]);
    assert!(stdout(&again).contains("already present"), "{}", stdout(&again));

    // The month's P&L: every unit, the group equal to its root, profit = added value + labour.
    let out = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pnl: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report pnl prints JSON");
    let rows = pnl["units"].as_array().unwrap();
    assert_eq!(rows.len(), units.len() + 1, "every unit plus the group total");
    let num = |v: &serde_json::Value| v.as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap();
    let total = rows.iter().find(|r| r["code"] == "TOTAL").unwrap();
    let root = rows.iter().find(|r| r["code"] == tree["units"][0]["code"]).unwrap();
    assert_eq!(total["lines"], root["lines"], "one root: the group equals it");
    assert!(num(&total["lines"]["sales"]) > rust_decimal::Decimal::ZERO);
    for r in rows {
        let l = &r["lines"];
        assert_eq!(num(&l["profit"]), num(&l["added_value"]) + num(&l["labour"]), "{}", r["code"]);
    }
    let csv = amoeba(&db, &["report", "pnl", "--period", "2026-10", "--format", "csv"]);
    assert_eq!(stdout(&csv).lines().count(), rows.len() + 1);

    // Metrics with peer average, peak and rank.
    let out = amoeba(&db, &["report", "metrics", "--period", "2026-10", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report metrics prints JSON");
    let amz = m["units"].as_array().unwrap().iter().find(|u| u["unit"] == "AMZ-US").expect("AMZ-US metrics");
    for code in ["sales", "profit", "hourly_efficiency", "acos", "tacos", "roas", "refund_rate", "turnover_days", "repurchase_rate"] {
        assert!(amz["metrics"].get(code).is_some(), "metric {code}");
    }
    assert!(amz["metrics"]["acos"]["value"].is_string() && amz["metrics"]["acos"]["peer_average"].is_string(), "{amz}");
    assert!(amz["metrics"]["sales"]["rank"].is_u64());

    // The table view is for people: a header and one line per unit.
    let table = amoeba(&db, &["org", "show", "--as-of", DEMO_END]);
    assert_eq!(stdout(&table).lines().count(), units.len() + 2, "{}", stdout(&table));
}

#[tokio::test]
async fn import_errors_are_english_unless_lang_is_chinese() {
    let db = fresh_database_url().await;
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.toml");
    std::fs::write(&org, "[company]\ncode = \"A\"\nname = \"A\"\n\n[[units]]\ncode = \"G\"\nname = \"G\"\nkind = \"profit_centre\"\n")
        .unwrap();
    assert!(amoeba(&db, &["org", "import", org.to_str().unwrap()]).status.success());
    let facts = dir.path().join("bad.csv");
    std::fs::write(&facts, "date,unit,kind,amount,currency\n2026-03-01,G,other_expense,1.0x,CNY\n2026-03-01,NOPE,other_expense,1,CNY\n")
        .unwrap();
    let args = ["import", "facts", facts.to_str().unwrap()];
    let en = stderr(&amoeba(&db, &args));
    assert!(en.contains("facts file refused, nothing imported: 2 errors"), "{en}");
    assert!(
        en.contains("line 2, column \"amount\": '1.0x' is not a number") && en.contains("line 3, column \"unit\": unknown unit 'NOPE'"),
        "{en}"
    );
    let zh = stderr(&amoeba_in(&db, &args, Some("zh_CN.UTF-8")));
    assert!(zh.contains("业务数据文件被拒收，未导入任何数据：共 2 处错误"), "{zh}");
    assert!(zh.contains("第 2 行「amount」列：'1.0x' 不是数字") && zh.contains("第 3 行「unit」列：未知的巴 'NOPE'"), "{zh}");
    assert!(!zh.contains("is not a number"), "{zh}");
}

#[tokio::test]
async fn a_bad_org_file_is_refused_with_file_line_and_field() {
    let db = fresh_database_url().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.toml");
    std::fs::write(
        &path,
        "[company]\ncode = \"A\"\nname = \"A\"\n\n[[units]]\ncode = \"G\"\nname = \"G\"\nkind = \"profit_centre\"\nparent = \"G\"\n",
    )
    .unwrap();
    let out = amoeba(&db, &["org", "import", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("org.toml") && err.contains("line 9, units[0].parent") && err.contains("cycle"), "{err}");
    // Nothing was stored: there is still no company.
    let show = amoeba(&db, &["org", "show"]);
    assert!(stderr(&show).contains("no company"), "{}", stderr(&show));
}

#[test]
fn an_unreachable_database_is_one_clear_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_amoeba"))
        .args(["org", "show"])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("error: cannot reach the database at postgres://nobody@127.0.0.1:1/none"), "{err}");
    assert!(!err.contains("panicked"));
}

#[tokio::test]
async fn serve_answers_health_and_org() {
    let db = fresh_database_url().await;
    let init = amoeba(&db, &["init", "--code", "ACME", "--name", "Acme"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let child = Command::new(env!("CARGO_BIN_EXE_amoeba"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", &db])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = KillOnDrop(child);
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("URL printed").to_string();
    let health: serde_json::Value = reqwest::get(format!("{url}health")).await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let anon = reqwest::get(format!("{url}api/v1/org")).await.unwrap();
    assert_eq!(anon.status(), 401, "the API needs a login");
}

/// Stops the spawned server even when an assertion fails, so it never holds
/// cargo's output pipe open.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn user_reset_ends_api_tokens() {
    let db = fresh_database_url().await;
    assert!(amoeba(&db, &["init", "--code", "ACME", "--name", "Acme"]).status.success());
    let add = amoeba(&db, &["user", "add", "--login", "boss", "--role", "owner", "--password", "long enough pw"]);
    assert!(add.status.success(), "{}", stderr(&add));
    let store = amoeba_store::Db::connect(&db).await.expect("database");
    let company = store.company(None).await.expect("company").id;
    let boss = store.user_by_login(company, "boss").await.expect("lookup").expect("boss");
    let (_, token) = amoeba_app::identity::create_api_token(&store, company, boss.id, "BI").await.expect("token");
    store.close().await;

    let child = Command::new(env!("CARGO_BIN_EXE_amoeba"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", &db])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = KillOnDrop(child);
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("URL printed").to_string();
    let me = || reqwest::Client::new().get(format!("{url}api/v1/me")).bearer_auth(&token).send();
    assert_eq!(me().await.unwrap().status(), 200, "the token works");
    let reset = amoeba(&db, &["user", "reset", "--login", "boss"]);
    assert!(reset.status.success(), "{}", stderr(&reset));
    assert!(stdout(&reset).contains("sessions and API tokens were ended"), "{}", stdout(&reset));
    assert_eq!(me().await.unwrap().status(), 401, "a reset ends the token");
}

#[tokio::test]
async fn a_folder_of_files_imports_each_file_on_its_own_with_one_summary() {
    let db = fresh_database_url().await;
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.toml");
    std::fs::write(&org, "[company]\ncode = \"A\"\nname = \"A\"\n\n[[units]]\ncode = \"G\"\nname = \"G\"\nkind = \"profit_centre\"\n")
        .unwrap();
    assert!(amoeba(&db, &["org", "import", org.to_str().unwrap()]).status.success());
    let folder = dir.path().join("month");
    std::fs::create_dir(&folder).unwrap();
    let header = "date,unit,kind,amount,currency\n";
    std::fs::write(folder.join("a.csv"), format!("{header}2026-03-01,G,other_expense,-10,CNY\n")).unwrap();
    std::fs::write(folder.join("b.csv"), format!("{header}2026-03-02,G,other_expense,1.0x,CNY\n")).unwrap();
    std::fs::write(folder.join("c.csv"), format!("{header}2026-03-03,G,other_expense,-5,CNY\n2026-03-04,G,other_expense,-6,CNY\n"))
        .unwrap();
    std::fs::write(folder.join(".hidden"), "not a facts file").unwrap();

    let out = amoeba(&db, &["import", "facts", folder.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(!out.status.success(), "a refused file fails the run: {text}");
    assert!(text.contains("b.csv: facts file refused") && text.contains("line 2"), "{text}");
    assert!(text.contains("3 files: 2 imported (3 new rows), 0 already imported, 1 refused"), "{text}");
    assert!(stderr(&out).contains("1 of 3 files were refused"), "{}", stderr(&out));

    // Again, the good files named one by one with the fixed one: nothing twice.
    std::fs::write(folder.join("b.csv"), format!("{header}2026-03-02,G,other_expense,-1,CNY\n")).unwrap();
    let files: Vec<String> = ["a.csv", "b.csv", "c.csv"].iter().map(|f| folder.join(f).display().to_string()).collect();
    let mut args = vec!["import", "facts"];
    args.extend(files.iter().map(String::as_str));
    let out = amoeba_in(&db, &args, Some("zh_CN.UTF-8"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("共 3 个文件：导入 1 个（新增 1 行），已导入过 2 个，被拒绝 0 个"), "{}", stdout(&out));
}

/// Two accounts on one marketplace cannot be told apart by their files: a
/// folder per store (named by its code) says whose each settlement is, a
/// loose file is refused listing both candidates, and a sub-folder that
/// names no store stops the run before anything is imported.
#[tokio::test]
async fn store_sub_folders_say_whose_settlements_they_are() {
    const REAL: &str = include_str!("../../amoeba-import/tests/fixtures/amazon_settlement_de_real_2018.txt");
    let db = fresh_database_url().await;
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.toml");
    let store = |code: &str| {
        format!(
            "[[stores]]\ncode = \"{code}\"\nname = \"{code}\"\nplatform = \"amazon\"\nmarketplace = \"DE\"\ncurrency = \"EUR\"\nowners = [{{ unit = \"EU\", from = \"2018-01-01\" }}]\n\n"
        )
    };
    let text = format!(
        "[company]\ncode = \"A\"\nname = \"A\"\n\n[[units]]\ncode = \"EU\"\nname = \"EU\"\nkind = \"profit_centre\"\n\n{}{}",
        store("DE-1"),
        store("DE-2")
    );
    std::fs::write(&org, text).unwrap();
    let out = amoeba(&db, &["org", "import", org.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let folder = dir.path().join("settlements");
    std::fs::create_dir_all(folder.join("DE-2")).unwrap();
    std::fs::write(folder.join("DE-2").join("de.txt"), REAL).unwrap();
    std::fs::create_dir_all(folder.join("NOPE")).unwrap();
    let out = amoeba(&db, &["import", "amazon-settlement", folder.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("NOPE is not a store code") && stderr(&out).contains("DE-1, DE-2"), "{}", stderr(&out));

    std::fs::remove_dir(folder.join("NOPE")).unwrap();
    std::fs::write(folder.join("loose.txt"), REAL.replace("7293436482", "7293436483")).unwrap();
    let out = amoeba(&db, &["import", "amazon-settlement", folder.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(!out.status.success(), "the loose file is refused: {text}");
    assert!(text.contains("loose.txt") && text.contains("DE-1") && text.contains("DE-2"), "{text}");
    assert!(text.contains("2 files: 1 imported"), "{text}");
    let out = amoeba(&db, &["import", "amazon-settlement", folder.join("DE-2").join("de.txt").to_str().unwrap(), "--store", "DE-2"]);
    assert!(stdout(&out).contains("already imported"), "the folder's file went to DE-2: {}", stdout(&out));
    let out = amoeba(&db, &["import", "amazon-settlement", folder.to_str().unwrap(), "--store", "DE-1"]);
    assert!(stderr(&out).contains("belongs to store DE-2, not --store DE-1"), "{}", stderr(&out));
}

/// Goals and engagement from the command line on a small demo: the lottery's
/// history, a record written and verified offline (and refused once an entry
/// is altered), targets, PK contests and a leaderboard.
#[tokio::test]
async fn engagement_commands_work_on_the_demo_and_verify_refuses_an_altered_record() {
    let db = fresh_database_url().await;
    let out = amoeba(&db, &["demo", "--no-serve", "--end", DEMO_END, "--months", "1", "--volume", "20"]);
    assert!(out.status.success(), "demo failed: {}\n{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("lottery: rules demo-1"), "{}", stderr(&out));

    let out = amoeba(&db, &["lottery", "history", "--from", "2026-10-01", "--to", DEMO_END]);
    assert!(out.status.success(), "{}", stderr(&out));
    let drawn: Vec<String> =
        stdout(&out).lines().filter(|l| l.contains("drawn")).map(|l| l.split_whitespace().next().unwrap().to_string()).collect();
    assert!(drawn.len() >= 20, "a month of working days: {}", stdout(&out));
    let day = &drawn[0];
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record.json");
    let out = amoeba(&db, &["lottery", "record", "--day", day, "-o", record.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let hash = json["list_hash"].as_str().unwrap().to_string();
    let verify = |path: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_amoeba"))
            .args(["lottery", "verify", "--record", path.to_str().unwrap(), "--list-hash", &hash])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    let ok = verify(&record);
    assert!(ok.status.success() && stdout(&ok).contains("verified"), "{}{}", stdout(&ok), stderr(&ok));
    assert_eq!(stdout(&amoeba(&db, &["lottery", "verify", "--day", day])).lines().next(), stdout(&ok).lines().next());
    let mut altered = json.clone();
    if altered["list"]["entries"].as_array().unwrap().is_empty() {
        altered["list"]["entries"] = serde_json::json!([{ "person": "P999", "evidence": [] }]);
    } else {
        altered["list"]["entries"][0]["person"] = serde_json::json!("P999");
    }
    let bad = dir.path().join("altered.json");
    std::fs::write(&bad, serde_json::to_vec(&altered).unwrap()).unwrap();
    let out = verify(&bad);
    assert!(!out.status.success() && stderr(&out).contains("entry list was changed"), "{}", stderr(&out));
    let out = amoeba(&db, &["lottery", "draw", "--day", day, "--numbers", "1 2 3"]);
    assert!(!out.status.success() && stderr(&out).contains("drawn once"), "{}", stderr(&out));

    let out = amoeba(&db, &["target", "derive", "--year", "2027", "--unit", "ALI", "--cost", "1000000", "--dry-run", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(t["version"].is_null(), "a dry run stores nothing");
    assert_eq!(t["derivation"]["annual"]["target"], "1404000.00", "1 000 000 × 1.30 × 1.08");
    let out = amoeba(&db, &["target", "derive", "--year", "2027", "--unit", "ALI", "--cost", "1000000", "--hold", "6=50000"]);
    assert!(out.status.success() && stdout(&out).contains("target 2027 ALI v"), "{}{}", stdout(&out), stderr(&out));
    let out = amoeba(&db, &["target", "show", "--month", "2027-06"]);
    assert!(out.status.success() && stdout(&out).contains("50000"), "{}{}", stdout(&out), stderr(&out));

    let out = amoeba(
        &db,
        &[
            "pk",
            "create",
            "--code",
            "PK-T",
            "--name",
            "test",
            "--start",
            "2026-10-01",
            "--end",
            "2026-10-31",
            "--team",
            "ALI=1000",
            "--team",
            "SHOP=1000",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = amoeba(&db, &["pk", "result", "--code", "PK-T"]);
    assert!(out.status.success() && stdout(&out).contains("decided"), "{}{}", stdout(&out), stderr(&out));
    let out = amoeba(
        &db,
        &[
            "pk",
            "create",
            "--code",
            "PK-T",
            "--name",
            "again",
            "--start",
            "2026-10-01",
            "--end",
            "2026-10-31",
            "--team",
            "ALI=1",
            "--team",
            "SHOP=1",
        ],
    );
    assert!(!out.status.success(), "a contest is defined once");
    let out = amoeba(&db, &["leaderboard", "--scope", "people", "--month", "2026-10", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(b["board"]["count"].as_u64().unwrap() > 0, "{b}");
}

/// `amoeba import scores` is `amoeba review set` under the import verb: the
/// same file scores the same way, and a bad one names the file and line.
#[tokio::test]
async fn import_scores_sets_a_review_as_review_set_does() {
    let db = fresh_database_url().await;
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.toml");
    let org_text = "[company]\ncode = \"A\"\nname = \"A\"\n\n[[units]]\ncode = \"G\"\nname = \"G\"\nkind = \"profit_centre\"\n\n\
        [[people]]\ncode = \"P01\"\nname = \"P01\"\n\n[[people]]\ncode = \"P02\"\nname = \"P02\"\n";
    std::fs::write(&org, org_text).unwrap();
    assert!(amoeba(&db, &["org", "import", org.to_str().unwrap()]).status.success());
    let scores = dir.path().join("scores.csv");
    std::fs::write(
        &scores,
        "person,by,results@50,attitude@20,skill@15,teamwork@15\nP01,leader,90,80,70,85\nP01,self,95,95,90,95\nP02,leader,70,90,80,75\n",
    )
    .unwrap();
    let out = amoeba(&db, &["import", "scores", scores.to_str().unwrap(), "--cycle", "2026-11", "--unit", "G"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // docs/goals.md §6: P01 84.25 (self 94.25 beside), P02 76.25, multipliers 1.0498 and 0.9502.
    let text = stdout(&out);
    assert!(text.contains("84.25") && text.contains("94.25") && text.contains("1.0498") && text.contains("0.9502"), "{text}");
    let missing = amoeba(&db, &["import", "scores", scores.to_str().unwrap(), "--unit", "G"]);
    assert!(!missing.status.success() && stderr(&missing).contains("--cycle"), "{}", stderr(&missing));
    std::fs::write(&scores, "person,by,results@50,attitude@50\nP01,leader,90,x\n").unwrap();
    let bad = amoeba(&db, &["import", "scores", scores.to_str().unwrap(), "--cycle", "2026-11", "--unit", "G"]);
    let err = stderr(&bad);
    assert!(!bad.status.success() && err.contains("scores.csv") && err.contains("line 2"), "{err}");
}
