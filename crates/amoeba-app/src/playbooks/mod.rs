//! Playbooks (issue 16, docs/oversight.md "Playbooks in use"): each unit's
//! library of templates — complaint replies, product video scripts,
//! livestream run-sheets — added from a file as new versions (never
//! editing an old one), listed, searched and rendered with variables filled
//! from a stored product, order or customer. The template rules are the
//! core's (`amoeba_core::oversight::playbook`); this loads and stores.

pub mod file;
pub mod library;
pub mod render;

use amoeba_core::identity::Viewer;

/// Who is asking: the whole company (the CLI, run by whoever runs the
/// machine) or one login, through its [`Viewer`].
#[derive(Debug, Clone, Copy)]
pub enum Access<'a> {
    /// Everything, as the command line.
    Everything,
    /// What the viewer sees; a unit's people read its library, its leaders
    /// and the owner add to it.
    Viewer(&'a Viewer<'a>),
}

impl Access<'_> {
    /// Whether the unit's library may be read.
    pub fn sees_unit(&self, unit: &str) -> bool {
        match self {
            Access::Everything => true,
            Access::Viewer(v) => v.sees_unit(unit),
        }
    }

    /// Whether versions may be added to the unit's library.
    pub fn edits_unit(&self, unit: &str) -> bool {
        match self {
            Access::Everything => true,
            Access::Viewer(v) => v.edits_unit(unit),
        }
    }

    /// Whether an order of the store may fill a template.
    pub fn sees_store(&self, store: &str) -> bool {
        match self {
            Access::Everything => true,
            Access::Viewer(v) => v.sees_store(store),
        }
    }
}
