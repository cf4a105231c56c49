//! Two playbook templates for the access tests: `late` in AMZ-US-HOME (the
//! member's unit, under the leader's) and `de-late` in AMZ-DE (nobody's but
//! the owner's), added through the real use case.

use amoeba_app::playbooks::file::add_file;
use amoeba_app::playbooks::Access;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;

/// A template needing `customer.name` and `order.id`.
pub const FILE: &str = r#"
[[templates]]
unit = "AMZ-US-HOME"
code = "late"
kind = "complaint_reply"
title_zh = "物流延误致歉"
title_en = "Late delivery apology"
tags = ["logistics"]
body_zh = "尊敬的 {{customer.name}}：订单 {{order.id}} 延误了。"
body_en = "Dear {{customer.name}},\norder {{ order.id }} is late."

[[templates]]
unit = "AMZ-DE"
code = "de-late"
kind = "complaint_reply"
title_zh = "德国站延误致歉"
title_en = "DE late delivery"
body_zh = "订单 {{order.id}} 延误了。"
body_en = "Order {{order.id}} is late."
"#;

/// Stores the two templates.
pub async fn seed_playbooks(db: &Db, company: &CompanyRow) {
    add_file(db, company, "playbooks.toml", FILE, "owner", Access::Everything).await.expect("playbooks stored");
}
