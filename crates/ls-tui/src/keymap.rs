//! Keys → actions, per context. The default map ships as `assets/keys.toml` (embedded); a user's
//! keys.toml replaces single entries. The help overlay and the hint line are generated from the
//! map in effect, so they cannot drift from what the keys do.
use ls_core::t;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use toml::Spanned;

macro_rules! actions {
    ($($v:ident = $name:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($v),* }
        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$v),*];
            pub fn name(self) -> &'static str {
                match self { $(Action::$v => $name),* }
            }
        }
    };
}

// Declared in the order the help lists them: moving first, then what a pane does, leaving last.
actions! {
    Up = "up", Down = "down", PageUp = "page_up", PageDown = "page_down", Top = "top", Bottom = "bottom",
    Left = "left", Right = "right", NextTab = "next_tab", PrevTab = "prev_tab",
    Search = "search", ClearFilters = "clear_filters", Sort = "sort", Toggle = "toggle", ToggleBranch = "toggle_branch", SelectAll = "select_all",
    LevelNone = "level_none", LevelView = "level_view", LevelExecute = "level_execute",
    LevelEdit = "level_edit", LevelManage = "level_manage", Undo = "undo", Explain = "explain",
    Open = "open", Apply = "apply", ShowAll = "show_all", CopyAToB = "copy_a_to_b", CopyBToA = "copy_b_to_a",
    CopyUser = "copy_user", Compare = "compare", Block = "block", CopyGroup = "copy_group", History = "history", Revert = "revert", Save = "save", Reload = "reload", Export = "export", Columns = "columns", ExportRights = "export_rights", New = "new",
    Reveal = "reveal", Copy = "copy", Renew = "renew", Usr = "usr", ShowCopy = "show_copy",
    ShowCommand = "show_command",
    Back = "back", Help = "help", CommandLine = "command_line", ToggleMouse = "toggle_mouse", Quit = "quit",
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Users,
    Card,
    /// The card's API access tab (on top of the card's keys).
    Api,
    /// The objects tree (the card's Access tab and the Objects pane).
    Tree,
    /// An object's card over the tree (levels for many users).
    ObjectCard,
    /// A plan before a change to many things.
    Plan,
    /// Two users side by side.
    Compare,
    /// The audit log.
    Audit,
    /// Typing in a search field (shown in help; handled by the field itself).
    Search,
}

impl Context {
    const ALL: [Context; 10] = [
        Context::Global,
        Context::Users,
        Context::Card,
        Context::Api,
        Context::Tree,
        Context::ObjectCard,
        Context::Plan,
        Context::Compare,
        Context::Audit,
        Context::Search,
    ];

    /// The section's title in the help.
    pub fn title(self) -> String {
        match self {
            Context::Global => t!("keys-section-global"),
            Context::Users => t!("keys-section-users"),
            Context::Card => t!("keys-section-card"),
            Context::Api => t!("keys-section-api"),
            Context::Tree => t!("keys-section-tree"),
            Context::ObjectCard => t!("keys-section-object-card"),
            Context::Plan => t!("keys-section-plan"),
            Context::Compare => t!("keys-section-compare"),
            Context::Audit => t!("keys-section-audit"),
            Context::Search => t!("keys-section-search"),
        }
    }

    /// The section name in keys.toml.
    pub fn section(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Users => "users",
            Context::Card => "card",
            Context::Api => "api",
            Context::Tree => "tree",
            Context::ObjectCard => "object_card",
            Context::Plan => "plan",
            Context::Compare => "compare",
            Context::Audit => "audit",
            Context::Search => "search",
        }
    }
}

/// What an action does in a context, for the help overlay. `None`: not bindable there.
fn describe(c: Context, a: Action) -> Option<String> {
    use Action as A;
    use Context as C;
    Some(match (c, a) {
        (C::Global, A::Quit) => t!("keys-global-quit"),
        (C::Global, A::Help) => t!("keys-global-help"),
        (C::Global, A::CommandLine) => t!("keys-global-command-line"),
        (C::Global, A::ToggleMouse) => t!("keys-global-toggle-mouse"),
        (C::Users | C::Tree | C::ObjectCard | C::Plan | C::Compare | C::Audit, A::Up) => t!("keys-rows-up"),
        (C::Users | C::Tree | C::ObjectCard | C::Plan | C::Compare | C::Audit, A::Down) => t!("keys-rows-down"),
        (C::Users | C::Tree | C::ObjectCard | C::Plan | C::Compare | C::Audit, A::PageUp) => t!("keys-rows-page-up"),
        (C::Users | C::Tree | C::ObjectCard | C::Plan | C::Compare | C::Audit, A::PageDown) => {
            t!("keys-rows-page-down")
        }
        (C::Users | C::Tree | C::ObjectCard | C::Plan | C::Compare | C::Audit, A::Top) => t!("keys-rows-top"),
        (C::Users | C::Tree | C::ObjectCard | C::Plan | C::Compare | C::Audit, A::Bottom) => t!("keys-rows-bottom"),
        (C::Users | C::Card, A::CopyUser) => t!("keys-user-copy"),
        (C::Users, A::Compare) => t!("keys-users-compare"),
        (C::Users | C::Card, A::Block) => t!("keys-user-block"),
        (C::Users | C::Card, A::History) => t!("keys-user-history"),
        (C::Tree | C::ObjectCard, A::History) => t!("keys-object-history"),
        (C::Audit, A::Search) => t!("keys-columns-search"),
        (C::Audit, A::ClearFilters) => t!("keys-audit-clear-filters"),
        (C::Audit, A::Left) => t!("keys-columns-left"),
        (C::Audit, A::Right) => t!("keys-columns-right"),
        (C::Audit, A::Open) => t!("keys-audit-open"),
        (C::Audit, A::Revert) => t!("keys-audit-revert"),
        (C::Audit, A::Reload) => t!("keys-audit-reload"),
        (C::Audit, A::Back) => t!("keys-audit-back"),
        (C::Tree, A::CopyGroup) => t!("keys-tree-copy-group"),
        (C::Tree, A::Left) => t!("keys-tree-fold"),
        (C::Tree, A::Right) => t!("keys-tree-unfold"),
        (C::Tree, A::ShowAll) => t!("keys-tree-read-only"),
        (C::Plan, A::Apply) => t!("keys-plan-apply"),
        (C::Plan, A::Back) => t!("keys-plan-back"),
        (C::Compare, A::ShowAll) => t!("keys-compare-show-all"),
        (C::Compare, A::Toggle) => t!("keys-compare-toggle"),
        (C::Compare, A::SelectAll) => t!("keys-compare-select-all"),
        (C::Compare, A::CopyAToB) => t!("keys-compare-copy-a-to-b"),
        (C::Compare, A::CopyBToA) => t!("keys-compare-copy-b-to-a"),
        (C::Compare, A::Back) => t!("keys-selection-clear-close"),
        (C::Users, A::Left) => t!("keys-columns-left"),
        (C::Users, A::Right) => t!("keys-columns-right"),
        (C::Users, A::Search) => t!("keys-columns-search"),
        (C::Users, A::ClearFilters) => t!("keys-users-clear-filters"),
        (C::Users, A::Sort) => t!("keys-users-sort"),
        (C::Users, A::Open) => t!("keys-users-open"),
        (C::Users, A::Reload) => t!("keys-users-reload"),
        (C::Users, A::Export) => t!("keys-users-export"),
        (C::Users, A::Columns) => t!("keys-users-columns"),
        (C::Users, A::New) => t!("keys-users-new"),
        (C::Users, A::Quit) => t!("keys-global-quit"),
        (C::Card, A::NextTab) => t!("keys-card-next-tab"),
        (C::Card, A::Search) => t!("keys-card-search"),
        (C::Card, A::PrevTab) => t!("keys-card-prev-tab"),
        (C::ObjectCard, A::NextTab | A::PrevTab) => t!("keys-object-card-tabs"),
        (C::Card, A::Up) => t!("keys-card-up"),
        (C::Card, A::Down) => t!("keys-card-down"),
        (C::Card, A::Toggle) => t!("keys-card-toggle"),
        (C::Card, A::Save) => t!("keys-card-save"),
        (C::Card, A::ExportRights) => t!("keys-card-export-rights"),
        (C::Card, A::Reload) => t!("keys-card-reload"),
        (C::Card, A::Back) => t!("keys-card-back"),
        (C::Card, A::ShowCommand) => t!("keys-card-show-command"),
        (C::Tree | C::ObjectCard, A::ShowCommand) => t!("keys-tree-show-command"),
        (C::Api, A::Reveal) => t!("keys-api-reveal"),
        (C::Api, A::Copy) => t!("keys-api-copy"),
        (C::Api, A::Renew) => t!("keys-api-renew"),
        (C::Api, A::Usr) => t!("keys-api-usr"),
        (C::Api, A::ShowCopy) => t!("keys-api-show-copy"),
        (C::Tree, A::Search) => t!("keys-tree-search"),
        (C::ObjectCard, A::Search) => t!("keys-object-card-search"),
        (C::Tree, A::Toggle) => t!("keys-tree-toggle"),
        (C::Tree, A::ToggleBranch) => t!("keys-tree-toggle-branch"),
        (C::ObjectCard, A::Toggle) => t!("keys-object-card-toggle"),
        (C::Tree | C::ObjectCard, A::SelectAll) => t!("keys-tree-select-all"),
        (C::Tree | C::ObjectCard, A::LevelNone) => t!("keys-tree-level-none"),
        (C::Tree | C::ObjectCard, A::LevelView) => t!("keys-tree-level-view"),
        (C::Tree | C::ObjectCard, A::LevelExecute) => t!("keys-tree-level-execute"),
        (C::Tree | C::ObjectCard, A::LevelEdit) => t!("keys-tree-level-edit"),
        (C::Tree | C::ObjectCard, A::LevelManage) => t!("keys-tree-level-manage"),
        (C::Tree | C::ObjectCard, A::Undo) => t!("keys-tree-undo"),
        (C::Tree, A::Explain) => t!("keys-tree-explain"),
        (C::Tree, A::Open) => t!("keys-tree-open"),
        (C::Tree | C::ObjectCard, A::Save) => t!("keys-tree-save"),
        (C::Tree, A::Back) => t!("keys-selection-clear-back"),
        (C::ObjectCard, A::Back) => t!("keys-selection-clear-close"),
        _ => return None,
    })
}

/// Whether an action can be bound in a context (it has a description there).
fn bindable(c: Context, a: Action) -> bool {
    describe(c, a).is_some()
}

/// Keys of text fields: documented, not remappable (they edit text). Key names stay as they are.
fn docs() -> Vec<(Context, String, String)> {
    vec![
        (Context::Card, "1–6 / Alt-1–6".into(), t!("keys-doc-card-tabs")),
        (Context::Card, t!("keys-doc-typing"), t!("keys-doc-card-typing")),
        (Context::Card, "Enter".into(), t!("card-keys-doc-enter")),
        (Context::Card, "Esc".into(), t!("card-keys-doc-esc")),
        (Context::Card, "Home / End".into(), t!("card-keys-doc-home-end")),
        (Context::Tree, t!("keys-doc-shift-move"), t!("keys-doc-extend")),
        (Context::Tree, "↑ / ↓".into(), t!("keys-doc-mask-history")),
        (Context::ObjectCard, t!("keys-doc-shift-move"), t!("keys-doc-extend")),
        (Context::Search, t!("keys-doc-type"), t!("keys-doc-search-type")),
        (Context::Search, "Tab / Shift-Tab".into(), t!("keys-doc-search-tab")),
        (Context::Search, "Enter".into(), t!("keys-doc-search-enter")),
        (Context::Search, "Esc".into(), t!("keys-doc-search-esc")),
        (Context::Search, "Ctrl-U".into(), t!("keys-doc-search-ctrl-u")),
    ]
}

/// `F1`–`F12` → its number.
fn function_key(s: &str) -> Option<u8> {
    s.strip_prefix('F')?.parse().ok().filter(|n| (1..=12).contains(n))
}

/// One key with its modifiers. Shift is not part of it: it is implied by upper-case letters,
/// and on move keys it means "extend the selection".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" | "Shift-Tab" => KeyCode::BackTab,
            "Space" => KeyCode::Char(' '),
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            f if let Some(n) = function_key(f) => KeyCode::F(n),
            c if c.chars().count() == 1 => {
                let ch = c.chars().next().unwrap_or(' ');
                // Ctrl with a letter arrives lower-case.
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                    ch.to_ascii_lowercase()
                } else {
                    ch
                })
            }
            other => {
                return Err(format!(
                    "unknown key '{other}' (a character, or Up Down Left Right PgUp PgDn Home End Enter Esc Tab \
                     BackTab Space Backspace Delete F1–F12, with Ctrl- or Alt-)"
                ))
            }
        };
        Ok(Key { code, mods })
    }

    fn matches(&self, k: &KeyEvent) -> bool {
        let mods = k.modifiers - KeyModifiers::SHIFT;
        let code = match k.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        self.code == code && self.mods == mods
    }

    /// How the key is shown in help.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        match self.code {
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => s.push(c.to_ascii_uppercase()),
            KeyCode::Char(c) => s.push(c),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            other => s.push_str(&format!("{other:?}")),
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: Vec<Key>,
}

/// The key map in effect.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

type Sections = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>>;

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub const DEFAULT_KEYS: &str = include_str!("../../../assets/keys.toml");

impl KeyMap {
    /// The built-in map (parsed once).
    pub fn defaults() -> Arc<KeyMap> {
        static MAP: OnceLock<Arc<KeyMap>> = OnceLock::new();
        MAP.get_or_init(|| {
            let mut m = KeyMap { bindings: Vec::new() };
            // The embedded file is checked by a unit test; a broken one leaves only overrides.
            if let Err(e) = m.apply(DEFAULT_KEYS, "assets/keys.toml") {
                tracing::error!("built-in key map: {e}");
            }
            Arc::new(m)
        })
        .clone()
    }

    /// The built-in map with a user's keys.toml on top; errors name the file and the line.
    pub fn with_overrides(text: &str, origin: &str) -> Result<KeyMap, String> {
        let mut m = KeyMap::defaults().as_ref().clone();
        m.apply(text, origin)?;
        Ok(m)
    }

    fn apply(&mut self, text: &str, origin: &str) -> Result<(), String> {
        let sections: Sections = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            format!("{origin}, line {line}: {}", e.message())
        })?;
        for (sec, entries) in sections {
            let at = |s: &std::ops::Range<usize>| format!("{origin}, line {}", line_of(text, s.start));
            let ctx = Context::ALL
                .into_iter()
                .find(|c| c.section() == sec.get_ref() && *c != Context::Search)
                .ok_or_else(|| {
                    format!(
                        "{}: unknown section [{}] (global, users, card, api, tree, object_card, plan, compare)",
                        at(&sec.span()),
                        sec.get_ref()
                    )
                })?;
            for (name, keys) in entries {
                let action = Action::ALL
                    .iter()
                    .copied()
                    .find(|a| a.name() == name.get_ref() && bindable(ctx, *a))
                    .ok_or_else(|| {
                        let known: Vec<&str> = Action::ALL
                            .iter()
                            .filter(|a| bindable(ctx, **a))
                            .map(|a| a.name())
                            .collect();
                        format!(
                            "{}: [{}] has no action '{}' (it has: {})",
                            at(&name.span()),
                            ctx.section(),
                            name.get_ref(),
                            known.join(", ")
                        )
                    })?;
                let mut parsed = Vec::new();
                for k in keys.get_ref() {
                    parsed.push(Key::parse(k.get_ref()).map_err(|e| format!("{}: {e}", at(&k.span())))?);
                }
                // A key moved to this action leaves whatever it did before in this section.
                for b in self
                    .bindings
                    .iter_mut()
                    .filter(|b| b.context == ctx && b.action != action)
                {
                    b.keys.retain(|k| !parsed.contains(k));
                }
                match self
                    .bindings
                    .iter_mut()
                    .find(|b| b.context == ctx && b.action == action)
                {
                    Some(b) => b.keys = parsed,
                    None => self.bindings.push(Binding {
                        context: ctx,
                        action,
                        keys: parsed,
                    }),
                }
            }
        }
        Ok(())
    }

    /// The action a key triggers in `context` (its own bindings first, then global ones).
    pub fn lookup(&self, context: Context, key: &KeyEvent) -> Option<Action> {
        let find = |c: Context| {
            self.bindings
                .iter()
                .filter(|b| b.context == c)
                .find(|b| b.keys.iter().any(|k| k.matches(key)))
                .map(|b| b.action)
        };
        find(context).or_else(|| find(Context::Global))
    }

    /// Help lines for a context: every bound action with its keys, then the text-field keys.
    pub fn help_lines(&self, context: Context) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut bound: Vec<&Binding> = self
            .bindings
            .iter()
            .filter(|b| b.context == context && !b.keys.is_empty())
            .collect();
        // The files are read as maps (alphabetical); the help reads in the actions' own order.
        bound.sort_by_key(|b| Action::ALL.iter().position(|a| *a == b.action));
        for b in bound {
            let Some(help) = describe(context, b.action) else {
                continue;
            };
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            out.push((keys.join(" / "), help));
        }
        for (c, k, h) in docs() {
            if c == context {
                out.push((k, h));
            }
        }
        out
    }

    /// The first key bound to `action` in `context` (or globally), for hint lines.
    pub fn key_for(&self, context: Context, action: Action) -> String {
        [context, Context::Global]
            .iter()
            .find_map(|c| {
                self.bindings
                    .iter()
                    .find(|b| b.context == *c && b.action == action)
                    .and_then(|b| b.keys.first())
            })
            .map(Key::label)
            .unwrap_or_else(|| t!("keys-unbound"))
    }
}

/// The level actions, none to manage.
const LEVELS: [Action; 5] = [
    Action::LevelNone,
    Action::LevelView,
    Action::LevelExecute,
    Action::LevelEdit,
    Action::LevelManage,
];

impl KeyMap {
    /// A hint line from the map in effect: "key word" pairs joined by `sep`. `None` stands for
    /// the five level keys together ("0–4 level" with the default digits). Give the pairs most
    /// important first: where the line does not fit, `rows::fit_hints` gives up the last ones
    /// first (the help key's last of all) and ends the line with `…`.
    pub fn hint(&self, context: Context, pairs: &[(Option<Action>, String)], sep: &str) -> String {
        pairs
            .iter()
            .map(|(a, word)| match a {
                Some(a) => format!("{} {word}", self.key_for(context, *a)),
                None => format!("{} {word}", self.levels_label(context)),
            })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// "0–4" when the level keys are the digits in order, else each key: "a/b/c/d/e".
    fn levels_label(&self, context: Context) -> String {
        let keys: Vec<String> = LEVELS.iter().map(|a| self.key_for(context, *a)).collect();
        if keys.iter().enumerate().all(|(i, k)| *k == i.to_string()) {
            "0–4".into()
        } else {
            keys.join("/")
        }
    }
}

impl Action {
    /// The level a `level_*` action sets.
    pub fn level(self) -> Option<ls_core::domain::AccessLevel> {
        use ls_core::domain::AccessLevel as L;
        Some(match self {
            Action::LevelNone => L::None,
            Action::LevelView => L::View,
            Action::LevelExecute => L::Execute,
            Action::LevelEdit => L::Edit,
            Action::LevelManage => L::Manage,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Context::*;
    use KeyCode::*;

    fn k(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    /// The key map is where a newcomer starts: each section names the function that handles its
    /// keys, and that function must exist where it says.
    #[test]
    fn every_section_points_at_the_function_that_handles_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut sections = 0;
        for line in DEFAULT_KEYS.lines().filter(|l| l.starts_with('[')) {
            sections += 1;
            let (_, to) = line
                .split_once("# handled by: ")
                .unwrap_or_else(|| panic!("no pointer: {line}"));
            for hop in to.split(", then ") {
                let (path, name) = hop.split_once(' ').unwrap_or_else(|| panic!("{line}: {hop}"));
                let src = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
                let (owner, func) = name.split_once("::").map_or((None, name), |(t, f)| (Some(t), f));
                let defined = ["(", "<"].iter().any(|c| src.contains(&format!("fn {func}{c}")));
                assert!(defined, "{line}: no fn {func} in {path}");
                if let Some(t) = owner {
                    assert!(
                        src.contains(&format!("impl Room for {t} ")) || src.contains(&format!("impl {t} ")),
                        "{line}: no impl {t} in {path}"
                    );
                }
            }
        }
        assert_eq!(
            sections,
            Context::ALL.len() - 1,
            "every section but search (typed text) has keys"
        );
    }

    #[test]
    fn the_default_map_parses_and_describes_every_entry() {
        let mut m = KeyMap { bindings: vec![] };
        m.apply(DEFAULT_KEYS, "assets/keys.toml")
            .expect("assets/keys.toml parses");
        assert!(m.bindings.len() > 60);
        assert!(m.bindings.iter().all(|b| bindable(b.context, b.action)));
        assert!(
            m.bindings.iter().all(|b| !b.keys.is_empty()),
            "no key is bound twice in a section"
        );
    }

    #[test]
    fn lookups() {
        let m = KeyMap::defaults();
        assert_eq!(m.lookup(Users, &k(Char('j'), KeyModifiers::NONE)), Some(A::Down));
        assert_eq!(m.lookup(Users, &k(Char('G'), KeyModifiers::SHIFT)), Some(A::Bottom));
        assert_eq!(m.lookup(Card, &k(Char('c'), KeyModifiers::CONTROL)), Some(A::Quit));
        assert_eq!(m.lookup(Card, &k(Char('q'), KeyModifiers::NONE)), Some(A::Back));
        assert_eq!(m.lookup(Card, &k(BackTab, KeyModifiers::SHIFT)), Some(A::PrevTab));
        assert_eq!(m.lookup(Tree, &k(Down, KeyModifiers::SHIFT)), Some(A::Down));
        assert_eq!(m.lookup(Tree, &k(Char('3'), KeyModifiers::NONE)), Some(A::LevelEdit));
        assert_eq!(m.lookup(Users, &k(Char('z'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn help_joins_keys_and_follows_overrides() {
        let m = KeyMap::defaults();
        let h = m.help_lines(Users);
        assert!(h.iter().any(|(k, d)| k == "↑ / k" && *d == "previous row"), "{h:?}");
        assert_eq!(m.key_for(Users, A::Search), "/");
        let o = KeyMap::with_overrides("[users]\nsearch = [\"f\", \"Ctrl-F\"]\n", "keys.toml").unwrap();
        assert_eq!(o.key_for(Users, A::Search), "f");
        assert!(o.help_lines(Users).iter().any(|(k, _)| k == "f / Ctrl-F"));
        assert_eq!(o.lookup(Users, &k(Char('/'), KeyModifiers::NONE)), None);
        assert_eq!(o.lookup(Users, &k(Char('f'), KeyModifiers::CONTROL)), Some(A::Search));
    }

    #[test]
    fn broken_files_name_the_line() {
        let e = KeyMap::with_overrides("[users]\n\ndown = [\"Dwn\"]\n", "keys.toml").unwrap_err();
        assert!(
            e.contains("keys.toml, line 3") && e.contains("unknown key 'Dwn'"),
            "{e}"
        );
        let e = KeyMap::with_overrides("[users]\nfly = [\"f\"]\n", "k").unwrap_err();
        assert!(e.contains("line 2") && e.contains("no action 'fly'"), "{e}");
        let e = KeyMap::with_overrides("[nowhere]\nup = [\"k\"]\n", "k").unwrap_err();
        assert!(e.contains("line 1") && e.contains("unknown section"), "{e}");
        let e = KeyMap::with_overrides("[users]\nup = \"k\"\n", "k").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
