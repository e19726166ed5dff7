//! An object's card, over the tree it was opened from: a unit's licenses and keys (a group's
//! units), and who reaches it, where levels are set for many users at once.
pub mod pane;

use super::keymap::{Action, Context};
use super::levels::{self, level_name};
use super::request::{Reply, Req, ReqId};
use super::room::{Answer, Cx, Flow, Room};
use super::session::Session;
use ls_core::api::AccessorChange;
use ls_core::plan::{Plan, Row};
use ls_core::t;
use pane::{kind_word, ObjectCard, UserRow, TAB_ACCESS, TAB_DETAILS};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use std::collections::HashSet;

pub struct ObjectCardRoom {
    pub id: i64,
    /// `None` until the object and its accessors arrive.
    pub card: Option<ObjectCard>,
    asked: bool,
    /// Users' objects the viewer's objects were read again for (see `reread_if_stale`).
    reread: HashSet<i64>,
}

impl ObjectCardRoom {
    pub fn new(id: i64) -> Self {
        ObjectCardRoom {
            id,
            card: None,
            asked: false,
            reread: HashSet::new(),
        }
    }

    /// The viewer's objects read again when the card lists a user they lack (created after they
    /// were read): the rule would judge the viewer's level on that user by its role alone —
    /// `edit` where the server holds the creator's `manage` — and refuse what the server and the
    /// user's own tree allow. Once per such user: one the viewer does not see stays unknown.
    fn reread_if_stale(&mut self, cx: &mut Cx) {
        if !matches!(&self.card, Some(c) if c.locked.is_none()) {
            return;
        }
        let s = cx.s;
        let Some(f) = s.forest.as_deref() else { return };
        let missing: Vec<i64> = s
            .users
            .users
            .iter()
            .filter(|u| u.level.is_none() && u.object_id != 0 && f.level(u.object_id).is_none())
            .map(|u| u.object_id)
            .filter(|id| !self.reread.contains(id))
            .collect();
        if !missing.is_empty() {
            self.reread.extend(missing);
            cx.reload_objects();
        }
    }

    fn details_key(c: &mut ObjectCard, action: Action, page: usize, cx: &mut Cx) -> Flow {
        let max = c.details_lines().len().saturating_sub(page);
        let off = &mut c.details_at.offset;
        match action {
            Action::Up => *off = off.saturating_sub(1),
            Action::Down => *off = (*off + 1).min(max),
            Action::PageUp => *off = off.saturating_sub(page),
            Action::PageDown => *off = (*off + page).min(max),
            Action::Top => *off = 0,
            Action::Bottom => *off = max,
            Action::Back => cx.pop(),
            Action::Help | Action::CommandLine | Action::ToggleMouse | Action::Quit => return Flow::Pass,
            _ => {
                let tab = c.tab_names()[TAB_ACCESS].clone();
                cx.info(t!("ocard-levels-on-tab", tab = tab));
            }
        }
        Flow::Done
    }

    fn access_key(c: &mut ObjectCard, action: Action, page: usize, shift: bool, cx: &mut Cx) -> Flow {
        // While the viewer's own levels are read for a plan, nothing may change what is planned.
        let moves = matches!(
            action,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
        );
        if c.checking.is_some() && !moves {
            if matches!(
                action,
                Action::Help | Action::CommandLine | Action::ToggleMouse | Action::Quit
            ) {
                return Flow::Pass;
            }
            cx.info(t!("ocard-checking-own"));
            return Flow::Done;
        }
        match levels::apply(c, action, page, shift) {
            Ok(note) => cx.note(note),
            Err(Action::Search) => c.editing = true,
            Err(Action::Save) if c.pending.is_empty() => cx.info(t!("ocard-nothing-pending")),
            Err(Action::ShowCommand) if c.pending.is_empty() => cx.info(t!("ocard-nothing-pending")),
            Err(Action::ShowCommand) => {
                let lines = crate::command::levels_on_object(cx.s, c.detail.object.id, &c.pending);
                crate::command::show(cx, lines);
            }
            Err(Action::Save) => Self::plan(c, cx),
            Err(Action::Back) if !c.selected.is_empty() => {
                c.selected.clear();
                cx.info(t!("tree-selection-cleared"));
            }
            Err(Action::Back) if c.pending.is_empty() => cx.pop(),
            Err(Action::Back) => cx.error(t!("ocard-pending-on-leave")),
            Err(Action::Help | Action::CommandLine | Action::ToggleMouse | Action::Quit) => return Flow::Pass,
            Err(_) => cx.quiet(),
        }
        c.scroll_into_view(page);
        Flow::Done
    }
}

impl ObjectCardRoom {
    /// Ctrl-S: one level is sent at once; more, or one that lowers the viewer's own, are shown
    /// as a plan first. Lowering the viewer's own grant first reads its levels, so the plan can
    /// say everything the save takes (a group's or account's grant reaches its units).
    fn plan(c: &mut ObjectCard, cx: &mut Cx) {
        let me = cx.s.me.as_ref().map(|m| m.user.login);
        let direct = |l: ls_core::domain::Login| {
            c.rows
                .iter()
                .find(|r| r.login == l)
                .map(|r| r.direct)
                .unwrap_or_default()
        };
        // Only a lowering is counted (raising one's own level takes nothing).
        let own = me.and_then(|l| c.pending.get(&l).filter(|to| **to < direct(l)).map(|to| (l, *to)));
        if let (Some((l, _)), None) = (own, c.checking) {
            c.checking = Some(cx.ask(Req::Access(l)));
            return cx.info(t!("ocard-checking-own"));
        }
        Self::plan_with(c, None, cx);
    }

    /// The plan, with what the save takes from the viewer counted (`lost`) when it was read.
    fn plan_with(c: &mut ObjectCard, lost: Option<usize>, cx: &mut Cx) {
        let me = cx.s.me.as_ref().map(|m| m.user.login);
        let direct = |l: &ls_core::domain::Login| {
            c.rows
                .iter()
                .find(|r| r.login == *l)
                .map(|r| r.direct)
                .unwrap_or_default()
        };
        // At least the grant itself is lowered, whatever the count (levels unread, or the
        // object not among the viewer's as last read).
        let itself = usize::from(c.pending.iter().any(|(l, to)| Some(*l) == me && *to < direct(l)));
        let lost = lost.unwrap_or(itself).max(itself);
        let lowers = lost > 0;
        if c.pending.len() == 1 && !lowers {
            return Self::save(c, cx);
        }
        // `Obj::label` ("unit 12 (Cafe #1)") with the kind in the interface's words.
        let o = &c.detail.object;
        let target = format!("{} {} ({})", kind_word(o.kind), o.id, o.name);
        let session = cx.s;
        let forest = session.forest.as_deref();
        let object_name = |id: i64| forest.map_or_else(|| format!("#{id}"), |f| f.name(id));
        let rows = c
            .pending
            .iter()
            .map(|(l, to)| {
                let user = c.rows.iter().find(|r| r.login == *l);
                let name = user.map(|r| r.username.clone()).unwrap_or_default();
                let row = Row::judged(
                    target.clone(),
                    format!("{l} ({name})"),
                    level_name(direct(l)),
                    level_name(*to),
                    Ok(()),
                )
                .about(c.detail.object.id, l);
                // The level a group or the account gives too, as the CLI's plan says it.
                let held = user.and_then(UserRow::held);
                ls_core::plan::in_effect(row, held.as_ref(), *to, true, &object_name)
            })
            .collect();
        let plan = Plan::new(t!("ocard-plan-title", target = target), rows);
        let warn = lowers.then(|| crate::plan::lowers_own(lost));
        crate::plan::show(cx, plan, warn);
    }

    fn save(c: &mut ObjectCard, cx: &mut Cx) {
        if c.saving {
            return;
        }
        c.saving = true;
        let changes: Vec<AccessorChange> = c
            .pending
            .iter()
            .map(|(l, level)| AccessorChange {
                login: *l,
                level: *level,
            })
            .collect();
        cx.info(t!("ocard-saving", n = changes.len()));
        cx.ask(Req::SaveAccessors {
            object_id: c.detail.object.id,
            changes,
        });
    }
}

impl Room for ObjectCardRoom {
    fn unsaved(&self) -> bool {
        self.card.as_ref().is_some_and(|c| !c.pending.is_empty())
    }

    fn answered(&mut self, a: Answer, cx: &mut Cx) {
        if let (Answer::Apply, Some(c)) = (a, self.card.as_mut()) {
            Self::save(c, cx);
        }
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::ObjectCard]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let page = self.card.as_ref().map_or(1, |c| c.list_height(cx.s.size.height));
        let Some(c) = self.card.as_mut() else {
            // Still loading: only leaving (and the app's own keys) make sense.
            return match cx.s.keys.lookup(Context::ObjectCard, k) {
                Some(Action::Back) => {
                    cx.pop();
                    Flow::Done
                }
                _ => Flow::Pass,
            };
        };
        if c.editing {
            match k.code {
                KeyCode::Enter => c.apply_mask(),
                KeyCode::Esc => c.cancel_mask(),
                _ => {
                    c.edit_mask(k);
                }
            }
            return Flow::Done;
        }
        let Some(action) = cx.s.keys.lookup(Context::ObjectCard, k) else {
            cx.quiet();
            return Flow::Done;
        };
        if matches!(action, Action::NextTab | Action::PrevTab) {
            c.switch_tab();
            return Flow::Done;
        }
        if action == Action::History {
            let scope = super::audit::Scope::Object(c.detail.object.id, c.detail.object.name.clone());
            super::audit::history(scope, cx);
            return Flow::Done;
        }
        if c.tab == TAB_DETAILS {
            return Self::details_key(c, action, page, cx);
        }
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        Self::access_key(c, action, page, shift, cx)
    }

    fn reply(&mut self, id: ReqId, r: Reply, cx: &mut Cx) {
        let s = cx.s;
        match r {
            Reply::ObjectCard(Ok((d, acc))) => {
                cx.online();
                let mut c = ObjectCard::new(d, acc, &s.users.users, s.forest.as_deref(), s.viewer.as_ref());
                c.hint = s.level_list_hint(Context::ObjectCard);
                self.card = Some(c);
                self.reread_if_stale(cx);
            }
            Reply::ObjectCard(Err(e)) => {
                cx.failed(&t!("ocard-cannot-open"), &e);
                cx.pop();
            }
            Reply::Access(_, r) if self.card.as_ref().is_some_and(|c| c.checking == Some(id)) => {
                let Some(c) = self.card.as_mut() else { return };
                c.checking = None;
                let me = s.me.as_ref().map(|m| m.user.login);
                let own = me.and_then(|l| c.pending.get(&l).copied());
                let lost = match (r, own, s.forest.as_deref()) {
                    (Ok(page), Some(to), Some(forest)) => {
                        let changes = std::collections::BTreeMap::from([(c.detail.object.id, to)]);
                        Some(crate::objects::tree::lost_with(forest, &page.entries, &changes))
                    }
                    // Not read: the plan still warns (on the grant itself) rather than not at all.
                    _ => None,
                };
                Self::plan_with(c, lost, cx);
            }
            Reply::AccessorsSaved(object_id, r) => {
                let Some(c) = self.card.as_mut().filter(|c| c.detail.object.id == object_id) else {
                    return cx.quiet();
                };
                c.saving = false;
                match r {
                    Ok(acc) => {
                        let n = c.pending.len();
                        // The viewer's own level moved: what its trees may offer moved with it.
                        if s.me.as_ref().is_some_and(|m| c.pending.contains_key(&m.user.login)) {
                            cx.reload_objects();
                        }
                        let name = c.detail.object.name.clone();
                        c.pending.clear();
                        c.selected.clear();
                        c.set_rows(acc, &s.users.users, s.forest.as_deref(), s.viewer.as_ref());
                        cx.info(t!("ocard-saved", n = n, name = name));
                        // A tree underneath shows some user's levels, which may just have moved.
                        cx.levels_changed();
                    }
                    Err(e) => cx.failed(&t!("ocard-not-saved"), &e),
                }
            }
            _ => cx.quiet(),
        }
    }

    /// Another room in front: a plan must not open over it, so the check's answer is dropped
    /// (Ctrl-S again asks again).
    fn covered(&mut self) {
        if let Some(c) = &mut self.card {
            c.checking = None;
        }
    }

    fn session_changed(&mut self, cx: &mut Cx) {
        if let Some(c) = &mut self.card {
            let s = cx.s;
            c.relock(&s.users.users, s.forest.as_deref(), s.viewer.as_ref());
        }
        self.reread_if_stale(cx);
        if !self.asked {
            self.asked = true;
            cx.ask(Req::ObjectCard(self.id));
        }
    }

    fn popup(&self) -> bool {
        true
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        match &self.card {
            Some(c) => c.render(f, area, &s.theme),
            None => {
                let r = Rect {
                    x: area.x + area.width / 4,
                    y: area.y + area.height / 3,
                    width: (area.width / 2).max(20).min(area.width),
                    height: 3.min(area.height),
                };
                f.render_widget(Clear, r);
                f.render_widget(
                    Paragraph::new(t!("ocard-loading"))
                        .style(s.theme.dim())
                        .block(Block::default().borders(Borders::ALL).border_style(s.theme.border())),
                    r,
                );
            }
        }
    }

    fn hints(&self, s: &Session) -> String {
        crate::objects::level_list_hints(s, Context::ObjectCard)
    }
}
