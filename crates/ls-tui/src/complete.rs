//! Tab on the command line: the commands, and for `:user`, `:audit` and `:compare` the users
//! the viewer sees (by login or by the start of their name), for `:obj` the objects it sees.
use super::objects::forest::Forest;
use super::status::Candidate;
use ls_core::domain::query::UserIndex;
use ls_core::domain::wildcard::fold_str;

/// The commands as Tab offers them: those that take an argument end in a space.
const COMMANDS: [&str; 13] = [
    "users",
    "user ",
    "objects",
    "obj ",
    "blocked",
    "compare ",
    "audit",
    "profile ",
    "write",
    "read-only",
    "reload",
    "help",
    "q",
];

/// No more candidates than this are walked with Tab (a longer start narrows them).
const MAX: usize = 200;

/// What Tab may complete `line` to.
pub fn candidates(line: &str, users: &UserIndex, forest: Option<&Forest>) -> Vec<Candidate> {
    let plain = |line: String| Candidate {
        line,
        note: String::new(),
    };
    let Some((cmd, arg)) = line.split_once(' ') else {
        let typed = line.to_lowercase();
        return COMMANDS
            .iter()
            .filter(|c| c.starts_with(&typed))
            .map(|c| plain(c.to_string()))
            .collect();
    };
    match cmd {
        "user" | "audit" => users_like(arg.trim(), users)
            .into_iter()
            .map(|(login, name)| Candidate {
                line: format!("{cmd} {login}"),
                note: name,
            })
            .collect(),
        "compare" => {
            // The word being typed is the last one; what comes before it stays.
            let (before, word) = match arg.rsplit_once(' ') {
                Some((b, w)) => (format!("{cmd} {} ", b.trim()), w),
                None => (format!("{cmd} "), arg),
            };
            users_like(word.trim(), users)
                .into_iter()
                .map(|(login, name)| Candidate {
                    line: format!("{before}{login}"),
                    note: name,
                })
                .collect()
        }
        "obj" | "objects" => {
            // Not read yet: the app reads them now; the line stays as typed until they are in.
            let Some(f) = forest else {
                return vec![Candidate {
                    line: line.to_string(),
                    note: ls_core::t!("status-reading-objects"),
                }];
            };
            let typed = fold_str(arg.trim());
            let mut names: Vec<&str> = f
                .objects
                .iter()
                .map(|o| o.name.as_str())
                .filter(|n| fold_str(n).starts_with(&typed))
                .collect();
            names.sort_unstable();
            names.dedup();
            names.truncate(MAX);
            names.into_iter().map(|n| plain(format!("{cmd} {n}"))).collect()
        }
        _ => vec![],
    }
}

/// Users whose login starts with `typed`, or whose name does (in any case), by login.
fn users_like(typed: &str, users: &UserIndex) -> Vec<(String, String)> {
    let folded = fold_str(typed);
    let mut found: Vec<(String, String)> = users
        .users
        .iter()
        .filter(|u| u.login.to_string().starts_with(typed) || fold_str(&u.username).starts_with(&folded))
        .map(|u| (u.login.to_string(), u.username.clone()))
        .collect();
    found.sort();
    found.truncate(MAX);
    found
}
