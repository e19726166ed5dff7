//! What of the matched rows a tree shows, and in what order: the viewer's own work first. Within
//! each parent, a row whose branch holds something the viewer may change comes before one that
//! is read-only through and through; read-only branches are folded away (counted, and shown on a
//! key) when there is something changeable to put first; any branch folds on `←`/`h`.
use super::forest::TreeRow;
use super::tree::ObjectTree;
use crate::viewer::LevelRule;
use ls_core::domain::AccessLevel;
use ls_core::t;
use std::collections::HashMap;

/// A matched row with what the policy said about it.
#[derive(Debug, Clone, Copy)]
pub struct Judged {
    pub row: TreeRow,
    /// The object's id (the fold choices are kept by id).
    pub id: i64,
    /// The viewer may set the target's level on it.
    pub may: bool,
}

/// A row after the ordering: whether rows are under it, and whether its branch is all read-only.
#[derive(Debug, Clone, Copy)]
struct Placed {
    row: TreeRow,
    id: i64,
    may: bool,
    kids: bool,
    read_only: bool,
}

/// The rows to show.
#[derive(Debug, Default)]
pub struct Shaped {
    pub rows: Vec<TreeRow>,
    /// Rows of read-only branches folded away (the footer says how many).
    pub read_only_hidden: usize,
    /// The read-only branches (shown or not): the show/hide key forgets their fold choices.
    pub read_only_branches: Vec<i64>,
    /// Some matched row is changeable (else nothing is folded away).
    pub any_changeable: bool,
}

/// Orders and folds `rows` (depth-first, as the forest walks them). `folds` holds the viewer's
/// own choices by object id (true: folded); a read-only branch with no choice is folded away
/// unless `show_read_only`; when nothing shown is changeable nothing is folded away (a read-only
/// viewer browses everything as before).
pub fn shape(rows: &[Judged], folds: &HashMap<i64, bool>, show_read_only: bool) -> Shaped {
    let placed = order(rows);
    let any_changeable = placed.iter().any(|p| p.may);
    let hide = !show_read_only && any_changeable;
    let mut out = Shaped {
        rows: Vec::with_capacity(placed.len()),
        read_only_hidden: 0,
        read_only_branches: placed.iter().filter(|p| p.kids && p.read_only).map(|p| p.id).collect(),
        any_changeable,
    };
    let mut k = 0;
    while k < placed.len() {
        let p = placed[k];
        let end = subtree_end(&placed, k);
        let choice = folds.get(&p.id).copied();
        if hide && p.kids && p.read_only && choice.is_none() {
            out.read_only_hidden += end - k;
            k = end;
            continue;
        }
        let folded = p.kids && choice == Some(true);
        out.rows.push(TreeRow {
            branch: p.kids,
            folded,
            ..p.row
        });
        if folded {
            if p.read_only {
                out.read_only_hidden += end - k - 1;
            }
            k = end;
        } else {
            k += 1;
        }
    }
    out
}

/// One past the last row under row `k`.
fn subtree_end(rows: &[Placed], k: usize) -> usize {
    let d = rows[k].row.depth;
    let mut j = k + 1;
    while j < rows.len() && rows[j].row.depth > d {
        j += 1;
    }
    j
}

/// `rows` (whole subtrees, depth-first) with each level's siblings in a stable order: branches
/// holding something changeable first, then those read-only throughout.
fn order(rows: &[Judged]) -> Vec<Placed> {
    let mut mine: Vec<Placed> = Vec::new();
    let mut theirs: Vec<Placed> = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        let d = rows[k].row.depth;
        let mut j = k + 1;
        while j < rows.len() && rows[j].row.depth > d {
            j += 1;
        }
        let inner = order(&rows[k + 1..j]);
        let any = rows[k].may || inner.iter().any(|p| p.may);
        let to = if any { &mut mine } else { &mut theirs };
        to.push(Placed {
            row: rows[k].row,
            id: rows[k].id,
            may: rows[k].may,
            kids: j > k + 1,
            read_only: !any,
        });
        to.extend(inner);
        k = j;
    }
    mine.extend(theirs);
    mine
}

impl ObjectTree {
    /// The matched rows ordered and folded (see [`shape`]). Before the policy can answer (the
    /// sign-in not in yet), every row counts as changeable: nothing is folded away.
    pub(super) fn shaped(&self, matched: &[TreeRow]) -> Shaped {
        let objects = &self.forest.objects;
        // Asked as a change that changes nothing: the object's verdict, the target's part once.
        let unchanged = matched
            .iter()
            .map(|r| (&objects[r.idx], AccessLevel::None, AccessLevel::None));
        let judged: Vec<Judged> = match self.rule.check_all(&self.forest, unchanged) {
            Ok(verdicts) => matched
                .iter()
                .zip(verdicts)
                .map(|(r, (id, v))| Judged {
                    row: *r,
                    id,
                    may: v.is_ok(),
                })
                .collect(),
            Err(_) => matched
                .iter()
                .map(|r| Judged {
                    row: *r,
                    id: objects[r.idx].id,
                    may: true,
                })
                .collect(),
        };
        shape(&judged, &self.folds, self.show_read_only)
    }

    /// [`Self::refresh`] with the cursor kept on its object where it is still shown (a fold, the
    /// levels or the rule arriving must not move it).
    pub fn reshape(&mut self) -> usize {
        let at = self
            .rows
            .get(self.at.cursor)
            .map(|r| (self.forest.objects[r.idx].id, r.depth));
        let n = self.refresh();
        let found = at.and_then(|(id, depth)| {
            self.rows
                .iter()
                .position(|r| r.depth == depth && self.forest.objects[r.idx].id == id)
        });
        if let Some(p) = found {
            self.at.cursor = p;
        }
        n
    }

    /// Whose changes the viewer may make changed: the order and the folds follow.
    pub fn set_rule(&mut self, rule: LevelRule) {
        self.rule = rule;
        let _ = self.reshape();
    }

    /// `←`/`h`: folds the open branch under the cursor; elsewhere goes to the row's parent.
    /// Returns how many selected objects the fold hid (and so unselected).
    pub fn fold_cursor(&mut self) -> usize {
        let Some(row) = self.rows.get(self.at.cursor).copied() else {
            return 0;
        };
        if row.branch && !row.folded {
            self.folds.insert(self.forest.objects[row.idx].id, true);
            return self.reshape();
        }
        if let Some(p) = self.rows[..self.at.cursor].iter().rposition(|r| r.depth < row.depth) {
            let d = p as isize - self.at.cursor as isize;
            self.at.move_by(self.rows.len(), d, false, |_| {});
        }
        0
    }

    /// `→`/`l`: unfolds the folded branch under the cursor; on an open one goes to its first row.
    pub fn unfold_cursor(&mut self) {
        let Some(row) = self.rows.get(self.at.cursor).copied() else {
            return;
        };
        if row.folded {
            self.folds.insert(self.forest.objects[row.idx].id, false);
            let _ = self.reshape();
        } else if row.branch {
            self.at.move_by(self.rows.len(), 1, false, |_| {});
        }
    }

    /// The show/hide key: read-only branches shown, or folded away again (fold choices made on
    /// them by hand are forgotten, so the key always does what it says). Returns how many
    /// selected objects it hid.
    pub fn toggle_read_only(&mut self) -> usize {
        self.show_read_only = !self.show_read_only;
        for id in std::mem::take(&mut self.read_only_branches) {
            self.folds.remove(&id);
        }
        self.reshape()
    }

    /// What the show/hide key did, for the status line (`key`: the key, as the map binds it).
    pub fn read_only_note(&self, key: &str) -> String {
        if self.read_only_branches.is_empty() {
            t!("tree-no-read-only")
        } else if !self.any_changeable {
            t!("tree-all-read-only")
        } else if self.show_read_only {
            t!("tree-read-only-shown", key = key)
        } else {
            t!("tree-read-only-folded", n = self.read_only_hidden, key = key)
        }
    }

    /// The footer: shown, selected, pending, and the read-only rows folded away if any.
    pub(super) fn counts(&self) -> String {
        let mut s = t!(
            "tree-counts",
            shown = self.rows.len(),
            selected = self.selected.len(),
            pending = self.pending.len()
        );
        if self.read_only_hidden > 0 {
            s.push_str(" · ");
            s.push_str(&t!("tree-read-only-hidden", n = self.read_only_hidden));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(idx: usize, depth: u16, may: bool) -> Judged {
        Judged {
            row: TreeRow {
                idx,
                depth,
                branch: false,
                folded: false,
            },
            id: idx as i64,
            may,
        }
    }

    fn ids(s: &Shaped) -> Vec<usize> {
        s.rows.iter().map(|r| r.idx).collect()
    }

    #[test]
    fn changeable_first_read_only_folded_away_and_shown_on_request() {
        // 1 (read-only account) › 2 › 3; 4 (changeable account) › 5 › 6, 7 (read-only unit).
        let rows = [
            j(1, 0, false),
            j(2, 1, false),
            j(3, 2, false),
            j(4, 0, true),
            j(7, 1, false),
            j(5, 1, true),
            j(6, 2, true),
        ];
        let none = HashMap::new();
        let s = shape(&rows, &none, false);
        assert_eq!(ids(&s), [4, 5, 6, 7], "mine first; the read-only branch away");
        assert_eq!(s.read_only_hidden, 3);
        let s = shape(&rows, &none, true);
        assert_eq!(ids(&s), [4, 5, 6, 7, 1, 2, 3]);
        assert_eq!(s.read_only_hidden, 0);
        // Folding a branch of one's own hides what is under it, not counted as read-only.
        let folds = HashMap::from([(4, true)]);
        let s = shape(&rows, &folds, false);
        assert_eq!(ids(&s), [4]);
        assert!(s.rows[0].folded && s.rows[0].branch);
        assert_eq!(s.read_only_hidden, 3);
    }

    #[test]
    fn nothing_changeable_nothing_folded_away() {
        let rows = [j(1, 0, false), j(2, 1, false)];
        let s = shape(&rows, &HashMap::new(), false);
        assert_eq!(ids(&s), [1, 2]);
        assert_eq!(s.read_only_hidden, 0);
    }
}
