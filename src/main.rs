//! `lsc`: the console, the LS API service and a few scriptable commands (`ls_console::cli`).
use clap::Parser;
use ls_console::cli::{self, args::Cli, Fail};
use std::process::ExitCode;

/// glibc gives every thread that allocates its own arena, and after the first large free it
/// raises its mmap threshold, so argon2's 19 MiB working memory and big JSON buffers stay resident
/// once freed. Two arenas and a fixed 1 MiB threshold keep the resident size near what is live.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it is called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    let result = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        // The CLI starts the console through this, knowing nothing of the terminal.
        Ok(rt) => rt.block_on(cli::run(cli, Box::new(|o| Box::pin(ls_console::tui::run(o))))),
        Err(e) => Err(Fail::err(format!("cannot start the runtime: {e}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // A message may quote the server or a file: its controls shown, not obeyed. A fail
            // without one (the output's reader went away) ends quietly.
            if !f.msg.is_empty() {
                // Not eprintln!: it panics when stderr's reader is gone (`2>&1 | head`).
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "lsc: {}",
                    ls_console::domain::text::visible_lines(&f.msg)
                );
            }
            ExitCode::from(f.code)
        }
    }
}
