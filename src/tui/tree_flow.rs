//! The objects tree's part of `App::update`: loading, keys, levels, saving the batch.
use super::app::{App, Conn, Effect};
use super::keymap::Action;
use super::panes::card::{TAB_ACCESS, TAB_GROUPS};
use super::panes::levels;
use super::panes::tree::{Forest, ObjectTree};
use super::viewer::LevelRule;
use crate::api::{AccessChange, AccessPage, ClientError, ObjectsPage};
use crate::domain::LevelSource;
use crate::domain::{AccessLevel, Login};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

impl App {
    fn ensure_objects(&mut self) -> Vec<Effect> {
        if self.forest.is_some() || self.forest_loading {
            return vec![];
        }
        self.forest_loading = true;
        self.request(Effect::LoadObjects)
    }

    /// Builds the card's tree once the objects are there, and loads the user's levels.
    pub(crate) fn ensure_card_tree(&mut self) -> Vec<Effect> {
        let Some(card) = self.card.as_ref() else {
            return vec![];
        };
        if !matches!(card.tab, TAB_ACCESS | TAB_GROUPS) || card.tree.is_some() {
            return vec![];
        }
        let Some(login) = card.login() else {
            return vec![];
        };
        let Some(forest) = self.forest.clone() else {
            return self.ensure_objects();
        };
        let mut t = ObjectTree::new(forest, login);
        t.hint = self.level_list_hint(super::keymap::Context::Tree);
        t.rule = LevelRule::new(self.viewer.clone(), card.user.clone());
        if let Some(c) = self.card.as_mut() {
            c.tree = Some(t);
        }
        self.request(Effect::LoadAccess(login))
    }

    pub(crate) fn open_objects_pane(&mut self) -> Vec<Effect> {
        let Some(me) = self.me.as_ref().map(|m| m.user.login) else {
            self.error("still signing in; try again in a moment");
            return vec![];
        };
        self.card = None;
        self.want_objects_pane = true;
        let Some(forest) = self.forest.clone() else {
            return self.ensure_objects();
        };
        self.want_objects_pane = false;
        let mut t = ObjectTree::new(forest, me);
        t.hint = self.level_list_hint(super::keymap::Context::Tree);
        t.rule = LevelRule::new(self.viewer.clone(), self.me.as_ref().map(|m| m.user.clone()));
        self.objects_pane = Some(t);
        self.request(Effect::LoadAccess(me))
    }

    pub(crate) fn objects_loaded(&mut self, r: Result<ObjectsPage, ClientError>) -> Vec<Effect> {
        self.done();
        self.forest_loading = false;
        match r {
            Ok(page) => {
                self.status.conn = Conn::Online;
                self.forest = Some(Arc::new(Forest::new(page.objects)));
                let mut fx = self.ensure_card_tree();
                if self.want_objects_pane {
                    fx.extend(self.open_objects_pane());
                }
                fx
            }
            Err(e) => {
                self.failed("cannot load objects", &e);
                vec![]
            }
        }
    }

    /// The tree keys go to: the card's Access tab when it is in front, else the Objects pane.
    fn active_tree(&mut self) -> Option<&mut ObjectTree> {
        match self.card.as_mut() {
            Some(c) if c.tab == TAB_ACCESS => c.tree.as_mut(),
            _ => self.objects_pane.as_mut(),
        }
    }

    fn tree_for(&mut self, login: Login) -> Option<&mut ObjectTree> {
        if let Some(t) = self
            .card
            .as_mut()
            .and_then(|c| c.tree.as_mut())
            .filter(|t| t.target == login)
        {
            return Some(t);
        }
        self.objects_pane.as_mut().filter(|t| t.target == login)
    }

    pub(crate) fn access_loaded(&mut self, login: Login, r: Result<AccessPage, ClientError>) -> Vec<Effect> {
        self.done();
        match r {
            Ok(p) => {
                if let Some(t) = self.tree_for(login) {
                    t.set_levels(p.entries);
                }
            }
            Err(e) => self.failed("cannot load access levels", &e),
        }
        vec![]
    }

    pub(crate) fn access_saved(&mut self, login: Login, r: Result<AccessPage, ClientError>) -> Vec<Effect> {
        self.done();
        let Some(t) = self.tree_for(login) else {
            return vec![];
        };
        t.saving = false;
        match r {
            Ok(p) => {
                let n = p.entries.len();
                t.pending.clear();
                self.status.conn = Conn::Online;
                self.info(format!(
                    "saved {n} access change{} for user {login}",
                    if n == 1 { "" } else { "s" }
                ));
                // Group and account grants move other objects' levels: read them all again.
                self.request(Effect::LoadAccess(login))
            }
            Err(e) => {
                self.failed("access not saved (pending levels kept)", &e);
                vec![]
            }
        }
    }

    fn tree_page(&self) -> usize {
        let chrome = if self.card.is_some() { 8 } else { 4 };
        (self.size.height as usize).saturating_sub(chrome).max(1)
    }

    /// Keys of the active tree; `None` when the key is not the tree's (the card handles it).
    pub(crate) fn tree_key(&mut self, k: KeyEvent) -> Option<Vec<Effect>> {
        let page = self.tree_page();
        let t = self.active_tree()?;
        if t.explain.is_some() {
            t.explain = None;
            return Some(vec![]);
        }
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        if t.editing {
            match k.code {
                KeyCode::Enter => t.apply_mask(),
                KeyCode::Esc => t.cancel_mask(),
                _ => {
                    t.edit_mask(&k);
                }
            }
            return Some(vec![]);
        }
        let mut msg: levels::Note = None;
        let mut fx = vec![];
        let action = self.keys.lookup(super::keymap::Context::Tree, &k);
        let t = self.active_tree()?;
        match levels::apply(t, action?, page, shift) {
            Ok(note) => msg = note,
            Err(Action::Search) => t.editing = true,
            Err(Action::Explain) => t.explain_cursor(),
            Err(Action::Save) => {
                if t.pending.is_empty() {
                    msg = Some(("no pending access changes".into(), false));
                } else if !t.saving {
                    t.saving = true;
                    let changes: Vec<AccessChange> = t
                        .pending
                        .iter()
                        .map(|(id, l)| AccessChange {
                            object_id: *id,
                            level: *l,
                        })
                        .collect();
                    let login = t.target;
                    msg = Some((format!("saving {} access changes…", changes.len()), false));
                    fx.push(Effect::SaveAccess { login, changes });
                }
            }
            Err(Action::Open) => {
                if let Some(id) = t.object(t.cursor()).map(|o| o.id) {
                    fx.push(Effect::LoadObjectCard(id));
                }
            }
            Err(Action::Back) if !t.selected.is_empty() => {
                t.selected.clear();
                msg = Some(("selection cleared".into(), false));
            }
            Err(_) => return None,
        }
        t.scroll_into_view(page);
        Some(self.note_and_request(msg, fx))
    }

    pub(crate) fn objects_pane_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        if let Some(fx) = self.tree_key(k) {
            return fx;
        }
        match self.keys.lookup(super::keymap::Context::Tree, &k) {
            Some(Action::Back) => {
                if self.objects_pane.as_ref().is_some_and(|t| !t.pending.is_empty()) {
                    self.error("pending access changes: Ctrl-S saves them, u undoes them");
                } else {
                    self.objects_pane = None;
                }
                vec![]
            }
            Some(a) => self.action(a),
            None => {
                self.dirty = false;
                vec![]
            }
        }
    }

    /// Keys of the Object groups tab: move, Space gives or takes view, Ctrl-S saves.
    pub(crate) fn groups_key(&mut self, k: KeyEvent) -> Option<Vec<Effect>> {
        let forest = self.forest.clone()?;
        let card = self.card.as_mut()?;
        let list = card.groups_list(&forest);
        match self.keys.lookup(super::keymap::Context::Card, &k)? {
            Action::Up => card.groups_focus = card.groups_focus.saturating_sub(1),
            Action::Down => card.groups_focus = (card.groups_focus + 1).min(list.len().saturating_sub(1)),
            Action::Toggle => {
                let id = *list.get(card.groups_focus)?;
                let o = &forest.objects[*forest.index.get(&id)?];
                let t = card.tree.as_mut()?;
                if let Err(why) = t.rule.check(&forest, o) {
                    self.error(why);
                    return Some(vec![]);
                }
                let direct = t.levels.get(&id).map(|e| e.direct).unwrap_or_default();
                let now = t.pending.get(&id).copied().unwrap_or(direct);
                let next = if now > AccessLevel::None {
                    AccessLevel::None
                } else {
                    AccessLevel::View
                };
                if next == direct {
                    t.pending.remove(&id);
                } else {
                    t.pending.insert(id, next);
                }
                let inherited = matches!(t.levels.get(&id).map(|e| e.source), Some(LevelSource::Account { .. }));
                let m = if next == AccessLevel::None && inherited {
                    format!(
                        "direct grant on {} removed (pending); the account still gives access",
                        o.name
                    )
                } else {
                    format!("{} on {} pending; Ctrl-S saves", next, o.name)
                };
                self.info(m);
            }
            Action::Save => {
                let t = card.tree.as_mut()?;
                if t.pending.is_empty() {
                    self.info("no pending group changes");
                    return Some(vec![]);
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
                let login = t.target;
                return Some(self.request(Effect::SaveAccess { login, changes }));
            }
            _ => return None,
        }
        Some(vec![])
    }
}
