//! The bottom line: connection, who is signed in, the spinner, the last message and the front
//! room's hints — or the `:` command being typed.

use super::keymap::{Action, Context};
use super::room::Conn;
use super::session::Session;
use ls_core::domain::text::visible;
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_input::Input;

/// What the status line says while the users are read again (the app compares with it).
pub fn reloading() -> String {
    t!("status-reloading")
}
/// The most rows a long message takes from the screen.
pub const MAX_ROWS: u16 = 4;
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠇"];

pub struct Status {
    pub conn: Conn,
    /// The last message, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// The screen (room id) the message belongs to; `None`: the app's own, about the session.
    pub owner: Option<u64>,
    /// The room whose note says something is under way, until its answer comes.
    pub progress_by: Option<u64>,
    /// Counts the messages set, so the app can tell whether one was said while it handled a
    /// message.
    pub said: u64,
    spinner: usize,
    /// `Some` while a `:` command is typed.
    command: Option<Input>,
    /// TLS certificates are not checked (`--insecure`): the line says so, always.
    pub insecure: bool,
    /// A question the next key answers (`:write`'s y/n): shown until answered, whatever else
    /// is said meanwhile.
    pub asking: Option<String>,
    /// Commands run, oldest first (Up and Down on the command line walk them).
    history: Vec<String>,
    /// Where Up/Down is in the history, and what was typed before walking it.
    walking: Option<(usize, String)>,
    /// Tab's candidates for what was typed: the lines, which one is shown, what they complete.
    completing: Option<Completing>,
}

/// A candidate a Tab completes the command line to, and what it names (a user's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub line: String,
    pub note: String,
}

struct Completing {
    candidates: Vec<Candidate>,
    at: usize,
}

/// At most this many commands are kept for Up/Down.
const HISTORY: usize = 100;

/// What a key did on the command line.
pub enum Typed {
    Editing,
    Cancelled,
    Run(String),
}

impl Default for Status {
    fn default() -> Self {
        Self::new()
    }
}

impl Status {
    pub fn new() -> Status {
        Status {
            conn: Conn::Connecting,
            message: None,
            owner: None,
            progress_by: None,
            said: 0,
            spinner: 0,
            command: None,
            insecure: false,
            asking: None,
            history: Vec::new(),
            walking: None,
            completing: None,
        }
    }

    /// The app's own message (about the session, not one screen).
    pub fn say(&mut self, m: impl Into<String>) {
        self.set(m.into(), false, None, None);
    }

    /// The app's own error.
    pub fn error(&mut self, m: impl Into<String>) {
        self.set(m.into(), true, None, None);
    }

    /// A message for screen `owner` (`None`: the app's); `progress_by`: the room whose answer
    /// it waits for.
    pub fn set(&mut self, text: String, error: bool, owner: Option<u64>, progress_by: Option<u64>) {
        self.message = Some((text, error));
        self.owner = owner;
        self.progress_by = progress_by;
        self.said += 1;
    }

    /// Nothing said: the line shows the connection and the hints.
    pub fn clear(&mut self) {
        self.message = None;
        self.owner = None;
        self.progress_by = None;
    }

    pub fn tick(&mut self) {
        self.spinner = (self.spinner + 1) % SPINNER.len();
    }

    pub fn typing(&self) -> bool {
        self.command.is_some()
    }

    pub fn open_command(&mut self) {
        self.command = Some(Input::default());
        self.walking = None;
        self.completing = None;
    }

    /// A key on the command line. Tab completes (again: the next candidate, Shift-Tab the one
    /// before) from what `complete` offers for the line; Up/Down walk the commands run before.
    pub fn command_key(&mut self, k: &KeyEvent, mut complete: impl FnMut(&str) -> Vec<Candidate>) -> Typed {
        let Some(input) = self.command.as_mut() else {
            return Typed::Cancelled;
        };
        match k.code {
            KeyCode::Esc => {
                self.command = None;
                Typed::Cancelled
            }
            KeyCode::Enter => {
                let cmd = input.value().trim().to_string();
                self.command = None;
                if !cmd.is_empty() && self.history.last() != Some(&cmd) {
                    self.history.push(cmd.clone());
                    if self.history.len() > HISTORY {
                        self.history.remove(0);
                    }
                }
                Typed::Run(cmd)
            }
            KeyCode::Tab | KeyCode::BackTab => {
                let back = k.code == KeyCode::BackTab;
                // A lone candidate that changes nothing (objects still being read) is asked again.
                let walk = |c: &Completing| {
                    c.candidates.len() > 1 || c.candidates.first().is_some_and(|x| x.line != input.value())
                };
                match &mut self.completing {
                    Some(c) if walk(c) => {
                        let n = c.candidates.len();
                        c.at = if back { (c.at + n - 1) % n } else { (c.at + 1) % n };
                    }
                    _ => {
                        let candidates = complete(input.value());
                        let at = if back { candidates.len().saturating_sub(1) } else { 0 };
                        self.completing = Some(Completing { candidates, at });
                    }
                }
                if let Some(c) = self.completing.as_ref().and_then(|c| c.candidates.get(c.at)) {
                    *input = Input::new(c.line.clone());
                }
                Typed::Editing
            }
            KeyCode::Up | KeyCode::Down => {
                self.completing = None;
                let n = self.history.len();
                let (at, typed) = self.walking.clone().unwrap_or((n, input.value().to_string()));
                let at = if k.code == KeyCode::Up {
                    at.saturating_sub(1)
                } else {
                    (at + 1).min(n)
                };
                let line = self.history.get(at).cloned().unwrap_or_else(|| typed.clone());
                *input = Input::new(line);
                self.walking = Some((at, typed));
                Typed::Editing
            }
            _ => {
                self.completing = None;
                self.walking = None;
                super::field::edit(input, k);
                Typed::Editing
            }
        }
    }

    /// How many rows the line needs at `width`: one, or up to `MAX_ROWS` for a message too long
    /// for one row (the front room gives them up while the message is shown).
    pub fn rows(&self, s: &Session, busy: bool, width: u16) -> u16 {
        if self.command.is_some() || width == 0 {
            return 1;
        }
        let left = self.left(s, busy);
        if left.width() <= width as usize {
            return 1;
        }
        // As the line wraps when drawn: between words.
        let rows = Paragraph::new(left)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .line_count(width);
        rows.clamp(1, MAX_ROWS as usize) as u16
    }

    /// Everything but the hints: profile, read-only, connection, spinner, message or question.
    fn left(&self, s: &Session, busy: bool) -> Line<'static> {
        let t = &s.theme;
        let mut spans = Vec::new();
        if let Some((name, colour)) = &s.profile {
            let st = Style::new()
                .fg(*colour)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD);
            spans.push(Span::styled(format!(" {} ", visible(name)), st));
            spans.push(Span::raw(" "));
        }
        if s.read_only.is_some() {
            spans.push(Span::styled(
                t!("status-read-only"),
                t.error().add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(" "));
        }
        if self.insecure {
            spans.push(Span::styled(
                format!("⚠ {} ", t!("status-insecure-tls")),
                t.error().add_modifier(Modifier::REVERSED),
            ));
            spans.push(Span::raw(" "));
        }
        // The login shows once the viewer is complete (user and dealers): from then on the console
        // knows what this viewer may do, so tests and people can take it as "signed in".
        let who = s
            .viewer
            .as_ref()
            .map(|v| format!(" {}", v.0.login()))
            .unwrap_or_default();
        let label = &s.server_label;
        spans.push(match self.conn {
            Conn::Online => Span::styled(format!("● {label}{who}"), t.ok()),
            Conn::Connecting => Span::styled(format!("○ {label} {}", t!("status-connecting")), t.dim()),
            Conn::Offline => Span::styled(format!("✗ {label} {}", t!("status-offline")), t.error()),
        });
        if busy {
            spans.push(Span::raw(format!(" {}", SPINNER[self.spinner])));
        }
        if let Some(q) = &self.asking {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                visible(q).into_owned(),
                t.error().add_modifier(Modifier::BOLD),
            ));
        } else if let Some((m, err)) = &self.message {
            // A message may carry a server's text or a name: made visible here, once, for
            // every message of the console.
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                visible(m).into_owned(),
                if *err { t.error() } else { Style::new() },
            ));
        }
        Line::from(spans)
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, s: &Session, busy: bool, hints: &str) {
        let t = &s.theme;
        if let Some(input) = &self.command {
            // Tab's candidate says what it names and which of how many it is.
            let note = self.completing.as_ref().and_then(|c| {
                let cand = c.candidates.get(c.at)?;
                let sep = if cand.note.is_empty() { "" } else { " · " };
                Some(format!(
                    "   {}{sep}{}/{}",
                    visible(&cand.note),
                    c.at + 1,
                    c.candidates.len()
                ))
            });
            let none = self.completing.as_ref().is_some_and(|c| c.candidates.is_empty());
            let note = match (note, none) {
                (Some(n), _) => n,
                (None, true) => format!("   {}", t!("status-no-completion")),
                (None, false) => String::new(),
            };
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::raw(format!(":{}", input.value())),
                    Span::styled(note, s.theme.dim()),
                ])),
                area,
            );
            let cx = input.visual_cursor() as u16 + 1;
            f.set_cursor_position((area.x + cx.min(area.width.saturating_sub(1)), area.y));
            return;
        }
        let left = self.left(s, busy);
        let lw = left.width() as u16;
        if lw > area.width {
            // Too long for one row: wrapped over the rows the app gave it, never cut off.
            f.render_widget(Paragraph::new(left).wrap(ratatui::widgets::Wrap { trim: false }), area);
            return;
        }
        f.render_widget(Paragraph::new(left), area);
        // The hints in what the left part leaves: the least important give way one by one (the
        // help key's last), and `…` says some did.
        let room = area.width.saturating_sub(lw + 2) as usize;
        let help = s.keys.key_for(Context::Global, Action::Help);
        let hints = super::rows::fit_hints(hints, room, &[help.as_str(), "F1"]);
        let hw = hints.chars().count() as u16;
        if hw > 0 && lw + hw + 2 <= area.width {
            let r = Rect {
                x: area.x + area.width - hw,
                width: hw,
                ..area
            };
            f.render_widget(Paragraph::new(Span::styled(hints, t.dim())), r);
        }
    }
}
