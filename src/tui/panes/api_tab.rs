//! The card's API access tab: the token (masked; `v` reveals), copy, renew, the Generate USR
//! form, and for aggregators their licenses (each id is an AggregatorAuthentication token).
use crate::api::ApiAccess;
use crate::domain::Login;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;
use tui_input::Input;

/// Focusable lines: the token, the password field, then license rows.
pub const FOCUS_TOKEN: usize = 0;
pub const FOCUS_PASSWORD: usize = 1;

#[derive(Default)]
pub struct ApiTab {
    /// Whether the tab is shown for this card at all.
    pub visible: bool,
    pub data: Option<Result<ApiAccess, String>>,
    pub reveal: bool,
    pub focus: usize,
    /// Typed for the USR form only; cleared as soon as the header is made.
    pub password: Input,
    pub header: Option<String>,
    /// The last text sent by OSC 52 (unconfirmed), for `P`.
    pub last_copy: Option<String>,
}

pub fn mask_token(t: &str) -> String {
    let n = t.chars().count();
    let tail: String = t.chars().skip(n.saturating_sub(4)).collect();
    format!("{}{tail}", "•".repeat(n.saturating_sub(4).min(20)))
}

impl ApiTab {
    pub fn items(&self) -> usize {
        2 + self.licenses_len()
    }

    fn licenses_len(&self) -> usize {
        match &self.data {
            Some(Ok(a)) => a.licenses.len(),
            _ => 0,
        }
    }

    pub fn token(&self) -> Option<&str> {
        match &self.data {
            Some(Ok(a)) => Some(&a.token),
            _ => None,
        }
    }

    /// The license id under the focus, if the focus is on a license row.
    pub fn focused_license(&self) -> Option<&str> {
        match &self.data {
            Some(Ok(a)) if self.focus >= 2 => a.licenses.get(self.focus - 2).map(|l| l.id.as_str()),
            _ => None,
        }
    }

    pub fn focus_by(&mut self, d: isize) {
        let n = self.items() as isize;
        self.focus = (self.focus as isize + d).clamp(0, n - 1) as usize;
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, login: Option<Login>) {
        let a = match &self.data {
            None => {
                f.render_widget(Paragraph::new("Loading API access…").style(theme.dim()), area);
                return;
            }
            Some(Err(e)) => {
                f.render_widget(
                    Paragraph::new(e.clone()).style(theme.error()).wrap(Wrap { trim: true }),
                    area,
                );
                return;
            }
            Some(Ok(a)) => a,
        };
        let sel = |i: usize| {
            if self.focus == i {
                theme.selected()
            } else {
                Style::new()
            }
        };
        let token = if self.reveal {
            a.token.clone()
        } else {
            mask_token(&a.token)
        };
        let pw: String = "•".repeat(self.password.value().chars().count());
        let mut lines = vec![
            Line::from(vec![
                Span::styled("API token   ", theme.header()),
                Span::styled(token, sel(FOCUS_TOKEN)),
            ]),
            Line::from(Span::styled(
                "            v reveal · c copy · R renew · P show the last copy",
                theme.dim(),
            )),
            Line::from(""),
            Line::from(Span::styled("Generate USR", theme.title())),
            Line::from(format!(
                "  login     {}",
                login.map(|l| l.to_string()).unwrap_or_default()
            )),
            Line::from(vec![
                Span::raw("  password  "),
                Span::styled(
                    format!("{pw:<24}"),
                    if self.focus == FOCUS_PASSWORD {
                        theme.field_focused()
                    } else {
                        theme.field()
                    },
                ),
                Span::styled("  never stored", theme.dim()),
            ]),
            Line::from(format!(
                "  token     {}",
                if self.reveal {
                    a.token.clone()
                } else {
                    mask_token(&a.token)
                }
            )),
            Line::from(Span::styled(
                "  usr = Base64(login + \";\" + md5(login + password) + \";\" + md5(token))",
                theme.dim(),
            )),
            Line::from(Span::styled("  Enter or u makes the header and copies it", theme.dim())),
        ];
        if let Some(h) = &self.header {
            lines.push(Line::from(vec![
                Span::styled("  usr: ", theme.header()),
                Span::raw(h.clone()),
            ]));
        }
        let top = lines.len() as u16 + 1;
        f.render_widget(Paragraph::new(lines), area);
        if self.focus == FOCUS_PASSWORD {
            let cx = self.password.visual_cursor() as u16;
            f.set_cursor_position((area.x + 12 + cx.min(23), area.y + 5));
        }
        if a.licenses.is_empty() || area.height <= top + 2 {
            return;
        }
        let rows = a.licenses.iter().enumerate().map(|(i, l)| {
            let st = if l.expired { theme.dim() } else { Style::new() };
            let st = if self.focus == i + 2 {
                st.patch(theme.selected())
            } else {
                st
            };
            Row::new(vec![
                Cell::from(l.id.clone()),
                Cell::from(l.product.clone()),
                Cell::from(l.object.clone()),
                Cell::from(if l.expired {
                    format!("{} expired", l.expires)
                } else {
                    l.expires.clone()
                }),
            ])
            .style(st)
        });
        let t = Table::new(
            rows,
            [
                Constraint::Length(38),
                Constraint::Length(14),
                Constraint::Length(16),
                Constraint::Min(10),
            ],
        )
        .header(
            Row::new(["Aggregator license (c copies the id)", "Product", "Object", "Expires"]).style(theme.header()),
        )
        .column_spacing(1);
        f.render_widget(
            t,
            Rect {
                y: area.y + top,
                height: area.height - top,
                ..area
            },
        );
    }
}
