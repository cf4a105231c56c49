//! The languages a user reads Amoeba in. Domain errors and codes render
//! themselves in a [`Lang`], so the page, the API and the CLI show the same
//! sentence in the reader's language (Chinese first).

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 简体中文 (default: Amoeba's users are Chinese sellers).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` or `en`.
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of a page.
    pub fn html(&self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language to offer in a switch.
    pub fn other(&self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Reads a code (`en…` is English, anything else Chinese), as in a
    /// cookie, `--lang` or `LANG=en_US.UTF-8`.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// `lang=` in a query string, if present and known.
    pub fn from_query(query: &str) -> Option<Lang> {
        query.split('&').find_map(|p| match p {
            "lang=en" => Some(Lang::En),
            "lang=zh" => Some(Lang::Zh),
            _ => None,
        })
    }

    /// Picks the text of this language from a pair.
    pub fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_queries() {
        assert_eq!(Lang::from_code("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_code("zh_CN"), Lang::Zh);
        assert_eq!(Lang::from_code(""), Lang::Zh);
        assert_eq!(Lang::from_query("a=1&lang=en"), Some(Lang::En));
        assert_eq!(Lang::from_query("a=1"), None);
        assert_eq!(Lang::En.pick("中", "en"), "en");
    }
}
