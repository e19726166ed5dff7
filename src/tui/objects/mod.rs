//! The objects tree: the Objects pane room (the viewer's own access), and the keys and answers
//! every tree shares (the card's Access to objects tab is one too).
pub mod forest;
pub mod tree;

use super::keymap::{Action, Context};
use super::levels;
use super::object_card::ObjectCardRoom;
use super::request::{Reply, Req, ReqId};
use super::room::{Answer, Cx, Flow, Layer, Room};
use super::session::Session;
use super::viewer::LevelRule;
use crate::api::{AccessChange, Accessor, ObjectDetail};
use crate::domain::ObjectKind;
use crate::plan::{Plan, Row};
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

/// Ctrl-S on a tree: one change is sent at once; more, or one that lowers the viewer's own
/// access, are shown as a plan first (Enter there sends them through [`save_tree`]).
pub fn plan_tree(t: &mut ObjectTree, cx: &mut Cx) {
    let me = cx.s.me.as_ref().map(|m| m.user.login);
    let own = me == Some(t.target);
    let direct = |id: &i64| t.levels.get(id).map(|e| e.direct).unwrap_or_default();
    let lowers = own && t.pending.iter().any(|(id, l)| *l < direct(id));
    if t.pending.len() == 1 && t.skipped.is_empty() && !lowers {
        return save_tree(t, cx);
    }
    let who = if own {
        format!("{} (you)", t.target)
    } else {
        t.target.to_string()
    };
    let label = |id: i64| crate::copy::Objects::label(t.forest.as_ref(), id);
    let mut rows: Vec<Row> = t
        .pending
        .iter()
        .map(|(id, l)| {
            Row::judged(label(*id), who.clone(), direct(id).to_string(), l.to_string(), Ok(())).about(*id, t.target)
        })
        .collect();
    rows.extend(t.skipped.iter().map(|(id, (l, why))| {
        Row::judged(
            label(*id),
            who.clone(),
            direct(id).to_string(),
            l.to_string(),
            Err(why.clone()),
        )
        .about(*id, t.target)
    }));
    let plan = Plan::new(format!("access levels for user {}", t.target), rows);
    let warn = lowers.then(|| crate::tui::plan::LOWERS_OWN.to_string());
    crate::tui::plan::show(cx, plan, warn);
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
        Err(Action::Save) => plan_tree(t, cx),
        Err(Action::ShowCommand) if t.pending.is_empty() => cx.info("no pending access changes"),
        Err(Action::ShowCommand) => {
            let lines = crate::tui::command::levels_for_user(cx.s, t.target, &t.pending);
            crate::tui::command::show(cx, lines);
        }
        Err(Action::History) => {
            if let Some((id, name)) = t.object(t.cursor()).map(|o| (o.id, o.name.clone())) {
                crate::tui::audit::history(crate::tui::audit::Scope::Object(id, name), cx);
            }
        }
        Err(Action::CopyGroup) => match t.object(t.cursor()).map(|o| (o.id, o.kind, o.name.clone())) {
            Some((id, ObjectKind::UnitGroup, name)) => {
                t.copying = Some(id);
                cx.info(format!("reading «{name}» to copy it…"));
                cx.ask(Req::ObjectCard(id));
            }
            _ => cx.info("C copies a unit group: put the cursor on one"),
        },
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

/// The plan over a tree was applied: a group's copy, or the pending levels.
pub fn tree_answered(t: &mut ObjectTree, cx: &mut Cx) {
    match t.group_copy.take() {
        Some(o) => {
            cx.info(format!("creating «{}»…", o.name));
            cx.ask(Req::CreateObject(o));
        }
        None => save_tree(t, cx),
    }
}

/// A group's units and accessors arrived: its copy, planned.
fn plan_group_copy(t: &mut ObjectTree, d: &ObjectDetail, acc: &[Accessor], cx: &mut Cx) {
    let forest = t.forest.clone();
    let Some(src) = crate::copy::Objects::obj(forest.as_ref(), d.object.id) else {
        return;
    };
    let Some((v, k)) = cx.s.levels(None) else {
        return cx.error(crate::tui::viewer::NOT_YET);
    };
    let account = src
        .account_id
        .and_then(|a| crate::copy::Objects::obj(forest.as_ref(), a));
    let units: Vec<(i64, Option<crate::domain::policy::Obj>)> = d
        .members
        .iter()
        .map(|id| (*id, crate::copy::Objects::obj(forest.as_ref(), *id)))
        .collect();
    let users = &cx.s.users.users;
    let accessors: Vec<(&crate::domain::User, crate::domain::AccessLevel)> = acc
        .iter()
        .filter(|a| a.direct > crate::domain::AccessLevel::None)
        .filter_map(|a| users.iter().find(|u| u.login == a.login).map(|u| (u, a.direct)))
        .collect();
    let name = format!("{} (copy)", src.name);
    let planned = crate::copy::group_copy(&v.policy(&k), src, account, &units, &accessors, &name);
    t.group_copy = planned.request;
    crate::tui::plan::show(cx, planned.plan, None);
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
                    t.skipped.clear();
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
        Reply::ObjectCard(r) if t.copying.is_some() => {
            let id = t.copying.take();
            match r {
                Ok((d, acc)) if Some(d.object.id) == id => plan_group_copy(t, &d, &acc, cx),
                Ok(_) => cx.quiet(),
                Err(e) => cx.failed("cannot copy the group", &e),
            }
        }
        Reply::ObjectCreated(r) => match r {
            Ok(o) => {
                cx.online();
                cx.info(format!(
                    "created «{}» ({}): its units and accessors copied",
                    o.name, o.id
                ));
                cx.reload_objects();
                cx.levels_changed();
                cx.ask(Req::Access(t.target));
            }
            Err(e) => cx.failed("not created", &e),
        },
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
            (Some(t), forest, me) => {
                t.rule = LevelRule::new(cx.s.viewer.clone(), me);
                if let Some(f) = forest {
                    t.set_forest(f);
                }
            }
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

    fn answered(&mut self, a: Answer, cx: &mut Cx) {
        match (a, self.tree.as_mut()) {
            (Answer::Apply, Some(t)) => tree_answered(t, cx),
            (Answer::Apply, None) => {}
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
