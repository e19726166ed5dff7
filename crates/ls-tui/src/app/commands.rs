//! The `:` command line's commands: what each does to the stack and the session, and the
//! question before one that would drop unsaved work.
use super::{App, Effect};
use crate::keymap::Action;
use crate::objects::ObjectsRoom;
use crate::room::Layer;

impl App {
    pub(super) fn run_command(&mut self, cmd: &str) -> Vec<Effect> {
        // Commands that close the rooms over the list (or the whole console) ask before they
        // drop a draft or pending levels.
        let word = cmd.split_whitespace().next().unwrap_or_default();
        let leaves = matches!(
            word,
            "q" | "quit" | "users" | "u" | "objects" | "o" | "obj" | "user" | "blocked" | "compare" | "audit"
        ) || (word == "profile" && cmd.split_whitespace().nth(1).is_some());
        if leaves && !self.leave_confirmed && self.unsaved() {
            self.command_asked = Some(cmd.to_string());
            self.status.asking = Some(ls_core::t!("app-command-unsaved", command = cmd));
            return vec![];
        }
        match cmd {
            "" => vec![],
            "q" | "quit" | "q!" => {
                self.quit = true;
                vec![]
            }
            "users" | "u" => {
                self.layers.truncate(1);
                vec![]
            }
            c if matches!(c.split_whitespace().next(), Some("objects" | "o" | "obj")) => {
                if self.session.me.is_none() {
                    self.status.error(ls_core::t!("app-still-signing-in"));
                    return vec![];
                }
                // `:obj Fuel*`: the tree opens with that mask applied.
                let mask = c
                    .split_once(' ')
                    .map(|(_, m)| m.trim().to_string())
                    .filter(|m| !m.is_empty());
                self.layers.truncate(1);
                self.push(Layer::Objects(Box::new(ObjectsRoom::with_mask(mask))))
            }
            c if matches!(c.split_whitespace().next(), Some("user")) => {
                let arg = c.trim_start_matches("user").trim();
                let Ok(l) = arg.parse::<ls_core::domain::Login>() else {
                    self.status.error(ls_core::t!("app-usage-user"));
                    return vec![];
                };
                self.layers.truncate(1);
                self.open_user(l)
            }
            "blocked" => {
                self.layers.truncate(1);
                let on = self.users_mut().toggle_blocked();
                self.status.say(if on {
                    ls_core::t!("users-blocked-on")
                } else {
                    ls_core::t!("users-blocked-off")
                });
                vec![]
            }
            "write" => match self.session.read_only.clone() {
                None => {
                    self.status.say(ls_core::t!("app-changes-allowed-already"));
                    vec![]
                }
                Some(why) => {
                    self.status.asking = Some(ls_core::t!("app-allow-changes", why = why));
                    vec![]
                }
            },
            p if p == "profile" || p.starts_with("profile ") => {
                let name = p.trim_start_matches("profile").trim();
                if name.is_empty() {
                    let now = match self.session.profile.as_ref() {
                        Some((n, _)) => n.clone(),
                        None => ls_core::t!("app-profile-none"),
                    };
                    self.status.say(ls_core::t!("app-profile-now", name = now));
                    return vec![];
                }
                self.status.say(ls_core::t!("app-profile-switching", name = name));
                vec![Effect::Switch(name.to_string())]
            }
            c if c.starts_with("compare") => {
                let logins: Vec<_> = c
                    .split_whitespace()
                    .skip(1)
                    .map(|w| w.parse::<ls_core::domain::Login>())
                    .collect();
                match logins.as_slice() {
                    [Ok(a), Ok(b)] if a != b => {
                        self.layers.truncate(1);
                        self.push(Layer::Compare(Box::new(crate::compare::CompareRoom::new(*a, *b))))
                    }
                    _ => {
                        self.status.error(ls_core::t!("app-usage-compare"));
                        vec![]
                    }
                }
            }
            c if c == "audit" || c.starts_with("audit ") => {
                let arg = c.trim_start_matches("audit").trim();
                let scope = if arg.is_empty() {
                    crate::audit::Scope::All
                } else if let Ok(l) = arg.parse::<ls_core::domain::Login>() {
                    crate::audit::Scope::User(l, String::new())
                } else {
                    self.status.error(ls_core::t!("app-usage-audit"));
                    return vec![];
                };
                self.layers.truncate(1);
                self.open_audit(scope)
            }
            "read-only" | "readonly" => {
                self.status.say(ls_core::t!("app-read-only-now"));
                self.set_read_only(Some(ls_core::t!("app-read-only-chosen")))
            }
            "help" | "h" => self.action(Action::Help),
            "reload" | "r" => self.action(Action::Reload),
            // Proves the crash path end to end (the tmux test); off unless LSC_CRASH_TEST is set.
            "crash-test" if self.crash_test => panic!("crash test requested with :crash-test"),
            other => {
                self.status.error(ls_core::t!("app-unknown-command", command = other));
                vec![]
            }
        }
    }
}
