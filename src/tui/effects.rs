//! Runs an effect's I/O and turns the outcome into a message for `App::update`.
use super::app::{Effect, Msg};
use crate::api::{Client, UserQuery};

/// Performs one request or file write. `None` for effects the terminal task handles itself.
pub async fn perform(client: &Client, effect: Effect) -> Option<Msg> {
    Some(match effect {
        Effect::LoadMe => Msg::Me(client.me().await),
        Effect::LoadUsers => Msg::Users(client.users(&UserQuery::default()).await),
        Effect::LoadUser(l) => Msg::User(client.user(l).await),
        Effect::LoadDealers => Msg::Dealers(client.dealers().await),
        Effect::LoadAssessments(l) => Msg::Assessments(l, client.assessments(l).await),
        Effect::SaveUser { login, version, draft } => Msg::Saved(client.update_user(login, version, &draft).await),
        Effect::CreateUser(draft) => Msg::Created(client.create_user(&draft).await),
        Effect::ExportRights { path } => {
            let r = tokio::task::spawn_blocking(move || {
                let cat = crate::domain::rights::catalog();
                crate::export::rights_xlsx(&path, cat)
                    .map(|_| (path, format!("{} rights", cat.len())))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Msg::Exported(r)
        }
        Effect::ExportUsers { path, users } => {
            let r = tokio::task::spawn_blocking(move || {
                let refs: Vec<_> = users.iter().collect();
                crate::export::users_xlsx(&path, &refs)
                    .map(|_| (path, format!("{} users", refs.len())))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Msg::Exported(r)
        }
        Effect::LoadObjects => Msg::Objects(client.objects(None, "", None).await),
        Effect::LoadAccess(l) => Msg::Access(l, client.access(l, "").await),
        Effect::SaveAccess { login, changes } => Msg::AccessSaved(login, client.set_access(login, changes).await),
        Effect::LoadObjectCard(id) => {
            let r = match client.object(id).await {
                Ok(d) => client.accessors(id).await.map(|a| (d, a)),
                Err(e) => Err(e),
            };
            Msg::ObjectCard(r)
        }
        Effect::SaveAccessors { object_id, changes } => {
            Msg::AccessorsSaved(object_id, client.set_accessors(object_id, changes).await)
        }
        Effect::LoadApiAccess(l) => Msg::ApiAccess(l, client.api_access(l).await),
        Effect::RenewToken(l) => Msg::Renewed(l, client.renew_token(l).await),
        // The terminal's own effects run on the UI task (see `tui::run`).
        Effect::SetMouse(_) | Effect::Copy { .. } => return None,
    })
}

/// Runs effects one after another, feeding each result back into `app`, until none are left:
/// a scripted session (tests, screenshots), where the console itself runs them concurrently.
/// Copies go to `copied`, reported as OSC 52 (which never confirms, as over SSH).
pub async fn settle(app: &mut super::app::App, client: &Client, fx: Vec<Effect>, copied: &mut Vec<String>) {
    let mut q: std::collections::VecDeque<Effect> = fx.into();
    while let Some(e) = q.pop_front() {
        if let Effect::Copy { text, what } = e {
            copied.push(text.clone());
            let outcome = crate::clipboard::CopyOutcome::Osc52 { tmux_buffer: false };
            q.extend(app.update(Msg::Copied { what, outcome, text }));
            continue;
        }
        if let Some(m) = perform(client, e).await {
            q.extend(app.update(m));
        }
    }
}
