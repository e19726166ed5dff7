//! The viewer's objects as a forest: accounts → unit groups → units, and users; a mask shows the
//! matching nodes with their ancestors; the rows are one flat vector.
use ls_core::api::Object;
use ls_core::domain::wildcard::{fold_str, Mask};
use ls_core::domain::{AccessLevel, ObjectKind};
use std::collections::HashMap;

/// The viewer's objects arranged as a forest; built once per load and shared.
#[derive(Debug, Default)]
pub struct Forest {
    pub objects: Vec<Object>,
    pub index: HashMap<i64, usize>,
    /// Every name lower-cased, back to back in one buffer (`folded_at[i]..folded_at[i + 1]`):
    /// one allocation instead of 100,000.
    folded: String,
    folded_at: Vec<u32>,
    roots: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// Objects whose kind and name another object shares: a flat list names their account too.
    shared: std::collections::HashSet<usize>,
}

impl Forest {
    pub fn new(objects: Vec<Object>) -> Self {
        let index: HashMap<i64, usize> = objects.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let mut folded = String::new();
        let mut folded_at = Vec::with_capacity(objects.len() + 1);
        for o in &objects {
            folded_at.push(folded.len() as u32);
            folded.push_str(&fold_str(&o.name));
        }
        folded_at.push(folded.len() as u32);
        folded.shrink_to_fit();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); objects.len()];
        let mut roots = Vec::new();
        // Kind, then the folded name in natural order (`#72` before `#202`), then the name as
        // written, so the order is total.
        let folded_of = |i: usize| {
            folded
                .get(folded_at[i] as usize..folded_at[i + 1] as usize)
                .unwrap_or("")
        };
        let by_name = |v: &mut Vec<usize>, objs: &[Object]| {
            v.sort_by(|&a, &b| {
                kind_rank(objs[a].kind)
                    .cmp(&kind_rank(objs[b].kind))
                    .then_with(|| super::natural::cmp(folded_of(a), folded_of(b)))
                    .then_with(|| objs[a].name.cmp(&objs[b].name))
            })
        };
        for (i, o) in objects.iter().enumerate() {
            let account = o.account_id.filter(|a| *a != o.id).and_then(|a| index.get(&a).copied());
            match o.kind {
                ObjectKind::Account => roots.push(i),
                ObjectKind::Unit => {
                    let groups: Vec<usize> = o.parent_ids.iter().filter_map(|g| index.get(g).copied()).collect();
                    if !groups.is_empty() {
                        for g in groups {
                            children[g].push(i);
                        }
                    } else if let Some(a) = account {
                        children[a].push(i);
                    } else {
                        roots.push(i);
                    }
                }
                _ => match account {
                    Some(a) => children[a].push(i),
                    None => roots.push(i),
                },
            }
        }
        for c in &mut children {
            by_name(c, &objects);
        }
        by_name(&mut roots, &objects);
        let mut seen: HashMap<(u8, &str), usize> = HashMap::new();
        for o in &objects {
            *seen.entry((kind_rank(o.kind), o.name.as_str())).or_default() += 1;
        }
        let shared = objects
            .iter()
            .enumerate()
            .filter(|(_, o)| seen.get(&(kind_rank(o.kind), o.name.as_str())).is_some_and(|n| *n > 1))
            .map(|(i, _)| i)
            .collect();
        Forest {
            objects,
            index,
            folded,
            folded_at,
            roots,
            children,
            shared,
        }
    }

    /// The name as a flat list shows it: with its account's name when another object of its
    /// kind has the same name (two accounts' "Riga restaurants" told apart).
    pub fn label(&self, id: i64) -> String {
        let Some(&i) = self.index.get(&id) else {
            return format!("#{id}");
        };
        let o = &self.objects[i];
        match o.account_id.filter(|a| *a != o.id) {
            Some(a) if self.shared.contains(&i) => format!("{} · {}", o.name, self.name(a)),
            _ if self.shared.contains(&i) => format!("{} · #{}", o.name, o.id),
            _ => o.name.clone(),
        }
    }

    fn folded_name(&self, i: usize) -> &str {
        let (a, b) = (self.folded_at[i] as usize, self.folded_at[i + 1] as usize);
        self.folded.get(a..b).unwrap_or("")
    }

    /// The viewer's level on object `id`, as the server listed it.
    pub fn level(&self, id: i64) -> Option<AccessLevel> {
        self.index.get(&id).map(|&i| self.objects[i].level)
    }

    pub fn name(&self, id: i64) -> String {
        self.index
            .get(&id)
            .map(|&i| self.objects[i].name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The rows shown for a mask: matches, their ancestors, and everything under a match.
    pub fn rows(&self, mask: Option<&Mask>) -> Vec<TreeRow> {
        let mut out = Vec::new();
        for &r in &self.roots {
            self.walk(r, 0, mask, false, &mut out);
        }
        out
    }

    fn walk(&self, i: usize, depth: u16, mask: Option<&Mask>, under_match: bool, out: &mut Vec<TreeRow>) -> bool {
        let me = under_match || mask.is_none_or(|m| m.matches_folded(self.folded_name(i)));
        let pos = out.len();
        out.push(TreeRow {
            idx: i,
            depth,
            branch: !self.children[i].is_empty(),
            folded: false,
        });
        let mut any = me;
        for &c in &self.children[i] {
            any |= self.walk(c, depth + 1, mask, me, out);
        }
        if !any {
            out.truncate(pos);
        }
        any
    }
}

fn kind_rank(k: ObjectKind) -> u8 {
    match k {
        ObjectKind::Account => 0,
        ObjectKind::UnitGroup => 1,
        ObjectKind::Unit => 2,
        ObjectKind::User => 3,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    pub idx: usize,
    pub depth: u16,
    /// Rows are shown under it (or would be, unfolded).
    pub branch: bool,
    /// Folded: what is under it is not among the rows.
    pub folded: bool,
}

impl ls_core::copy::Objects for Forest {
    fn obj(&self, id: i64) -> Option<ls_core::domain::policy::Obj<'_>> {
        self.index.get(&id).map(|i| self.objects[*i].obj())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(id: i64, kind: ObjectKind, name: &str, account: Option<i64>) -> Object {
        Object {
            id,
            kind,
            name: name.into(),
            account_id: account,
            parent_ids: vec![],
            level: AccessLevel::View,
        }
    }

    #[test]
    fn groups_of_the_same_name_are_told_apart_by_their_account() {
        let f = Forest::new(vec![
            obj(1, ObjectKind::Account, "North", None),
            obj(2, ObjectKind::Account, "South", None),
            obj(3, ObjectKind::UnitGroup, "Riga", Some(1)),
            obj(4, ObjectKind::UnitGroup, "Riga", Some(2)),
            obj(5, ObjectKind::UnitGroup, "Kazan", Some(2)),
        ]);
        assert_eq!(f.label(3), "Riga · North");
        assert_eq!(f.label(4), "Riga · South");
        assert_eq!(f.label(5), "Kazan", "a name no other group has stays as it is");
        assert_eq!(f.label(1), "North");
    }

    fn o(id: i64, kind: ObjectKind, name: &str, account: i64, parents: Vec<i64>) -> Object {
        Object {
            id,
            kind,
            name: name.into(),
            account_id: Some(account),
            parent_ids: parents,
            level: AccessLevel::Manage,
        }
    }

    #[test]
    fn forest_and_mask() {
        let f = Forest::new(vec![
            o(1, ObjectKind::Account, "Alpha", 1, vec![]),
            o(2, ObjectKind::UnitGroup, "Fuel group", 1, vec![]),
            o(3, ObjectKind::Unit, "Fuel Station 1", 1, vec![2]),
            o(4, ObjectKind::Unit, "Cafe", 1, vec![]),
            o(5, ObjectKind::User, "ivan", 1, vec![]),
        ]);
        let all = f.rows(None);
        let names: Vec<_> = all.iter().map(|r| (r.depth, f.objects[r.idx].name.as_str())).collect();
        assert_eq!(
            names,
            vec![
                (0, "Alpha"),
                (1, "Fuel group"),
                (2, "Fuel Station 1"),
                (1, "Cafe"),
                (1, "ivan")
            ]
        );
        let m = Mask::new("cafe");
        let names: Vec<_> = f.rows(Some(&m)).iter().map(|r| f.objects[r.idx].name.clone()).collect();
        assert_eq!(names, vec!["Alpha", "Cafe"], "a match brings its ancestors");
        let m = Mask::new("Fuel g*");
        let names: Vec<_> = f.rows(Some(&m)).iter().map(|r| f.objects[r.idx].name.clone()).collect();
        assert_eq!(
            names,
            vec!["Alpha", "Fuel group", "Fuel Station 1"],
            "a matching branch shows its children"
        );
    }

    #[test]
    fn siblings_in_natural_order() {
        let f = Forest::new(vec![
            o(1, ObjectKind::Account, "Alpha", 1, vec![]),
            o(2, ObjectKind::Unit, "Omsk #202", 1, vec![]),
            o(3, ObjectKind::Unit, "Omsk #72", 1, vec![]),
            o(4, ObjectKind::Unit, "omsk #809", 1, vec![]),
            o(5, ObjectKind::Unit, "Omsk #315", 1, vec![]),
        ]);
        let names: Vec<_> = f.rows(None).iter().map(|r| f.objects[r.idx].name.clone()).collect();
        assert_eq!(names, ["Alpha", "Omsk #72", "Omsk #202", "Omsk #315", "omsk #809"]);
    }
}
