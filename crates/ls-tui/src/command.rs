//! "Show the command": the `lsc …` lines that make the change the console is about to send (a
//! card's draft, a tree's or an object card's pending levels), in a popup where `c` copies them
//! — so a change tried by hand becomes a script.
use super::keymap::Context;
use super::room::{Cx, Flow, Room};
use super::session::Session;
use ls_core::clipboard::CopyOutcome;
use ls_core::domain::{AccessLevel, Login, User, UserDraft};
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::BTreeMap;

/// `s` as one shell word: as it is when it is plain, else in single quotes.
pub fn quote(s: &str) -> String {
    let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "@%_+=:,./-".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `lsc` with what picks this server: the profile, or the server's address.
fn lsc(s: &Session) -> String {
    match (&s.profile, s.server_label.as_str()) {
        (Some((name, _)), _) => format!("lsc --profile {}", quote(name)),
        (None, "demo") => "lsc --demo".into(),
        (None, url) => format!("lsc --server {}", quote(url)),
    }
}

/// The card's draft as `lsc users update|create`: only what differs from the saved user.
pub fn user(s: &Session, old: Option<&User>, d: &UserDraft) -> Vec<String> {
    let base = old.map(UserDraft::from).unwrap_or_default();
    let mut args = Vec::new();
    let fields: [(&str, &str, &str); 11] = [
        ("username", &base.username, &d.username),
        ("first-name", &base.first_name, &d.first_name),
        ("last-name", &base.last_name, &d.last_name),
        ("patronymic", &base.patronymic, &d.patronymic),
        ("position", &base.position, &d.position),
        ("city", &base.city, &d.city),
        ("country", &base.country, &d.country),
        ("comments", &base.comments, &d.comments),
        ("email", &base.email, &d.email),
        ("phone", &base.phone, &d.phone),
        ("mobile", &base.mobile, &d.mobile),
    ];
    for (flag, was, is) in fields {
        if was != is {
            args.push(format!("--{flag} {}", quote(is)));
        }
    }
    if old.is_none() || base.language != d.language {
        args.push(format!("--language {}", d.language.as_str()));
    }
    let list = |v: Vec<String>| quote(&v.join(","));
    if base.roles != d.roles {
        args.push(format!(
            "--roles {}",
            list(d.roles.iter().map(|r| r.as_str().to_string()).collect())
        ));
    }
    if base.rights != d.rights {
        args.push(format!("--rights {}", list(d.rights.clone())));
    }
    let mut lines = Vec::new();
    match old {
        Some(u) => {
            if !args.is_empty() {
                lines.push(format!("{} users update {} {}", lsc(s), u.login, args.join(" ")));
            }
            if u.login_allowed != d.login_allowed {
                let verb = if d.login_allowed { "unblock" } else { "block" };
                lines.push(format!("{} users {verb} {}", lsc(s), u.login));
            }
        }
        None => {
            let login = d.login.map(|l| format!(" --login {l}")).unwrap_or_default();
            lines.push(format!("{} users create{login} {}", lsc(s), args.join(" ")));
        }
    }
    lines
}

/// Pending levels grouped by level: each level with its keys joined by commas.
fn by_level<K: ToString>(pending: &BTreeMap<K, AccessLevel>) -> BTreeMap<AccessLevel, String> {
    let mut by: BTreeMap<AccessLevel, Vec<String>> = BTreeMap::new();
    for (k, l) in pending {
        by.entry(*l).or_default().push(k.to_string());
    }
    by.into_iter().map(|(l, ks)| (l, ks.join(","))).collect()
}

/// A tree's pending levels for `target` as `lsc access set --user`, one line per level.
pub fn levels_for_user(s: &Session, target: Login, pending: &BTreeMap<i64, AccessLevel>) -> Vec<String> {
    by_level(pending)
        .into_iter()
        .map(|(l, ids)| format!("{} access set --user {target} --ids {ids} --level {l}", lsc(s)))
        .collect()
}

/// An object card's pending levels as `lsc access set --object`, one line per level.
pub fn levels_on_object(s: &Session, object: i64, pending: &BTreeMap<Login, AccessLevel>) -> Vec<String> {
    by_level(pending)
        .into_iter()
        .map(|(l, users)| format!("{} access set --object {object} --users {users} --level {l}", lsc(s)))
        .collect()
}

/// Opens the popup over the room that asked.
pub fn show(cx: &mut Cx, lines: Vec<String>) {
    cx.push(super::room::Layer::Command(CommandRoom::new(lines)));
}

/// The popup: the lines, `c` copies them all, any other key closes it.
pub struct CommandRoom {
    lines: Vec<String>,
}

impl CommandRoom {
    pub fn new(lines: Vec<String>) -> Self {
        CommandRoom { lines }
    }
}

impl Room for CommandRoom {
    fn contexts(&self) -> Vec<Context> {
        vec![]
    }

    fn key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        match k.code {
            KeyCode::Char('c') => cx.copy(self.lines.join("\n"), &t!("keys-command-what")),
            _ => cx.pop(),
        }
        Flow::Done
    }

    fn copied(&mut self, what: String, outcome: CopyOutcome, _text: String, cx: &mut Cx) {
        cx.info(t!("keys-command-copied", what = what, how = outcome.describe()));
    }

    fn popup(&self) -> bool {
        true
    }

    fn hints(&self, _s: &Session) -> String {
        t!("keys-command-hint")
    }

    fn draw(&self, f: &mut Frame, area: Rect, s: &Session) {
        // The lines quote the draft's fields as typed (copied so): shown made visible.
        let text: Vec<Line> = self
            .lines
            .iter()
            .map(|l| Line::from(ls_core::domain::text::visible(l).into_owned()))
            .collect();
        super::popup::draw(
            f,
            area,
            &t!("keys-command-title"),
            s.theme.border(),
            Paragraph::new(text),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn words_are_quoted_only_when_they_must_be() {
        assert_eq!(quote("0042"), "0042");
        assert_eq!(quote("a@b.example"), "a@b.example");
        assert_eq!(quote("Fuel Station*"), "'Fuel Station*'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("Иван"), "'Иван'");
    }
}
