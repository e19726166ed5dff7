//! What tests and the tour read of the app: the rooms open, what is in front.
use super::App;
use crate::card::CardRoom;
use crate::keymap::Context;
use crate::object_card::pane::ObjectCard;
use crate::objects::tree::ObjectTree;
use crate::room::Layer;
use crate::users::pane::UsersPane;

impl App {
    pub fn users(&self) -> &UsersPane {
        match &self.layers[0].1 {
            Layer::Users(u) => &u.pane,
            _ => unreachable!("the users list is always at the back"),
        }
    }

    pub fn users_mut(&mut self) -> &mut UsersPane {
        match &mut self.layers[0].1 {
            Layer::Users(u) => &mut u.pane,
            _ => unreachable!("the users list is always at the back"),
        }
    }

    /// The user card, if one is open.
    pub fn card(&self) -> Option<&CardRoom> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Card(c) => Some(c.as_ref()),
            _ => None,
        })
    }

    /// The Objects pane's tree, if it is open.
    pub fn objects_pane(&self) -> Option<&ObjectTree> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Objects(o) => o.tree.as_ref(),
            _ => None,
        })
    }

    pub fn object_card(&self) -> Option<&ObjectCard> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::ObjectCard(o) => o.card.as_ref(),
            _ => None,
        })
    }

    pub fn audit(&self) -> Option<&crate::audit::AuditRoom> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Audit(a) => Some(a.as_ref()),
            _ => None,
        })
    }

    pub fn compare(&self) -> Option<&crate::compare::CompareRoom> {
        self.layers.iter().rev().find_map(|(_, l)| match l {
            Layer::Compare(c) => Some(c.as_ref()),
            _ => None,
        })
    }

    /// Whether the help is in front.
    pub fn help_open(&self) -> bool {
        matches!(self.layers.last(), Some((_, Layer::Help(_))))
    }

    /// Whether the users list's search fields have the keys.
    pub fn searching(&self) -> bool {
        matches!(self.layers.last(), Some((_, Layer::Users(u))) if u.searching)
    }

    /// What is in front: its key map section.
    pub fn context(&self) -> Context {
        self.front().contexts().first().copied().unwrap_or(Context::Global)
    }
}
