//! Chinese personal names, drawn deterministically and never repeated, so
//! the demo staff list reads like a real Ningbo company's.

use crate::rng::Rng;
use std::collections::BTreeSet;

/// Common surnames, roughly by frequency.
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁",
    "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "方", "邹", "熊",
];

/// Characters used in given names.
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "华",
    "玲", "飞", "鹏", "斌", "浩", "宇", "欣", "婷", "雪", "琳", "晨", "博", "文", "佳", "怡", "昊", "然", "子", "轩", "梓", "涵", "思",
    "雨", "晓", "丹", "俊", "凯", "亮", "倩", "颖", "慧", "璐", "辉", "鑫", "蕾", "彤", "阳", "帆", "悦", "瑶", "诗", "嘉", "琪", "旭",
    "峰", "宁", "健", "楠", "薇", "莹", "哲", "远", "航", "毅", "婉", "清", "志", "成",
];

/// Draws `n` distinct names of two or three characters.
pub(crate) fn chinese_names(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut name = String::from(*rng.pick(SURNAMES));
        let first = rng.pick::<&str>(GIVEN);
        name.push_str(first);
        if rng.chance(650) {
            let second = rng.pick::<&str>(GIVEN);
            name.push_str(second);
        }
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_gbk_safe() {
        let mut rng = Rng::new(42, "names");
        let names = chinese_names(&mut rng, 200);
        let set: BTreeSet<_> = names.iter().collect();
        assert_eq!(set.len(), 200);
        for n in &names {
            let (_, _, bad) = encoding_rs::GBK.encode(n);
            assert!(!bad, "{n}");
            assert!((2..=3).contains(&n.chars().count()));
        }
    }
}
