//! Styles. The default uses the 16 ANSI colours (SSH does not forward COLORTERM); with
//! NO_COLOR set, only modifiers are used and markers carry the meaning.
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// Marks a blocked user where colour may be missing.
pub const BLOCKED_MARK: &str = "⊘";

impl Theme {
    pub fn from_env() -> Self {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
    pub fn plain() -> Self {
        Theme { color: false }
    }
    fn c(&self, fg: Color) -> Style {
        if self.color {
            Style::new().fg(fg)
        } else {
            Style::new()
        }
    }
    pub fn header(&self) -> Style {
        self.c(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn focused_header(&self) -> Style {
        self.header().add_modifier(Modifier::REVERSED)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Blocked users: orange in the LS; the 16-colour palette's yellow is the closest.
    pub fn blocked(&self) -> Style {
        self.c(Color::Yellow)
    }
    pub fn matched(&self) -> Style {
        self.c(Color::Green).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn field(&self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }
    pub fn field_focused(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }
    pub fn error(&self) -> Style {
        self.c(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(&self) -> Style {
        self.c(Color::Green)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn border(&self) -> Style {
        self.c(Color::Blue)
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

impl Theme {
    /// Colour on, whatever NO_COLOR says: for tests that look at styles.
    pub fn from_env_for_tests() -> Self {
        Theme { color: true }
    }
}
