//! The grants table and the group members: the only SQL that writes either (the demo seed's bulk
//! rows aside). The service writes them through `crate::grants`, which asks the policy first.
use ls_domain::{AccessLevel, Login};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// A user's direct grants.
pub fn direct_of(c: &Connection, login: Login) -> rusqlite::Result<HashMap<i64, AccessLevel>> {
    let mut st = c.prepare_cached("SELECT object_id, level FROM grants WHERE login = ?1")?;
    let rows = st.query_map([login.get()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u8>(1)?)))?;
    let mut m = HashMap::new();
    for r in rows {
        let (o, l) = r?;
        m.insert(o, AccessLevel::from_digit(l).unwrap_or_default());
    }
    Ok(m)
}

/// Direct grants on any of `ids`, per login.
pub fn grants_on(c: &Connection, ids: &[i64]) -> rusqlite::Result<HashMap<i64, HashMap<i64, AccessLevel>>> {
    let mut st = c.prepare_cached("SELECT login, level FROM grants WHERE object_id = ?1")?;
    let mut by_user: HashMap<i64, HashMap<i64, AccessLevel>> = HashMap::new();
    for id in ids {
        for r in st.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u8>(1)?)))? {
            let (l, lv) = r?;
            by_user
                .entry(l)
                .or_default()
                .insert(*id, AccessLevel::from_digit(lv).unwrap_or_default());
        }
    }
    Ok(by_user)
}

/// One user's direct grant on one object.
pub fn grant_of(c: &Connection, login: Login, object_id: i64) -> rusqlite::Result<AccessLevel> {
    let l: Option<u8> = c
        .prepare_cached("SELECT level FROM grants WHERE login = ?1 AND object_id = ?2")?
        .query_row(params![login.get(), object_id], |r| r.get(0))
        .optional()?;
    Ok(l.and_then(AccessLevel::from_digit).unwrap_or_default())
}

/// Sets one grant (`none` removes it). Returns the level it had.
pub fn set_grant(c: &Connection, login: Login, object_id: i64, level: AccessLevel) -> rusqlite::Result<AccessLevel> {
    let old = grant_of(c, login, object_id)?;
    if old != level {
        if level == AccessLevel::None {
            c.prepare_cached("DELETE FROM grants WHERE login = ?1 AND object_id = ?2")?
                .execute(params![login.get(), object_id])?;
        } else {
            c.prepare_cached("INSERT OR REPLACE INTO grants(login, object_id, level) VALUES(?1, ?2, ?3)")?
                .execute(params![login.get(), object_id, level as u8])?;
        }
    }
    Ok(old)
}

pub fn add_member(c: &Connection, group: i64, unit: i64) -> rusqlite::Result<()> {
    c.prepare_cached("INSERT OR IGNORE INTO group_members(group_id, unit_id) VALUES(?1, ?2)")?
        .execute([group, unit])?;
    Ok(())
}

pub fn remove_member(c: &Connection, group: i64, unit: i64) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM group_members WHERE group_id = ?1 AND unit_id = ?2")?
        .execute([group, unit])?;
    Ok(())
}
