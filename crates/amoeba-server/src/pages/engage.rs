//! What the goal and engagement pages share (targets, lottery, PK,
//! leaderboards): their sub-navigation, a picker form, cards of facts and
//! steps, and the one template (`engage.html`) that lays them out in order.

use crate::ctx::Ctx;
use crate::render::tr;
use serde::Serialize;

/// A sub-navigation link.
#[derive(Debug, Clone, Serialize)]
pub struct SubLink {
    /// Translation key.
    pub key: &'static str,
    /// Target.
    pub href: &'static str,
    /// The page shown is under it.
    pub active: bool,
}

/// The goal and engagement pages, in order.
pub fn subnav(ctx: &Ctx) -> Vec<SubLink> {
    let path = ctx.uri.split('?').next().unwrap_or("");
    [
        ("nav.targets", "/targets"),
        ("nav.lottery", "/lottery"),
        ("nav.pk", "/pk"),
        ("nav.leaderboard", "/leaderboard"),
        ("nav.reviews", "/reviews"),
    ]
    .into_iter()
    .map(|(key, href)| SubLink { key, href, active: path == href || path.starts_with(&format!("{href}/")) })
    .collect()
}

/// An option of a select.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Value sent.
    pub value: String,
    /// Label shown.
    pub label: String,
}

/// A field of the picker form.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Parameter name.
    pub name: &'static str,
    /// Input type (`month`, `date`), unless it has options.
    pub kind: &'static str,
    /// Current value.
    pub value: String,
    /// Accessible label.
    pub label: String,
    /// A select's options (empty: an input).
    pub options: Vec<Choice>,
}

impl Field {
    /// An input of `kind`.
    pub fn input(name: &'static str, kind: &'static str, value: impl Into<String>, label: String) -> Self {
        Field { name, kind, value: value.into(), label, options: Vec::new() }
    }

    /// A select.
    pub fn select(name: &'static str, value: impl Into<String>, label: String, options: Vec<Choice>) -> Self {
        Field { name, kind: "", value: value.into(), label, options }
    }
}

/// The picker form of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Picker {
    /// Where it submits (GET).
    pub action: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A labelled value of a card.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
    /// Shown as code (hashes, signatures).
    pub code: bool,
}

impl Fact {
    /// A plain fact.
    pub fn text(label: String, value: impl Into<String>) -> Self {
        Fact { label, value: value.into(), code: false }
    }

    /// A fact shown as code.
    pub fn code(label: String, value: impl Into<String>) -> Self {
        Fact { label, value: value.into(), code: true }
    }
}

/// A step of a procedure, with a command to type.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// What to do.
    pub text: String,
    /// The command, if any.
    pub code: Option<String>,
}

/// A link in a card's head.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Where.
    pub href: String,
    /// Label.
    pub label: String,
}

/// A card of lines, facts and steps.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Card {
    /// Element id (and test id).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// Paragraphs.
    pub lines: Vec<String>,
    /// Labelled values.
    pub facts: Vec<Fact>,
    /// Steps.
    pub steps: Vec<Step>,
    /// A link in the head.
    pub link: Option<Link>,
}

/// One section of the page: a table (by id) or a card.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// A table's id.
    pub table: Option<&'static str>,
    /// A card.
    pub card: Option<Card>,
}

impl Section {
    /// The table of that id.
    pub fn table(id: &'static str) -> Self {
        Section { table: Some(id), card: None }
    }

    /// A card.
    pub fn card(card: Card) -> Self {
        Section { table: None, card: Some(card) }
    }
}

/// A headline figure with its label already translated.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
    /// Shown as a loss.
    pub neg: bool,
}

/// A percentage with two places, `—` when there is none.
pub fn pct(p: Option<rust_decimal::Decimal>) -> String {
    p.map(|p| format!("{}%", p.round_dp(2))).unwrap_or_else(|| "—".into())
}

/// A translated label, for cards and pickers.
pub fn label(ctx: &Ctx, key: &str) -> String {
    tr(ctx, key)
}
