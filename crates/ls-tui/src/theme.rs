//! Styles. Built-in themes ship as `assets/themes.toml` (embedded): `default` (16 ANSI colours —
//! SSH does not forward COLORTERM), `256`, `high-contrast`, and `mono` for NO_COLOR, where only
//! modifiers are used and tags and markers carry the meaning. Config picks one and may change
//! single entries in a `[colors]` section.
use ls_core::domain::AccessLevel;
use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;

/// Marks a blocked user where colour may be missing.
pub const BLOCKED_MARK: &str = "⊘";

pub const THEMES: &str = include_str!("../../../assets/themes.toml");

/// The built-in theme names, for messages.
pub const NAMES: [&str; 4] = ["default", "256", "high-contrast", "mono"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are in use (false under NO_COLOR or with `mono`).
    pub color: bool,
    header: Style,
    selected: Style,
    blocked: Style,
    matched: Style,
    field: Style,
    field_focused: Style,
    error: Style,
    ok: Style,
    dim: Style,
    border: Style,
    title: Style,
    levels: [Style; 5],
}

/// Parses "white on blue bold": a colour, `on` and a background, modifiers.
pub fn parse_style(s: &str) -> Result<Style, String> {
    let mut st = Style::new();
    let mut words = s.split_whitespace().peekable();
    let color = |w: &str| -> Result<Color, String> {
        w.parse::<Color>()
            .map_err(|_| format!("'{w}' is not a colour (an ANSI name, 0–255 or #rrggbb)"))
    };
    let mut fg_done = false;
    while let Some(w) = words.next() {
        let m = match w.to_ascii_lowercase().as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underlined" => Some(Modifier::UNDERLINED),
            "reversed" => Some(Modifier::REVERSED),
            _ => None,
        };
        if let Some(m) = m {
            st = st.add_modifier(m);
        } else if w == "on" {
            let bg = words.next().ok_or("'on' needs a background colour")?;
            st = st.bg(color(bg)?);
        } else if !fg_done {
            st = st.fg(color(w)?);
            fg_done = true;
        } else {
            return Err(format!("unexpected '{w}' in style '{s}'"));
        }
    }
    Ok(st)
}

impl Theme {
    /// A built-in theme with `overrides` on top; `no_color` drops colours (NO_COLOR).
    pub fn named(name: &str, overrides: &BTreeMap<String, String>, no_color: bool) -> Result<Theme, String> {
        let all: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(THEMES).map_err(|e| format!("built-in themes: {e}"))?;
        let name = if no_color { "mono" } else { name };
        let base = all
            .get(name)
            .ok_or_else(|| format!("unknown theme '{name}' (built in: {})", NAMES.join(", ")))?;
        let mut t = Theme::from_entries(base)?;
        t.color = name != "mono";
        for (k, v) in overrides {
            let mut st = parse_style(v).map_err(|e| format!("colors.{k}: {e}"))?;
            if no_color {
                st.fg = None;
                st.bg = None;
            }
            t.set(k, st).map_err(|e| format!("colors.{k}: {e}"))?;
        }
        Ok(t)
    }

    fn from_entries(m: &BTreeMap<String, String>) -> Result<Theme, String> {
        let mut t = Theme::blank();
        for (k, v) in m {
            t.set(k, parse_style(v).map_err(|e| format!("{k}: {e}"))?)?;
        }
        Ok(t)
    }

    fn blank() -> Theme {
        Theme {
            color: true,
            header: Style::new(),
            selected: Style::new(),
            blocked: Style::new(),
            matched: Style::new(),
            field: Style::new(),
            field_focused: Style::new(),
            error: Style::new(),
            ok: Style::new(),
            dim: Style::new(),
            border: Style::new(),
            title: Style::new(),
            levels: [Style::new(); 5],
        }
    }

    fn set(&mut self, key: &str, st: Style) -> Result<(), String> {
        let slot = match key {
            "header" => &mut self.header,
            "selected" => &mut self.selected,
            "blocked" => &mut self.blocked,
            "matched" => &mut self.matched,
            "field" => &mut self.field,
            "field_focused" => &mut self.field_focused,
            "error" => &mut self.error,
            "ok" => &mut self.ok,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            "title" => &mut self.title,
            "level_view" => &mut self.levels[1],
            "level_execute" => &mut self.levels[2],
            "level_edit" => &mut self.levels[3],
            "level_manage" => &mut self.levels[4],
            other => {
                return Err(format!(
                    "no style '{other}' (header, selected, blocked, matched, field, field_focused, error, ok, dim, \
                     border, title, level_view, level_execute, level_edit, level_manage)"
                ))
            }
        };
        *slot = st;
        Ok(())
    }

    /// No colours (what NO_COLOR gives).
    pub fn plain() -> Self {
        Theme::named("mono", &BTreeMap::new(), true).unwrap_or_else(|_| Theme::blank())
    }
    /// The default colours, whatever NO_COLOR says (screenshots, and tests that look at styles).
    pub fn default_colours() -> Self {
        Theme::named("default", &BTreeMap::new(), false).unwrap_or_else(|_| Theme::blank())
    }

    pub fn header(&self) -> Style {
        self.header
    }
    pub fn focused_header(&self) -> Style {
        self.header.add_modifier(Modifier::REVERSED)
    }
    pub fn selected(&self) -> Style {
        self.selected
    }
    /// Blocked users: orange in the LS; the 16-colour palette's yellow is the closest.
    pub fn blocked(&self) -> Style {
        self.blocked
    }
    pub fn matched(&self) -> Style {
        self.matched
    }
    pub fn field(&self) -> Style {
        self.field
    }
    pub fn field_focused(&self) -> Style {
        self.field_focused
    }
    pub fn error(&self) -> Style {
        self.error
    }
    pub fn ok(&self) -> Style {
        self.ok
    }
    pub fn dim(&self) -> Style {
        self.dim
    }
    pub fn border(&self) -> Style {
        self.border
    }
    /// An access level's colour (the tag beside it carries the meaning without colour).
    pub fn level(&self, l: AccessLevel) -> Style {
        self.levels[l as usize]
    }
    pub fn title(&self) -> Style {
        self.title
    }
}

/// A config colour as ratatui draws it.
pub fn colour(c: ls_core::config::Colour) -> Color {
    use ls_core::config::Colour as C;
    match c {
        C::Reset => Color::Reset,
        C::Black => Color::Black,
        C::Red => Color::Red,
        C::Green => Color::Green,
        C::Yellow => Color::Yellow,
        C::Blue => Color::Blue,
        C::Magenta => Color::Magenta,
        C::Cyan => Color::Cyan,
        C::Gray => Color::Gray,
        C::DarkGray => Color::DarkGray,
        C::LightRed => Color::LightRed,
        C::LightGreen => Color::LightGreen,
        C::LightYellow => Color::LightYellow,
        C::LightBlue => Color::LightBlue,
        C::LightMagenta => Color::LightMagenta,
        C::LightCyan => Color::LightCyan,
        C::White => Color::White,
        C::Indexed(i) => Color::Indexed(i),
        C::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses_and_sets_every_style() {
        let all: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(THEMES).unwrap();
        assert_eq!(all.keys().cloned().collect::<Vec<_>>().len(), NAMES.len());
        for n in NAMES {
            assert_eq!(all[n].len(), 15, "{n} sets every entry");
            Theme::named(n, &BTreeMap::new(), false).unwrap_or_else(|e| panic!("{n}: {e}"));
        }
    }

    #[test]
    fn themes_differ_and_no_color_drops_colours() {
        let none = BTreeMap::new();
        let d = Theme::named("default", &none, false).unwrap();
        let c256 = Theme::named("256", &none, false).unwrap();
        let hc = Theme::named("high-contrast", &none, false).unwrap();
        assert_eq!(d.header().fg, Some(Color::Cyan));
        assert_eq!(c256.header().fg, Some(Color::Indexed(75)));
        assert_eq!(hc.selected().bg, Some(Color::White));
        let mono = Theme::named("256", &none, true).unwrap();
        assert!(!mono.color);
        assert_eq!(mono.header().fg, None);
        assert!(mono.field().add_modifier.contains(Modifier::UNDERLINED));
    }

    #[test]
    fn overrides_change_single_entries_and_errors_say_which() {
        let mut o = BTreeMap::new();
        o.insert("header".to_string(), "yellow on black italic".to_string());
        let t = Theme::named("default", &o, false).unwrap();
        assert_eq!(t.header().fg, Some(Color::Yellow));
        assert_eq!(t.header().bg, Some(Color::Black));
        assert!(t.header().add_modifier.contains(Modifier::ITALIC));
        assert_eq!(t.error().fg, Some(Color::Red), "the rest stays");
        o.insert("header".into(), "purple-ish".into());
        let e = Theme::named("default", &o, false).unwrap_err();
        assert!(e.contains("colors.header") && e.contains("purple-ish"), "{e}");
        let mut o = BTreeMap::new();
        o.insert("headr".to_string(), "red".to_string());
        assert!(Theme::named("default", &o, false)
            .unwrap_err()
            .contains("no style 'headr'"));
        assert!(Theme::named("neon", &BTreeMap::new(), false)
            .unwrap_err()
            .contains("unknown theme 'neon'"));
    }
}
