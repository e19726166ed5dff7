//! Drawing the card: its frame and tabs, the General, Roles & rights and Assessment tabs (its
//! questions are popups of their own, in `confirm`).
use super::caps::Caps;
use super::form::{CardPane, Kind, RightsItem, Tab};
use crate::objects::tree::Forest;
use crate::rows::{cut, cut_line, notice};
use crate::theme::Theme;
use ls_core::domain::role::{effective_rights, roles_text};
use ls_core::domain::text::visible;
use ls_core::domain::{rights, Language, Role};
use ls_core::t;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Tabs, Wrap};
use ratatui::Frame;

impl CardPane {
    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        caps: &Caps,
        lang: Language,
        forest: Option<&Forest>,
    ) {
        let title = match &self.user {
            Some(u) => format!(
                " {}{} ",
                t!(
                    "card-title-user",
                    login = u.login.to_string(),
                    username = visible(&u.username).into_owned()
                ),
                if self.dirty() {
                    format!(" ● {}", t!("card-modified"))
                } else {
                    String::new()
                }
            ),
            None => match &self.copy_of {
                Some(l) => format!(
                    " {} ● {} ",
                    t!("card-title-copy", source = l.clone()),
                    t!("card-unsaved")
                ),
                None => format!(" {} ● {} ", t!("card-title-new"), t!("card-unsaved")),
            },
        };
        // Titles and notices keep their beginning (what they are) and end with `…` where cut.
        let title = notice(title.trim(), area.width);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(title, theme.title()));
        if let (Err(why), Some(_)) = (caps.fields(), &self.user) {
            let note = notice(&t!("card-read-only", why = why), area.width);
            block = block.title_bottom(Line::from(Span::styled(note, theme.dim())).right_aligned());
        } else {
            let note = notice(&t!("card-footer"), area.width);
            block = block.title_bottom(Line::from(note).right_aligned());
        }
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [tabs_area, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        let titles = |name: fn(Tab) -> String| -> Vec<String> {
            self.tabs()
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{} {}", i + 1, name(*t)))
                .collect()
        };
        let mut names = titles(Tab::title);
        // Each tab takes its title, a space either side and a divider.
        let width: usize = names
            .iter()
            .map(|t| t.chars().count() + 3)
            .sum::<usize>()
            .saturating_sub(1);
        if width > tabs_area.width as usize {
            names = titles(Tab::short);
        }
        f.render_widget(
            Tabs::new(names)
                .select(self.tab.index())
                .highlight_style(theme.focused_header()),
            tabs_area,
        );
        // `/` searching: the last row of the tab says what is searched and how many hold it.
        let body = match &self.find {
            Some(find) => {
                let [list, line] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(body);
                let text = format!("/{}  {}", find.input.value(), t!("card-find-status", n = find.matches));
                let text = cut(&text, line.width as usize);
                f.render_widget(Paragraph::new(text).style(theme.field_focused()), line);
                let cx = find.input.visual_cursor() as u16 + 1;
                f.set_cursor_position((line.x + cx.min(line.width.saturating_sub(1)), line.y));
                list
            }
            None => body,
        };
        match self.tab {
            Tab::General => self.render_general(f, body, theme, caps),
            Tab::Rights => self.render_rights(f, body, theme, caps, lang),
            Tab::Groups => self.render_groups(f, body, theme, forest),
            Tab::Access => match &self.tree {
                Some(t) => t.render(f, body, theme, &Tab::Access.title()),
                None => f.render_widget(
                    Paragraph::new(t!("card-objects-loading-short")).style(theme.dim()),
                    body,
                ),
            },
            Tab::Assessment => self.render_assessment(f, body, theme),
            Tab::Api => self.api.render(f, body, theme, self.user.as_ref().map(|u| u.login)),
        }
    }

    fn render_general(&self, f: &mut Frame, area: Rect, theme: &Theme, caps: &Caps) {
        // What a save would refuse, less the `is required` of fields not typed into yet.
        let errors = self.warnings();
        // Labels as wide as the longest in this language; values get the rest, up to 40.
        let label_w = self
            .fields
            .iter()
            .map(|fl| fl.label().chars().count() + if fl.required { 2 } else { 0 })
            .max()
            .unwrap_or(0)
            + 2;
        let value_w = (area.width as usize).saturating_sub(label_w + 2).min(40);
        let focus = self.focus[Tab::General.index()];
        let mut lines = Vec::new();
        let mut cursor = None;
        // Where each field's lines start (a warning below a field takes lines of its own).
        let mut starts = Vec::with_capacity(self.fields.len() + 1);
        for (i, fl) in self.fields.iter().enumerate() {
            let row = lines.len() as u16;
            starts.push(lines.len());
            let editable = match fl.kind {
                Kind::Gray => false,
                Kind::Check => caps.block().is_ok(),
                _ => caps.fields().is_ok(),
            };
            let focused = i == focus;
            let label = format!("{}{}", fl.label(), if fl.required { " *" } else { "" });
            let label_style = if !editable {
                theme.dim()
            } else if focused {
                theme.focused_header()
            } else {
                theme.header()
            };
            let value = match fl.kind {
                Kind::Check => {
                    if self.login_allowed {
                        format!("[x] {}", t!("card-allowed-yes"))
                    } else {
                        format!("[ ] {}", t!("card-allowed-no"))
                    }
                }
                Kind::Lang => format!("‹ {} ›", self.language.as_str()),
                _ => fl.input.value().to_string(),
            };
            let vstyle = if !editable {
                theme.dim()
            } else if focused {
                theme.field_focused()
            } else {
                theme.field()
            };
            let scroll = if focused && fl.kind == Kind::Text {
                fl.input.visual_scroll(value_w.saturating_sub(1))
            } else {
                0
            };
            // The focused field scrolls; the others show where they are cut.
            let shown: String = if focused {
                // Made visible as `cut` makes the others (a hostile value then moves the cursor
                // off by its escapes, nothing more).
                visible(&value).chars().skip(scroll).take(value_w).collect()
            } else {
                crate::rows::cut(&value, value_w)
            };
            let mut spans = vec![
                Span::styled(format!("{:<w$}", label, w = label_w), label_style),
                Span::styled(format!("{shown:<value_w$}"), vstyle),
            ];
            let server = self
                .server_error
                .as_ref()
                .filter(|(fld, _)| fld.as_deref() == Some(fl.key))
                .map(|(_, m)| m.clone());
            let warning = errors
                .iter()
                .find(|e| e.field == fl.key)
                .map(|e| {
                    // Empty and required: said with the field's label, in the viewer's language.
                    if fl.required && fl.input.value().trim().is_empty() {
                        t!("card-field-required", field = fl.label())
                    } else {
                        e.message.clone()
                    }
                })
                .or(server)
                .map(|m| format!(" ⚠ {}", visible(&m)));
            // The cursor shows only while the field is edited: that is how editing looks.
            if focused && fl.kind == Kind::Text && editable && self.editing {
                let cx = fl.input.visual_cursor().saturating_sub(scroll) as u16;
                cursor = Some((area.x + label_w as u16 + cx.min(value_w as u16), row));
            }
            match warning {
                // Beside the value when it fits there, else on the line below it, wrapped.
                Some(w) if label_w + value_w + w.chars().count() <= area.width as usize => {
                    spans.push(Span::styled(w, theme.error()));
                    lines.push(Line::from(spans));
                }
                Some(w) => {
                    lines.push(Line::from(spans));
                    let room = (area.width as usize).saturating_sub(label_w).max(10);
                    for part in crate::rows::wrap_words(w.trim_start(), room) {
                        lines.push(Line::from(vec![
                            Span::raw(" ".repeat(label_w)),
                            Span::styled(part, theme.error()),
                        ]));
                    }
                }
                None => lines.push(Line::from(spans)),
            }
        }
        starts.push(lines.len());
        // Scrolled so the focused field and its warning are all in view.
        let (from, to) = (
            starts.get(focus).copied().unwrap_or(0),
            starts.get(focus + 1).copied().unwrap_or(0),
        );
        let top = to.saturating_sub(area.height as usize).min(from);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(top)
            .map(|l| cut_line(l, area.width as usize))
            .collect();
        f.render_widget(Paragraph::new(shown), area);
        if let Some((x, row)) = cursor {
            let y = (row as usize).checked_sub(top).map(|r| area.y + r as u16);
            if let Some(y) = y.filter(|y| *y < area.y + area.height) {
                f.set_cursor_position((x, y));
            }
        }
    }

    fn render_rights(&self, f: &mut Frame, area: Rect, theme: &Theme, caps: &Caps, lang: Language) {
        let [list, hint] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
        let eff = effective_rights(&self.roles, &self.rights);
        let items = self.rights_items();
        let focus = self.focus[Tab::Rights.index()];
        let mut lines: Vec<(usize, Line)> = Vec::new();
        lines.push((
            usize::MAX,
            Line::from(Span::styled(t!("card-rights-roles"), theme.header())),
        ));
        let mut group = "";
        for (i, it) in items.iter().enumerate() {
            let (checked, text, enabled, mark) = match it {
                RightsItem::Role(r) => (
                    self.roles.contains(r),
                    r.as_str().to_string(),
                    caps.role(*r).is_ok(),
                    String::new(),
                ),
                RightsItem::Right(code) => {
                    let r = rights::find(code);
                    if let Some(r) = r {
                        if r.group != group {
                            group = &r.group;
                            lines.push((
                                usize::MAX,
                                Line::from(Span::styled(
                                    t!("card-rights-group", group = group_name(group)),
                                    theme.header(),
                                )),
                            ));
                        }
                    }
                    let from_role = self.roles.iter().any(|ro| ro.default_rights().contains(&code.as_str()));
                    let name = r.map(|r| r.name.get(lang).to_string()).unwrap_or(code.clone());
                    let mark = if from_role {
                        format!("  ({})", t!("card-rights-from-role"))
                    } else if self.rights.contains(code) {
                        format!("  ({})", t!("card-rights-granted"))
                    } else {
                        String::new()
                    };
                    (eff.contains(code), name, caps.right(code).is_ok() && !from_role, mark)
                }
            };
            let style = if i == focus {
                theme.selected()
            } else if !enabled {
                theme.dim()
            } else {
                Style::new()
            };
            // Where a row is too long, the name gives way (with `…`; the hint names it whole):
            // where a right comes from is what the row is read for.
            let room = (list.width as usize).saturating_sub(4 + mark.chars().count());
            let text = crate::rows::cut(&text, room.max(4));
            lines.push((
                i,
                Line::from(vec![
                    Span::styled(format!("{} {text}", if checked { "[x]" } else { "[ ]" }), style),
                    Span::styled(mark, theme.dim()),
                ]),
            ));
        }
        // Scroll so the focused line stays visible.
        let h = list.height as usize;
        let pos = lines.iter().position(|(i, _)| *i == focus).unwrap_or(0);
        let top = pos.saturating_sub(h.saturating_sub(2));
        let w = list.width as usize;
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(top)
            .take(h)
            .map(|(_, l)| cut_line(l, w))
            .collect();
        f.render_widget(Paragraph::new(shown), list);
        let (title, body) = match items.get(focus) {
            Some(RightsItem::Right(code)) => match rights::find(code) {
                Some(r) => (r.name.get(lang).to_string(), r.comment.get(lang).to_string()),
                None => (code.clone(), String::new()),
            },
            Some(RightsItem::Role(r)) => (r.as_str().to_string(), role_description(*r)),
            None => (String::new(), String::new()),
        };
        let hint_text = vec![
            Line::from(Span::styled(title, theme.title())),
            Line::from(""),
            Line::from(body),
            Line::from(""),
            Line::from(Span::styled(
                t!("card-rights-roles-line", roles = roles_text(&self.roles)),
                theme.dim(),
            )),
            Line::from(Span::styled(t!("card-rights-export"), theme.dim())),
        ];
        f.render_widget(
            Paragraph::new(hint_text).wrap(Wrap { trim: true }).block(
                Block::default()
                    .borders(Borders::LEFT)
                    .title(format!(" {} ", t!("card-rights-hint")))
                    .border_style(theme.border()),
            ),
            hint,
        );
    }

    fn render_assessment(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        match &self.assessments {
            None => f.render_widget(Paragraph::new(t!("card-loading")).style(theme.dim()), area),
            Some(Err(e)) => f.render_widget(Paragraph::new(visible(e).into_owned()).style(theme.error()), area),
            Some(Ok(a)) if a.is_empty() => {
                f.render_widget(Paragraph::new(t!("card-assessment-none")).style(theme.dim()), area)
            }
            Some(Ok(a)) => {
                // The result whole; the comment and the date show where they are cut.
                let res_w = [
                    t!("card-assessment-passed"),
                    t!("card-assessment-failed"),
                    t!("card-assessment-result"),
                ]
                .iter()
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(8) as u16;
                let comment_w = area.width.saturating_sub(6 + 12 + 6 + res_w + 4).max(10) as usize;
                let rows = a.iter().map(|x| {
                    let res = if x.passed {
                        t!("card-assessment-passed")
                    } else {
                        t!("card-assessment-failed")
                    };
                    let st = if x.passed { theme.ok() } else { theme.error() };
                    Row::new(vec![
                        Cell::from(x.year.to_string()),
                        Cell::from(cut(&x.date, 12)),
                        Cell::from(x.score.to_string()),
                        Cell::from(Span::styled(res, st)),
                        Cell::from(cut(&x.comment, comment_w)),
                    ])
                });
                let t = Table::new(
                    rows,
                    [
                        Constraint::Length(6),
                        Constraint::Length(12),
                        Constraint::Length(6),
                        Constraint::Length(res_w),
                        Constraint::Min(10),
                    ],
                )
                .header(
                    Row::new([
                        cut(&t!("card-assessment-year"), 6),
                        cut(&t!("card-assessment-date"), 12),
                        cut(&t!("card-assessment-score"), 6),
                        t!("card-assessment-result"),
                        cut(&t!("card-assessment-comment"), comment_w),
                    ])
                    .style(theme.header()),
                )
                .column_spacing(1);
                f.render_widget(t, area);
            }
        }
    }
}

/// A rights group of the catalogue (`assets/rights.toml` names them in English only) in the
/// language in effect; a group not known here keeps its catalogue name.
fn group_name(group: &str) -> String {
    match group {
        "Users" => t!("card-group-users"),
        "Sub-dealers" => t!("card-group-sub-dealers"),
        "Objects" => t!("card-group-objects"),
        "Corporations" => t!("card-group-corporations"),
        "Licenses" => t!("card-group-licenses"),
        "Keys and requests" => t!("card-group-keys"),
        "Reports" => t!("card-group-reports"),
        "Dealer data" => t!("card-group-dealer-data"),
        "Access rights" => t!("card-group-access-rights"),
        other => other.to_string(),
    }
}

/// What a role is for, in the language in effect (the hint beside the Roles & rights list).
fn role_description(r: Role) -> String {
    match r {
        Role::Admin => t!("card-role-admin"),
        Role::DealerManager => t!("card-role-dealer-manager"),
        Role::DealerUser => t!("card-role-dealer-user"),
        Role::Client => t!("card-role-client"),
        Role::SubDealer => t!("card-role-sub-dealer"),
        Role::Aggregator => t!("card-role-aggregator"),
    }
}
