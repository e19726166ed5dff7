//! The users list room: search under every column, sort, open a card, create a user, export,
//! block or unblock.
pub mod block;
pub mod chooser;
pub mod columns;
pub mod pane;

use super::card::CardRoom;
use super::compare::CompareRoom;
use super::keymap::{Action, Context};
use super::request::{Reply, Req, ReqId};
use super::room::{Choice, Cx, Flow, Layer, Room};
use super::session::Session;
use ls_core::domain::{Login, Role, User};
use ls_core::t;
use pane::UsersPane;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::sync::Arc;

pub struct UsersRoom {
    pub pane: UsersPane,
    /// Typing in the search fields.
    pub searching: bool,
    /// The user being opened: only its answer opens a card (a later key may have moved on).
    opening: Option<ReqId>,
    /// The user being copied (`C`): its answer opens the copy's card.
    copying: Option<ReqId>,
    /// The first user marked with `=`: `=` on another compares the two.
    pub marked: Option<Login>,
    /// `c`: the column chooser, open over the list.
    chooser: Option<chooser::Chooser>,
    /// `b`: the user asked about, the save on its way.
    block: block::ListBlock,
}

impl Default for UsersRoom {
    fn default() -> Self {
        Self::new()
    }
}

impl UsersRoom {
    pub fn new() -> Self {
        UsersRoom {
            pane: UsersPane::new(),
            searching: false,
            opening: None,
            copying: None,
            marked: None,
            chooser: None,
            block: block::ListBlock::default(),
        }
    }

    /// `:user LOGIN`: selects that user in the list (its filters cleared if they hide it) and
    /// opens its card. False when the viewer does not see such a user.
    pub fn open_login(&mut self, l: Login, cx: &mut Cx) -> bool {
        if !self.pane.index.users.iter().any(|u| u.login == l) {
            return false;
        }
        self.pane.select_login(l);
        if self.pane.selected_user().map(|u| u.login) != Some(l) {
            self.pane.clear_filters();
            if self.pane.blocked_only {
                self.pane.toggle_blocked();
            }
            self.pane.select_login(l);
        }
        self.searching = false;
        self.keep_selection_visible(cx.s);
        self.opening = Some(cx.ask(Req::User(l)));
        true
    }

    fn page(&self, s: &Session) -> usize {
        self.pane.body_height(s.main_area(), self.searching).max(1)
    }

    fn keep_selection_visible(&mut self, s: &Session) {
        // The list draws inside a border.
        self.pane.set_width(s.main_area().width.saturating_sub(2));
        let h = self.page(s);
        self.pane.scroll_into_view(h);
    }

    fn search_key(&mut self, k: &KeyEvent) {
        match k.code {
            KeyCode::Enter => self.searching = false,
            KeyCode::Esc => {
                self.pane.clear_filters();
                self.searching = false;
            }
            KeyCode::Tab => self.pane.focus_by(1),
            KeyCode::BackTab => self.pane.focus_by(-1),
            KeyCode::Up => self.pane.move_by(-1),
            KeyCode::Down => self.pane.move_by(1),
            _ => {
                self.pane.edit_filter(k);
            }
        }
    }

    /// `n`: a blank card, if the viewer may create users at all.
    fn new_user(cx: &mut Cx) {
        let Some(v) = &cx.s.viewer else {
            cx.error(ls_core::i18n::policy::not_yet());
            return;
        };
        let a = v.0.clone();
        let Some((_, k)) = cx.s.levels(None) else { return };
        if let Err(e) = v.policy(&k).create_users(a.user.dealer_id) {
            cx.error(ls_core::i18n::policy::denied(&e));
            return;
        }
        let roles = a.grantable_roles();
        let role = [Role::DealerUser, Role::Client, Role::SubDealer]
            .into_iter()
            .find(|r| roles.contains(r))
            .or(roles.first().copied());
        let card = CardRoom::create(a.user.dealer_id, a.user.dealer.clone(), role);
        cx.push(Layer::Card(Box::new(card)));
    }

    fn list_action(&mut self, a: Action, cx: &mut Cx) -> Flow {
        let page = self.page(cx.s) as isize;
        match a {
            Action::Up => self.pane.move_by(-1),
            Action::Down => self.pane.move_by(1),
            Action::PageUp => self.pane.move_by(-page),
            Action::PageDown => self.pane.move_by(page),
            Action::Top => self.pane.move_by(isize::MIN / 2),
            Action::Bottom => self.pane.move_by(isize::MAX / 2),
            Action::Left => self.pane.focus_by(-1),
            Action::Right => self.pane.focus_by(1),
            Action::Search => self.searching = true,
            Action::ClearFilters => {
                if self.pane.filters_active() {
                    self.pane.clear_filters();
                    cx.info(t!("users-search-cleared"));
                } else {
                    cx.quiet();
                }
            }
            Action::Sort => self.pane.toggle_sort(),
            Action::Open => {
                if let Some(u) = self.pane.selected_user() {
                    self.opening = Some(cx.ask(Req::User(u.login)));
                }
            }
            Action::New => Self::new_user(cx),
            Action::CopyUser => {
                if let Some(u) = self.pane.selected_user() {
                    self.copying = Some(super::card::ask_copy(u.login, cx));
                }
            }
            Action::Compare => {
                let Some(u) = self.pane.selected_user() else {
                    return Flow::Done;
                };
                let l = u.login;
                match self.marked.take() {
                    Some(m) if m != l => cx.push(Layer::Compare(Box::new(CompareRoom::new(m, l)))),
                    Some(_) => cx.info(t!("users-mark-cleared")),
                    None => {
                        cx.info(t!("users-marked", login = l.to_string()));
                        self.marked = Some(l);
                    }
                }
            }
            Action::History => {
                if let Some(u) = self.pane.selected_user() {
                    let scope = super::audit::Scope::User(u.login, u.username.clone());
                    super::audit::history(scope, cx);
                }
            }
            Action::Block => {
                if let Some(u) = self.pane.selected_user() {
                    self.block.ask(u, cx);
                }
            }
            Action::Reload => cx.action(Action::Reload),
            Action::Columns => self.chooser = Some(chooser::Chooser::new(&self.pane.order)),
            Action::Export => {
                let users: Vec<User> = self.pane.shown_users().into_iter().cloned().collect();
                let path = ls_core::export::export_path(cx.s.export_dir.as_deref(), "users");
                cx.info(t!("users-exporting", n = users.len()));
                cx.ask(Req::ExportUsers { path, users });
            }
            _ => return Flow::Pass,
        }
        self.keep_selection_visible(cx.s);
        Flow::Done
    }
}

impl Room for UsersRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Users, Context::Search]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        if let Some(ch) = &mut self.chooser {
            match ch.key(k) {
                chooser::Chose::Stay => {}
                chooser::Chose::Cancel => self.chooser = None,
                chooser::Chose::Apply(order) => {
                    self.chooser = None;
                    self.pane.set_order(order.clone());
                    self.keep_selection_visible(cx.s);
                    match &cx.s.config_path {
                        Some(p) => match ls_core::config::save_columns(p, &order) {
                            Ok(()) => cx.info(t!("users-columns-kept", path = p.display().to_string())),
                            Err(e) => cx.error(t!("users-columns-not-kept", error = e)),
                        },
                        None => cx.info(t!("users-columns-session")),
                    }
                }
            }
            return Flow::Done;
        }
        if self.searching {
            self.search_key(k);
            self.keep_selection_visible(cx.s);
            return Flow::Done;
        }
        match cx.s.keys.lookup(Context::Users, k) {
            Some(a) => self.list_action(a, cx),
            None => Flow::Pass,
        }
    }

    fn reply(&mut self, id: ReqId, r: Reply, cx: &mut Cx) {
        match r {
            Reply::User(r) if self.opening == Some(id) => {
                self.opening = None;
                match r {
                    Ok(u) => {
                        cx.online();
                        cx.push(Layer::Card(Box::new(CardRoom::open(u))));
                    }
                    Err(e) => cx.failed(&t!("users-cannot-open"), &e),
                }
            }
            Reply::User(r) if self.block.reading == Some(id) => self.block.read(r, cx),
            Reply::Saved(r) if self.block.is_sent(id) => self.block.saved(r, &mut self.pane, cx),
            Reply::CopySource(_, r) if self.copying == Some(id) => {
                self.copying = None;
                super::card::open_copy(r, cx);
            }
            Reply::Exported(Ok((p, n))) => cx.info(t!("users-exported", n = n, path = p.display().to_string())),
            Reply::Exported(Err(e)) => cx.error(t!("users-export-failed", error = e)),
            // A user opened before a later key moved on: not wanted any more.
            _ => cx.quiet(),
        }
    }

    fn session_changed(&mut self, cx: &mut Cx) {
        if !Arc::ptr_eq(&self.pane.index, &cx.s.users) {
            if let Some(total) = cx.s.users_total {
                self.pane.note = None;
                self.pane.set_users(cx.s.users.clone(), total);
                self.keep_selection_visible(cx.s);
            }
        }
    }

    /// `y` to the question `b` put in front of the list.
    fn chose(&mut self, c: Choice, cx: &mut Cx) {
        match c {
            Choice::Block => self.block.chosen(&self.pane, cx),
            _ => cx.quiet(),
        }
    }

    fn covered(&mut self) {
        self.chooser = None;
        self.opening = None;
        self.copying = None;
        self.block.reading = None;
        self.searching = false;
    }

    fn mouse(&mut self, m: &MouseEvent, cx: &mut Cx) -> Flow {
        // The chooser is in front: nothing under it is clicked or scrolled.
        if self.chooser.is_some() {
            return Flow::Done;
        }
        match m.kind {
            MouseEventKind::ScrollDown => self.pane.move_by(3),
            MouseEventKind::ScrollUp => self.pane.move_by(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                let area = cx.s.main_area();
                if let Some(r) = self.pane.row_at(area, self.searching, m.row) {
                    self.pane.select_row(r);
                    // A click on the login opens the card, as in the LS web UI.
                    if self.pane.column_at(area, m.column) == Some(ls_core::domain::query::Column::Login) {
                        return self.list_action(Action::Open, cx);
                    }
                }
            }
            _ => return Flow::Pass,
        }
        self.keep_selection_visible(cx.s);
        Flow::Done
    }

    fn resized(&mut self, s: &Session) {
        self.keep_selection_visible(s);
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        self.pane.render(f, area, &s.theme, self.searching);
        if let Some(ch) = &self.chooser {
            ch.draw(f, area, &s.theme, &self.pane);
        }
    }

    fn hints(&self, s: &Session) -> String {
        if self.chooser.is_some() {
            return chooser::Chooser::hints();
        }
        if self.searching {
            return t!("users-search-hints");
        }
        s.keys.hint(
            Context::Users,
            &[
                (Some(Action::Search), t!("users-hint-search")),
                (Some(Action::Sort), t!("users-hint-sort")),
                (Some(Action::Open), t!("users-hint-open")),
                (Some(Action::Help), t!("users-hint-help")),
                (Some(Action::Quit), t!("users-hint-quit")),
            ],
            "  ",
        )
    }
}
