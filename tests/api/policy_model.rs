//! Model-based authorization test. Proptest generates worlds (dealers and sub-dealers, accounts,
//! groups, units, users with roles, rights and grants) and sequences of actions by random actors;
//! each world is written to a real SQLite file, served by the real server, and every action goes
//! over HTTP. An oracle written here from the seeds' rules (not from `domain::policy`) predicts
//! each status and keeps its own copy of the state; objects and users lists are compared whole.
//!
//! The rules the oracle encodes (seeds and SPEC §2): five levels, `execute` counting as `view` on
//! accounts and users; a unit's level is the highest of its own, its groups' and its account's
//! grants, a group's or user's of its own and its account's, and a DEALER_MANAGER's role raises
//! them as an account grant would (edit on its dealer's account, view on its sub-dealers'); a
//! dealer's staff reach their own
//! dealer, a DEALER_MANAGER or a holder of *View Sub-Dealer entities* the dealers below too, the
//! admin everything, and nothing is granted beyond that reach; a right gates its action on top
//! of the level; 404 for what the actor may not see, 403 for what it may not do.
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use ls_console::api::{AccessChange, AccessorChange, Client, ClientError, Credentials, NewObject, ObjectUpdate};
use ls_console::domain::usr::password_hash;
use ls_console::domain::{AccessLevel, LevelSource, Login, ObjectKind, Role, UserDraft};
use ls_console::server::{self, store, Db};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use AccessLevel as L;

// ---------------------------------------------------------------- the oracle's rules

/// The rights the oracle reasons about, per role (the catalog's defaults for these codes).
fn role_rights(r: Role) -> &'static [&'static str] {
    match r {
        Role::Admin => &[
            "ACCESS_MANAGE",
            "OBJECTS_VIEW",
            "OBJECTS_CREATE",
            "OBJECTS_EDIT",
            "USERS_VIEW",
            "USERS_CREATE",
            "USERS_EDIT",
            "USERS_BLOCK",
            "USERS_API_TOKEN",
            "SUBDEALER_VIEW",
        ],
        Role::DealerManager => &[
            "ACCESS_MANAGE",
            "OBJECTS_VIEW",
            "OBJECTS_CREATE",
            "OBJECTS_EDIT",
            "USERS_VIEW",
            "USERS_CREATE",
            "USERS_EDIT",
            "USERS_BLOCK",
            "SUBDEALER_VIEW",
        ],
        Role::DealerUser => &["OBJECTS_VIEW", "OBJECTS_CREATE", "OBJECTS_EDIT", "USERS_VIEW"],
        Role::Client | Role::SubDealer | Role::Aggregator => &["OBJECTS_VIEW"],
    }
}

const CARD_RIGHTS: [&str; 7] = [
    "ACCESS_MANAGE",
    "OBJECTS_EDIT",
    "OBJECTS_CREATE",
    "USERS_EDIT",
    "USERS_BLOCK",
    "USERS_API_TOKEN",
    "SUBDEALER_VIEW",
];

/// `execute` means `view` on accounts and users.
fn counted(kind: ObjectKind, l: AccessLevel) -> AccessLevel {
    match (kind, l) {
        (ObjectKind::Account | ObjectKind::User, L::Execute) => L::View,
        _ => l,
    }
}

#[derive(Debug, Clone)]
struct MUser {
    login: Login,
    dealer: i64,
    roles: Vec<Role>,
    rights: BTreeSet<String>,
    blocked: bool,
    object: i64,
    password: String,
    token: String,
}

#[derive(Debug, Clone)]
struct MObj {
    id: i64,
    kind: ObjectKind,
    account: i64,
    members: BTreeSet<i64>,
}

#[derive(Debug, Default)]
struct Model {
    /// dealer → (parent, account)
    dealers: BTreeMap<i64, (Option<i64>, i64)>,
    objects: BTreeMap<i64, MObj>,
    users: BTreeMap<Login, MUser>,
    grants: HashMap<(Login, i64), AccessLevel>,
}

type Expect = Result<(), u16>;

fn no(code: u16) -> Expect {
    Err(code)
}

impl Model {
    fn admin(u: &MUser) -> bool {
        u.roles.contains(&Role::Admin)
    }

    fn has(&self, u: &MUser, right: &str) -> bool {
        Self::admin(u) || u.rights.contains(right) || u.roles.iter().any(|r| role_rights(*r).contains(&right))
    }

    fn dealer_of_account(&self, account: i64) -> Option<i64> {
        self.dealers.iter().find(|(_, (_, a))| *a == account).map(|(d, _)| *d)
    }

    fn below(&self, top: i64, d: i64) -> bool {
        let mut cur = Some(d);
        while let Some(c) = cur {
            if c == top {
                return true;
            }
            cur = self.dealers.get(&c).and_then(|(p, _)| *p);
        }
        false
    }

    /// Whether `u` reaches data of dealer `d`.
    fn reaches(&self, u: &MUser, d: Option<i64>) -> bool {
        if Self::admin(u) {
            return true;
        }
        let Some(d) = d else { return false };
        if u.roles.contains(&Role::DealerManager) || self.has(u, "SUBDEALER_VIEW") {
            self.below(u.dealer, d)
        } else {
            d == u.dealer
        }
    }

    fn direct(&self, u: &MUser, o: i64) -> AccessLevel {
        self.grants.get(&(u.login, o)).copied().unwrap_or_default()
    }

    /// What the grants give, before the reach and the admin's everything.
    fn granted(&self, u: &MUser, x: &MObj) -> AccessLevel {
        let mut l = self.direct(u, x.id);
        if x.kind == ObjectKind::Unit {
            for g in self.objects.values().filter(|g| g.members.contains(&x.id)) {
                l = l.max(self.direct(u, g.id));
            }
        }
        if x.kind != ObjectKind::Account {
            l = l.max(counted(ObjectKind::Account, self.direct(u, x.account)));
        }
        counted(x.kind, l.max(self.by_role(u, x.account)))
    }

    /// What a role gives on everything in `account`, never stored: a DEALER_MANAGER edits its
    /// own dealer's account (it creates that dealer's users with no grant) and views the
    /// accounts of the dealers below (it sees its sub-dealers' objects).
    fn by_role(&self, u: &MUser, account: i64) -> AccessLevel {
        if !u.roles.contains(&Role::DealerManager) {
            return L::None;
        }
        match self.dealer_of_account(account) {
            Some(d) if d == u.dealer => L::Edit,
            Some(d) if self.below(u.dealer, d) => L::View,
            _ => L::None,
        }
    }

    fn eff(&self, u: &MUser, x: &MObj) -> AccessLevel {
        if !self.reaches(u, self.dealer_of_account(x.account)) {
            return L::None;
        }
        if Self::admin(u) {
            return L::Manage;
        }
        self.granted(u, x)
    }

    /// `view` or more; a user as an object only as the user is seen (itself, or with Users — view).
    fn sees_object(&self, u: &MUser, id: i64) -> bool {
        self.objects.get(&id).is_some_and(|x| {
            self.eff(u, x) >= L::View && (x.kind != ObjectKind::User || x.id == u.object || self.has(u, "USERS_VIEW"))
        })
    }

    fn sees_user(&self, a: &MUser, t: &MUser) -> bool {
        a.login == t.login || (self.has(a, "USERS_VIEW") && self.reaches(a, Some(t.dealer)))
    }

    fn user_obj(&self, t: &MUser) -> &MObj {
        &self.objects[&t.object]
    }

    fn grantable(a: &MUser) -> BTreeSet<Role> {
        let mut g = BTreeSet::new();
        for r in &a.roles {
            match r {
                Role::Admin => g.extend([
                    Role::Admin,
                    Role::DealerManager,
                    Role::DealerUser,
                    Role::Client,
                    Role::SubDealer,
                    Role::Aggregator,
                ]),
                Role::DealerManager => g.extend([Role::DealerUser, Role::Client, Role::SubDealer]),
                _ => {}
            }
        }
        g
    }

    /// May `a` edit `t`'s characteristics (after seeing it)?
    fn may_edit(&self, a: &MUser, t: &MUser) -> Expect {
        if a.login == t.login || Self::admin(a) {
            return Ok(());
        }
        let g = Self::grantable(a);
        if !a.roles.contains(&Role::DealerManager)
            || !self.has(a, "USERS_EDIT")
            || t.roles.iter().any(|r| !g.contains(r))
            || self.eff(a, self.user_obj(t)) < L::Edit
        {
            return no(403);
        }
        Ok(())
    }

    /// May `a` change `t`'s level on object `x` to `to` (in the server's order)? A manager's or
    /// an admin's levels are an admin's to set; one's own only go down.
    fn may_set(&self, a: &MUser, t: &MUser, x: i64, to: AccessLevel) -> Expect {
        if !self.sees_user(a, t) || !self.sees_object(a, x) {
            return no(404);
        }
        let o = &self.objects[&x];
        let me = a.login == t.login;
        let above = !Self::admin(a) && !me && t.roles.iter().any(|r| matches!(r, Role::Admin | Role::DealerManager));
        if !self.has(a, "ACCESS_MANAGE")
            || self.eff(a, o) < L::Manage
            || above
            || self.eff(a, self.user_obj(t)) < L::Manage
        {
            return no(403);
        }
        if !self.reaches(t, self.dealer_of_account(o.account)) {
            return no(400);
        }
        if me && !Self::admin(a) && to > self.direct(t, x) {
            return no(403);
        }
        Ok(())
    }

    /// `t`'s level on `x` as its access page shows it (its grants and role under its reach; an
    /// administrator's page shows its grants) and every source giving it, each as `a` may see
    /// it (a group, account or role's account it does not see: hidden).
    fn sources(&self, a: &MUser, t: &MUser, x: &MObj) -> (AccessLevel, BTreeSet<LevelSource>) {
        let mut all = vec![(
            counted(x.kind, self.direct(t, x.id)),
            LevelSource::Direct { object_id: x.id },
        )];
        if x.kind == ObjectKind::Unit {
            for g in self.objects.values().filter(|g| g.members.contains(&x.id)) {
                all.push((self.direct(t, g.id), LevelSource::Group { object_id: g.id }));
            }
        }
        if x.kind != ObjectKind::Account {
            let l = counted(x.kind, counted(ObjectKind::Account, self.direct(t, x.account)));
            all.push((l, LevelSource::Account { object_id: x.account }));
        }
        let r = counted(x.kind, self.by_role(t, x.account));
        all.push((
            r,
            LevelSource::Role {
                role: Role::DealerManager,
                object_id: x.account,
            },
        ));
        let eff = all.iter().map(|(l, _)| *l).max().unwrap_or_default();
        if eff == L::None || !self.reaches(t, self.dealer_of_account(x.account)) {
            return (L::None, BTreeSet::new());
        }
        let shown = |s: LevelSource| match s {
            LevelSource::Group { object_id }
            | LevelSource::Account { object_id }
            | LevelSource::Role { object_id, .. }
                if !self.sees_object(a, object_id) =>
            {
                LevelSource::Hidden
            }
            s => s,
        };
        let set = all
            .into_iter()
            .filter(|(l, _)| *l == eff)
            .map(|(_, s)| shown(s))
            .collect();
        (eff, set)
    }

    fn may_member(&self, a: &MUser, group_account: i64, m: i64) -> Expect {
        let o = &self.objects[&m];
        if o.kind != ObjectKind::Unit || o.account != group_account {
            return no(400);
        }
        if self.eff(a, o) < L::Manage {
            return no(403);
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- worlds and actions

#[derive(Debug, Clone)]
struct WorldSpec {
    /// Top dealers and, per dealer, how many sub-dealers (the first top dealer may have a
    /// sub-sub-dealer).
    tops: Vec<u8>,
    deep: bool,
    /// Per account: (groups, units).
    objects: Vec<(u8, u8)>,
    memberships: Vec<(u16, u16)>,
    users: Vec<(u16, Vec<Role>, Vec<usize>, bool)>,
    /// (user, on an account / a user / anything, which, level)
    grants: Vec<(u16, u8, u16, u8)>,
}

#[derive(Debug, Clone)]
enum Act {
    GetUser(u16),
    GetObject(u16),
    ListObjects,
    ListUsers,
    SetAccess(u16, Vec<(u16, u8)>),
    SetAccessors(u16, Vec<(u16, u8)>),
    CreateObject(u8, u16, Vec<u16>),
    Rename(u16),
    SetMembers(u16, Vec<u16>),
    EditUser(u16, Edit),
    Token(u16, bool),
    CreateUser(u16, Role, Vec<usize>),
    /// A user's levels with every source of each (what `w` explains).
    Access(u16),
}

#[derive(Debug, Clone)]
enum Edit {
    City,
    ToggleRole(Role),
    ToggleRight(usize),
    ToggleBlock,
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(vec![
        Role::DealerManager,
        Role::DealerUser,
        Role::Client,
        Role::SubDealer,
        Role::Aggregator,
    ])
}

fn world() -> impl Strategy<Value = WorldSpec> {
    (
        prop::collection::vec(0u8..3, 1..3),
        any::<bool>(),
        prop::collection::vec((1u8..3, 2u8..5), 6),
        prop::collection::vec((any::<u16>(), any::<u16>()), 0..12),
        prop::collection::vec(
            (
                any::<u16>(),
                prop::collection::vec(role(), 1..3),
                prop::collection::vec(0..CARD_RIGHTS.len(), 0..4),
                prop::bool::weighted(0.1),
            ),
            4..9,
        ),
        // Grants lean to manage and to accounts and users, where the interesting refusals are.
        prop::collection::vec(
            (
                any::<u16>(),
                0u8..3,
                any::<u16>(),
                prop_oneof![1 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8), 3 => Just(4u8)],
            ),
            6..30,
        ),
    )
        .prop_map(|(tops, deep, objects, memberships, users, grants)| WorldSpec {
            tops,
            deep,
            objects,
            memberships,
            users,
            grants,
        })
}

fn changes() -> impl Strategy<Value = Vec<(u16, u8)>> {
    prop::collection::vec((any::<u16>(), 0u8..5), 0..4)
}

fn action() -> impl Strategy<Value = (u16, Act)> {
    let act = prop_oneof![
        1 => any::<u16>().prop_map(Act::GetUser),
        1 => any::<u16>().prop_map(Act::GetObject),
        1 => Just(Act::ListObjects),
        1 => Just(Act::ListUsers),
        4 => (any::<u16>(), changes()).prop_map(|(t, c)| Act::SetAccess(t, c)),
        3 => (any::<u16>(), changes()).prop_map(|(o, c)| Act::SetAccessors(o, c)),
        2 => (0u8..4, any::<u16>(), prop::collection::vec(any::<u16>(), 0..3)).prop_map(|(k, a, m)| Act::CreateObject(k, a, m)),
        1 => any::<u16>().prop_map(Act::Rename),
        2 => (any::<u16>(), prop::collection::vec(any::<u16>(), 0..4)).prop_map(|(g, m)| Act::SetMembers(g, m)),
        3 => (any::<u16>(), prop_oneof![
            Just(Edit::City),
            role().prop_map(Edit::ToggleRole),
            (0..CARD_RIGHTS.len()).prop_map(Edit::ToggleRight),
            Just(Edit::ToggleBlock),
        ]).prop_map(|(t, e)| Act::EditUser(t, e)),
        1 => (any::<u16>(), prop::bool::weighted(0.2)).prop_map(|(t, r)| Act::Token(t, r)),
        1 => (any::<u16>(), role(), prop::collection::vec(0..CARD_RIGHTS.len(), 0..2)).prop_map(|(d, r, x)| Act::CreateUser(d, r, x)),
        2 => any::<u16>().prop_map(Act::Access),
    ];
    (any::<u16>(), act)
}

fn pick<T: Copy>(v: &[T], i: u16) -> T {
    v[i as usize % v.len()]
}

fn level(d: u8) -> AccessLevel {
    AccessLevel::from_digit(d % 5).unwrap_or_default()
}

/// A cheap argon2 hash (the parameters travel in the hash, so the server verifies it as any).
fn weak_hash(h_password: &str) -> String {
    let salt = SaltString::encode_b64(b"policy-model-salt").expect("salt");
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(8, 1, 1, None).expect("params"),
    )
    .hash_password(h_password.as_bytes(), &salt)
    .expect("hash")
    .to_string()
}

/// Writes the world into `db` and returns the oracle's model of it.
fn build(db: &Db, w: &WorldSpec) -> Model {
    db.with(|c| {
        let tx = c.transaction().expect("tx");
        let mut m = Model::default();
        let mut n = 0;
        let mut dealer = |m: &mut Model, parent: Option<i64>| {
            n += 1;
            let d = store::insert_dealer(&tx, &format!("D{n}"), parent, None).expect("dealer");
            let acc = d.account_id.expect("account");
            m.dealers.insert(d.id, (parent, acc));
            m.objects.insert(
                acc,
                MObj {
                    id: acc,
                    kind: ObjectKind::Account,
                    account: acc,
                    members: BTreeSet::new(),
                },
            );
            d.id
        };
        let vendor = dealer(&mut m, None);
        let mut tops = Vec::new();
        for subs in &w.tops {
            let t = dealer(&mut m, None);
            tops.push(t);
            for _ in 0..*subs {
                let s = dealer(&mut m, Some(t));
                if w.deep && tops.len() == 1 {
                    dealer(&mut m, Some(s));
                }
            }
        }
        let dealers: Vec<i64> = m.dealers.keys().copied().filter(|d| *d != vendor).collect();
        let admin_login = Login::new(1).expect("login");
        let mut units = Vec::new();
        let mut groups = Vec::new();
        for (i, d) in dealers.iter().enumerate() {
            let acc = m.dealers[d].1;
            let (g, u) = w.objects[i % w.objects.len()];
            for k in 0..g + u {
                let kind = if k < g { ObjectKind::UnitGroup } else { ObjectKind::Unit };
                let id = store::insert_object(&tx, kind, &format!("o{acc}.{k}"), acc, admin_login).expect("object");
                m.objects.insert(
                    id,
                    MObj {
                        id,
                        kind,
                        account: acc,
                        members: BTreeSet::new(),
                    },
                );
                if kind == ObjectKind::Unit {
                    units.push(id)
                } else {
                    groups.push(id)
                }
            }
        }
        for (g, u) in &w.memberships {
            let (g, u) = (pick(&groups, *g), pick(&units, *u));
            if m.objects[&g].account == m.objects[&u].account {
                store::add_member(&tx, g, u).expect("member");
                m.objects.get_mut(&g).expect("group").members.insert(u);
            }
        }
        let add_user = |m: &mut Model, n: u16, dealer: i64, roles: Vec<Role>, rights: Vec<String>, blocked: bool| {
            let login = Login::new(n).expect("login");
            let password = format!("pw-{n}");
            let token = format!("token-{n}");
            let d = UserDraft {
                username: format!("user{n}"),
                first_name: "F".into(),
                last_name: "L".into(),
                email: format!("u{n}@example.com"),
                roles: roles.clone(),
                rights: rights.clone(),
                login_allowed: !blocked,
                ..Default::default()
            };
            let hash = weak_hash(&password_hash(login, &password));
            store::insert_user(&tx, login, &d, dealer, "LS", Some(&hash), &token, None).expect("user");
            let u = store::load_user(&tx, login).expect("load").expect("user");
            m.objects.insert(
                u.object_id,
                MObj {
                    id: u.object_id,
                    kind: ObjectKind::User,
                    account: m.dealers[&dealer].1,
                    members: BTreeSet::new(),
                },
            );
            m.users.insert(
                login,
                MUser {
                    login,
                    dealer,
                    roles,
                    rights: rights.into_iter().collect(),
                    blocked,
                    object: u.object_id,
                    password,
                    token,
                },
            );
        };
        add_user(&mut m, 1, vendor, vec![Role::Admin], vec![], false);
        for (i, (d, roles, rights, blocked)) in w.users.iter().enumerate() {
            let mut roles = roles.clone();
            roles.sort();
            roles.dedup();
            let rights: BTreeSet<String> = rights.iter().map(|r| CARD_RIGHTS[*r].to_string()).collect();
            add_user(
                &mut m,
                i as u16 + 2,
                pick(&dealers, *d),
                roles,
                rights.into_iter().collect(),
                *blocked,
            );
        }
        let logins: Vec<Login> = m.users.keys().copied().filter(|l| l.get() != 1).collect();
        let ids: Vec<i64> = m.objects.keys().copied().collect();
        let of_kind =
            |k: ObjectKind| -> Vec<i64> { m.objects.values().filter(|o| o.kind == k).map(|o| o.id).collect() };
        let (accounts, user_objects) = (of_kind(ObjectKind::Account), of_kind(ObjectKind::User));
        for (u, sel, o, l) in &w.grants {
            let pool = match sel {
                0 => &accounts,
                1 => &user_objects,
                _ => &ids,
            };
            let (u, o, l) = (pick(&logins, *u), pick(pool, *o), level(*l));
            store::set_grant(&tx, u, o, l).expect("grant");
            m.grants.insert((u, o), l);
        }
        tx.commit().expect("commit");
        m
    })
}

// ---------------------------------------------------------------- running

fn got(r: Result<(), ClientError>) -> Result<(), u16> {
    r.map_err(|e| e.status().unwrap_or(0))
}

struct Counts {
    worlds: AtomicUsize,
    actions: AtomicUsize,
    lists: AtomicUsize,
    refused: AtomicUsize,
}

static COUNTS: Counts = Counts {
    worlds: AtomicUsize::new(0),
    actions: AtomicUsize::new(0),
    lists: AtomicUsize::new(0),
    refused: AtomicUsize::new(0),
};

fn client(url: &str, u: &MUser) -> Client {
    Client::new(url, Credentials::new(u.login, &u.password, &u.token)).expect("client")
}

fn draft_of(m: &Model, t: &MUser) -> UserDraft {
    let _ = m;
    UserDraft {
        username: format!("user{}", t.login.get()),
        first_name: "F".into(),
        last_name: "L".into(),
        email: format!("u{}@example.com", t.login.get()),
        roles: t.roles.clone(),
        rights: t.rights.iter().cloned().collect(),
        login_allowed: !t.blocked,
        ..Default::default()
    }
}

/// Runs one action: the oracle's expectation, the server's answer, and the model updated when
/// the server did it. Returns a description of a disagreement.
async fn step(m: &mut Model, url: &str, who: u16, act: &Act) -> Result<(), String> {
    let logins: Vec<Login> = m.users.keys().copied().collect();
    let ids: Vec<i64> = m.objects.keys().copied().collect();
    let a = m.users[&pick(&logins, who)].clone();
    let c = client(url, &a);
    let mismatch = |expect: &Expect, got: &Result<(), u16>, more: String| {
        format!("actor {} {:?}: expected {expect:?}, got {got:?} {more}", a.login, act)
    };
    if a.blocked {
        let r = got(c.me().await.map(|_| ()));
        return if r == no(403) {
            Ok(())
        } else {
            Err(mismatch(&no(403), &r, String::new()))
        };
    }
    let (expect, r): (Expect, Result<(), u16>) = match act {
        Act::GetUser(t) => {
            let t = m.users[&pick(&logins, *t)].clone();
            let e = if m.sees_user(&a, &t) { Ok(()) } else { no(404) };
            let r = c.user(t.login).await;
            if let (Ok(()), Ok(u)) = (&e, &r) {
                let want = m.eff(&a, m.user_obj(&t));
                if u.level != Some(want) {
                    return Err(format!(
                        "{} sees user {} at {:?}, the oracle says {want}",
                        a.login, t.login, u.level
                    ));
                }
                // Its object groups: the groups it holds a grant on that the actor sees.
                let groups: BTreeSet<i64> = m
                    .objects
                    .values()
                    .filter(|g| {
                        g.kind == ObjectKind::UnitGroup && m.direct(&t, g.id) > L::None && m.sees_object(&a, g.id)
                    })
                    .map(|g| g.id)
                    .collect();
                let have: BTreeSet<i64> = u.object_groups.iter().copied().collect();
                if groups != have {
                    return Err(format!(
                        "{} sees user {}'s groups {have:?}, the oracle {groups:?}",
                        a.login, t.login
                    ));
                }
            }
            (e, got(r.map(|_| ())))
        }
        Act::GetObject(o) => {
            let o = pick(&ids, *o);
            let e = if m.sees_object(&a, o) { Ok(()) } else { no(404) };
            let r = c.object(o).await;
            if let Ok(d) = &r {
                // Groups and members are named only as far as the actor sees them.
                let parents: BTreeSet<i64> = m
                    .objects
                    .values()
                    .filter(|g| g.members.contains(&o) && m.sees_object(&a, g.id))
                    .map(|g| g.id)
                    .collect();
                let members: BTreeSet<i64> = m.objects[&o]
                    .members
                    .iter()
                    .copied()
                    .filter(|x| m.sees_object(&a, *x))
                    .collect();
                let got_parents: BTreeSet<i64> = d.object.parent_ids.iter().copied().collect();
                let got_members: BTreeSet<i64> = d.members.iter().copied().collect();
                if (parents, members) != (got_parents.clone(), got_members.clone()) {
                    return Err(format!(
                        "{} on object {o}: groups {got_parents:?} members {got_members:?}, the oracle shows fewer",
                        a.login
                    ));
                }
            }
            (e, got(r.map(|_| ())))
        }
        Act::ListObjects => {
            COUNTS.lists.fetch_add(1, Ordering::Relaxed);
            // Each object the actor sees, at its level, with the groups holding it that it sees.
            let want: BTreeMap<i64, (AccessLevel, BTreeSet<i64>)> = m
                .objects
                .values()
                .filter(|x| m.sees_object(&a, x.id))
                .map(|x| {
                    let parents = m
                        .objects
                        .values()
                        .filter(|g| g.members.contains(&x.id) && m.sees_object(&a, g.id))
                        .map(|g| g.id)
                        .collect();
                    (x.id, (m.eff(&a, x), parents))
                })
                .collect();
            let page = c.objects(None, "", None).await.map_err(|e| e.to_string())?;
            let have: BTreeMap<i64, (AccessLevel, BTreeSet<i64>)> = page
                .objects
                .iter()
                .map(|o| (o.id, (o.level, o.parent_ids.iter().copied().collect())))
                .collect();
            if want != have {
                let differ: Vec<_> = want
                    .keys()
                    .chain(have.keys())
                    .filter(|id| want.get(id) != have.get(id))
                    .map(|id| {
                        (
                            m.objects.get(id),
                            m.grants
                                .iter()
                                .filter(|((l, o), _)| {
                                    *l == a.login && (o == id || m.objects.get(id).is_some_and(|x| x.account == *o))
                                })
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect();
                return Err(format!(
                    "{}'s objects: oracle {want:?}\nserver {have:?}\nactor {a:?}\ndiffering {differ:?}",
                    a.login
                ));
            }
            (Ok(()), Ok(()))
        }
        Act::ListUsers => {
            COUNTS.lists.fetch_add(1, Ordering::Relaxed);
            let want: BTreeSet<Login> = m
                .users
                .values()
                .filter(|t| m.sees_user(&a, t))
                .map(|t| t.login)
                .collect();
            let page = c.users(&Default::default()).await.map_err(|e| e.to_string())?;
            let have: BTreeSet<Login> = page.users.iter().map(|u| u.login).collect();
            if want != have {
                return Err(format!("{}'s users: oracle {want:?}, server {have:?}", a.login));
            }
            (Ok(()), Ok(()))
        }
        Act::SetAccess(t, ch) => {
            let t = m.users[&pick(&logins, *t)].clone();
            let ch: Vec<(i64, AccessLevel)> = ch.iter().map(|(o, l)| (pick(&ids, *o), level(*l))).collect();
            let distinct: BTreeSet<i64> = ch.iter().map(|x| x.0).collect();
            let e = if ch.is_empty() || distinct.len() < ch.len() {
                no(400)
            } else if !m.sees_user(&a, &t) {
                no(404)
            } else {
                ch.iter()
                    .map(|(o, l)| m.may_set(&a, &t, *o, *l))
                    .find(|v| v.is_err())
                    .unwrap_or(Ok(()))
            };
            let changes = ch
                .iter()
                .map(|(o, l)| AccessChange {
                    object_id: *o,
                    level: *l,
                })
                .collect();
            let r = got(c.set_access(t.login, changes).await.map(|_| ()));
            if r.is_ok() {
                for (o, l) in &ch {
                    m.grants.insert((t.login, *o), *l);
                }
            }
            (e, r)
        }
        Act::SetAccessors(o, ch) => {
            let o = pick(&ids, *o);
            let ch: Vec<(Login, AccessLevel)> = ch.iter().map(|(t, l)| (pick(&logins, *t), level(*l))).collect();
            let distinct: BTreeSet<Login> = ch.iter().map(|x| x.0).collect();
            let e = if ch.is_empty() || distinct.len() < ch.len() {
                no(400)
            } else if !m.sees_object(&a, o) {
                no(404)
            } else {
                ch.iter()
                    .map(|(t, l)| m.may_set(&a, &m.users[t], o, *l))
                    .find(|v| v.is_err())
                    .unwrap_or(Ok(()))
            };
            let changes = ch
                .iter()
                .map(|(login, level)| AccessorChange {
                    login: *login,
                    level: *level,
                })
                .collect();
            let r = got(c.set_accessors(o, changes).await.map(|_| ()));
            if r.is_ok() {
                for (t, l) in &ch {
                    m.grants.insert((*t, o), *l);
                }
            }
            (e, r)
        }
        Act::CreateObject(k, acc, members) => {
            let kind = [
                ObjectKind::Unit,
                ObjectKind::UnitGroup,
                ObjectKind::UnitGroup,
                ObjectKind::User,
            ][*k as usize % 4];
            let acc = pick(&ids, *acc);
            let members: Vec<i64> = members.iter().map(|x| pick(&ids, *x)).collect();
            let distinct: BTreeSet<i64> = members.iter().copied().collect();
            let account = &m.objects[&acc];
            // Members on anything but a group, or a kind that is not created here: 400 first.
            let e = if (!members.is_empty() && kind != ObjectKind::UnitGroup) || kind == ObjectKind::User {
                no(400)
            } else if !m.sees_object(&a, acc) {
                no(404)
            } else if account.kind != ObjectKind::Account {
                no(400)
            } else if !m.has(&a, "OBJECTS_CREATE") || m.eff(&a, account) < L::Edit {
                no(403)
            } else if distinct.len() < members.len() {
                no(400)
            } else if members.iter().any(|x| !m.sees_object(&a, *x)) {
                no(404)
            } else {
                members
                    .iter()
                    .map(|x| m.may_member(&a, acc, *x))
                    .find(|v| v.is_err())
                    .unwrap_or(Ok(()))
            };
            let r = c
                .create_object(&NewObject {
                    kind,
                    name: "made".into(),
                    account_id: acc,
                    members: members.clone(),
                    accessors: vec![],
                })
                .await;
            if let Ok(o) = &r {
                m.objects.insert(
                    o.id,
                    MObj {
                        id: o.id,
                        kind,
                        account: acc,
                        members: members.iter().copied().collect(),
                    },
                );
                m.grants.insert((a.login, o.id), L::Manage);
            }
            (e, got(r.map(|_| ())))
        }
        Act::Rename(o) => {
            let o = pick(&ids, *o);
            let x = &m.objects[&o];
            let e = if !m.sees_object(&a, o) {
                no(404)
            } else if !matches!(x.kind, ObjectKind::Unit | ObjectKind::UnitGroup) {
                no(400)
            } else if !m.has(&a, "OBJECTS_EDIT") || m.eff(&a, x) < L::Edit {
                no(403)
            } else {
                Ok(())
            };
            let up = ObjectUpdate {
                name: Some(format!("renamed {o}")),
                members: None,
            };
            (e, got(c.update_object(o, &up).await.map(|_| ())))
        }
        Act::SetMembers(g, named) => {
            let g = pick(&ids, *g);
            let named: Vec<i64> = named.iter().map(|x| pick(&ids, *x)).collect();
            let x = m.objects[&g].clone();
            let distinct: BTreeSet<i64> = named.iter().copied().collect();
            let e = if !m.sees_object(&a, g) {
                no(404)
            } else if !m.has(&a, "OBJECTS_EDIT") || m.eff(&a, &x) < L::Edit {
                no(403)
            } else if x.kind != ObjectKind::UnitGroup || distinct.len() < named.len() {
                no(400)
            } else if named.iter().any(|n| !m.sees_object(&a, *n)) {
                no(404)
            } else {
                let add = named.iter().copied().filter(|n| !x.members.contains(n));
                // Members the actor cannot see stay.
                let remove = x
                    .members
                    .iter()
                    .copied()
                    .filter(|n| !distinct.contains(n) && m.sees_object(&a, *n));
                add.chain(remove)
                    .map(|n| m.may_member(&a, x.account, n))
                    .find(|v| v.is_err())
                    .unwrap_or(Ok(()))
            };
            let up = ObjectUpdate {
                name: None,
                members: Some(named.clone()),
            };
            let r = got(c.update_object(g, &up).await.map(|_| ()));
            if r.is_ok() {
                let invisible: Vec<i64> = x.members.iter().copied().filter(|n| !m.sees_object(&a, *n)).collect();
                let members = &mut m.objects.get_mut(&g).expect("group").members;
                *members = named.iter().copied().chain(invisible).collect();
            }
            (e, r)
        }
        Act::EditUser(t, edit) => {
            let t = m.users[&pick(&logins, *t)].clone();
            let mut d = draft_of(m, &t);
            match edit {
                Edit::City => d.city = "Omsk".into(),
                Edit::ToggleRole(r) => {
                    if let Some(i) = d.roles.iter().position(|x| x == r) {
                        d.roles.remove(i);
                    } else {
                        d.roles.push(*r);
                    }
                }
                Edit::ToggleRight(i) => {
                    let code = CARD_RIGHTS[*i].to_string();
                    if let Some(i) = d.rights.iter().position(|x| *x == code) {
                        d.rights.remove(i);
                    } else {
                        d.rights.push(code);
                    }
                }
                Edit::ToggleBlock => d.login_allowed = !d.login_allowed,
            }
            let e = if d.roles.is_empty() {
                no(400)
            } else if !m.sees_user(&a, &t) {
                no(404)
            } else {
                m.may_edit(&a, &t).and_then(|()| {
                    let me = a.login == t.login;
                    let g = Model::grantable(&a);
                    match edit {
                        Edit::City => Ok(()),
                        Edit::ToggleRole(r) if me && !(Model::admin(&a) && *r != Role::Admin) => no(403),
                        Edit::ToggleRole(r) if !g.contains(r) => no(403),
                        Edit::ToggleRight(_) if me && !Model::admin(&a) => no(403),
                        Edit::ToggleRight(i) if !m.has(&a, CARD_RIGHTS[*i]) => no(403),
                        Edit::ToggleBlock if me || !m.has(&a, "USERS_BLOCK") => no(403),
                        _ => Ok(()),
                    }
                })
            };
            // The version: the server's own (this test is not about conflicts).
            let version = match version_of(url, &m.users[&Login::new(1).expect("login")], &t).await {
                Some(v) => v,
                None => return Err(format!("cannot read user {}'s version", t.login)),
            };
            let r = c.update_user(t.login, version, &d).await;
            if r.is_ok() {
                let u = m.users.get_mut(&t.login).expect("user");
                let mut roles = d.roles.clone();
                roles.sort();
                roles.dedup();
                u.roles = roles;
                u.rights = d.rights.iter().cloned().collect();
                u.blocked = !d.login_allowed;
            }
            (e, got(r.map(|_| ())))
        }
        Act::Token(t, renew) => {
            let t = m.users[&pick(&logins, *t)].clone();
            let api = t
                .roles
                .iter()
                .any(|r| matches!(r, Role::Aggregator | Role::SubDealer | Role::DealerManager));
            let e = if !m.sees_user(&a, &t) {
                no(404)
            } else if !api || !m.has(&a, "USERS_API_TOKEN") {
                no(403)
            } else if a.login != t.login {
                m.may_edit(&a, &t)
            } else {
                Ok(())
            };
            let r = if *renew {
                let r = c.renew_token(t.login).await;
                if let Ok(n) = &r {
                    m.users.get_mut(&t.login).expect("user").token = n.token.clone();
                }
                got(r.map(|_| ()))
            } else {
                got(c.api_access(t.login).await.map(|_| ()))
            };
            (e, r)
        }
        Act::Access(t) => {
            let t = m.users[&pick(&logins, *t)].clone();
            let e = if m.sees_user(&a, &t) { Ok(()) } else { no(404) };
            let r = c.access(t.login, "").await;
            if let Ok(page) = &r {
                // Each object the actor sees that the user holds a grant on or reaches, at its
                // level, with every source of it (the first the most specific).
                let want: BTreeMap<i64, (AccessLevel, AccessLevel, BTreeSet<LevelSource>)> = m
                    .objects
                    .values()
                    .filter(|x| m.sees_object(&a, x.id))
                    .map(|x| {
                        let (eff, src) = m.sources(&a, &t, x);
                        (x.id, (m.direct(&t, x.id), eff, src))
                    })
                    .filter(|(_, (d, eff, _))| *d > L::None || *eff > L::None)
                    .collect();
                let mut have = BTreeMap::new();
                for en in &page.entries {
                    let set: BTreeSet<LevelSource> = en.sources.iter().copied().collect();
                    if set.len() != en.sources.len() || en.sources.first().is_some_and(|f| *f != en.source) {
                        return Err(format!(
                            "{} on {}'s access: sources {:?}, source {:?}",
                            a.login, t.login, en.sources, en.source
                        ));
                    }
                    have.insert(en.object_id, (en.direct, en.effective, set));
                }
                if want != have {
                    let differ: Vec<_> = want
                        .keys()
                        .chain(have.keys())
                        .filter(|id| want.get(id) != have.get(id))
                        .map(|id| (id, want.get(id), have.get(id)))
                        .collect();
                    return Err(format!(
                        "{} on {}'s access: (id, oracle, server) {differ:?}",
                        a.login, t.login
                    ));
                }
            }
            (e, got(r.map(|_| ())))
        }
        Act::CreateUser(d, role, rights) => {
            let dealers: Vec<i64> = m.dealers.keys().copied().collect();
            let d = pick(&dealers, *d);
            let rights: BTreeSet<String> = rights.iter().map(|i| CARD_RIGHTS[*i].to_string()).collect();
            let acc = &m.objects[&m.dealers[&d].1];
            // A manager or the admin with the right, in its own dealer (the admin anywhere),
            // with edit on the account, granting roles it may grant and rights it holds.
            let e = if !(Model::admin(&a) || a.roles.contains(&Role::DealerManager))
                || !m.has(&a, "USERS_CREATE")
                || (!Model::admin(&a) && d != a.dealer)
                || m.eff(&a, acc) < L::Edit
                || !Model::grantable(&a).contains(role)
                || rights.iter().any(|r| !m.has(&a, r))
            {
                no(403)
            } else {
                Ok(())
            };
            let n = m.users.len() + 100;
            let r = c
                .create_user(&UserDraft {
                    username: format!("made{n}"),
                    first_name: "F".into(),
                    last_name: "L".into(),
                    email: format!("made{n}@example.com"),
                    roles: vec![*role],
                    rights: rights.iter().cloned().collect(),
                    dealer_id: Some(d),
                    login_allowed: true,
                    password: Some(format!("pw-made-{n}")),
                    ..Default::default()
                })
                .await;
            if let Ok(cu) = &r {
                let u = &cu.user;
                m.objects.insert(
                    u.object_id,
                    MObj {
                        id: u.object_id,
                        kind: ObjectKind::User,
                        account: m.dealers[&d].1,
                        members: BTreeSet::new(),
                    },
                );
                m.grants.insert((a.login, u.object_id), L::Manage);
                m.users.insert(
                    u.login,
                    MUser {
                        login: u.login,
                        dealer: d,
                        roles: vec![*role],
                        rights,
                        blocked: false,
                        object: u.object_id,
                        password: format!("pw-made-{n}"),
                        token: cu.credentials.api_token.clone(),
                    },
                );
            }
            (e, got(r.map(|_| ())))
        }
    };
    COUNTS.actions.fetch_add(1, Ordering::Relaxed);
    if expect.is_err() {
        COUNTS.refused.fetch_add(1, Ordering::Relaxed);
    }
    if expect == r {
        Ok(())
    } else {
        Err(mismatch(&expect, &r, String::new()))
    }
}

/// A user's current version, read by the admin (the oracle does not track versions).
async fn version_of(url: &str, admin: &MUser, t: &MUser) -> Option<i64> {
    client(url, admin).user(t.login).await.ok().map(|u| u.version)
}

async fn run(w: WorldSpec, acts: Vec<(u16, Act)>) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = Db::open(&dir.path().join("model.db"))?;
    let mut m = build(&db, &w);
    let running = server::start(db, "127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let url = running.url();
    COUNTS.worlds.fetch_add(1, Ordering::Relaxed);
    for (who, act) in &acts {
        step(&mut m, &url, *who, act).await?;
    }
    // Every actor's view of the objects and the users, at the end.
    let logins: Vec<u16> = (0..m.users.len() as u16).collect();
    for who in logins {
        step(&mut m, &url, who, &Act::ListObjects).await?;
        step(&mut m, &url, who, &Act::ListUsers).await?;
    }
    running.stop().await;
    Ok(())
}

fn cases() -> u32 {
    std::env::var("LSC_MODEL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

#[test]
fn the_server_agrees_with_the_oracle() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 300,
        ..ProptestConfig::default()
    });
    let strategy = (world(), prop::collection::vec(action(), 20..60));
    let result = runner.run(&strategy, |(w, acts)| {
        rt.block_on(run(w, acts)).map_err(TestCaseError::fail)
    });
    println!(
        "policy model: {} worlds, {} actions ({} refused), {} whole-list comparisons",
        COUNTS.worlds.load(Ordering::Relaxed),
        COUNTS.actions.load(Ordering::Relaxed),
        COUNTS.refused.load(Ordering::Relaxed),
        COUNTS.lists.load(Ordering::Relaxed),
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
