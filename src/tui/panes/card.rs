//! The user card. This version shows the card read-only; editing arrives with the card issue.
use crate::domain::role::effective_rights;
use crate::domain::{rights, Language, User};
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Tabs, Wrap};
use ratatui::Frame;

pub const TABS: [&str; 6] = [
    "General",
    "Roles & rights",
    "Object groups",
    "Access to objects",
    "Assessment",
    "API access",
];

pub struct CardPane {
    pub user: User,
    pub tab: usize,
}

impl CardPane {
    pub fn new(user: User) -> Self {
        CardPane { user, tab: 0 }
    }

    pub fn tab_by(&mut self, d: isize) {
        self.tab = (self.tab as isize + d).rem_euclid(TABS.len() as isize) as usize;
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Language) {
        let u = &self.user;
        let title = format!(" User {} · {} ", u.login, u.username);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Span::styled(title, theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [tabs_area, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        f.render_widget(
            Tabs::new(
                TABS.iter()
                    .enumerate()
                    .map(|(i, t)| format!("{} {t}", i + 1)),
            )
            .select(self.tab)
            .highlight_style(theme.focused_header()),
            tabs_area,
        );
        let lines: Vec<Line> = match self.tab {
            0 => {
                let row = |k: &str, v: String, gray: bool| {
                    let st = if gray {
                        theme.dim()
                    } else {
                        ratatui::style::Style::new()
                    };
                    Line::from(vec![
                        Span::styled(format!("{k:<18}"), theme.header()),
                        Span::styled(v, st),
                    ])
                };
                vec![
                    row("Login", u.login.to_string(), true),
                    row("Username *", u.username.clone(), false),
                    row("Last name *", u.last_name.clone(), false),
                    row("First name *", u.first_name.clone(), false),
                    row("Patronymic", u.patronymic.clone(), false),
                    row("Email *", u.email.clone(), false),
                    row("Phone", u.phone.clone(), false),
                    row("Mobile", u.mobile.clone(), false),
                    row("Position", u.position.clone(), false),
                    row("City", u.city.clone(), false),
                    row("Country", u.country.clone(), false),
                    row("Dealer", u.dealer.clone(), true),
                    row("Source", u.source.as_str().into(), true),
                    row("Language", u.language.as_str().into(), false),
                    row(
                        "Login allowed",
                        if u.login_allowed {
                            "[x] yes".into()
                        } else {
                            "[ ] no — blocked".into()
                        },
                        false,
                    ),
                    row("Version", u.version.to_string(), true),
                ]
            }
            1 => {
                let mut v = vec![Line::from(Span::styled(
                    format!("Roles: {}", crate::domain::role::roles_text(&u.roles)),
                    theme.header(),
                ))];
                for code in effective_rights(&u.roles, &u.rights) {
                    let name = rights::find(&code)
                        .map(|r| r.name.get(lang).to_string())
                        .unwrap_or(code.clone());
                    let from = if u.rights.contains(&code) {
                        "granted on the card"
                    } else {
                        "from role"
                    };
                    v.push(Line::from(format!("  {name}  ({from})")));
                }
                v
            }
            _ => vec![Line::from(Span::styled(
                "This tab arrives in a later version of lsc.",
                theme.dim(),
            ))],
        };
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    }
}
