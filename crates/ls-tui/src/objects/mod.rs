//! The objects tree: the Objects pane room (the viewer's own access), and the keys and answers
//! every tree shares (the card's Access to objects tab is one too).
pub mod forest;
pub mod history;
pub mod natural;
pub mod tree;
pub mod view;

use super::keymap::{Action, Context};
use super::levels;
use super::object_card::ObjectCardRoom;
use super::request::{Reply, Req, ReqId};
use super::room::{Answer, Cx, Flow, Layer, Room};
use super::session::Session;
use super::viewer::LevelRule;
use crate::levels::level_name;
use ls_core::api::{AccessChange, Accessor, ObjectDetail};
use ls_core::domain::AccessLevel;
use ls_core::domain::ObjectKind;
use ls_core::plan::{Plan, Row};
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tree::ObjectTree;

/// The hint line over a tree, wherever it is shown (the card's Access tab, the Objects room).
pub fn tree_hints(s: &Session) -> String {
    level_list_hints(s, Context::Tree)
}

/// The status line's keys over a level list (a tree, the object card's users), as `context`
/// binds them.
pub fn level_list_hints(s: &Session, context: Context) -> String {
    s.keys.hint(
        context,
        &[
            (Some(Action::Search), t!("hint-mask")),
            (Some(Action::Toggle), t!("hint-select")),
            (Some(Action::Save), t!("hint-save")),
            (Some(Action::Back), t!("hint-back")),
            (Some(Action::Help), t!("hint-help")),
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
    cx.info(t!("tree-saving", n = changes.len()));
    cx.ask(Req::SaveAccess {
        login: t.target,
        changes,
    });
}

/// Ctrl-S on a tree: one change is sent at once; more, or any that lowers the viewer's own
/// access, are shown as a plan first (Enter there sends them through [`save_tree`]). Each row
/// says the level that will take effect, which a group or account may keep higher than the
/// grant written; lowering one's own access asks once more.
pub fn plan_tree(t: &mut ObjectTree, cx: &mut Cx) {
    let me = cx.s.me.as_ref().map(|m| m.user.login);
    let own = me == Some(t.target);
    // Own effective levels the save takes away, directly or through a group or an account.
    let lowered = if own { t.lowered().len() } else { 0 };
    if t.pending.len() == 1 && t.skipped.is_empty() && lowered == 0 {
        return save_tree(t, cx);
    }
    let who = if own {
        t!("plan-you", login = t.target.to_string())
    } else {
        t.target.to_string()
    };
    let label = |id: i64| ls_core::copy::Objects::label(t.forest.as_ref(), id);
    let row = |id: i64, l: AccessLevel, verdict: Result<(), String>| {
        let then = t.after(id);
        let row = Row::judged(
            label(id),
            who.clone(),
            level_name(direct(t, id)),
            level_name(l),
            verdict,
        );
        // Says when a group or the account already gives the level (as the CLI's plans do).
        let held = t.levels.get(&id).map(ls_core::plan::Held::of_entry);
        ls_core::plan::in_effect(row, held.as_ref(), l, true, &label)
            .then(level_name(then))
            .about(id, t.target)
    };
    let mut rows: Vec<Row> = t.pending.iter().map(|(id, l)| row(*id, *l, Ok(()))).collect();
    rows.extend(t.skipped.iter().map(|(id, (l, why))| row(*id, *l, Err(why.clone()))));
    let plan = Plan::new(t!("plan-levels-for", login = t.target.to_string()), rows);
    let warn = (lowered > 0).then(|| crate::plan::lowers_own(lowered));
    crate::plan::show(cx, plan, warn);
}

/// The target's direct grant on `id` as the service last answered it.
fn direct(t: &ObjectTree, id: i64) -> AccessLevel {
    t.levels.get(&id).map(|e| e.direct).unwrap_or_default()
}

/// The keys every tree answers; `Pass` for its room's own.
pub fn tree_key(t: &mut ObjectTree, k: &KeyEvent, page: usize, cx: &mut Cx) -> Flow {
    if t.explain.is_some() {
        t.explain = None;
        return Flow::Done;
    }
    // The masks applied before, from the data dir, once.
    t.history.attach(cx.s.data_dir.as_deref());
    if t.editing {
        match k.code {
            KeyCode::Enter => {
                if let Some(note) = t.apply_mask() {
                    cx.info(note);
                }
            }
            KeyCode::Esc => t.cancel_mask(),
            KeyCode::Up => t.recall_mask(true),
            KeyCode::Down => t.recall_mask(false),
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
        Err(Action::Left) => folded(t.fold_cursor(), t, cx),
        Err(Action::Right) => t.unfold_cursor(),
        Err(Action::ShowAll) => {
            let n = t.toggle_read_only();
            cx.info(t.read_only_note(&cx.s.keys.key_for(Context::Tree, Action::ShowAll)));
            folded(n, t, cx);
        }
        Err(Action::Explain) => t.explain_cursor(),
        Err(Action::Save) if t.pending.is_empty() => cx.info(t!("tree-nothing-to-save")),
        Err(Action::Save) => plan_tree(t, cx),
        Err(Action::ShowCommand) if t.pending.is_empty() => cx.info(t!("tree-nothing-to-save")),
        Err(Action::ShowCommand) => {
            let lines = crate::command::levels_for_user(cx.s, t.target, &t.pending);
            crate::command::show(cx, lines);
        }
        Err(Action::History) => {
            if let Some((id, name)) = t.object(t.cursor()).map(|o| (o.id, o.name.clone())) {
                crate::audit::history(crate::audit::Scope::Object(id, name), cx);
            }
        }
        Err(Action::CopyGroup) => match t.object(t.cursor()).map(|o| (o.id, o.kind, o.name.clone())) {
            Some((id, ObjectKind::UnitGroup, name)) => {
                t.copying = Some(id);
                cx.info(t!("tree-reading-to-copy", name = ls_core::i18n::words::quoted(&name)));
                cx.ask(Req::ObjectCard(id));
            }
            _ => cx.info(t!("tree-copy-needs-group")),
        },
        Err(Action::Open) => {
            if let Some(id) = t.object(t.cursor()).map(|o| o.id) {
                cx.push(Layer::ObjectCard(Box::new(ObjectCardRoom::new(id))));
            }
        }
        Err(Action::Back) if !t.selected.is_empty() => {
            t.selected.clear();
            cx.info(t!("tree-selection-cleared"));
        }
        Err(_) => return Flow::Pass,
    }
    t.scroll_into_view(page);
    Flow::Done
}

/// A fold hid `n` selected objects (and so unselected them): said, as a mask's hiding is.
fn folded(n: usize, t: &ObjectTree, cx: &mut Cx) {
    if n > 0 {
        cx.info(t!("tree-unselected-folded", n = n, left = t.selected.len()));
    }
}

/// The plan over a tree was applied: a group's copy, or the pending levels.
pub fn tree_answered(t: &mut ObjectTree, cx: &mut Cx) {
    match t.group_copy.take() {
        Some(o) => {
            cx.info(t!("tree-creating", name = ls_core::i18n::words::quoted(&o.name)));
            cx.ask(Req::CreateObject(o));
        }
        None => save_tree(t, cx),
    }
}

/// A group's units and accessors arrived: its copy, planned.
fn plan_group_copy(t: &mut ObjectTree, d: &ObjectDetail, acc: &[Accessor], cx: &mut Cx) {
    let forest = t.forest.clone();
    let Some(src) = ls_core::copy::Objects::obj(forest.as_ref(), d.object.id) else {
        return;
    };
    let Some((v, k)) = cx.s.levels(None) else {
        return cx.error(ls_core::i18n::policy::not_yet());
    };
    let account = src
        .account_id
        .and_then(|a| ls_core::copy::Objects::obj(forest.as_ref(), a));
    let units: Vec<(i64, Option<ls_core::domain::policy::Obj>)> = d
        .members
        .iter()
        .map(|id| (*id, ls_core::copy::Objects::obj(forest.as_ref(), *id)))
        .collect();
    let users = &cx.s.users.users;
    let accessors: Vec<(&ls_core::domain::User, ls_core::domain::AccessLevel)> = acc
        .iter()
        .filter(|a| a.direct > ls_core::domain::AccessLevel::None)
        .filter_map(|a| users.iter().find(|u| u.login == a.login).map(|u| (u, a.direct)))
        .collect();
    let name = t!("tree-copy-name", name = src.name);
    let planned = ls_core::copy::group_copy(&v.policy(&k), src, account, &units, &accessors, &name);
    t.group_copy = planned.request;
    crate::plan::show(cx, planned.plan, None);
}

/// A tree's answers: its levels loaded or saved. Any other answer is handed back.
pub fn tree_reply(t: &mut ObjectTree, r: Reply, cx: &mut Cx) -> Option<Reply> {
    match r {
        Reply::Access(login, r) if login == t.target => match r {
            Ok(p) => t.set_levels(p.entries),
            Err(e) => cx.failed(&t!("tree-cannot-load-levels"), &e),
        },
        Reply::AccessSaved(login, r) if login == t.target => {
            t.saving = false;
            match r {
                Ok(p) => {
                    let n = p.entries.len();
                    t.pending.clear();
                    t.skipped.clear();
                    cx.online();
                    cx.info(t!("tree-saved", n = n, login = login.to_string()));
                    // Group and account grants move other objects' levels: read them all again.
                    cx.ask(Req::Access(login));
                    // The viewer's own levels moved: what it may set is read again too, so
                    // the tree stops offering what it no longer manages.
                    if cx.s.me.as_ref().is_some_and(|m| m.user.login == login) {
                        cx.reload_objects();
                    }
                    cx.levels_changed();
                }
                Err(e) => cx.failed(&t!("tree-not-saved"), &e),
            }
        }
        Reply::ObjectCard(r) if t.copying.is_some() => {
            let id = t.copying.take();
            match r {
                Ok((d, acc)) if Some(d.object.id) == id => plan_group_copy(t, &d, &acc, cx),
                Ok(_) => cx.quiet(),
                Err(e) => cx.failed(&t!("tree-cannot-copy"), &e),
            }
        }
        Reply::ObjectCreated(r) => match r {
            Ok(o) => {
                cx.online();
                cx.info(t!(
                    "tree-created",
                    name = ls_core::i18n::words::quoted(&o.name),
                    id = o.id
                ));
                cx.reload_objects();
                cx.levels_changed();
                cx.ask(Req::Access(t.target));
            }
            Err(e) => cx.failed(&t!("tree-not-created"), &e),
        },
        r => return Some(r),
    }
    None
}

/// `:objects`: the viewer's own access, as a tree.
#[derive(Default)]
pub struct ObjectsRoom {
    pub tree: Option<ObjectTree>,
    /// `:obj MASK`: applied once the tree is there.
    mask: Option<String>,
}

impl ObjectsRoom {
    pub fn new() -> Self {
        Self::with_mask(None)
    }

    /// The tree with `mask` applied as soon as it opens (`:obj Fuel*`).
    pub fn with_mask(mask: Option<String>) -> Self {
        ObjectsRoom { tree: None, mask }
    }

    fn page(s: &Session) -> usize {
        (s.size.height as usize).saturating_sub(4).max(1)
    }
}

impl Room for ObjectsRoom {
    fn unsaved(&self) -> bool {
        self.tree.as_ref().is_some_and(|t| !t.pending.is_empty())
    }

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
                    cx.error(t!("tree-pending-on-leave"));
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
                t.set_rule(LevelRule::new(cx.s.viewer.clone(), me));
                if let Some(f) = forest {
                    t.set_forest(f);
                }
            }
            (None, Some(forest), Some(me)) => {
                let mut t = ObjectTree::new(forest, me.login);
                // The rule before the mask: the first rows already put the viewer's work first.
                t.set_rule(LevelRule::new(cx.s.viewer.clone(), Some(me.clone())));
                t.history.attach(cx.s.data_dir.as_deref());
                if let Some(m) = self.mask.take() {
                    t.mask = tui_input::Input::new(m);
                    let _ = t.apply_mask();
                }
                t.hint = cx.s.level_list_hint(Context::Tree);
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
            Some(t) => t.render(f, area, &s.theme, &t!("objects-title")),
            None => f.render_widget(Paragraph::new(t!("objects-loading")).style(s.theme.dim()), area),
        }
    }

    fn hints(&self, s: &Session) -> String {
        tree_hints(s)
    }
}
