//! A line an import's summary tells besides its counts (the store a file
//! chose, a settlement's reconciliation, orders not booked yet…), in both
//! languages: the upload page shows it in the page's, the CLI in `LANG`'s.

use amoeba_core::Lang;
use std::fmt;

/// One note of an import summary, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    zh: String,
    en: String,
}

impl ImportNote {
    /// A note from its two texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> ImportNote {
        ImportNote { zh: zh.into(), en: en.into() }
    }

    /// The note in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// A store chosen because only it fits the file.
    pub(crate) fn store_chosen(store: &str, identity: &str) -> ImportNote {
        ImportNote::new(format!("按文件识别（{identity}）选定店铺 {store}"), format!("store {store} chosen from the file ({identity})"))
    }

    /// A settlement stored before: nothing done.
    pub(crate) fn settlement_stored(settlement: &str, store: &str) -> ImportNote {
        ImportNote::new(
            format!("店铺 {store} 的结算单 {settlement} 已导入过"),
            format!("settlement {settlement} of store {store} is already stored"),
        )
    }

    /// A settlement whose lines sum to its total.
    pub(crate) fn settlement_reconciles(settlement: &str, total: impl fmt::Display, currency: impl fmt::Display) -> ImportNote {
        ImportNote::new(
            format!("结算单 {settlement} 已对平：各行合计等于总额 {total} {currency}"),
            format!("settlement {settlement} reconciles: facts sum to total-amount {total} {currency}"),
        )
    }

    /// Lines of a transaction type the reader does not map.
    pub(crate) fn unmapped(lines: impl fmt::Display, what: &str) -> ImportNote {
        ImportNote::new(
            format!("{lines} 行未识别类型 {what}，记为其他收支"),
            format!("{lines} line(s) of unmapped type {what} booked as other income/expense"),
        )
    }
}

impl fmt::Display for ImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_reads_in_the_asked_language_and_displays_in_english() {
        let n = ImportNote::settlement_reconciles("7293436482", "53.44", "EUR");
        assert_eq!(n.text(Lang::Zh), "结算单 7293436482 已对平：各行合计等于总额 53.44 EUR");
        assert_eq!(n.to_string(), n.text(Lang::En));
        assert!(n.text(Lang::En).contains("reconciles"));
    }
}
