//! The card's own keys, in two states. Navigating (how the card opens): the arrows move between
//! fields, digits pick tabs, `?` and `:` are the app's, and `Enter` or typing starts editing the
//! focused text field. Editing: keys type into the field; `Enter`/`↑`/`↓` go on to the next or
//! previous field, still editing; `Esc` stops editing; tabs are `Alt`-digits. `F1` (the app's)
//! opens the help in both. `b` blocks or unblocks the user off the text fields (on one it is
//! typed), `Alt-b` anywhere.
use super::confirm::Confirm;
use super::form::{CardPane, Kind, Tab};
use super::CardRoom;
use crate::keymap::{Action, Context, KeyMap};
use crate::request::Req;
use crate::room::{Cx, Flow};
use crate::session::Session;
use crate::users;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Whether a key, pressed while navigating on a text field, starts editing it (and, but for
/// `Enter`, edits it at once): a character to type, or an editing key. `?` and `:` stay the
/// app's keys there (the help, the command line); digits were taken for tabs before this.
fn starts_editing(k: &KeyEvent, keys: &KeyMap) -> bool {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    match k.code {
        KeyCode::Enter | KeyCode::Backspace | KeyCode::Delete => !ctrl && !alt,
        // The readline keys that change the text: clear, the word before, the rest.
        KeyCode::Char('u' | 'w' | 'k') if ctrl && !alt => true,
        KeyCode::Char(_) if !ctrl && !alt => !matches!(
            keys.lookup(Context::Global, k),
            Some(Action::Help | Action::CommandLine)
        ),
        _ => false,
    }
}

impl CardRoom {
    /// Keys the tabs did not take: the General and Roles & rights tabs, and the card's own.
    pub(super) fn form_key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        let editing = self.pane.typing(&self.caps);
        // A digit names a tab (Alt-digit while editing, where plain digits are typed).
        let digit = match k.code {
            KeyCode::Char(d) if !ctrl && (alt || !editing) => d.to_digit(10),
            _ => None,
        };
        if let Some(n) = digit {
            // A tab this card does not have (no API tab but for some users): said, never typed.
            return match Tab::numbered(n as usize).filter(|t| t.index() < self.pane.tab_count()) {
                Some(t) => self.switch_tab(|c| c.tab_to(t), cx),
                None => {
                    cx.info(t!("card-no-tab", n = n, last = self.pane.tab_count()));
                    Flow::Done
                }
            };
        }
        if editing {
            self.editing_key(k, cx)
        } else {
            self.navigate_key(k, cx)
        }
    }

    /// Typing into the focused text field.
    fn editing_key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let plain_char =
            matches!(k.code, KeyCode::Char(_)) && !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match k.code {
            // Esc leaves the field, not the card: the next Esc does that.
            KeyCode::Esc => {
                self.pane.editing = false;
                return Flow::Done;
            }
            KeyCode::Enter => {
                self.move_focus(|p| p.focus_by(1));
                return Flow::Done;
            }
            _ => {}
        }
        // Characters are the field's; the map's other keys (Ctrl-S, Tab, arrows, F2, Alt-h) act.
        let action = if plain_char {
            None
        } else {
            cx.s.keys.lookup(Context::Card, k)
        };
        match action {
            Some(Action::Save) => self.save(cx),
            Some(Action::ShowCommand) => self.show_command(cx),
            Some(Action::History) => self.history(cx),
            Some(Action::Block) => self.ask_block(cx),
            Some(Action::Back) => self.leave(cx),
            Some(Action::NextTab) => return self.switch_tab(|c| c.tab_by(1), cx),
            Some(Action::PrevTab) => return self.switch_tab(|c| c.tab_by(-1), cx),
            Some(Action::Up) => self.move_focus(|p| p.focus_by(-1)),
            Some(Action::Down) => self.move_focus(|p| p.focus_by(1)),
            Some(Action::Help | Action::CommandLine | Action::Quit | Action::ToggleMouse) => return Flow::Pass,
            _ => {
                if !self.pane.edit(k) {
                    cx.quiet();
                }
            }
        }
        Flow::Done
    }

    /// Moves the focus while editing: editing goes on in a text field, and stops elsewhere.
    fn move_focus(&mut self, f: impl FnOnce(&mut CardPane)) {
        f(&mut self.pane);
        let text = self.pane.focused_field().is_some_and(|fl| fl.kind == Kind::Text);
        self.pane.editing &= text;
    }

    /// Moving between fields and tabs; the card's letter keys off the text fields.
    fn navigate_key(&mut self, k: &KeyEvent, cx: &mut Cx) -> Flow {
        let on_text = self.pane.focused_field().is_some_and(|f| f.kind == Kind::Text);
        if on_text && starts_editing(k, &cx.s.keys) {
            if let Err(why) = self.caps.fields() {
                cx.error(why);
                return Flow::Done;
            }
            self.pane.editing = true;
            if k.code != KeyCode::Enter {
                self.pane.edit(k);
            }
            return Flow::Done;
        }
        match cx.s.keys.lookup(Context::Card, k) {
            Some(Action::Save) => self.save(cx),
            Some(Action::NextTab) => return self.switch_tab(|c| c.tab_by(1), cx),
            Some(Action::PrevTab) => return self.switch_tab(|c| c.tab_by(-1), cx),
            Some(Action::Up) => self.pane.focus_by(-1),
            Some(Action::Down) => self.pane.focus_by(1),
            Some(Action::Toggle) => self.toggle(cx),
            Some(Action::Back) => self.leave(cx),
            Some(Action::CopyUser) => match self.pane.login() {
                Some(l) => self.copying = Some(super::ask_copy(l, cx)),
                None => cx.info(t!("card-save-new-first")),
            },
            Some(Action::History) => self.history(cx),
            Some(Action::Block) => self.ask_block(cx),
            Some(Action::ExportRights) => {
                let path = ls_core::export::export_path(cx.s.export_dir.as_deref(), "rights");
                cx.ask(Req::ExportRights { path });
            }
            // A reload replaces the fields: with edits it would drop them unasked.
            Some(Action::Reload) if self.pane.dirty() => cx.error(t!("card-reload-unsaved")),
            Some(Action::Reload) => self.reload(false, cx),
            Some(Action::ShowCommand) => self.show_command(cx),
            Some(Action::Help | Action::CommandLine | Action::Quit | Action::ToggleMouse) => return Flow::Pass,
            Some(_) => {}
            None => match k.code {
                KeyCode::Home => self.pane.focus_end(false),
                KeyCode::End => self.pane.focus_end(true),
                // Enter on a check box or the language changes it, as Space does; on a list,
                // the next line.
                KeyCode::Enter if self.pane.tab == Tab::General => self.toggle(cx),
                KeyCode::Enter => self.pane.focus_by(1),
                KeyCode::Char(_) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                    // A character that is no command: say how to type, or why nothing can be.
                    match (self.pane.focused_field(), self.caps.fields()) {
                        (Some(f), _) if f.kind == Kind::Gray => {
                            cx.error(t!("card-field-unchangeable", field = f.label()))
                        }
                        (Some(_), Err(why)) => cx.error(why),
                        _ => cx.quiet(),
                    }
                }
                _ => cx.quiet(),
            },
        }
        Flow::Done
    }

    /// `b`/`Alt-b`: the question naming the user, unless the policy refuses (said at once). A
    /// card with edits is not blocked under them: the save would take or drop them unasked.
    fn ask_block(&mut self, cx: &mut Cx) {
        let Some(u) = self.pane.user.as_ref() else {
            return cx.info(t!("card-save-new-first"));
        };
        let (user, block) = (users::block::named(u), u.login_allowed);
        if let Err(why) = self.caps.block() {
            return cx.error(users::block::refused(&user, block, &why));
        }
        if self.pane.saving {
            return cx.info(t!("card-already-saving"));
        }
        if self.pane.dirty() {
            return cx.error(t!("users-block-unsaved"));
        }
        super::api::show(cx, Confirm::Block { user, block });
    }

    /// `y` to it: the user as loaded, Login allowed flipped, saved with its version; the answer
    /// reloads the card as any save's does.
    pub(super) fn block(&mut self, cx: &mut Cx) {
        let Some(u) = self.pane.user.as_ref() else {
            return cx.quiet();
        };
        let (user, block) = (users::block::named(u), u.login_allowed);
        let req = users::block::request(u, block);
        self.pane.saving = true;
        self.pane.server_error = None;
        self.blocking = true;
        cx.progress(users::block::sending(&user, block));
        self.saving = Some(cx.ask(req));
    }

    fn toggle(&mut self, cx: &mut Cx) {
        if let Err(why) = self.pane.toggle(&self.caps) {
            cx.error(why);
        }
    }

    /// The keys the status line names: while editing, how to stop and reach the tabs; while
    /// navigating, how to start.
    pub(super) fn card_hints(&self, s: &Session) -> String {
        let n = self.pane.tab_count();
        if self.pane.typing(&self.caps) {
            return format!(
                "Alt-1…{n} {}  Esc {}  {}",
                t!("card-hint-tab-digits"),
                t!("card-hint-stop-editing"),
                s.keys
                    .hint(Context::Card, &[(Some(Action::Save), t!("card-hint-save"))], "  "),
            ) + &format!("  F1 {}", t!("card-hint-help"));
        }
        let edit = if self.pane.on_text(&self.caps) {
            format!("Enter {}  ", t!("card-hint-edit"))
        } else {
            String::new()
        };
        edit + &s.keys.hint(
            Context::Card,
            &[
                (Some(Action::NextTab), t!("card-hint-tabs")),
                (Some(Action::Save), t!("card-hint-save")),
                (Some(Action::Back), t!("card-hint-back")),
                (Some(Action::Help), t!("card-hint-help")),
            ],
            "  ",
        )
    }
}
