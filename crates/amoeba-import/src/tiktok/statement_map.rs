//! The money columns of TikTok Shop's statement export as a tree: each
//! subtotal with the parts TikTok sums into it, each part with the fact
//! kind it books. Names are compared by their letters and digits,
//! lower-cased (`Total Fees`, `Total fees` and `Total fees ` are one).
//!
//! A part present on a row is booked; a subtotal is checked against its
//! parts. An **exhaustive** subtotal (revenue: before discounts + seller
//! discounts) must equal its parts or the row is refused; the other
//! subtotals (fees, shipping, affiliate commission) have parts that vary by
//! market and year, so what the known parts leave of them is booked as the
//! subtotal's own kind ("not itemised"), never dropped. The row's parts
//! (revenue, fees, adjustment) must sum to its total settlement amount.

use amoeba_core::ledger::FactKind;

/// One money column: its names, the kind it books and its parts.
#[derive(Debug)]
pub(super) struct Node {
    /// The column's display name (first spelling).
    pub name: &'static str,
    /// Every spelling, letters and digits lower-cased.
    pub names: &'static [&'static str],
    /// The kind booked for this column (or, for a subtotal, for what its
    /// known parts leave).
    pub kind: FactKind,
    /// The parts TikTok sums into this column.
    pub parts: &'static [Node],
    /// Whether the parts are all there is (a mismatch is an error).
    pub exhaustive: bool,
}

const fn leaf(name: &'static str, names: &'static [&'static str], kind: FactKind) -> Node {
    Node { name, names, kind, parts: &[], exhaustive: false }
}

use FactKind::{FulfilmentFee as Ship, PlatformFee as Fee, Promotion, Refund, Sale, Tax};

const SUBTOTAL: &[Node] = &[
    leaf("Subtotal before discounts", &["subtotalbeforediscounts"], Sale),
    leaf("Seller discounts", &["sellerdiscounts", "sellerdiscount"], Promotion),
];

const REFUND_SUBTOTAL: &[Node] = &[
    leaf("Refund subtotal before seller discounts", &["refundsubtotalbeforesellerdiscounts"], Refund),
    leaf("Refund of seller discounts", &["refundofsellerdiscounts"], Promotion),
];

const REVENUE: &[Node] = &[
    Node {
        name: "Subtotal after seller discounts",
        names: &["subtotalaftersellerdiscounts"],
        kind: Sale,
        parts: SUBTOTAL,
        exhaustive: true,
    },
    Node {
        name: "Refund subtotal after seller discounts",
        names: &["refundsubtotalaftersellerdiscounts"],
        kind: Refund,
        parts: REFUND_SUBTOTAL,
        exhaustive: true,
    },
];

const SHIPPING: &[Node] = &[
    leaf("Actual shipping fee", &["actualshippingfee"], Ship),
    leaf("Platform shipping fee discount", &["platformshippingfeediscount"], Ship),
    leaf("Customer shipping fee", &["customershippingfee"], Ship),
    leaf("Actual return shipping fee", &["actualreturnshippingfee"], Ship),
    leaf("Refunded customer shipping fee", &["refundedcustomershippingfee", "refundcustomershippingfee"], Ship),
    leaf("Shipping fee subsidy", &["shippingfeesubsidy", "shippingsubsidy"], Ship),
];

const AFFILIATE: &[Node] = &[
    leaf("Affiliate commission before PIT", &["affiliatecommissionbeforepitpersonalincometax", "affiliatecommissionbeforepit"], Fee),
    leaf("Personal income tax withheld from affiliate commission", &["personalincometaxwithheldfromaffiliatecommission"], Fee),
];

const AFFILIATE_ADS: &[Node] = &[
    leaf("Affiliate Shop Ads commission before PIT", &["affiliateshopadscommissionbeforepit"], Fee),
    leaf(
        "Personal income tax withheld from affiliate Shop Ads commission",
        &["personalincometaxwithheldfromaffiliateshopadscommission"],
        Fee,
    ),
];

/// Fees. Affiliate commissions are booked as `platform_fee`: TikTok deducts
/// them per order as a share of the sale, like its own commission, and
/// booking them as `ad_spend` would raise ACoS without ad sales beside them.
const FEES: &[Node] = &[
    leaf("Transaction fee", &["transactionfee", "paymentfee"], Fee),
    leaf("TikTok Shop commission fee", &["tiktokshopcommissionfee", "platformcommissionfee", "commissionfee"], Fee),
    Node { name: "Seller shipping fee", names: &["sellershippingfee", "shippingcost"], kind: Ship, parts: SHIPPING, exhaustive: false },
    Node { name: "Affiliate commission", names: &["affiliatecommission"], kind: Fee, parts: AFFILIATE, exhaustive: false },
    Node {
        name: "Affiliate Shop Ads commission",
        names: &["affiliateshopadscommission"],
        kind: Fee,
        parts: AFFILIATE_ADS,
        exhaustive: false,
    },
    leaf("Affiliate partner commission", &["affiliatepartnercommission"], Fee),
    leaf("Affiliate Partner shop ads commission", &["affiliatepartnershopadscommission"], Fee),
    leaf("Affiliate commission deposit", &["affiliatecommissiondeposit"], Fee),
    leaf("Affiliate commission refund", &["affiliatecommissionrefund"], Fee),
    leaf("SFP service fee", &["sfpservicefee"], Ship),
    leaf("Shipping service fee", &["shippingservicefee"], Ship),
    leaf("Order processing fee", &["orderprocessingfee"], Ship),
    leaf("Bonus cashback service fee", &["bonuscashbackservicefee"], Fee),
    leaf("LIVE Specials service fee", &["livespecialsservicefee"], Fee),
    leaf("Voucher Xtra service fee", &["voucherxtraservicefee"], Fee),
    leaf("EAMS Program service fee", &["eamsprogramservicefee"], Fee),
    leaf("Flash Sale service fee", &["flashsaleservicefee"], Fee),
    leaf("TikTok PayLater program fee", &["tiktokpaylaterprogramfee"], Fee),
    leaf("Campaign resource fee", &["campaignresourcefee"], Fee),
    leaf("Pre-order service fee", &["preorderservicefee"], Fee),
    leaf("Mall service fee", &["mallservicefee"], Fee),
    leaf("Dynamic commission", &["dynamiccommission"], Fee),
    leaf("Commerce growth fee", &["commercegrowthfee"], Fee),
    leaf("Credit card installment - Handling fee", &["creditcardinstallmenthandlingfee"], Fee),
    leaf("GST", &["gst"], Tax),
    leaf("SST", &["sst"], Tax),
    leaf("VAT", &["vat", "platformvat"], Tax),
];

/// The parts of a row's total settlement amount.
pub(super) const TOP: &[Node] = &[
    Node { name: "Total revenue", names: &["totalrevenue"], kind: Sale, parts: REVENUE, exhaustive: false },
    Node { name: "Total fees", names: &["totalfees"], kind: Fee, parts: FEES, exhaustive: false },
    leaf("Adjustment amount", &["adjustmentamount", "ajustmentamount"], FactKind::Adjustment),
];

/// Every money column of the tree, depth first (the statement's column specs).
pub(super) fn all_nodes() -> Vec<&'static Node> {
    fn walk(nodes: &'static [Node], out: &mut Vec<&'static Node>) {
        for n in nodes {
            out.push(n);
            walk(n.parts, out);
        }
    }
    let mut out = Vec::new();
    walk(TOP, &mut out);
    out
}

/// The kind of an adjustment row's amount, by its `Type`: reimbursements,
/// ad payments and logistics corrections have their own kinds; any other
/// adjustment stays an `adjustment` pointing at its related order.
pub(super) fn adjustment_kind(row_type: &str) -> FactKind {
    let t = row_type.to_ascii_lowercase();
    let has = |w: &str| t.contains(w);
    if has("reimburse") || has("compensation") {
        FactKind::Reimbursement
    } else if has("ads") || has("advertis") || has("gmv payment") {
        FactKind::AdSpend
    } else if has("shipping") || has("logistic") {
        FactKind::FulfilmentFee
    } else {
        FactKind::Adjustment
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_names_one_column() {
        let nodes = all_nodes();
        let mut seen = std::collections::HashSet::new();
        for n in &nodes {
            assert!(!n.names.is_empty(), "{}", n.name);
            assert!(seen.insert(n.name), "{} is two columns' name", n.name);
            for s in n.names {
                assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{s}");
                assert!(seen.insert(*s), "{s} names two columns");
            }
            assert!(!(n.exhaustive && n.parts.is_empty()), "{}", n.name);
        }
    }

    #[test]
    fn adjustment_types() {
        assert_eq!(adjustment_kind("Logistics reimbursement"), FactKind::Reimbursement);
        assert_eq!(adjustment_kind("GMV payment for TikTok Ads"), FactKind::AdSpend);
        assert_eq!(adjustment_kind("Shipping fee adjustment"), FactKind::FulfilmentFee);
        assert_eq!(adjustment_kind("Deduction"), FactKind::Adjustment);
    }
}
