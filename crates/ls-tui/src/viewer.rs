//! The console's side of `domain::policy`: the viewer as an actor, with the levels the server
//! reported to it, so the console enables exactly what the server would allow and says why not.
use crate::objects::tree::Forest;
use ls_core::api::Object;
use ls_core::domain::policy::{Actor, Levels, Obj, Policy, Verdict};
use ls_core::domain::{AccessLevel, DealerTree, User};
use std::sync::Arc;

/// The viewer's levels as the server reported them: on a user it answered (`User::level`), on
/// the objects it listed, and on the dealers' accounts (`Dealer::level`).
pub struct Known<'a> {
    pub forest: Option<&'a Forest>,
    pub user: Option<&'a User>,
}

/// [`Known`] with the dealers the viewer's actor holds.
pub struct KnownWith<'a> {
    known: Known<'a>,
    dealers: &'a DealerTree,
}

impl Levels for KnownWith<'_> {
    fn granted(&self, id: i64) -> AccessLevel {
        let k = &self.known;
        if let Some(l) = k.user.filter(|u| u.object_id == id).and_then(|u| u.level) {
            return l;
        }
        if let Some(l) = k.forest.and_then(|f| f.level(id)) {
            return l;
        }
        self.dealers
            .dealer_of_account(id)
            .and_then(|d| self.dealers.get(d))
            .and_then(|d| d.level)
            .unwrap_or_default()
    }
}

/// An object of the server's list, as the policy takes it.
pub fn obj(o: &Object) -> Obj<'_> {
    o.obj()
}

/// The viewer, once the console knows its user and dealers.
#[derive(Debug, Clone)]
pub struct Viewer(pub Arc<Actor>);

impl Viewer {
    /// The viewer's levels: what `known` holds, and its levels on the dealers' accounts.
    pub fn levels<'a>(&'a self, known: Known<'a>) -> KnownWith<'a> {
        KnownWith {
            known,
            dealers: &self.0.dealers,
        }
    }

    pub fn policy<'a>(&'a self, levels: &'a KnownWith<'a>) -> Policy<'a, KnownWith<'a>> {
        Policy::new(&self.0, levels)
    }
}

/// Why nothing is enabled before the sign-in answered (in English; `not_yet` says it in the
/// language in effect).
pub use ls_core::i18n::policy::NOT_YET;

/// Whose levels a tree or an object card sets, and whether the viewer may set each one.
#[derive(Debug, Clone, Default)]
pub struct LevelRule {
    viewer: Option<Viewer>,
    target: Option<User>,
}

impl LevelRule {
    pub fn new(viewer: Option<Viewer>, target: Option<User>) -> Self {
        LevelRule { viewer, target }
    }

    /// May the viewer set the target's level on `o`? The refusal says why.
    pub fn check(&self, forest: &Forest, o: &Object) -> Result<(), String> {
        match (&self.viewer, &self.target) {
            (Some(v), Some(t)) => {
                let k = v.levels(Known {
                    forest: Some(forest),
                    user: Some(t),
                });
                v.policy(&k)
                    .set_level(obj(o), t)
                    .map_err(|d| ls_core::i18n::policy::denied(&d))
            }
            _ => Err(ls_core::i18n::policy::not_yet()),
        }
    }

    /// May the viewer change the target's levels on many objects at once, each `(object, from,
    /// to)` (the target's part asked once)?
    pub fn check_all<'o>(
        &self,
        forest: &Forest,
        changes: impl Iterator<Item = (&'o Object, AccessLevel, AccessLevel)>,
    ) -> Result<Vec<(i64, Verdict)>, String> {
        let (Some(v), Some(t)) = (&self.viewer, &self.target) else {
            return Err(ls_core::i18n::policy::not_yet());
        };
        let k = v.levels(Known {
            forest: Some(forest),
            user: Some(t),
        });
        let p = v.policy(&k);
        let may = p.levels_of(t);
        Ok(changes
            .map(|(o, from, to)| (o.id, may.check_change(obj(o), from, to)))
            .collect())
    }
}
