//! The object card's part of `App::update`: opening it, its keys, and saving levels for many
//! users at once.
use super::app::{App, Effect};
use super::keymap::{Action, Context};
use super::panes::levels;
use super::panes::object::{ObjectCard, TAB_ACCESS, TAB_DETAILS};
use crate::api::{Accessor, AccessorChange, ClientError, ObjectDetail};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    pub(crate) fn object_card_loaded(&mut self, r: Result<(ObjectDetail, Vec<Accessor>), ClientError>) -> Vec<Effect> {
        self.done();
        match r {
            Ok((d, acc)) => {
                let mut c = ObjectCard::new(
                    d,
                    acc,
                    &self.users.index.users,
                    self.forest.as_deref(),
                    self.viewer.as_ref(),
                );
                c.hint = self.level_list_hint(Context::ObjectCard);
                self.object_card = Some(c);
            }
            Err(e) => self.failed("cannot open the object", &e),
        }
        vec![]
    }

    pub(crate) fn accessors_saved(&mut self, id: i64, r: Result<Vec<Accessor>, ClientError>) -> Vec<Effect> {
        self.done();
        let users = &self.users.index.users;
        let forest = self.forest.as_deref();
        let viewer = self.viewer.as_ref();
        let Some(c) = self.object_card.as_mut().filter(|c| c.detail.object.id == id) else {
            return vec![];
        };
        c.saving = false;
        match r {
            Ok(acc) => {
                let n = c.pending.len();
                let name = c.detail.object.name.clone();
                c.pending.clear();
                c.selected.clear();
                c.set_rows(acc, users, forest, viewer);
                self.info(format!("saved {n} level{} on {name}", if n == 1 { "" } else { "s" }));
                // A tree open underneath shows some user's levels, which may just have moved.
                let target = self
                    .card
                    .as_ref()
                    .and_then(|c| c.tree.as_ref())
                    .or(self.objects_pane.as_ref())
                    .map(|t| t.target);
                match target {
                    Some(l) => self.request(Effect::LoadAccess(l)),
                    None => vec![],
                }
            }
            Err(e) => {
                self.failed("levels not saved (pending levels kept)", &e);
                vec![]
            }
        }
    }

    pub(crate) fn object_card_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let page = self.object_card.as_ref().map_or(1, |c| c.list_height(self.size.height));
        let Some(c) = self.object_card.as_mut() else {
            return vec![];
        };
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        if c.editing {
            match k.code {
                KeyCode::Enter => c.apply_mask(),
                KeyCode::Esc => c.cancel_mask(),
                _ => {
                    c.edit_mask(&k);
                }
            }
            return vec![];
        }
        let mut msg: levels::Note = None;
        let mut fx = vec![];
        let Some(action) = self.keys.lookup(Context::ObjectCard, &k) else {
            self.dirty = false;
            return vec![];
        };
        let Some(c) = self.object_card.as_mut() else {
            return vec![];
        };
        if matches!(action, Action::NextTab | Action::PrevTab) {
            c.switch_tab();
            return vec![];
        }
        if c.tab == TAB_DETAILS {
            // A text view: the keys move the first line shown.
            let max = c.details_lines().len().saturating_sub(page);
            let off = &mut c.details_at.offset;
            match action {
                Action::Up => *off = off.saturating_sub(1),
                Action::Down => *off = (*off + 1).min(max),
                Action::PageUp => *off = off.saturating_sub(page),
                Action::PageDown => *off = (*off + page).min(max),
                Action::Top => *off = 0,
                Action::Bottom => *off = max,
                Action::Back => {
                    self.object_card = None;
                }
                a @ (Action::Help | Action::CommandLine | Action::ToggleMouse | Action::Quit) => return self.action(a),
                _ => {
                    let tab = c.tab_names()[TAB_ACCESS];
                    self.info(format!("levels are set on the {tab} tab: Tab switches"));
                }
            }
            return vec![];
        }
        match levels::apply(c, action, page, shift) {
            Ok(note) => msg = note,
            Err(Action::Search) => c.editing = true,
            Err(Action::Save) => {
                if c.pending.is_empty() {
                    msg = Some(("no pending levels".into(), false));
                } else if !c.saving {
                    c.saving = true;
                    let changes: Vec<AccessorChange> = c
                        .pending
                        .iter()
                        .map(|(l, level)| AccessorChange {
                            login: *l,
                            level: *level,
                        })
                        .collect();
                    msg = Some((format!("saving {} levels…", changes.len()), false));
                    fx.push(Effect::SaveAccessors {
                        object_id: c.detail.object.id,
                        changes,
                    });
                }
            }
            Err(Action::Back) if !c.selected.is_empty() => {
                c.selected.clear();
                msg = Some(("selection cleared".into(), false));
            }
            Err(Action::Back) => {
                if c.pending.is_empty() {
                    self.object_card = None;
                } else {
                    msg = Some(("pending levels: Ctrl-S saves them, u undoes them".into(), true));
                }
            }
            Err(a @ (Action::Help | Action::CommandLine | Action::ToggleMouse | Action::Quit)) => {
                return self.action(a)
            }
            Err(_) => {
                self.dirty = false;
                return vec![];
            }
        }
        if let Some(c) = self.object_card.as_mut() {
            c.scroll_into_view(page);
        }
        self.note_and_request(msg, fx)
    }
}
