//! The accept loop: hyper's HTTP/1 connections with a header-read timeout (which also ends idle
//! keep-alive connections), caps on open connections (in all, and per client address), and the
//! client's address on each request.
//!
//! At a cap, a connection that is doing nothing makes room: first the oldest one that never sent
//! a request, then the one idle the longest between requests. A crowd of silent or idle sockets
//! — from one address or many — therefore never keeps a new client out; only connections busy
//! with a request (each bounded by the request deadline) are never closed for room.
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
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
    /// Open connections from one client address at most. A trusted proxy (`--trusted-proxy`)
    /// speaks for many clients: it counts only against `max_connections`.
    pub per_address: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_read: Duration::from_secs(10),
            max_connections: 512,
            per_address: 128,
        }
    }
}

// ---------------------------------------------------------------- client addresses

/// An address block, as `--trusted-proxy` takes it: `10.0.0.0/8`, `::1/128`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    bits: u8,
}

impl std::str::FromStr for Cidr {
    type Err = String;
    fn from_str(s: &str) -> Result<Cidr, String> {
        let bad = || format!("'{s}' is not an address block (like 10.0.0.0/8, fd00::/8 or 192.0.2.7)");
        let (ip, bits) = match s.trim().split_once('/') {
            Some((ip, bits)) => (ip, Some(bits.parse::<u8>().map_err(|_| bad())?)),
            None => (s.trim(), None),
        };
        let net = ip.parse::<IpAddr>().map_err(|_| bad())?.to_canonical();
        let max = if net.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(max);
        if bits > max {
            return Err(bad());
        }
        Ok(Cidr { net, bits })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = if self.bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - self.bits)
                };
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = if self.bits == 0 {
                    0
                } else {
                    u128::MAX << (128 - self.bits)
                };
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// The client a request counts as (sign-in budgets, logs): the peer, or — when the peer is a
/// trusted proxy — the right-most `X-Forwarded-For` hop that is not itself trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

fn trusted(list: &[Cidr], ip: IpAddr) -> bool {
    list.iter().any(|c| c.contains(ip))
}

/// Walks `X-Forwarded-For` from the nearest hop outwards while the hops are trusted proxies:
/// only they can be believed about who sent them the request. Anything left of the first
/// untrusted hop was written by the client itself and is ignored.
pub fn client_addr(peer: IpAddr, headers: &axum::http::HeaderMap, proxies: &[Cidr]) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted(proxies, client) {
        return client;
    }
    let values: Vec<&axum::http::HeaderValue> = headers.get_all("x-forwarded-for").iter().collect();
    for value in values.into_iter().rev() {
        // An unreadable header or hop ends the walk at the last hop that could be believed.
        let Ok(text) = value.to_str() else { return client };
        for hop in text.rsplit(',') {
            let hop = hop.trim();
            let ip = hop
                .parse::<IpAddr>()
                .ok()
                .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()));
            let Some(ip) = ip else { return client };
            client = ip.to_canonical();
            if !trusted(proxies, client) {
                return client;
            }
        }
    }
    client
}

// ---------------------------------------------------------------- connections

/// A connection's phase: no request yet, a request (or its answer) in flight, or idle between
/// requests.
const SILENT: u8 = 0;
const BUSY: u8 = 1;
const IDLE: u8 = 2;

/// Orders idleness: a connection idle since an earlier tick has been idle longer.
static TICK: AtomicU64 = AtomicU64::new(0);

#[derive(Default)]
struct Phase {
    now: AtomicU8,
    idle_since: AtomicU64,
}

/// Marks its connection busy while alive; idle (since now) once dropped — which happens when
/// hyper has written the whole answer (the answer's body holds it) or the request is dropped.
struct Working(Arc<Phase>);

impl Working {
    fn start(p: &Arc<Phase>) -> Working {
        p.now.store(BUSY, Ordering::Release);
        Working(p.clone())
    }
}

impl Drop for Working {
    fn drop(&mut self) {
        self.0
            .idle_since
            .store(TICK.fetch_add(1, Ordering::Relaxed), Ordering::Release);
        self.0.now.store(IDLE, Ordering::Release);
    }
}

/// An answer's body that keeps its connection marked busy until it is sent whole.
struct Tracked {
    inner: axum::body::Body,
    _working: Working,
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

struct Live {
    addr: IpAddr,
    /// Counts against the per-address cap (the peer is no trusted proxy).
    capped: bool,
    phase: Arc<Phase>,
    close: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    next: u64,
    live: BTreeMap<u64, Live>,
}

impl Conns {
    /// The connection to close for room among those `pick` chooses: the oldest that never sent
    /// a request, else the one idle the longest. `None`: every one is busy.
    fn spare(&self, pick: impl Fn(&Live) -> bool) -> Option<u64> {
        let mut idle: Option<(u64, u64)> = None;
        for (id, l) in self.live.iter().filter(|(_, l)| pick(l)) {
            match l.phase.now.load(Ordering::Acquire) {
                SILENT => return Some(*id),
                IDLE => {
                    let since = l.phase.idle_since.load(Ordering::Acquire);
                    if idle.is_none_or(|(_, s)| since < s) {
                        idle = Some((*id, since));
                    }
                }
                _ => {}
            }
        }
        idle.map(|(id, _)| id)
    }

    /// Room for one more from `addr`: at a cap, a spare connection is told to close (one of
    /// the same address when that address is at its own cap). `None` when none can go.
    fn admit(&mut self, addr: IpAddr, capped: bool, limits: &ConnLimits) -> Option<(u64, Arc<Phase>, Arc<Notify>)> {
        let from_addr = self.live.values().filter(|l| l.capped && l.addr == addr).count();
        let victim = if capped && from_addr >= limits.per_address.max(1) {
            Some(self.spare(|l| l.capped && l.addr == addr)?)
        } else if self.live.len() >= limits.max_connections.max(1) {
            Some(self.spare(|_| true)?)
        } else {
            None
        };
        if let Some(l) = victim.and_then(|id| self.live.remove(&id)) {
            l.close.notify_one();
        }
        self.next += 1;
        let (phase, close) = (Arc::new(Phase::default()), Arc::new(Notify::new()));
        self.live.insert(
            self.next,
            Live {
                addr,
                capped,
                phase: phase.clone(),
                close: close.clone(),
            },
        );
        Some((self.next, phase, close))
    }
}

/// Serves `app` on `listener` until `stop` says so (or its sender is dropped). `proxies`: the
/// peers whose `X-Forwarded-For` is believed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    proxies: Arc<[Cidr]>,
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
        let ip = peer.ip().to_canonical();
        let capped = !trusted(&proxies, ip);
        let admitted = conns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .admit(ip, capped, &limits);
        let Some((id, phase, close)) = admitted else {
            // Every connection in reach is working on a request: this one waits for none.
            tracing::debug!(%peer, "connection refused: every connection is busy");
            drop(stream);
            continue;
        };
        let app = app.clone();
        let proxies = proxies.clone();
        let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            let working = Working::start(&phase);
            let client = client_addr(peer.ip(), req.headers(), &proxies);
            req.extensions_mut().insert(ConnectInfo(peer));
            req.extensions_mut().insert(ClientAddr(client));
            let answer = app.clone().oneshot(req);
            async move {
                let resp = match answer.await {
                    Ok(r) => r,
                    Err(never) => match never {},
                };
                Ok::<_, std::convert::Infallible>(resp.map(|inner| {
                    axum::body::Body::new(Tracked {
                        inner,
                        _working: working,
                    })
                }))
            }
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
                _ = close.notified() => tracing::debug!(%peer, "a connection doing nothing closed to make room"),
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

    fn limits(max: usize, per: usize) -> ConnLimits {
        ConnLimits {
            max_connections: max,
            per_address: per,
            ..Default::default()
        }
    }

    #[test]
    fn at_the_cap_the_oldest_silent_then_the_longest_idle_makes_room() {
        let (a, b) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        let l = limits(3, 10);
        let mut c = Conns::default();
        let first = c.admit(a, true, &l).expect("room");
        let second = c.admit(a, true, &l).expect("room");
        let third = c.admit(b, true, &l).expect("room");
        // `first` and `second` answered a request each (second first), `third` never sent one.
        drop(Working::start(&second.1));
        drop(Working::start(&first.1));
        let fourth = c.admit(b, true, &l).expect("the silent one goes");
        assert!(!c.live.contains_key(&third.0) && c.live.len() == 3);
        let _w4 = Working::start(&fourth.1);
        let fifth = c.admit(b, true, &l).expect("the longest idle goes");
        assert!(!c.live.contains_key(&second.0) && c.live.contains_key(&first.0));
        let _w1 = Working::start(&first.1);
        let sixth = c.admit(b, true, &l).expect("the fifth never sent a request: it goes");
        assert!(!c.live.contains_key(&fifth.0) && c.live.contains_key(&first.0));
        let _w6 = Working::start(&sixth.1);
        assert!(c.admit(a, true, &l).is_none(), "all three busy: nobody is dropped");
    }

    #[test]
    fn nobody_busy_is_dropped_and_one_address_holds_its_cap_only() {
        let (a, b) = (IpAddr::from([10, 0, 0, 1]), IpAddr::from([10, 0, 0, 2]));
        let l = limits(10, 2);
        let mut c = Conns::default();
        let x = c.admit(a, true, &l).expect("room");
        let y = c.admit(a, true, &l).expect("room");
        let _busy = [Working::start(&x.1), Working::start(&y.1)];
        assert!(c.admit(a, true, &l).is_none(), "a's two are busy: a gets no third");
        assert!(c.admit(b, true, &l).is_some(), "b has room of its own");
        assert!(c.admit(a, false, &l).is_some(), "a trusted proxy counts only in all");
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies: Vec<Cidr> = ["10.0.0.0/8", "::1"].iter().map(|s| s.parse().unwrap()).collect();
        let mut h = axum::http::HeaderMap::new();
        h.append("x-forwarded-for", "6.6.6.6, 203.0.113.9".parse().unwrap());
        h.append("x-forwarded-for", "10.1.2.3".parse().unwrap());
        let peer = IpAddr::from([10, 9, 9, 9]);
        assert_eq!(client_addr(peer, &h, &proxies), IpAddr::from([203, 0, 113, 9]));
        let stranger = IpAddr::from([198, 51, 100, 1]);
        assert_eq!(
            client_addr(stranger, &h, &proxies),
            stranger,
            "an untrusted peer speaks for itself"
        );
        assert_eq!(client_addr(peer, &Default::default(), &proxies), peer);
        assert!("10.0.0.0/33".parse::<Cidr>().is_err() && "x/8".parse::<Cidr>().is_err());
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(stranger));
    }
}
