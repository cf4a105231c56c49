//! Request and response helpers the pages and the API share — reading
//! parameters, answering an upload, listing problems — and nothing else:
//! `pages/` and `api/` never import each other.

pub mod import_answer;
pub mod operator;
pub mod params;

use crate::i18n::Lang;
use amoeba_core::identity::Viewer;
use amoeba_core::reporting::{Problem, MAX_PROBLEMS_SHOWN};

/// The problems a page lists for the viewer, in the page's language (the
/// rest are counted).
pub fn problem_lines(problems: &[Problem], viewer: &Viewer<'_>, lang: Lang) -> Vec<String> {
    let mine = viewer.problems(problems);
    let mut out: Vec<String> = mine.iter().take(MAX_PROBLEMS_SHOWN).map(|p| p.text(lang).to_string()).collect();
    if mine.len() > MAX_PROBLEMS_SHOWN {
        let more = (mine.len() - MAX_PROBLEMS_SHOWN).to_string();
        out.push(crate::i18n::t(lang, "problems.more").replace("{n}", &more));
    }
    out
}
