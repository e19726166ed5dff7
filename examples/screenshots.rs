//! Regenerates the README's screenshots from the real console over the demo service:
//!     cargo run --example screenshots            (writes docs/screenshots/*.svg)
#[path = "../tests/common/snapshot.rs"]
#[allow(dead_code)]
mod snapshot;

#[tokio::main]
async fn main() -> Result<(), String> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "docs/screenshots".into()));
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    for p in snapshot::tour(work.path(), &dir).await? {
        println!("{}", p.display());
    }
    Ok(())
}
