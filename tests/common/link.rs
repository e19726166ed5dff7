//! A link simulator: a userspace TCP proxy that gives every connection a round-trip delay and a
//! bandwidth cap in each direction, and counts the bytes that cross it. Tests and benches put it
//! between the real client and the real server (never on the host's interfaces).
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// A link's shape: round-trip time and bits per second each way.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub rtt: Duration,
    pub bits_per_s: u64,
}

impl Shape {
    pub const fn new(rtt_ms: u64, mbit: u64) -> Shape {
        Shape {
            rtt: Duration::from_millis(rtt_ms),
            bits_per_s: mbit * 1_000_000,
        }
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ms / {} Mbit/s",
            self.rtt.as_millis(),
            self.bits_per_s / 1_000_000
        )
    }
}

/// Bytes that crossed the link, each way.
#[derive(Debug, Default)]
pub struct Counters {
    pub down: AtomicU64,
    pub up: AtomicU64,
}

impl Counters {
    /// (down, up) so far.
    pub fn get(&self) -> (u64, u64) {
        (self.down.load(Ordering::SeqCst), self.up.load(Ordering::SeqCst))
    }
}

pub struct Link {
    pub addr: SocketAddr,
    pub bytes: Arc<Counters>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Link {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Link {
    pub async fn start(upstream: SocketAddr, shape: Shape) -> Link {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind link");
        let addr = listener.local_addr().expect("link addr");
        let bytes = Arc::new(Counters::default());
        let b = bytes.clone();
        let task = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let b = b.clone();
                tokio::spawn(async move {
                    let Ok(outbound) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = inbound.set_nodelay(true);
                    let _ = outbound.set_nodelay(true);
                    // The TCP handshake crosses the link too: one round trip before any byte.
                    tokio::time::sleep(shape.rtt).await;
                    let (ci, co) = inbound.into_split();
                    let (si, so) = outbound.into_split();
                    let up = tokio::spawn(pipe(ci, so, shape, b.clone(), false));
                    let down = tokio::spawn(pipe(si, co, shape, b, true));
                    let _ = tokio::join!(up, down);
                });
            }
        });
        Link { addr, bytes, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// One direction: each chunk leaves when the link is free and has carried it at the cap, and
/// arrives half a round trip later.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    shape: Shape,
    count: Arc<Counters>,
    down: bool,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let half = shape.rtt / 2;
    let reader = tokio::spawn(async move {
        let mut free = Instant::now();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let on_wire = Duration::from_secs_f64(n as f64 * 8.0 / shape.bits_per_s as f64);
            free = free.max(Instant::now()) + on_wire;
            if tx.send((free + half, buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    while let Some((at, chunk)) = rx.recv().await {
        tokio::time::sleep_until(at).await;
        if to.write_all(&chunk).await.is_err() {
            break;
        }
        let c = if down { &count.down } else { &count.up };
        c.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
    let _ = to.shutdown().await;
    reader.abort();
}
