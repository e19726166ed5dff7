//! The objects graph and every object's effective level for one user: direct grants, raised by
//! the groups holding a unit and by the object's account. Pure, so server and console agree.
use super::access::{effective_level_with, level_sources, AccessLevel, LevelSource, ObjectKind, RoleLevels};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: i64,
    pub kind: ObjectKind,
    pub name: String,
    pub account_id: Option<i64>,
}

/// The graph, stored compactly: it holds every object (100,000 at full scale) for as long as
/// nothing changes, so per-object hash maps and vectors would cost more than the objects.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Sorted by id.
    pub nodes: Vec<Node>,
    /// `slot[id]` = index in `nodes` + 1 (0: no such object). Ids are dense row ids.
    slot: Vec<u32>,
    /// The groups holding each node, back to back: node `i` has `groups[at[i]..at[i + 1]]`.
    groups: Vec<i64>,
    groups_at: Vec<u32>,
    /// Group → its units (a few thousand groups).
    pub members: HashMap<i64, Vec<i64>>,
}

/// Where object `id` sits in `nodes`, by the slot table.
fn slot_index(slot: &[u32], id: i64) -> Option<usize> {
    let s = *slot.get(usize::try_from(id).ok()?)?;
    (s > 0).then(|| s as usize - 1)
}

impl Graph {
    pub fn new(mut nodes: Vec<Node>, memberships: &[(i64, i64)]) -> Self {
        nodes.sort_by_key(|n| n.id);
        let max = nodes.last().map_or(0, |n| n.id.max(0) as usize);
        let mut slot = vec![0u32; max + 1];
        for (i, n) in nodes.iter().enumerate() {
            if n.id >= 0 {
                slot[n.id as usize] = i as u32 + 1;
            }
        }
        let idx = |id: i64| {
            usize::try_from(id)
                .ok()
                .and_then(|i| slot.get(i))
                .filter(|s| **s > 0)
                .map(|s| *s as usize - 1)
        };
        let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut per_node: Vec<u32> = vec![0; nodes.len()];
        for &(g, u) in memberships {
            members.entry(g).or_default().push(u);
            if let Some(i) = idx(u) {
                per_node[i] += 1;
            }
        }
        let mut groups_at = Vec::with_capacity(nodes.len() + 1);
        let mut total = 0u32;
        for c in &per_node {
            groups_at.push(total);
            total += c;
        }
        groups_at.push(total);
        let mut groups = vec![0i64; total as usize];
        let mut fill = groups_at.clone();
        for &(g, u) in memberships {
            if let Some(i) = idx(u) {
                groups[fill[i] as usize] = g;
                fill[i] += 1;
            }
        }
        Graph {
            nodes,
            slot,
            groups,
            groups_at,
            members,
        }
    }

    fn index_of(&self, id: i64) -> Option<usize> {
        slot_index(&self.slot, id)
    }

    pub fn get(&self, id: i64) -> Option<&Node> {
        self.index_of(id).map(|i| &self.nodes[i])
    }

    /// The unit groups holding object `id` (empty for anything but a unit in groups).
    pub fn groups_of(&self, id: i64) -> &[i64] {
        match self.index_of(id) {
            Some(i) => &self.groups[self.groups_at[i] as usize..self.groups_at[i + 1] as usize],
            None => &[],
        }
    }

    /// Effective level and its source of one object, for a user with `direct` grants.
    pub fn effective(&self, id: i64, direct: &HashMap<i64, AccessLevel>) -> (AccessLevel, LevelSource) {
        self.effective_with(id, direct, &RoleLevels::default())
    }

    /// [`effective`](Self::effective) for a user whose roles give it `roles` (the policy's
    /// `RoleLevels::of`).
    pub fn effective_with(
        &self,
        id: i64,
        direct: &HashMap<i64, AccessLevel>,
        roles: &RoleLevels,
    ) -> (AccessLevel, LevelSource) {
        let d = |o: i64| direct.get(&o).copied().unwrap_or_default();
        let Some(n) = self.get(id) else {
            return (AccessLevel::None, LevelSource::Direct { object_id: id });
        };
        effective_level_with(id, n.kind, self.groups_of(id), n.account_id, d, roles)
    }

    /// The effective level of one object and every source giving it (what `w` explains).
    pub fn sources(
        &self,
        id: i64,
        direct: &HashMap<i64, AccessLevel>,
        roles: &RoleLevels,
    ) -> (AccessLevel, Vec<LevelSource>) {
        let d = |o: i64| direct.get(&o).copied().unwrap_or_default();
        let Some(n) = self.get(id) else {
            return (AccessLevel::None, Vec::new());
        };
        level_sources(id, n.kind, self.groups_of(id), n.account_id, d, roles)
    }

    /// Effective levels of every object above `none`.
    pub fn effective_all(&self, direct: &HashMap<i64, AccessLevel>) -> HashMap<i64, (AccessLevel, LevelSource)> {
        self.nodes
            .iter()
            .filter_map(|n| {
                let e = self.effective(n.id, direct);
                (e.0 > AccessLevel::None).then_some((n.id, e))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use AccessLevel::*;

    fn graph() -> Graph {
        let n = |id, kind, account_id| Node {
            id,
            kind,
            name: format!("n{id}"),
            account_id,
        };
        Graph::new(
            vec![
                n(1, ObjectKind::Account, Some(1)),
                n(2, ObjectKind::UnitGroup, Some(1)),
                n(3, ObjectKind::Unit, Some(1)),
                n(4, ObjectKind::Unit, Some(1)),
                n(5, ObjectKind::User, Some(1)),
                n(6, ObjectKind::UnitGroup, Some(1)),
            ],
            &[(2, 3), (6, 3), (6, 4)],
        )
    }

    #[test]
    fn sources() {
        let g = graph();
        let direct = HashMap::from([(2, Edit), (4, Execute), (1, View)]);
        assert_eq!(g.effective(3, &direct), (Edit, LevelSource::Group { object_id: 2 }));
        assert_eq!(g.effective(4, &direct), (Execute, LevelSource::Direct { object_id: 4 }));
        assert_eq!(g.effective(5, &direct), (View, LevelSource::Account { object_id: 1 }));
        // execute on an account counts as view; on a user too.
        let direct = HashMap::from([(1, Execute), (5, Execute)]);
        assert_eq!(g.effective(1, &direct).0, View);
        assert_eq!(g.effective(5, &direct).0, View);
        assert_eq!(g.effective(3, &direct).0, View);
        assert_eq!(g.effective_all(&HashMap::new()).len(), 0);
    }

    fn lvl() -> impl Strategy<Value = AccessLevel> {
        (0u8..5).prop_map(|d| AccessLevel::from_digit(d).unwrap_or(None))
    }

    proptest! {
        #[test]
        fn group_or_account_grant_never_lowers(ds in proptest::collection::vec(lvl(), 6), target in 1i64..7, extra in lvl()) {
            let g = graph();
            let direct: HashMap<i64, AccessLevel> = ds.iter().enumerate().map(|(i, l)| (i as i64 + 1, *l)).collect();
            let before = g.effective_all(&direct);
            // Raise one group or account grant: no object's level may drop.
            let id = [1i64, 2, 6][(target as usize) % 3];
            let mut raised = direct.clone();
            let cur = raised.get(&id).copied().unwrap_or(None);
            raised.insert(id, cur.max(extra));
            for n in &g.nodes {
                let a = before.get(&n.id).map(|x| x.0).unwrap_or(None);
                let b = g.effective(n.id, &raised).0;
                prop_assert!(b >= a);
            }
        }

        #[test]
        fn removing_a_direct_grant_never_raises(ds in proptest::collection::vec(lvl(), 6), target in 1i64..7) {
            let g = graph();
            let direct: HashMap<i64, AccessLevel> = ds.iter().enumerate().map(|(i, l)| (i as i64 + 1, *l)).collect();
            let mut less = direct.clone();
            less.remove(&target);
            for n in &g.nodes {
                prop_assert!(g.effective(n.id, &less).0 <= g.effective(n.id, &direct).0);
            }
        }
    }
}
