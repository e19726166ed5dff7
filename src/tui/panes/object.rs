//! An object's card, shown over the tree: a unit's licenses and keys, a group's units, and who
//! has access (the Access for users / Accessors tab).
use crate::api::{Accessor, ObjectDetail};
use crate::domain::{LevelSource, ObjectKind};
use crate::tui::panes::tree::tag;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn render(f: &mut Frame, area: Rect, theme: &Theme, d: &ObjectDetail, acc: &[Accessor]) {
    let mut lines = Vec::new();
    let o = &d.object;
    let h = |t: &str| Line::from(Span::styled(t.to_string(), theme.header()));
    match o.kind {
        ObjectKind::Unit => {
            lines.push(Line::from(format!(
                "code {}   city {}   corporation {}",
                d.code, d.city, d.corporation
            )));
            lines.push(h("Licenses"));
            for l in &d.licenses {
                lines.push(Line::from(format!(
                    "  {:<16} ×{}  until {}  keys {}",
                    l.product,
                    l.quantity,
                    l.expires,
                    l.keys.join(", ")
                )));
            }
            lines.push(h("Access for users"));
        }
        ObjectKind::UnitGroup => {
            lines.push(Line::from(format!("{} units in this group", d.members.len())));
            lines.push(h("Accessors (levels here apply to every unit of the group)"));
        }
        _ => lines.push(h("Access for users")),
    }
    if acc.is_empty() {
        lines.push(Line::from(Span::styled("  nobody you can see", theme.dim())));
    }
    for a in acc {
        let from = match a.source {
            LevelSource::Direct { .. } => "direct".to_string(),
            LevelSource::Group { object_id } => format!("from group {object_id}"),
            LevelSource::Account { object_id } => format!("from account {object_id}"),
        };
        lines.push(Line::from(format!(
            "  {} {:<24} {} {}",
            a.login,
            a.username,
            tag(a.effective),
            from
        )));
    }
    lines.push(Line::from(Span::styled("any key closes", theme.dim())));
    let w = area.width.saturating_sub(8).min(100);
    let hh = (lines.len() as u16 + 2).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - hh) / 2,
        width: w,
        height: hh,
    };
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} · {} ", o.kind.as_str().replace('_', " "), o.name))
                .border_style(theme.border()),
        ),
        r,
    );
}
