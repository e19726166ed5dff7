//! The objects tree: the Objects pane room (the viewer's own access), and the keys and answers
//! every tree shares (the card's Access to objects tab is one too).
pub mod forest;
pub mod tree;

use super::keymap::{Action, Context};
use super::levels;
use super::object_card::ObjectCardRoom;
use super::request::{Reply, Req, ReqId};
use super::room::{Cx, Flow, Layer, Room};
use super::session::Session;
use super::viewer::LevelRule;
use crate::api::AccessChange;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tree::ObjectTree;

/// The hint line over a tree, wherever it is shown (the card's Access tab, the Objects room).
pub fn tree_hints(s: &Session) -> String {
    s.keys.hint(
        Context::Tree,
        &[
            (Some(Action::Search), "mask"),
            (Some(Action::Toggle), "select"),
            (Some(Action::Save), "save"),
            (Some(Action::Back), "back"),
            (Some(Action::Help), "help"),
        ],
        "  ",
    )
}

/// Sends a tree's pending levels as one batch.
pub fn save_tree(t: &mut ObjectTree, cx: &mut Cx) {
    if t.saving {
        return;
    }
    t.saving = true;
    let changes: Vec<AccessChange> = t
        .pending
        .iter()
        .map(|(id, l)| AccessChange {
            object_id: *id,
            level: *l,
        })
        .collect();
    cx.info(format!("saving {} access changes…", changes.len()));
    cx.ask(Req::SaveAccess {
        login: t.target,
        changes,
    });
}

/// The keys every tree answers; `Pass` for its room's own.
pub fn tree_key(t: &mut ObjectTree, k: &KeyEvent, page: usize, cx: &mut Cx) -> Flow {
    if t.explain.is_some() {
        t.explain = None;
        return Flow::Done;
    }
    if t.editing {
        match k.code {
            KeyCode::Enter => t.apply_mask(),
            KeyCode::Esc => t.cancel_mask(),
            _ => {
                t.edit_mask(k);
            }
        }
        return Flow::Done;
    }
    let shift = k.modifiers.contains(KeyModifiers::SHIFT);
    let Some(action) = cx.s.keys.lookup(Context::Tree, k) else {
        return Flow::Pass;
    };
    match levels::apply(t, action, page, shift) {
        Ok(note) => cx.note(note),
        Err(Action::Search) => t.editing = true,
        Err(Action::Explain) => t.explain_cursor(),
        Err(Action::Save) if t.pending.is_empty() => cx.info("no pending access changes"),
        Err(Action::Save) => save_tree(t, cx),
        Err(Action::ShowCommand) if t.pending.is_empty() => cx.info("no pending access changes"),
        Err(Action::ShowCommand) => {
            let lines = crate::tui::command::levels_for_user(cx.s, t.target, &t.pending);
            crate::tui::command::show(cx, lines);
        }
        Err(Action::Open) => {
            if let Some(id) = t.object(t.cursor()).map(|o| o.id) {
                cx.push(Layer::ObjectCard(Box::new(ObjectCardRoom::new(id))));
            }
        }
        Err(Action::Back) if !t.selected.is_empty() => {
            t.selected.clear();
            cx.info("selection cleared");
        }
        Err(_) => return Flow::Pass,
    }
    t.scroll_into_view(page);
    Flow::Done
}

/// A tree's answers: its levels loaded or saved. Any other answer is handed back.
pub fn tree_reply(t: &mut ObjectTree, r: Reply, cx: &mut Cx) -> Option<Reply> {
    match r {
        Reply::Access(login, r) if login == t.target => match r {
            Ok(p) => t.set_levels(p.entries),
            Err(e) => cx.failed("cannot load access levels", &e),
        },
        Reply::AccessSaved(login, r) if login == t.target => {
            t.saving = false;
            match r {
                Ok(p) => {
                    let n = p.entries.len();
                    t.pending.clear();
                    cx.online();
                    cx.info(format!(
                        "saved {n} access change{} for user {login}",
                        if n == 1 { "" } else { "s" }
                    ));
                    // Group and account grants move other objects' levels: read them all again.
                    cx.ask(Req::Access(login));
                }
                Err(e) => cx.failed("access not saved (pending levels kept)", &e),
            }
        }
        r => return Some(r),
    }
    None
}

/// `:objects`: the viewer's own access, as a tree.
#[derive(Default)]
pub struct ObjectsRoom {
    pub tree: Option<ObjectTree>,
}

impl ObjectsRoom {
    pub fn new() -> Self {
        ObjectsRoom { tree: None }
    }

    fn page(s: &Session) -> usize {
        (s.size.height as usize).saturating_sub(4).max(1)
    }
}

impl Room for ObjectsRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Tree]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let Some(t) = self.tree.as_mut() else {
            return match cx.s.keys.lookup(Context::Tree, k) {
                Some(Action::Back) => {
                    cx.pop();
                    Flow::Done
                }
                _ => Flow::Pass,
            };
        };
        if tree_key(t, k, Self::page(cx.s), cx) == Flow::Done {
            return Flow::Done;
        }
        match cx.s.keys.lookup(Context::Tree, k) {
            Some(Action::Back) => {
                if t.pending.is_empty() {
                    cx.pop();
                } else {
                    cx.error("pending access changes: Ctrl-S saves them, u undoes them");
                }
                Flow::Done
            }
            _ => Flow::Pass,
        }
    }

    fn reply(&mut self, _id: ReqId, r: Reply, cx: &mut Cx) {
        if let Some(t) = self.tree.as_mut() {
            if tree_reply(t, r, cx).is_some() {
                cx.quiet();
            }
        }
    }

    fn session_changed(&mut self, cx: &mut Cx) {
        let me = cx.s.me.as_ref().map(|m| m.user.clone());
        match (&mut self.tree, cx.s.forest.clone(), me) {
            (Some(t), _, me) => t.rule = LevelRule::new(cx.s.viewer.clone(), me),
            (None, Some(forest), Some(me)) => {
                let mut t = ObjectTree::new(forest, me.login);
                t.hint = cx.s.level_list_hint(Context::Tree);
                t.rule = LevelRule::new(cx.s.viewer.clone(), Some(me.clone()));
                self.tree = Some(t);
                cx.ask(Req::Access(me.login));
            }
            (None, None, _) => cx.want_objects(),
            (None, Some(_), None) => {}
        }
    }

    fn levels_changed(&mut self, cx: &mut Cx) {
        if let Some(t) = &self.tree {
            cx.ask(Req::Access(t.target));
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        match &self.tree {
            Some(t) => t.render(f, area, &s.theme, "Objects — your access"),
            None => f.render_widget(Paragraph::new("Loading objects…").style(s.theme.dim()), area),
        }
    }

    fn hints(&self, s: &Session) -> String {
        tree_hints(s)
    }
}
