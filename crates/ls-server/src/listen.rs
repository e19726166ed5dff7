//! The accept loop: hyper's HTTP/1 connections with a header-read timeout (which also ends idle
//! keep-alive connections), a cap on open connections, and the peer's address on each request.
//! At the cap, the oldest connection that has not sent a request yet makes room: a crowd of
//! silent sockets can hold no more than the cap, and never keeps a real client out.
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    /// A request's head must arrive within this, and an idle keep-alive connection closes after it.
    pub header_read: Duration,
    /// Open connections at most (keep it under the process's file limit).
    pub max_connections: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_read: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

struct Live {
    /// No request has arrived on it yet.
    silent: Arc<AtomicBool>,
    close: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    next: u64,
    live: BTreeMap<u64, Live>,
}

impl Conns {
    /// Room for one more: at the cap, the oldest silent connection is told to close. `None`
    /// when every connection is busy with requests.
    fn admit(&mut self, cap: usize) -> Option<(u64, Arc<AtomicBool>, Arc<Notify>)> {
        if self.live.len() >= cap {
            let oldest = self
                .live
                .iter()
                .find(|(_, l)| l.silent.load(Ordering::Relaxed))
                .map(|(id, _)| *id)?;
            if let Some(l) = self.live.remove(&oldest) {
                l.close.notify_one();
            }
        }
        self.next += 1;
        let (silent, close) = (Arc::new(AtomicBool::new(true)), Arc::new(Notify::new()));
        self.live.insert(
            self.next,
            Live {
                silent: silent.clone(),
                close: close.clone(),
            },
        );
        Some((self.next, silent, close))
    }
}

/// Serves `app` on `listener` until `stop` says so (or its sender is dropped).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let conns = Arc::new(Mutex::new(Conns::default()));
    // Every connection ends when this sender says so or is dropped (the task aborted).
    let (down_tx, down_rx) = watch::channel(false);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    loop {
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: let some close, then go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let admitted = conns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .admit(limits.max_connections);
        let Some((id, silent, close)) = admitted else {
            // Every connection is working on a request: this one waits for none.
            drop(stream);
            continue;
        };
        let app = app.clone();
        let flag = silent.clone();
        let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            flag.store(false, Ordering::Relaxed);
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let conn = http.serve_connection(TokioIo::new(stream), svc);
        let conns = conns.clone();
        let mut down = down_rx.clone();
        tokio::spawn(async move {
            tokio::select! {
                r = conn => {
                    if let Err(e) = r {
                        tracing::debug!(error = %e, "connection ended");
                    }
                }
                _ = close.notified() => tracing::debug!(%peer, "silent connection closed to make room"),
                _ = down.wait_for(|d| *d) => {}
            }
            conns.lock().unwrap_or_else(|p| p.into_inner()).live.remove(&id);
        });
    }
    let _ = down_tx.send(true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_cap_the_oldest_silent_connection_makes_room() {
        let mut c = Conns::default();
        let a = c.admit(2).expect("room");
        let b = c.admit(2).expect("room");
        a.1.store(false, Ordering::Relaxed); // a sent a request
        let third = c.admit(2).expect("b is silent: it goes");
        assert_eq!(c.live.len(), 2);
        assert!(c.live.contains_key(&a.0) && c.live.contains_key(&third.0) && !c.live.contains_key(&b.0));
        third.1.store(false, Ordering::Relaxed);
        assert!(c.admit(2).is_none(), "everyone busy: no room, nobody dropped");
    }
}
