//! `/` on the card's Roles & rights and Groups tabs: type and the cursor jumps to the first item
//! whose name holds the text (any case); Down/Tab the next, Up/Shift-Tab the one before; Enter
//! stays there, Esc goes back to where the search started.
use super::form::{CardPane, RightsItem};
use super::tab::Tab;
use crate::field;
use crate::objects::forest::Forest;
use ls_core::domain::wildcard::fold_str;
use ls_core::domain::Language;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

/// The search being typed, and where the cursor was when it began.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub input: Input,
    from: usize,
    /// How many items hold the text.
    pub matches: usize,
}

impl CardPane {
    /// The names searched on the tab in front, in list order (none on other tabs).
    fn find_names(&self, lang: Language, forest: Option<&Forest>) -> Vec<String> {
        match self.tab {
            Tab::Rights => self
                .rights_items()
                .iter()
                .map(|it| match it {
                    RightsItem::Role(r) => r.as_str().to_string(),
                    RightsItem::Right(code) => match ls_core::domain::rights::find(code) {
                        Some(r) => format!("{} {code}", r.name.get(lang)),
                        None => code.clone(),
                    },
                })
                .collect(),
            Tab::Groups => match forest {
                Some(f) => self.groups_list(f).iter().map(|id| f.label(*id)).collect(),
                None => vec![],
            },
            _ => vec![],
        }
    }

    fn list_focus(&mut self) -> &mut usize {
        match self.tab {
            Tab::Groups => &mut self.groups_focus,
            t => &mut self.focus[t.index()],
        }
    }

    /// Whether `/` searches on this tab.
    pub fn can_find(&self) -> bool {
        matches!(self.tab, Tab::Rights | Tab::Groups)
    }

    pub fn open_find(&mut self) {
        let from = *self.list_focus();
        self.find = Some(Find {
            from,
            ..Find::default()
        });
    }

    /// A key while searching; false when the search is over.
    pub fn find_key(&mut self, k: &KeyEvent, lang: Language, forest: Option<&Forest>) -> bool {
        let Some(mut find) = self.find.take() else { return false };
        let names: Vec<String> = self.find_names(lang, forest).iter().map(|n| fold_str(n)).collect();
        // The items holding what is typed, in list order.
        let hits = |typed: &str| -> Vec<usize> {
            let typed = fold_str(typed);
            let holds = |n: &String| !typed.is_empty() && n.contains(&typed);
            names
                .iter()
                .enumerate()
                .filter(|(_, n)| holds(n))
                .map(|(i, _)| i)
                .collect()
        };
        let now = hits(find.input.value());
        let at = *self.list_focus();
        match k.code {
            KeyCode::Esc => {
                *self.list_focus() = find.from;
                return false;
            }
            KeyCode::Enter => return false,
            KeyCode::Down | KeyCode::Tab => {
                if let Some(i) = now.iter().find(|i| **i > at).or(now.first()) {
                    *self.list_focus() = *i;
                }
            }
            KeyCode::Up | KeyCode::BackTab => {
                if let Some(i) = now.iter().rev().find(|i| **i < at).or(now.last()) {
                    *self.list_focus() = *i;
                }
            }
            _ => {
                field::edit(&mut find.input, k);
                // The first match from where the search began, round to the top.
                let then = hits(find.input.value());
                let first = then.iter().find(|i| **i >= find.from).or(then.first());
                *self.list_focus() = first.copied().unwrap_or(find.from);
            }
        }
        find.matches = hits(find.input.value()).len();
        self.find = Some(find);
        true
    }
}
