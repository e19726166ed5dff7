//! Popups sized to what they say: as wide as their longest line (and title) allows on the
//! screen, as tall as their lines once wrapped at that width — so no key a popup offers is
//! pushed out of it by a long message.
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use ratatui::Frame;

/// The columns a popup's block takes from its text: two borders and a column of padding each side.
const SIDES: u16 = 4;

/// The widest a popup may be in `area`: a margin of two columns shows there is a screen behind.
pub fn max_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).max(area.width.min(24))
}

/// Where a popup showing `p` (its block included) goes in `area`, with a title `title_w` wide.
pub fn rect(area: Rect, p: &Paragraph, title_w: u16) -> Rect {
    let max = max_width(area);
    let w = (p.line_width() as u16).max(title_w).min(max);
    // ratatui wraps at the width it is given, not at what the block leaves inside: count the
    // lines at the inner width, or a word moved to the next line pushes the last one out.
    let h = (p.line_count(w.saturating_sub(SIDES).max(1)) as u16).min(area.height);
    area.centered(Constraint::Length(w), Constraint::Length(h))
}

/// Draws `p` in a bordered popup titled `title` over whatever is in `area`; returns its place.
/// Its lines wrap at its width; a title wider than the screen allows keeps its beginning and
/// ends with `…`.
pub fn draw(f: &mut Frame, area: Rect, title: &str, border: Style, p: Paragraph) -> Rect {
    let title = super::rows::notice(title, max_width(area));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.clone())
        .border_style(border)
        .padding(Padding::horizontal(1));
    let p = p.wrap(Wrap { trim: false }).block(block);
    let r = rect(area, &p, title.chars().count() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(p, r);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    #[test]
    fn a_long_line_wraps_and_the_last_line_stays_inside() {
        for width in [60u16, 80, 120] {
            let mut t = Terminal::new(TestBackend::new(width, 24)).unwrap();
            let long = "someone else changed this user while you were editing it: ".repeat(3);
            t.draw(|f| {
                let lines = vec![long.clone().into(), "".into(), "k  keep your draft".into()];
                draw(f, f.area(), "Changed", Style::new(), Paragraph::new(lines));
            })
            .unwrap();
            let screen: String = t.backend().buffer().content().iter().map(|c| c.symbol()).collect();
            assert!(screen.contains("k  keep your draft"), "{width}");
            assert!(screen.contains("editing"), "{width}");
        }
        // A short popup is as narrow as its text.
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut at = Rect::default();
        t.draw(|f| at = draw(f, f.area(), "Hi", Style::new(), Paragraph::new("yes or no")))
            .unwrap();
        assert_eq!((at.width, at.height), (13, 3));
    }

    /// A word too long for the rest of its line moves to the next one (the new user's token after
    /// its label): the popup grows for it, and its last line stays inside.
    #[test]
    fn a_long_word_moved_to_the_next_line_keeps_the_last_line_inside() {
        let token = "6f51ebb29ebacc82dad7c19be88629d9e7e635ff53601ebfb040761376e94a7b";
        let note = "The LS emails the login and password to the user. p copies the password, t the token; \
                    Esc or Enter closes this (they are not shown again).";
        for width in [60u16, 80, 100, 120] {
            let mut t = Terminal::new(TestBackend::new(width, 24)).unwrap();
            t.draw(|f| {
                let lines = vec![
                    "password   qBEeMCV5MnEX2E".into(),
                    format!("API token  {token}").into(),
                    "".into(),
                    note.into(),
                ];
                draw(f, f.area(), "New user: shown once", Style::new(), Paragraph::new(lines));
            })
            .unwrap();
            let screen: String = t.backend().buffer().content().iter().map(|c| c.symbol()).collect();
            // Narrower than the token itself, it is wrapped inside the popup (t copies it whole).
            assert!(width < 72 || screen.contains(token), "{width}: {screen}");
            assert!(screen.contains("again)."), "{width}: the note's end is cut");
        }
    }
}
