//! Runs an effect's I/O and turns the outcome into a message for `App::update`.
use super::app::{Effect, Msg};
use crate::api::{Client, UserQuery};

/// Performs one request or file write. `None` for effects the terminal task handles itself.
pub async fn perform(client: &Client, effect: Effect) -> Option<Msg> {
    Some(match effect {
        Effect::LoadMe => Msg::Me(client.me().await),
        Effect::LoadUsers => Msg::Users(client.users(&UserQuery::default()).await),
        Effect::LoadUser(l) => Msg::User(client.user(l).await),
        Effect::ExportUsers { path, users } => {
            let r = tokio::task::spawn_blocking(move || {
                let refs: Vec<_> = users.iter().collect();
                crate::export::users_xlsx(&path, &refs)
                    .map(|_| (path, refs.len()))
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Msg::Exported(r)
        }
        Effect::SetMouse(_) => return None,
    })
}
