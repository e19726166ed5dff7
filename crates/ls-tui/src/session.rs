//! What every room may read of the rest of the console: who is signed in and what it may do, the
//! users and objects loaded, the key map, the theme, the screen size. Only the app writes it.
use super::keymap::{Action, Context, KeyMap};
use super::objects::tree::Forest;
use super::theme::Theme;
use super::viewer::{Known, KnownWith, Viewer};
use ls_core::api::{Dealer, Me};
use ls_core::domain::query::UserIndex;
use ls_core::domain::{Language, User};
use ls_core::t;
use ratatui::layout::{Constraint, Layout, Rect};
use std::path::PathBuf;
use std::sync::Arc;

pub struct Session {
    pub server_label: String,
    /// The interface language chosen by flag or config; else the viewer's own.
    pub lang: Option<Language>,
    pub theme: Theme,
    pub keys: Arc<KeyMap>,
    pub me: Option<Me>,
    pub dealers: Option<Vec<Dealer>>,
    /// Each dealer with a user quota: (its users, its quota), as the dealers were loaded.
    pub quotas: std::collections::HashMap<i64, (i64, i64)>,
    /// The viewer as `domain::policy` knows it, once user and dealers are in.
    pub viewer: Option<Viewer>,
    /// Every user the viewer sees, with each cell folded for the filters.
    pub users: Arc<UserIndex>,
    /// All users the viewer may see (the server's total); `None` before the first answer.
    pub users_total: Option<usize>,
    /// The data's revision the users list shows: a reload asks only what changed after it.
    pub users_revision: Option<i64>,
    /// The viewer's objects, once a tree asked for them.
    pub forest: Option<Arc<Forest>>,
    pub size: Rect,
    pub export_dir: Option<PathBuf>,
    /// The config file, where choices made in the console are kept (the users list's columns).
    pub config_path: Option<PathBuf>,
    /// The data dir, where the console keeps what it remembers (the trees' mask history);
    /// `None`: nothing is kept (tests that do not ask for it).
    pub data_dir: Option<PathBuf>,
    /// Rows the status line takes (more than one while a long message is shown).
    pub status_rows: u16,
    /// Opened read-only, and why (`profile prod`, `--read-only`): the viewer's actor carries it,
    /// so the policy refuses every write; `:write` lifts it for the session.
    pub read_only: Option<String>,
    /// The profile in use, with its colour, shown on every screen.
    pub profile: Option<(String, ratatui::style::Color)>,
    /// The login the console signs in with, when known: the sign-in screen opens with it.
    pub login: Option<ls_core::domain::Login>,
    /// No API token is configured: the sign-in screen asks for one.
    pub needs_token: bool,
}

impl Session {
    pub fn new(server_label: String, lang: Option<Language>, theme: Theme, size: Rect) -> Self {
        Session {
            server_label,
            lang,
            theme,
            keys: KeyMap::defaults(),
            me: None,
            dealers: None,
            quotas: Default::default(),
            viewer: None,
            users: Arc::new(UserIndex::default()),
            users_total: None,
            users_revision: None,
            forest: None,
            size,
            export_dir: None,
            config_path: None,
            data_dir: None,
            status_rows: 1,
            read_only: None,
            profile: None,
            login: None,
            needs_token: false,
        }
    }

    /// The interface language: the flag or config, else the viewer's own LS setting.
    pub fn viewer_lang(&self) -> Language {
        self.lang
            .or(self.me.as_ref().map(|m| m.user.language))
            .unwrap_or_default()
    }

    /// The screen above the status line.
    pub fn main_area(&self) -> Rect {
        let [main, _] = Layout::vertical([Constraint::Min(1), Constraint::Length(self.status_rows)]).areas(self.size);
        main
    }

    /// The viewer's levels as the server reported them, with `user`'s own answer on top.
    pub fn levels<'a>(&'a self, user: Option<&'a User>) -> Option<(&'a Viewer, KnownWith<'a>)> {
        let v = self.viewer.as_ref()?;
        Some((
            v,
            v.levels(Known {
                forest: self.forest.as_deref(),
                user,
            }),
        ))
    }

    /// The keys line under a level list, for what the status line's hints leave out (Shift is
    /// not bindable, so the range key is fixed).
    pub fn level_list_hint(&self, context: Context) -> String {
        let mut h = format!("Shift-↑↓ {} · ", t!("session-range"));
        let mut pairs = vec![
            (Some(Action::SelectAll), t!("session-all")),
            (None, t!("session-level")),
            (Some(Action::Undo), t!("session-undo")),
        ];
        if context == Context::Tree {
            pairs.push((Some(Action::Explain), t!("session-why")));
        }
        h.push_str(&self.keys.hint(context, &pairs, " · "));
        h
    }
}
