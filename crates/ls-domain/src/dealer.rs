//! Dealers: the tree of dealers and sub-dealers, each owning one account of objects.
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dealer {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub account_id: Option<i64>,
    /// The caller's own level on the dealer's account, in `GET /api/dealers` answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<super::AccessLevel>,
}

/// The dealers as a tree: who is below whom, and which dealer owns which account.
#[derive(Debug, Clone, Default)]
pub struct DealerTree {
    dealers: HashMap<i64, Dealer>,
    children: HashMap<i64, Vec<i64>>,
    by_account: HashMap<i64, i64>,
}

impl DealerTree {
    pub fn new(dealers: &[Dealer]) -> Self {
        let mut t = DealerTree::default();
        for d in dealers {
            if let Some(p) = d.parent_id {
                t.children.entry(p).or_default().push(d.id);
            }
            if let Some(a) = d.account_id {
                t.by_account.insert(a, d.id);
            }
            t.dealers.insert(d.id, d.clone());
        }
        t
    }

    pub fn get(&self, id: i64) -> Option<&Dealer> {
        self.dealers.get(&id)
    }

    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.dealers.keys().copied()
    }

    /// `id` and every dealer below it (sub-dealers, their sub-dealers, …).
    pub fn below(&self, id: i64) -> HashSet<i64> {
        let mut out = HashSet::from([id]);
        let mut todo = vec![id];
        while let Some(d) = todo.pop() {
            for c in self.children.get(&d).into_iter().flatten() {
                // A cycle in bad data must not loop forever.
                if out.insert(*c) {
                    todo.push(*c);
                }
            }
        }
        out
    }

    /// The dealer owning account object `account_id`.
    pub fn dealer_of_account(&self, account_id: i64) -> Option<i64> {
        self.by_account.get(&account_id).copied()
    }

    pub fn account_of(&self, dealer_id: i64) -> Option<i64> {
        self.dealers.get(&dealer_id).and_then(|d| d.account_id)
    }

    pub fn name(&self, dealer_id: i64) -> String {
        self.dealers
            .get(&dealer_id)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| format!("dealer {dealer_id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_and_accounts() {
        let d = |id, parent_id, account_id| Dealer {
            id,
            name: format!("d{id}"),
            parent_id,
            account_id,
            level: None,
        };
        let t = DealerTree::new(&[
            d(1, None, Some(10)),
            d(2, Some(1), Some(20)),
            d(3, Some(2), None),
            d(4, None, None),
        ]);
        assert_eq!(t.below(1), HashSet::from([1, 2, 3]));
        assert_eq!(t.below(2), HashSet::from([2, 3]));
        assert_eq!(t.below(4), HashSet::from([4]));
        assert_eq!(t.dealer_of_account(20), Some(2));
        assert_eq!(t.account_of(1), Some(10));
        assert_eq!(t.dealer_of_account(30), None);
        // A cycle terminates.
        let c = DealerTree::new(&[d(5, Some(6), None), d(6, Some(5), None)]);
        assert_eq!(c.below(5), HashSet::from([5, 6]));
    }
}
