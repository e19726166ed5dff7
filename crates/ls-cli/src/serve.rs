//! `lsc serve`: the LS API service on a database file, until a signal stops it.
use super::args::SeedKind;
use super::Fail;
use ls_core::server::{self, seed, Db};
use std::io::Write;

pub async fn serve(
    bind: &str,
    path: &std::path::Path,
    kind: SeedKind,
    number: u64,
    trusted_proxies: Vec<server::listen::Cidr>,
    rate: u32,
) -> Result<(), Fail> {
    // Listening from the start: a signal while the database opens still stops the service.
    let mut stop = ls_core::signals::Stop::service();
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("LSC_LOG").unwrap_or_else(|_| "info,tower_http=warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal: a log redirected to a file reads as plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let db = Db::open(path).map_err(Fail::err)?;
    let kind = match kind {
        SeedKind::Empty => "empty",
        SeedKind::Demo => "demo",
        SeedKind::Full => "full",
    };
    if let Some(admin) =
        seed::seed_with(&db, kind, seed::admin_credentials_from_env(), number).map_err(|e| Fail::err(e.message))?
    {
        // A service whose output nobody reads any more keeps serving: write errors are let go.
        let mut out = std::io::stdout();
        if admin.generated {
            // Printed once, to the operator's terminal, never to the log.
            let _ = writeln!(
                out,
                "created admin 0001 — password: {}  API token: {}",
                admin.password, admin.token
            );
            let _ = writeln!(
                out,
                "(shown once; set LSC_ADMIN_PASSWORD and LSC_ADMIN_TOKEN to choose them)"
            );
        } else {
            let _ = writeln!(
                out,
                "created admin 0001 with the password and token from LSC_ADMIN_PASSWORD / LSC_ADMIN_TOKEN"
            );
        }
    }
    // The demo's sign-ins are printed in the README: such a database stays on loopback.
    let demo_token = db.with(|c| {
        let l = ls_core::domain::Login::new(seed::DEMO_MANAGER.login).ok()?;
        server::store::token(c, l).ok().flatten()
    });
    if demo_token.as_deref() == Some(seed::DEMO_MANAGER.token) && !ls_core::api::client::is_loopback(bind) {
        return Err(Fail::err(format!(
            "{} holds the demo's public sign-ins (README): serve it on loopback only (--bind 127.0.0.1:PORT), \
             or serve a database made with --seed empty",
            path.display()
        )));
    }
    let opts = server::ServeOptions {
        trusted_proxies,
        rate: server::budget::Rates::per_second(rate),
        ..Default::default()
    };
    let running = server::start_with(db, bind, opts)
        .await
        .map_err(|e| Fail::err(format!("cannot listen on {bind}: {e}")))?;
    let _ = writeln!(std::io::stdout(), "lsc serve: listening on {}", running.url());
    let _ = std::io::stdout().flush();
    stop.recv().await;
    running.stop().await;
    Ok(())
}
