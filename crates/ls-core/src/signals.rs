//! The signals that end a run, for the console and `lsc serve` alike: SIGINT and SIGTERM, and for
//! the console SIGHUP too (the SSH session dropped). A service keeps running through a hangup, as
//! `nohup` asks: listening for SIGHUP would override nohup's ignore. Listening starts when `Stop`
//! is made, so no signal is lost before the first `recv`.

pub struct Stop {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl Stop {
    /// The console: SIGINT, SIGTERM, SIGHUP.
    pub fn console() -> Self {
        Self::new(true)
    }

    /// A service: SIGINT, SIGTERM.
    pub fn service() -> Self {
        Self::new(false)
    }

    fn new(hangup: bool) -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let mut kinds = vec![SignalKind::interrupt(), SignalKind::terminate()];
            if hangup {
                kinds.push(SignalKind::hangup());
            }
            Stop {
                signals: kinds.into_iter().filter_map(|k| signal(k).ok()).collect(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = hangup;
            Stop {}
        }
    }

    /// Waits for the next signal.
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            if self.signals.is_empty() {
                return std::future::pending().await;
            }
            let any = self.signals.iter_mut().map(|s| Box::pin(s.recv()));
            futures::future::select_all(any).await;
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
