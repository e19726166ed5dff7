//! Which columns the users list shows at a width, and how wide: the user's own order (config
//! `[users] columns`, the `c` chooser), the least important given up first when the width is
//! short, each column as wide as what its cells hold before any is cut.
use ls_core::domain::query::{Column, UserIndex};

pub const NCOL: usize = Column::ALL.len();
pub const SPACING: u16 = 1;

/// Most important first: the order in which columns are kept when the width is short.
pub const IMPORTANCE: [Column; NCOL] = [
    Column::Login,
    Column::Username,
    Column::Dealer,
    Column::Email,
    Column::Roles,
    Column::Mobile,
    Column::Phone,
    Column::LastSignIn,
    Column::Source,
];

/// No column is widened past this for its cells alone (one long address must not take the row).
const CAP: u16 = 36;
/// Narrower than this a column says too little to be worth showing.
const MIN_SHOWN: u16 = 6;
/// The width a free-text column needs to say enough of most values.
const FAIR: u16 = 16;

/// How wide every column would like to be over `index`: a free-text column wide enough for 95 in
/// 100 of its cells (one odd long value is cut, not given the row), the others for their longest;
/// capped, the login's with the blocked mark. With each, the longest (what spare room goes to).
pub fn content_widths(index: &UserIndex) -> [(u16, u16); NCOL] {
    let mut counts = [[0usize; CAP as usize + 1]; NCOL];
    for u in &index.users {
        for (i, c) in Column::ALL.iter().enumerate() {
            // As wide as the cell is shown: made visible (`rows::cut`), an escape takes room.
            let n = ls_core::domain::text::visible(&c.text(u)).chars().count() + usize::from(*c == Column::Login);
            counts[i][n.min(CAP as usize)] += 1;
        }
    }
    let all = index.users.len();
    std::array::from_fn(|i| {
        let per_len = counts[i];
        // A number or a date cut says nothing: those columns want their longest value.
        let enough = if free_text(Column::ALL[i]) { all - all / 20 } else { all };
        let mut seen = 0;
        let want = per_len
            .iter()
            .position(|n| {
                seen += n;
                seen >= enough.max(1)
            })
            .unwrap_or(0) as u16;
        let longest = per_len.iter().rposition(|n| *n > 0).unwrap_or(0) as u16;
        (want, longest)
    })
}

fn free_text(c: Column) -> bool {
    matches!(c, Column::Username | Column::Email | Column::Dealer | Column::Roles)
}

fn rank(c: Column) -> usize {
    IMPORTANCE.iter().position(|x| *x == c).unwrap_or(NCOL)
}

/// The columns shown at `width`, in the user's `order`, with their widths.
///
/// `titles` are the titles' widths in the language in effect (a column is never narrower than
/// its title and sort arrow unless the width is short); `filtered` columns (searched, or the
/// focused one brought into view) are kept before any other but the login, so a search is never
/// applied by a column no one sees and the focus is never on one.
pub fn lay_out(
    order: &[Column],
    content: &[(u16, u16); NCOL],
    titles: &[u16; NCOL],
    filtered: &[bool; NCOL],
    width: u16,
) -> Vec<(Column, u16)> {
    if order.is_empty() {
        return vec![];
    }
    let want = |c: Column| content[c.index()].0.max(titles[c.index()] + 2);
    let longest = |c: Column| content[c.index()].1.max(want(c));
    let least = |c: Column| want(c).min(MIN_SHOWN.max(titles[c.index()]).min(14));
    let mut by_rank: Vec<Column> = order.to_vec();
    by_rank.sort_by_key(|c| (*c != Column::Login, !filtered[c.index()], rank(*c)));
    // A column comes in only if it can be shown as most of its cells are: free text at a fair
    // width, a phone or a date whole (cut, it says nothing); the least important stay out.
    let fair = |c: Column| if free_text(c) { want(c).min(FAIR) } else { want(c) };
    // The login and every searched column come first, as narrow as they may be: a search is
    // never applied by a column no one sees (unless not even they fit).
    let fit = |size: &dyn Fn(Column) -> u16| {
        let mut kept: Vec<(Column, u16)> = Vec::new();
        let mut used = 0u16;
        let must = |c: &Column| *c == Column::Login || filtered[c.index()];
        for c in by_rank.iter().filter(|c| must(c)) {
            let need = least(*c) + if kept.is_empty() { 0 } else { SPACING };
            if used + need > width && !kept.is_empty() {
                break;
            }
            used += need;
            kept.push((*c, least(*c)));
        }
        // Room left: the searched ones as wide as the others would be.
        for (c, w) in kept.iter_mut() {
            let more = size(*c).saturating_sub(*w).min(width.saturating_sub(used));
            *w += more;
            used += more;
        }
        for c in by_rank.iter().filter(|c| !must(c)) {
            let need = size(*c) + SPACING;
            if used + need > width {
                break;
            }
            used += need;
            kept.push((*c, size(*c)));
        }
        (kept, used)
    };
    let (mut kept, mut used) = fit(&fair);
    if kept.len() < 2 {
        // Too narrow for that: as many as fit at all, cut.
        (kept, used) = fit(&least);
    }
    // Each column grows towards what most of its cells hold, then towards its longest, one cell
    // at a time, the most important first.
    let mut extra = width.saturating_sub(used);
    for goal in [&want as &dyn Fn(Column) -> u16, &longest] {
        while extra > 0 {
            let mut grew = false;
            for (c, w) in kept.iter_mut() {
                if extra > 0 && *w < goal(*c) {
                    *w += 1;
                    extra -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
    }
    // What is left goes to the free-text columns, where a longer value is likeliest.
    if extra > 0 {
        let flex: Vec<usize> = kept
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| matches!(c, Column::Username | Column::Email))
            .map(|(i, _)| i)
            .collect();
        let flex = if flex.is_empty() { vec![kept.len() - 1] } else { flex };
        let share = extra / flex.len() as u16;
        for (n, i) in flex.iter().enumerate() {
            kept[*i].1 += if n == 0 {
                extra - share * (flex.len() as u16 - 1)
            } else {
                share
            };
        }
    }
    if let Some(first) = kept.first_mut() {
        first.1 = first.1.min(width);
    }
    order
        .iter()
        .filter_map(|c| kept.iter().find(|(k, _)| k == c).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles() -> [u16; NCOL] {
        Column::ALL.map(|c| c.title().chars().count() as u16)
    }

    fn total(l: &[(Column, u16)]) -> u16 {
        l.iter().map(|(_, w)| w).sum::<u16>() + SPACING * (l.len() as u16).saturating_sub(1)
    }

    #[test]
    fn short_widths_give_up_the_least_important_and_fill_the_width() {
        let content = [5, 20, 30, 12, 26, 16, 16, 6, 16].map(|w| (w, w + 4));
        for width in [40u16, 78, 118, 200] {
            let l = lay_out(&Column::ALL, &content, &titles(), &[false; NCOL], width);
            assert_eq!(total(&l), width, "{width}: {l:?}");
            assert_eq!(l[0].0, Column::Login);
            let shown: Vec<Column> = l.iter().map(|(c, _)| *c).collect();
            // Whatever is shown is a prefix of the importance order.
            let n = shown.len();
            let mut top: Vec<Column> = IMPORTANCE[..n].to_vec();
            top.sort_by_key(|c| c.index());
            assert_eq!(shown, top, "{width}");
        }
        let wide = lay_out(&Column::ALL, &content, &titles(), &[false; NCOL], 200);
        assert_eq!(wide.len(), NCOL);
        // At 120 columns the phones hold their numbers whole before the username grows.
        let mid = lay_out(&Column::ALL, &content, &titles(), &[false; NCOL], 118);
        for (c, w) in &mid {
            if matches!(c, Column::Phone | Column::Mobile) {
                assert!(*w >= 16, "{mid:?}");
            }
        }
    }

    #[test]
    fn a_searched_column_stays_and_the_order_is_the_users() {
        let content = [5, 20, 30, 12, 26, 16, 16, 6, 16].map(|w| (w, w + 4));
        let mut filtered = [false; NCOL];
        filtered[Column::Source.index()] = true;
        let l = lay_out(&Column::ALL, &content, &titles(), &filtered, 60);
        assert!(l.iter().any(|(c, _)| *c == Column::Source), "{l:?}");
        // Four searched columns, one with a long odd value: all four shown at 80.
        let mut content = content;
        content[Column::Phone.index()] = (16, 36);
        let mut filtered = [false; NCOL];
        for c in [Column::Dealer, Column::Email, Column::Phone, Column::LastSignIn] {
            filtered[c.index()] = true;
        }
        let l = lay_out(&Column::ALL, &content, &titles(), &filtered, 78);
        for c in [
            Column::Login,
            Column::Dealer,
            Column::Email,
            Column::Phone,
            Column::LastSignIn,
        ] {
            assert!(l.iter().any(|(x, _)| *x == c), "{c:?}: {l:?}");
        }
        assert!(total(&l) <= 78, "{l:?}");
        assert!(lay_out(&[], &content, &titles(), &filtered, 78).is_empty());
        let order = [Column::Email, Column::Login, Column::Username];
        let l = lay_out(&order, &content, &titles(), &[false; NCOL], 100);
        assert_eq!(l.iter().map(|(c, _)| *c).collect::<Vec<_>>(), order);
    }
}
