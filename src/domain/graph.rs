//! The objects graph and every object's effective level for one user: direct grants, raised by
//! the groups holding a unit and by the object's account. Pure, so server and console agree.
use super::access::{effective_unit_level, AccessLevel, LevelSource, ObjectKind};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: i64,
    pub kind: ObjectKind,
    pub name: String,
    pub account_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub index: HashMap<i64, usize>,
    /// Unit → the groups holding it.
    pub groups_of: HashMap<i64, Vec<i64>>,
    /// Group → its units.
    pub members: HashMap<i64, Vec<i64>>,
}

impl Graph {
    pub fn new(nodes: Vec<Node>, memberships: &[(i64, i64)]) -> Self {
        let index = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let mut groups_of: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
        for &(g, u) in memberships {
            groups_of.entry(u).or_default().push(g);
            members.entry(g).or_default().push(u);
        }
        Graph {
            nodes,
            index,
            groups_of,
            members,
        }
    }

    pub fn get(&self, id: i64) -> Option<&Node> {
        self.index.get(&id).map(|&i| &self.nodes[i])
    }

    /// Effective level and its source of one object, for a user with `direct` grants.
    pub fn effective(&self, id: i64, direct: &HashMap<i64, AccessLevel>) -> (AccessLevel, LevelSource) {
        let d = |o: i64| direct.get(&o).copied().unwrap_or_default();
        let Some(n) = self.get(id) else {
            return (AccessLevel::None, LevelSource::Direct { object_id: id });
        };
        let account = n.account_id.filter(|a| *a != id).map(|a| (a, d(a)));
        match n.kind {
            ObjectKind::Unit => {
                let groups: Vec<(i64, AccessLevel)> = self
                    .groups_of
                    .get(&id)
                    .map(|gs| gs.iter().map(|g| (*g, d(*g))).collect())
                    .unwrap_or_default();
                effective_unit_level(id, d(id), &groups, account)
            }
            kind => {
                let (l, s) = effective_unit_level(id, d(id), &[], account);
                (l.on(kind), s)
            }
        }
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
