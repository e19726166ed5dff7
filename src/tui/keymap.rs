//! Keys → actions, per context. The help overlay and the hint line are generated from this
//! table, so they cannot drift from what the keys do.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Back,
    Help,
    CommandLine,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    Search,
    ClearFilters,
    Sort,
    Open,
    Reload,
    Export,
    ToggleMouse,
    NextTab,
    PrevTab,
    New,
    Save,
    Toggle,
    ExportRights,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Users,
    Card,
    /// The objects tree (the card's Access tab and the Objects pane).
    Tree,
    /// Typing in a search field (shown in help; handled by the field itself).
    Search,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Users => "Users list",
            Context::Card => "User card",
            Context::Tree => "Objects tree",
            Context::Search => "Search fields",
        }
    }
}

pub struct Binding {
    pub context: Context,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub key: &'static str,
    pub action: Option<Action>,
    pub help: &'static str,
}

const fn b(context: Context, code: KeyCode, key: &'static str, action: Action, help: &'static str) -> Binding {
    Binding {
        context,
        code,
        mods: KeyModifiers::NONE,
        key,
        action: Some(action),
        help,
    }
}

const fn ctrl(context: Context, c: char, key: &'static str, action: Action, help: &'static str) -> Binding {
    Binding {
        context,
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
        key,
        action: Some(action),
        help,
    }
}

/// Documented keys of a text field (not dispatched through the table).
const fn doc(context: Context, key: &'static str, help: &'static str) -> Binding {
    Binding {
        context,
        code: KeyCode::Null,
        mods: KeyModifiers::NONE,
        key,
        action: None,
        help,
    }
}

use Action as A;
use Context::*;
use KeyCode::*;

pub static BINDINGS: &[Binding] = &[
    ctrl(Global, 'c', "Ctrl-C", A::Quit, "quit"),
    b(Global, Char('?'), "?", A::Help, "help for this pane"),
    b(Global, Char(':'), ":", A::CommandLine, "command line (:users, :q)"),
    b(Global, Char('M'), "M", A::ToggleMouse, "mouse capture on/off"),
    b(Users, Up, "↑", A::Up, "previous row"),
    b(Users, Char('k'), "k", A::Up, "previous row"),
    b(Users, Down, "↓", A::Down, "next row"),
    b(Users, Char('j'), "j", A::Down, "next row"),
    b(Users, PageUp, "PgUp", A::PageUp, "page up"),
    b(Users, PageDown, "PgDn", A::PageDown, "page down"),
    b(Users, Char('g'), "g", A::Top, "first row"),
    b(Users, Home, "Home", A::Top, "first row"),
    b(Users, Char('G'), "G", A::Bottom, "last row"),
    b(Users, End, "End", A::Bottom, "last row"),
    b(Users, Left, "←", A::Left, "focus the previous column"),
    b(Users, Char('h'), "h", A::Left, "focus the previous column"),
    b(Users, Right, "→", A::Right, "focus the next column"),
    b(Users, Char('l'), "l", A::Right, "focus the next column"),
    b(Users, Char('/'), "/", A::Search, "search: a field under every column"),
    b(Users, Esc, "Esc", A::ClearFilters, "clear the search"),
    b(
        Users,
        Char('s'),
        "s",
        A::Sort,
        "sort by the focused column (again: reverse)",
    ),
    b(Users, Enter, "Enter", A::Open, "open the user's card"),
    b(Users, Char('r'), "r", A::Reload, "reload from the server"),
    b(Users, Char('e'), "e", A::Export, "export the rows shown to .xlsx"),
    b(Users, Char('q'), "q", A::Quit, "quit"),
    b(Users, Char('n'), "n", A::New, "new user (managers)"),
    b(Card, Tab, "Tab", A::NextTab, "next tab"),
    b(Card, BackTab, "Shift-Tab", A::PrevTab, "previous tab"),
    doc(Card, "1–6 / Alt-1–6", "go to a tab (Alt while typing in a field)"),
    b(Card, Up, "↑", A::Up, "previous field"),
    b(Card, Down, "↓", A::Down, "next field"),
    b(Card, Char(' '), "Space", A::Toggle, "tick a check box, role or right"),
    ctrl(
        Card,
        's',
        "Ctrl-S",
        A::Save,
        "save (with the version the card was loaded at)",
    ),
    b(
        Card,
        Char('x'),
        "x",
        A::ExportRights,
        "export every right with its descriptions to .xlsx",
    ),
    b(Card, Char('r'), "r", A::Reload, "reload the card"),
    b(
        Card,
        Char('q'),
        "q",
        A::Back,
        "back to the list (asks when there are edits)",
    ),
    b(
        Card,
        Esc,
        "Esc",
        A::Back,
        "back to the list (asks when there are edits)",
    ),
    doc(
        Card,
        "typing",
        "edits the focused text field; gray fields cannot be edited",
    ),
    doc(Search, "type", "narrow the rows (* any run, ? one character)"),
    doc(Search, "Tab / Shift-Tab", "next / previous column's field"),
    doc(Search, "Enter", "keep the filter, back to the rows"),
    doc(Search, "Esc", "clear every field, back to the rows"),
    doc(Search, "Ctrl-U", "clear this field"),
];

/// The action a key triggers in `context` (its own bindings first, then global ones).
pub fn lookup(context: Context, key: &KeyEvent) -> Option<Action> {
    // Shift is implied by upper-case letters and some symbols; compare without it.
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let hit = |bd: &&Binding| bd.action.is_some() && bd.code == key.code && bd.mods == mods;
    BINDINGS
        .iter()
        .filter(|bd| bd.context == context)
        .find(hit)
        .or_else(|| BINDINGS.iter().filter(|bd| bd.context == Context::Global).find(hit))
        .and_then(|bd| bd.action)
}

/// Help lines for a context: keys sharing a description are joined ("↑ k  previous row").
pub fn help_lines(context: Context) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for bd in BINDINGS.iter().filter(|bd| bd.context == context) {
        match out.iter_mut().find(|(_, h)| *h == bd.help) {
            Some((k, _)) => {
                k.push_str(" / ");
                k.push_str(bd.key);
            }
            None => out.push((bd.key.to_string(), bd.help)),
        }
    }
    out
}

/// The first key bound to `action` in `context`, for the hint line.
pub fn key_for(context: Context, action: Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|bd| bd.context == context && bd.action == Some(action))
        .or_else(|| {
            BINDINGS
                .iter()
                .find(|bd| bd.context == Context::Global && bd.action == Some(action))
        })
        .map(|bd| bd.key)
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let k = |c, m| KeyEvent::new(c, m);
        assert_eq!(lookup(Users, &k(Char('j'), KeyModifiers::NONE)), Some(A::Down));
        assert_eq!(lookup(Users, &k(Char('G'), KeyModifiers::SHIFT)), Some(A::Bottom));
        assert_eq!(lookup(Card, &k(Char('c'), KeyModifiers::CONTROL)), Some(A::Quit));
        assert_eq!(lookup(Card, &k(Char('q'), KeyModifiers::NONE)), Some(A::Back));
        assert_eq!(lookup(Users, &k(Char('z'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn help_joins_keys() {
        let h = help_lines(Users);
        assert!(h.iter().any(|(k, d)| k == "↑ / k" && *d == "previous row"));
        assert_eq!(key_for(Users, A::Search), "/");
    }
}
