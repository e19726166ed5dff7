//! What the two level lists share — the objects tree (levels for objects) and the object card's
//! *Access for users* tab (levels for users): moving with Shift ranges, selecting, setting a level
//! on the selection, undoing. One gesture, so one piece of code answers it in both.
use crate::keymap::Action;
use ls_core::domain::AccessLevel;
use ls_core::t;

/// A level as the interface names it ("manage", «управление»): the one naming in `i18n::words`.
pub fn level_name(l: AccessLevel) -> String {
    ls_core::i18n::words::level(l)
}

/// What a level key did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetOutcome {
    /// Rows that now hold a pending level.
    pub set: usize,
    pub refused: Vec<String>,
    /// Rows the key changed nothing on, each with why (already so; no change in effect).
    pub unchanged: Vec<String>,
}

impl SetOutcome {
    /// The status line after a level key: what is pending, what was skipped and why. `noun` is
    /// what was set ("object", "user"); the bool says whether it is an error.
    pub fn message(&self, level: AccessLevel, noun: &str) -> (String, bool) {
        let level = crate::levels::level_name(level);
        let things = |n: usize| match noun {
            "user" => t!("levels-users", n = n),
            _ => t!("levels-objects", n = n),
        };
        match (self.set, self.refused.first()) {
            // Nothing refused and nothing pending: the key changed nothing, and says so (never
            // "pending on 1 object" with 0 pending in the footer).
            (0, None) => {
                let why = match self.unchanged.as_slice() {
                    [] => t!("levels-nothing-selected"),
                    [one] => one.clone(),
                    [first, rest @ ..] => t!("levels-unchanged-more", why = first.as_str(), n = rest.len()),
                };
                (t!("levels-nothing-to-change", why = why), false)
            }
            (0, Some(why)) => (t!("levels-not-changed", why = why.as_str()), true),
            (n, Some(why)) => (
                t!(
                    "levels-pending-skipped",
                    level = level,
                    things = things(n),
                    skipped = self.refused.len(),
                    why = why.as_str()
                ),
                true,
            ),
            (n, None) => (t!("levels-pending", level = level, things = things(n)), false),
        }
    }
}

pub trait LevelList {
    /// What one row is called in messages ("object", "user").
    const NOUN: &'static str;
    fn move_by(&mut self, d: isize, extend: bool);
    fn toggle(&mut self);
    /// The row with everything under it (a tree's branch); a flat list has nothing under a row.
    fn toggle_branch(&mut self) {
        self.toggle();
    }
    fn select_all_shown(&mut self);
    fn set_level(&mut self, level: AccessLevel) -> SetOutcome;
    /// Drops every pending level and says how many there were.
    fn undo_pending(&mut self) -> usize;
}

/// A status message and whether it is an error.
pub type Note = Option<(String, bool)>;

/// Applies `action` if it is one the level lists share; otherwise hands it back for the pane's own keys.
pub fn apply<L: LevelList>(list: &mut L, action: Action, page: usize, shift: bool) -> Result<Note, Action> {
    let page = page as isize;
    match action {
        Action::Up => list.move_by(-1, shift),
        Action::Down => list.move_by(1, shift),
        Action::PageUp => list.move_by(-page, shift),
        Action::PageDown => list.move_by(page, shift),
        Action::Top => list.move_by(isize::MIN / 2, false),
        Action::Bottom => list.move_by(isize::MAX / 2, false),
        Action::Toggle => list.toggle(),
        Action::ToggleBranch => list.toggle_branch(),
        Action::SelectAll => list.select_all_shown(),
        Action::Undo => {
            let n = list.undo_pending();
            return Ok(Some((t!("levels-undone", n = n), false)));
        }
        a => match a.level() {
            Some(level) => return Ok(Some(list.set_level(level).message(level, L::NOUN))),
            None => return Err(a),
        },
    }
    Ok(None)
}
