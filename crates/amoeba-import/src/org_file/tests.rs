use super::*;

const GOOD: &str = r#"
[company]
code = "NB"
name = "宁波天启"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "AMZ"
name = "亚马逊美国"
kind = "profit_centre"
parent = "G"
area_m2 = 85.5

[[units]]
code = "WH"
name = "仓储中心"
kind = "service_centre"
function = "warehouse"
parent = "G"

[[people]]
code = "E1"
name = "张伟"

[[people]]
code = "X1"
name = "代运营A"
external = true

[[assignments]]
person = "E1"
unit = "AMZ"
role = "operator"
from = 2025-01-01
to = "2025-06-30"
coefficient = 1.2
leader = true

[[assignments]]
person = "E1"
unit = "AMZ"
role = "manager"
from = "2025-07-01"

[[stores]]
code = "AMZ-US-1"
name = "Amazon US 1"
platform = "amazon"
marketplace = "us"
currency = "usd"
owners = [{ unit = "AMZ", from = "2025-01-01" }]

[[skus]]
code = "SKU-1"
name = "Garden hose"
launch_date = "2025-03-01"
owners = [{ unit = "AMZ", from = "2025-01-01" }]
costs = [{ from = "2025-01-01", purchase = "12.30", freight = 3.1 }]
"#;

fn apply(src: &str) -> Result<Org, OrgFileErrors> {
    parse(src)?.apply_to(None)
}

#[test]
fn parses_a_good_file_with_defaults() {
    let org = apply(GOOD).unwrap();
    assert_eq!(org.company.base_currency, amoeba_core::Currency::CNY);
    assert_eq!(org.company.timezone, "Asia/Shanghai");
    assert_eq!(org.units.len(), 3);
    assert_eq!(org.units[1].area_m2, Some("85.5".parse().unwrap()));
    assert_eq!(org.assignments[0].coefficient, "1.2".parse().unwrap());
    assert_eq!(org.stores[0].timezone, "America/Los_Angeles");
    assert_eq!(org.stores[0].marketplace, "US");
    assert_eq!(org.skus[0].costs[0].landed(), Some("15.40".parse().unwrap()));
}

#[test]
fn export_round_trips() {
    let org = apply(GOOD).unwrap();
    let text = to_toml(&org, &Rules::default());
    let again = apply(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again, org);
}

fn first_error(src: &str) -> OrgFileError {
    match apply(src) {
        Ok(_) => panic!("expected the file to be refused"),
        Err(e) => e.errors[0].clone(),
    }
}

fn line_of(src: &str, needle: &str) -> usize {
    src.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_store_currency_must_be_iso_4217() {
    let src = GOOD.replace("currency = \"usd\"", "currency = \"XYZ\"");
    let e = first_error(&src);
    assert_eq!((e.line, e.field.as_str()), (line_of(&src, "XYZ"), "stores[0].currency"), "{e}");
    assert!(e.message(Lang::En).contains("'XYZ' is not an ISO 4217 currency code"), "{e}");
    let src = GOOD.replace("name = \"宁波天启\"", "name = \"宁波天启\"\nbase_currency = \"XYZ\"");
    let e = first_error(&src);
    assert_eq!((e.line, e.field.as_str()), (line_of(&src, "XYZ"), "company[0].base_currency"), "{e}");
}

#[test]
fn unknown_parent_names_its_line() {
    let src = GOOD.replace("parent = \"G\"\narea_m2", "parent = \"NOPE\"\narea_m2");
    let e = first_error(&src);
    assert_eq!(e.line, line_of(&src, "NOPE"));
    assert_eq!(e.field, "units[1].parent");
    assert!(e.message(Lang::En).contains("unknown unit 'NOPE'"), "{e}");
}

#[test]
fn a_cycle_is_refused() {
    let src = GOOD.replace(
        "code = \"G\"\nname = \"集团\"\nkind = \"profit_centre\"",
        "code = \"G\"\nname = \"集团\"\nkind = \"profit_centre\"\nparent = \"AMZ\"",
    );
    let e = first_error(&src);
    assert!(e.message(Lang::En).contains("cycle"), "{e}");
}

#[test]
fn a_bad_date_names_line_and_field() {
    let src = GOOD.replace("from = \"2025-07-01\"", "from = \"2025-13-01\"");
    let e = first_error(&src);
    assert_eq!(e.line, line_of(&src, "2025-13-01"));
    assert_eq!(e.field, "assignments[1].from");
    assert!(e.message(Lang::En).contains("not a date"), "{e}");
}

#[test]
fn an_overlapping_assignment_is_refused() {
    let src = GOOD.replace("role = \"manager\"", "role = \"operator\"").replace("from = \"2025-07-01\"", "from = \"2025-06-01\"");
    let e = first_error(&src);
    assert_eq!(e.field, "assignments[1].from");
    assert!(e.message(Lang::En).contains("overlaps"), "{e}");
    assert_eq!(e.line, line_of(&src, "2025-06-01"));
}

#[test]
fn an_unknown_column_is_refused() {
    let src = GOOD.replace("name = \"张伟\"", "name = \"张伟\"\nsalary = 5000");
    let e = first_error(&src);
    assert_eq!(e.line, line_of(&src, "salary"));
    assert!(e.message(Lang::En).contains("salary"), "{e}");
}

#[test]
fn every_problem_is_listed() {
    let src = GOOD.replace("currency = \"usd\"", "currency = \"dollars\"").replace("platform = \"amazon\"", "platform = \"ebay\"");
    let errs = apply(&src).unwrap_err();
    assert_eq!(errs.errors.len(), 2, "{errs}");
}

#[test]
fn merges_into_a_stored_org() {
    let stored = apply(GOOD).unwrap();
    let patch = r#"
[[units]]
code = "TT"
name = "TikTok"
kind = "profit_centre"
parent = "AMZ"
"#;
    let merged = parse(patch).unwrap().apply_to(Some(stored.clone())).unwrap();
    assert_eq!(merged.units.len(), 4);
    assert_eq!(merged.company, stored.company);
    let bad = "[[assignments]]\nperson = \"E1\"\nunit = \"TT\"\nrole = \"manager\"\nfrom = \"2025-08-01\"\n";
    let e = parse(bad).unwrap().apply_to(Some(stored)).unwrap_err();
    assert!(e.errors.iter().any(|x| x.line == 5 && x.message(Lang::En).contains("overlaps")), "{e}");
}

#[test]
fn many_problems_each_point_at_their_own_line() {
    let stored = apply(GOOD).unwrap();
    // New SKUs and a stored one (at another position in the file than in
    // the merged organisation), each owned by a unit that does not exist.
    let mut src = String::new();
    for k in 0..300 {
        src.push_str(&format!("[[skus]]\ncode = \"K{k}\"\nname = \"k\"\nowners = [{{ unit = \"NOPE{k}\", from = \"2025-01-01\" }}]\n\n"));
    }
    src.push_str("[[skus]]\ncode = \"SKU-1\"\nname = \"hose\"\nowners = [{ unit = \"NOPE-HOSE\", from = \"2025-01-01\" }]\n");
    let errs = parse(&src).unwrap().apply_to(Some(stored)).unwrap_err().errors;
    assert_eq!(errs.len(), 301);
    for (k, e) in errs.iter().enumerate() {
        let unit = if k < 300 { format!("NOPE{k}") } else { "NOPE-HOSE".to_string() };
        assert_eq!(e.field, format!("skus[{k}].owners"));
        assert_eq!(e.line, line_of(&src, &format!("\"{unit}\"")), "{e}");
        assert!(e.message(Lang::En).contains(&format!("unknown unit '{unit}'")), "{e}");
    }
}

#[test]
fn no_company_anywhere_is_explained() {
    let e = parse("[[people]]\ncode = \"a\"\nname = \"b\"\n").unwrap().apply_to(None).unwrap_err();
    assert!(e.errors[0].message(Lang::En).contains("[company]"));
}

const RULES: &str = r#"
[[charge_rules]]
code = "WH-SHIP"
provider = "WH"
basis = "per_unit_shipped"
rate = 3.5
from = 2025-01-01
to = "2025-12-31"

[[charge_rules]]
code = "WH-SHIP"
provider = "WH"
users = ["AMZ"]
basis = "per_unit_shipped"
rate = "3.80"
from = "2026-01-01"

[[charge_rules]]
code = "WH-FIX"
provider = "WH"
basis = "fixed_per_month"
amount = 1200
split = "by_sales"
from = "2025-01-01"

[[allocation_rules]]
code = "RENT"
source = "G"
kinds = ["other_expense"]
targets = ["AMZ"]
driver = "area"
from = "2025-01-01"

[[allocation_rules]]
code = "ADS"
source = "G"
kinds = ["ad_spend"]
driver = "fixed_shares"
shares = [{ unit = "AMZ", share = 2 }, { unit = "WH", share = "1.5" }]
from = "2025-01-01"
"#;

fn with_rules(extra: &str) -> String {
    format!("{GOOD}\n{extra}")
}

fn apply_all(src: &str) -> Result<Applied, OrgFileErrors> {
    parse(src)?.apply(None)
}

#[test]
fn rules_parse_and_round_trip() {
    let done = apply_all(&with_rules(RULES)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.rules.charges.len(), 3);
    assert_eq!(done.rules.allocations.len(), 2);
    assert_eq!(done.rules.charges[0].basis, amoeba_core::accounting::ChargeBasis::PerUnitShipped { rate: "3.5".parse().unwrap() });
    assert_eq!(
        done.rules.allocations[1].driver,
        amoeba_core::accounting::Driver::FixedShares(vec![("AMZ".into(), 2.into()), ("WH".into(), "1.5".parse().unwrap())])
    );
    let text = to_toml(&done.org, &done.rules);
    let again = apply_all(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again, done);
}

#[test]
fn rules_merge_by_code_and_from() {
    let stored = apply_all(&with_rules(RULES)).unwrap();
    let patch = "[[charge_rules]]\ncode = \"WH-SHIP\"\nprovider = \"WH\"\nbasis = \"per_unit_shipped\"\nrate = \"4\"\nfrom = \"2026-01-01\"\nto = \"2026-06-30\"\n";
    let merged = parse(patch).unwrap().apply(Some((stored.org.clone(), stored.rules.clone()))).unwrap();
    assert_eq!(merged.rules.charges.len(), 3);
    assert_eq!(merged.rules.charges[1].range.to, Some("2026-06-30".parse().unwrap()));
    assert_eq!(merged.rules.allocations, stored.rules.allocations);
}

#[test]
fn bad_rules_name_line_and_field() {
    let bad = r#"
[[charge_rules]]
code = "X"
provider = "NOPE"
basis = "per_order"
percent = 3
from = "2025-01-01"

[[charge_rules]]
code = "Y"
provider = "WH"
users = ["GHOST"]
basis = "per_order"
rate = -1
from = "2025-01-01"

[[allocation_rules]]
code = "Z"
source = "G"
kinds = ["salez"]
driver = "area"
from = "2025-13-01"
"#;
    let src = with_rules(bad);
    let e = apply_all(&src).unwrap_err();
    let text = e.to_string();
    assert!(text.contains(&format!("line {}, charge_rules[0].percent", line_of(&src, "percent = 3"))), "{text}");
    assert!(text.contains(&format!("line {}, allocation_rules[0].kinds", line_of(&src, "salez"))), "{text}");
    assert!(text.contains(&format!("line {}, allocation_rules[0].from", line_of(&src, "2025-13-01"))), "{text}");
    // Problems found against the merged organisation.
    let bad =
        "[[charge_rules]]\ncode = \"Y\"\nprovider = \"WH\"\nusers = [\"GHOST\"]\nbasis = \"per_order\"\nrate = -1\nfrom = \"2025-01-01\"\n";
    let src = with_rules(bad);
    let text = apply_all(&src).unwrap_err().to_string();
    assert!(
        text.contains(&format!("line {}, charge_rules[0].users: rule 'Y': users names unknown unit 'GHOST'", line_of(&src, "GHOST"))),
        "{text}"
    );
    assert!(text.contains(&format!("line {}, charge_rules[0].rate", line_of(&src, "rate = -1"))), "{text}");
}

#[test]
fn overlapping_versions_and_double_allocation_are_refused() {
    let src = with_rules(&format!(
        "{RULES}\n[[charge_rules]]\ncode = \"WH-SHIP\"\nprovider = \"WH\"\nbasis = \"per_order\"\nrate = 1\nfrom = \"2025-06-01\"\n\n[[allocation_rules]]\ncode = \"MGMT\"\nsource = \"G\"\ndriver = \"headcount\"\nfrom = \"2025-01-01\"\n"
    ));
    let text = apply_all(&src).unwrap_err().to_string();
    assert!(text.contains("charge_rules[3].from") && text.contains("overlap"), "{text}");
    assert!(text.contains("allocation_rules[2].kinds") && text.contains("both allocate"), "{text}");
}

#[test]
fn the_documented_example_is_accepted() {
    let doc = include_str!("../../../../docs/org-file.md");
    let start = doc.find("```toml\n").expect("example") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").expect("end of example")];
    let done = apply_all(example).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((done.rules.charges.len(), done.rules.allocations.len()), (3, 1));
    let c = &done.org.credit;
    assert_eq!((c.responsibilities.len(), c.customer_owners.len(), c.key_accounts.len()), (2, 1, 1));
}

#[test]
fn refusals_read_in_chinese() {
    let src = GOOD.replace("parent = \"G\"\narea_m2", "parent = \"NOPE\"\narea_m2");
    let e = first_error(&src);
    assert_eq!(e.message(Lang::Zh), "未知的巴 'NOPE'");
    assert!(e.render(Lang::Zh).starts_with(&format!("第 {} 行，units[1].parent：", e.line)), "{}", e.render(Lang::Zh));
    let e = first_error(&GOOD.replace("platform = \"amazon\"", "platform = \"ebay\""));
    assert!(e.message(Lang::Zh).starts_with("未知的平台 'ebay'（可选：amazon、"), "{}", e.message(Lang::Zh));
    let e = first_error(&GOOD.replace("name = \"张伟\"", "name = \"张伟\"\nsalary = 5000"));
    assert!(e.message(Lang::Zh).starts_with("未知的键 `salary`"), "{}", e.message(Lang::Zh));
    let e = first_error(&GOOD.replace("from = \"2025-07-01\"", "from = \"2025-13-01\""));
    assert!(e.message(Lang::Zh).contains("不是日期"), "{}", e.message(Lang::Zh));
    assert_eq!(first_error("[[units]\n").reason.code(), "toml_syntax");
}

#[test]
fn a_code_listed_twice_in_one_file_is_refused_naming_both_lines() {
    let twice = "\n[[units]]\ncode = \"AMZ\"\nname = \"again\"\nkind = \"profit_centre\"\nparent = \"G\"\n";
    let src = format!("{GOOD}{twice}");
    let first = line_of(&src, "code = \"AMZ\"");
    let errs = parse(&src).err().expect("refused").errors;
    let e = errs.iter().find(|e| e.reason.code() == "duplicate_in_file").expect("duplicate reported");
    assert_eq!(e.reason, OrgReason::DuplicateInFile { code: "AMZ".into(), first_line: first });
    assert!(e.line > first, "{e}");
}

const CREDIT: &str = r#"
[[people]]
code = "E2"
name = "李娜"

[[skus]]
code = "SKU-2"
name = "Hose reel"
owners = [{ unit = "AMZ", from = "2025-01-01" }]

[[responsibilities]]
person = "E1"
role = "operator"
store = "AMZ-US-1"
skus = ["SKU-2", "SKU-1"]
share = "50%"
from = "2025-07-01"

[[responsibilities]]
person = "E2"
role = "operator"
store = "AMZ-US-1"
skus = ["SKU-1", "SKU-2"]
share = 0.5
from = "2025-07-01"

[[responsibilities]]
person = "E2"
role = "designer"
sku = "SKU-1"
share = 1
from = "2025-07-01"
to = "2025-12-31"

[[responsibilities]]
person = "E1"
role = "sales"
store = "AMZ-US-1"
share = "100%"
from = "2025-07-01"

[[customer_owners]]
customer = "C-88"
person = "E2"
from = "2025-07-01"

[[key_accounts]]
customer = "C-88"
from = 2025-09-01
to = "2025-12-31"
"#;

fn with_credit(extra: &str) -> String {
    format!("{GOOD}\n{CREDIT}\n{extra}")
}

#[test]
fn credit_sections_parse_and_round_trip() {
    let org = apply(&with_credit("")).unwrap_or_else(|e| panic!("{e}"));
    let c = &org.credit;
    assert_eq!((c.responsibilities.len(), c.customer_owners.len(), c.key_accounts.len()), (4, 1, 1));
    let skus = amoeba_core::credit::Scope::StoreSkus { store: "AMZ-US-1".into(), skus: vec!["SKU-1".into(), "SKU-2".into()] };
    assert_eq!(c.responsibilities[0].scope, skus, "a set is sorted: one identity whatever the order");
    assert_eq!(c.responsibilities[1].scope, skus);
    assert_eq!((c.responsibilities[0].share, c.responsibilities[1].share), ("0.5".parse().unwrap(), "0.5".parse().unwrap()));
    assert_eq!(c.responsibilities[2].scope, amoeba_core::credit::Scope::Sku { sku: "SKU-1".into() });
    assert_eq!(c.responsibilities[3].share, rust_decimal::Decimal::ONE);
    assert_eq!(c.key_accounts[0].range.to, Some("2025-12-31".parse().unwrap()));
    let text = to_toml(&org, &Rules::default());
    assert!(text.contains("share = \"50%\"") && text.contains("skus = [\"SKU-1\", \"SKU-2\"]"), "{text}");
    let again = apply(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again, org);
}

#[test]
fn shares_that_do_not_sum_to_100_are_refused_naming_scope_role_and_days() {
    let src = with_credit("").replace("share = 0.5", "share = \"0.4\"");
    let errs = apply(&src).unwrap_err();
    assert_eq!(errs.errors.len(), 1, "{errs}");
    let e = &errs.errors[0];
    assert_eq!(
        (e.line, e.field.as_str(), e.reason.code()),
        (line_of(&src, "share = \"0.4\""), "responsibilities[1].share", "shares_not_100")
    );
    assert_eq!(
        e.message(Lang::En),
        "the shares of role 'operator' for store AMZ-US-1 × SKU SKU-1 do not sum to 100% on 2025-07-01.. (90%) (and 1 more SKU(s) of the same rules)"
    );
}

#[test]
fn credit_references_and_overlaps_name_their_line() {
    let extra = r#"
[[responsibilities]]
person = "GHOST"
role = "designer"
sku = "NOPE"
share = "100%"
from = "2026-01-01"

[[customer_owners]]
customer = "C-88"
person = "E1"
from = "2025-10-01"
"#;
    let src = with_credit(extra);
    let errs = apply(&src).unwrap_err().errors;
    let got: Vec<(usize, &str, &str)> = errs.iter().map(|e| (e.line, e.field.as_str(), e.reason.code())).collect();
    assert_eq!(
        got,
        vec![
            (line_of(&src, "\"GHOST\""), "responsibilities[4].person", "unknown_person"),
            (line_of(&src, "\"NOPE\""), "responsibilities[4].sku", "unknown_sku"),
            (line_of(&src, "2025-10-01"), "customer_owners[1].from", "customer_owner_overlap"),
        ]
    );
    assert!(errs[2].message(Lang::Zh).contains("客户 'C-88' 在 2025-07-01.. 期间已归属 E2"), "{}", errs[2].message(Lang::Zh));
}

#[test]
fn a_responsibility_s_scope_and_share_are_read_strictly() {
    let bad = |body: &str| {
        let src = format!("{GOOD}\n[[responsibilities]]\nperson = \"E1\"\nrole = \"operator\"\n{body}\nfrom = \"2025-07-01\"\n");
        let e = first_error(&src);
        (e.field.clone(), e.reason.code(), e.line == line_of(&src, body.lines().next().unwrap()))
    };
    assert_eq!(
        bad("store = \"AMZ-US-1\"\nsku = \"SKU-1\"\nskus = [\"SKU-1\"]\nshare = 1"),
        ("responsibilities[0].skus".into(), "sku_and_skus", true)
    );
    assert_eq!(bad("skus = [\"SKU-1\"]\nshare = 1"), ("responsibilities[0].skus".into(), "skus_need_store", false));
    assert_eq!(bad("share = 1"), ("responsibilities[0].store".into(), "empty_scope", false));
    assert_eq!(
        bad("store = \"AMZ-US-1\"\nskus = [\"SKU-1\", \"SKU-1\"]\nshare = 1"),
        ("responsibilities[0].skus".into(), "listed_twice", false)
    );
    assert_eq!(bad("share = \"fifty\"\nstore = \"AMZ-US-1\""), ("responsibilities[0].share".into(), "not_a_decimal", true));
    assert_eq!(bad("share = \"50\"\nstore = \"AMZ-US-1\""), ("responsibilities[0].share".into(), "share_out_of_range", true));
    assert_eq!(bad("share = \"150%\"\nstore = \"AMZ-US-1\""), ("responsibilities[0].share".into(), "share_out_of_range", true));
}

#[test]
fn a_store_says_where_its_sales_are_booked_from() {
    use amoeba_core::org::SalesSource;
    let org = apply(&GOOD.replace("currency = \"usd\"", "currency = \"usd\"\nbooks_sales_from = \"orders\"")).unwrap();
    assert_eq!((org.stores[0].books_sales_from, org.stores[0].sales_source()), (Some(SalesSource::Orders), SalesSource::Orders));
    let text = to_toml(&org, &Rules::default());
    assert!(text.contains("books_sales_from = \"orders\""), "{text}");
    assert_eq!(apply(&text).unwrap(), org);
    let plain = apply(GOOD).unwrap();
    assert_eq!((plain.stores[0].books_sales_from, plain.stores[0].sales_source()), (None, SalesSource::Settlement), "amazon's default");
    let e = first_error(&GOOD.replace("currency = \"usd\"", "currency = \"usd\"\nbooks_sales_from = \"both\""));
    assert_eq!((e.field.as_str(), e.reason.code()), ("stores[0].books_sales_from", "unknown_choice"));
}

#[test]
fn a_credit_rule_listed_twice_is_refused() {
    let twice = "\n[[key_accounts]]\ncustomer = \"C-88\"\nfrom = \"2025-09-01\"\n";
    let src = with_credit(twice);
    let e = parse(&src).err().expect("refused").errors.into_iter().find(|e| e.reason.code() == "listed_twice").expect("listed twice");
    assert_eq!((e.line, e.field.as_str()), (src.lines().count(), "key_accounts[1].from"));
}

#[test]
fn merging_credit_rules_replaces_by_key_and_keeps_the_rest() {
    let stored = apply(&with_credit("")).unwrap();
    let patch = "[[responsibilities]]\nperson = \"E2\"\nrole = \"designer\"\nsku = \"SKU-1\"\nshare = 1\nfrom = \"2025-07-01\"\n\n[[key_accounts]]\ncustomer = \"C-7\"\nfrom = \"2026-01-01\"\n";
    let merged = parse(patch).unwrap().apply_to(Some(stored.clone())).unwrap();
    assert_eq!(merged.credit.responsibilities.len(), 4, "same person, role, scope and from: replaced");
    assert_eq!(merged.credit.responsibilities[2].range.to, None, "the replacement has no end");
    assert_eq!(merged.credit.key_accounts.len(), 2);
}
