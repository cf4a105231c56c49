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
    assert_eq!(org.skus[0].costs[0].landed(), "15.40".parse().unwrap());
}

#[test]
fn export_round_trips() {
    let org = apply(GOOD).unwrap();
    let text = to_toml(&org);
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
fn unknown_parent_names_its_line() {
    let src = GOOD.replace("parent = \"G\"\narea_m2", "parent = \"NOPE\"\narea_m2");
    let e = first_error(&src);
    assert_eq!(e.line, line_of(&src, "NOPE"));
    assert_eq!(e.field, "units[1].parent");
    assert!(e.message.contains("unknown unit 'NOPE'"), "{e}");
}

#[test]
fn a_cycle_is_refused() {
    let src = GOOD.replace(
        "code = \"G\"\nname = \"集团\"\nkind = \"profit_centre\"",
        "code = \"G\"\nname = \"集团\"\nkind = \"profit_centre\"\nparent = \"AMZ\"",
    );
    let e = first_error(&src);
    assert!(e.message.contains("cycle"), "{e}");
}

#[test]
fn a_bad_date_names_line_and_field() {
    let src = GOOD.replace("from = \"2025-07-01\"", "from = \"2025-13-01\"");
    let e = first_error(&src);
    assert_eq!(e.line, line_of(&src, "2025-13-01"));
    assert_eq!(e.field, "assignments[1].from");
    assert!(e.message.contains("not a date"), "{e}");
}

#[test]
fn an_overlapping_assignment_is_refused() {
    let src = GOOD.replace("role = \"manager\"", "role = \"operator\"").replace("from = \"2025-07-01\"", "from = \"2025-06-01\"");
    let e = first_error(&src);
    assert_eq!(e.field, "assignments[1].from");
    assert!(e.message.contains("overlaps"), "{e}");
    assert_eq!(e.line, line_of(&src, "2025-06-01"));
}

#[test]
fn an_unknown_column_is_refused() {
    let src = GOOD.replace("name = \"张伟\"", "name = \"张伟\"\nsalary = 5000");
    let e = first_error(&src);
    assert_eq!(e.line, line_of(&src, "salary"));
    assert!(e.message.contains("salary"), "{e}");
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
    assert!(e.errors.iter().any(|x| x.line == 5 && x.message.contains("overlaps")), "{e}");
}

#[test]
fn no_company_anywhere_is_explained() {
    let e = parse("[[people]]\ncode = \"a\"\nname = \"b\"\n").unwrap().apply_to(None).unwrap_err();
    assert!(e.errors[0].message.contains("[company]"));
}
