//! The Object groups tab: the unit groups the user reaches, then the others the viewer sees;
//! Space gives or takes view on a group (through the card's tree's pending levels).
use super::form::CardPane;
use crate::keymap::{Action, Context};
use crate::objects::save_tree;
use crate::objects::tree::{tag, Forest};
use crate::room::{Cx, Flow};
use crate::theme::Theme;
use ls_core::domain::{AccessLevel, LevelSource, ObjectKind};
use ls_core::t;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

impl CardPane {
    /// The tab's list: groups the user reaches first, then the others the viewer sees.
    pub fn groups_list(&self, forest: &Forest) -> Vec<i64> {
        let Some(t) = &self.tree else { return vec![] };
        let mut v: Vec<(bool, String, i64)> = forest
            .objects
            .iter()
            .filter(|o| o.kind == ObjectKind::UnitGroup)
            .map(|o| (t.effective(o.id) == AccessLevel::None, o.name.clone(), o.id))
            .collect();
        v.sort();
        v.into_iter().map(|x| x.2).collect()
    }

    // Group and account names are dealers' text: made visible (`domain::text::visible`).
    pub(super) fn render_groups(&self, f: &mut Frame, area: Rect, theme: &Theme, forest: Option<&Forest>) {
        let (Some(t), Some(forest)) = (&self.tree, forest) else {
            f.render_widget(Paragraph::new(t!("card-groups-loading")).style(theme.dim()), area);
            return;
        };
        let mut lines: Vec<Line> = crate::rows::wrap_words(&t!("card-groups-help"), area.width as usize)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.dim())))
            .collect();
        let list = self.groups_list(forest);
        let h = area.height.saturating_sub(lines.len() as u16) as usize;
        let top = self.groups_focus.saturating_sub(h.saturating_sub(1));
        for (i, id) in list.iter().enumerate().skip(top).take(h) {
            let Some(&oi) = forest.index.get(id) else { continue };
            let o = &forest.objects[oi];
            let eff = t.effective(*id);
            let pending = t.pending.get(id);
            let shown = pending.copied().unwrap_or(eff);
            let from = match t.levels.get(id).map(|e| e.source) {
                Some(LevelSource::Direct { .. }) => t!("card-groups-direct"),
                Some(LevelSource::Group { object_id }) | Some(LevelSource::Account { object_id }) => {
                    t!("card-groups-from", name = visible_name(forest.label(object_id)))
                }
                Some(LevelSource::Role { object_id, .. }) => {
                    t!("card-groups-from", name = visible_name(forest.label(object_id)))
                }
                Some(LevelSource::Hidden) => t!("card-groups-from-hidden"),
                None => String::new(),
            };
            let mut st = if t.rule.check(forest, o).is_err() {
                theme.dim()
            } else {
                Style::new()
            };
            if i == self.groups_focus {
                st = st.patch(theme.selected());
            }
            let mark = if shown > AccessLevel::None { "[x]" } else { "[ ]" };
            let mut spans = vec![
                Span::styled(
                    format!("{mark} {} {}", tag(shown), visible_name(forest.label(o.id))),
                    st,
                ),
                Span::styled(format!("  {from}"), theme.dim()),
            ];
            if pending.is_some() {
                spans.push(Span::styled(format!(" *{}", t!("card-groups-pending")), theme.error()));
            }
            lines.push(crate::rows::cut_line(Line::from(spans), area.width as usize));
        }
        if list.is_empty() && t.levels_loaded {
            for part in crate::rows::wrap_words(&t!("card-groups-none"), area.width as usize) {
                lines.push(Line::from(part));
            }
        }
        f.render_widget(Paragraph::new(lines), area);
    }
}

/// Keys of the Object groups tab: move, Space gives or takes view, Ctrl-S saves. `Pass` for the
/// card's own keys.
pub fn groups_key(card: &mut CardPane, k: &KeyEvent, cx: &mut Cx) -> Flow {
    let (Some(forest), Some(action)) = (cx.s.forest.clone(), cx.s.keys.lookup(Context::Card, k)) else {
        return Flow::Pass;
    };
    let list = card.groups_list(&forest);
    match action {
        Action::Up => card.groups_focus = card.groups_focus.saturating_sub(1),
        Action::Down => card.groups_focus = (card.groups_focus + 1).min(list.len().saturating_sub(1)),
        Action::Toggle => {
            let Some(t) = card.tree.as_mut() else { return Flow::Pass };
            let Some(o) = list
                .get(card.groups_focus)
                .and_then(|id| forest.index.get(id))
                .map(|&i| &forest.objects[i])
            else {
                return Flow::Done;
            };
            let direct = t.levels.get(&o.id).map(|e| e.direct).unwrap_or_default();
            let now = t.pending.get(&o.id).copied().unwrap_or(direct);
            let next = if now > AccessLevel::None {
                AccessLevel::None
            } else {
                AccessLevel::View
            };
            let verdict = t
                .rule
                .check_all(&forest, std::iter::once((o, direct, next)))
                .and_then(|v| {
                    v.into_iter()
                        .next()
                        .map_or(Ok(()), |(_, v)| v.map_err(|d| ls_core::i18n::policy::denied(&d)))
                });
            if let Err(why) = verdict {
                cx.error(why);
                return Flow::Done;
            }
            if next == direct {
                t.pending.remove(&o.id);
            } else {
                t.pending.insert(o.id, next);
            }
            let inherited = matches!(t.levels.get(&o.id).map(|e| e.source), Some(LevelSource::Account { .. }));
            if next == AccessLevel::None && inherited {
                cx.info(t!("card-groups-grant-removed", name = o.name.clone()));
            } else {
                cx.info(t!(
                    "card-groups-level-pending",
                    level = level_word(next),
                    name = o.name.clone()
                ));
            }
        }
        Action::Save => {
            let Some(t) = card.tree.as_mut() else { return Flow::Pass };
            if t.pending.is_empty() {
                cx.info(t!("card-groups-nothing-pending"));
                return Flow::Done;
            }
            save_tree(t, cx);
        }
        _ => return Flow::Pass,
    }
    Flow::Done
}

/// A level as a word in the language in effect (the tab only gives or takes view).
fn level_word(l: AccessLevel) -> String {
    match l {
        AccessLevel::None => t!("card-level-none"),
        AccessLevel::View => t!("card-level-view"),
        AccessLevel::Execute => t!("card-level-execute"),
        AccessLevel::Edit => t!("card-level-edit"),
        AccessLevel::Manage => t!("card-level-manage"),
    }
}

/// A name as the tab shows it: made visible.
fn visible_name(name: String) -> String {
    ls_core::domain::text::visible(&name).into_owned()
}
