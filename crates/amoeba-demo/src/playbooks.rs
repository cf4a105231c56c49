//! The demo's playbooks (docs/oversight.md, "Playbooks in use"): the
//! Alibaba.com unit's complaint reply (in two versions: the second adds a
//! discount on the next order), a product video script and a livestream
//! run-sheet in its five parts; the Amazon US home team's complaint reply
//! and video script. Imported through `amoeba playbook add`'s use case.

/// The playbook file's text.
pub(crate) const FILE: &str = r#"# Demo playbooks: two units' templates, Chinese and English.
[[templates]]
unit = "ALI"
code = "late-delivery"
kind = "complaint_reply"
title_zh = "物流延误致歉"
title_en = "Late delivery apology"
tags = ["物流", "logistics", "complaint"]
body_zh = """
尊敬的客户 {{customer.id}}：
您的订单 {{order.id}}（{{order.items}}）未能按时送达，我们深表歉意。
货物已于今日加急处理，我们会每天向您更新物流进度。"""
body_en = """
Dear customer {{customer.id}},
we are sorry that your order {{order.id}} ({{order.items}}) is late.
We have expedited it today and will update you on its tracking every day."""

[[templates]]
unit = "ALI"
code = "late-delivery"
kind = "complaint_reply"
title_zh = "物流延误致歉（含下单折扣）"
title_en = "Late delivery apology (with a discount)"
tags = ["物流", "logistics", "complaint", "discount"]
body_zh = """
尊敬的客户 {{customer.id}}：
您的订单 {{order.id}}（{{order.items}}，合计 {{order.amount}}）未能按时送达，我们深表歉意。
货物已于今日加急处理，我们会每天向您更新物流进度。
您自 {{customer.since}} 起已与我们合作 {{customer.orders}} 单，下次下单可享 {{discount}} 折扣。"""
body_en = """
Dear customer {{customer.id}},
we are sorry that your order {{order.id}} ({{order.items}}, {{order.amount}} in total) is late.
We have expedited it today and will update you on its tracking every day.
You have placed {{customer.orders}} orders with us since {{customer.since}}: your next order gets {{discount}} off."""

[[templates]]
unit = "ALI"
code = "product-video"
kind = "product_video_script"
title_zh = "产品短视频脚本（询盘即发）"
title_en = "Product video script (sent on inquiry)"
tags = ["视频", "video", "inquiry"]
body_zh = """
【产品】{{sku.name}}（{{sku.code}}）
【使用场景】{{use_cases}}
【价格】{{sku.price}} 起，量大从优
【优势】{{advantages}}
【结尾】欢迎询盘，24 小时内回复。"""
body_en = """
[Product] {{sku.name}} ({{sku.code}})
[Use cases] {{use_cases}}
[Price] from {{sku.price}}, better for volume
[Advantages] {{advantages}}
[Close] Send us an inquiry: we answer within 24 hours."""

[[templates]]
unit = "ALI"
code = "live-plan"
kind = "livestream_plan"
title_zh = "直播方案"
title_en = "Livestream plan"
tags = ["直播", "livestream"]
body_zh = "直播主题：{{sku.name}} 工厂直供\n时间：{{live.date}}\n主播：{{live.host}}\n目标：询盘 {{live.target_inquiries}} 个"
body_en = "Theme: {{sku.name}}, factory direct\nWhen: {{live.date}}\nHost: {{live.host}}\nGoal: {{live.target_inquiries}} inquiries"

[[templates]]
unit = "ALI"
code = "live-poster"
kind = "livestream_poster"
title_zh = "直播海报需求"
title_en = "Livestream poster brief"
tags = ["直播", "livestream", "design"]
body_zh = "主图：{{sku.name}} 使用场景\n标题：工厂直播 · {{live.date}}\n卖点三条：{{advantages}}"
body_en = "Main image: {{sku.name}} in use\nHeadline: Factory live · {{live.date}}\nThree selling points: {{advantages}}"

[[templates]]
unit = "ALI"
code = "live-promotion"
kind = "livestream_promotion"
title_zh = "直播促销计划"
title_en = "Livestream promotion plan"
tags = ["直播", "livestream", "promotion"]
body_zh = "直播期间下单 {{sku.name}}：{{promo.offer}}\n活动时间：{{live.date}}"
body_en = "Order {{sku.name}} during the show: {{promo.offer}}\nValid: {{live.date}}"

[[templates]]
unit = "ALI"
code = "live-script"
kind = "livestream_script"
title_zh = "直播脚本"
title_en = "Livestream script"
tags = ["直播", "livestream", "script"]
body_zh = "开场：大家好，我是 {{live.host}}，今天带大家看 {{sku.name}} 的生产线。\n讲解：{{advantages}}\n促单：{{promo.offer}}，现在发询盘锁定名额。"
body_en = "Opening: Hi, I'm {{live.host}}; today we walk through the {{sku.name}} production line.\nPitch: {{advantages}}\nClose: {{promo.offer}}; send an inquiry now to book a slot."

[[templates]]
unit = "ALI"
code = "live-replies"
kind = "livestream_replies"
title_zh = "直播回复模板"
title_en = "Livestream reply templates"
tags = ["直播", "livestream", "reply"]
body_zh = "问：最小起订量？答：{{sku.name}} 的起订量请发询盘，我们按数量报价。\n问：能否定制？答：支持 logo 和包装定制。"
body_en = "Q: Minimum order? A: send an inquiry for {{sku.name}}; we quote by quantity.\nQ: Custom branding? A: logo and packaging can be customised."

[[templates]]
unit = "AMZ-US-HOME"
code = "damaged-item"
kind = "complaint_reply"
title_zh = "商品破损回复"
title_en = "Damaged item reply"
tags = ["破损", "damaged", "complaint", "refund"]
body_zh = "您好，很抱歉您收到的 {{sku.name}} 有破损。我们已为订单 {{order.id}} 安排免费补发，无需退回。"
body_en = "Hello, we are sorry that your {{sku.name}} arrived damaged. We are sending a free replacement for order {{order.id}}; no need to return it."

[[templates]]
unit = "AMZ-US-HOME"
code = "home-video"
kind = "product_video_script"
title_zh = "家居产品短视频脚本"
title_en = "Home product video script"
tags = ["视频", "video"]
body_zh = "【产品】{{sku.name}}\n【场景】{{use_cases}}\n【价格】{{price}}\n【优势】{{advantages}}"
body_en = "[Product] {{sku.name}}\n[Where] {{use_cases}}\n[Price] {{price}}\n[Why] {{advantages}}"
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn two_units_and_every_kind_are_in_the_file() {
        for needle in [
            "unit = \"ALI\"",
            "unit = \"AMZ-US-HOME\"",
            "complaint_reply",
            "product_video_script",
            "livestream_plan",
            "livestream_poster",
            "livestream_promotion",
            "livestream_script",
            "livestream_replies",
        ] {
            assert!(super::FILE.contains(needle), "{needle}");
        }
    }
}
