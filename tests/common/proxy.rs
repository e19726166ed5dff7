//! A TCP fault injector between the console's client and the real server: it passes bytes
//! through, or stalls, cuts, truncates or garbles the answer, as a test switches it.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Fault {
    /// Bytes go through untouched.
    Pass = 0,
    /// Accepts, reads the request, never answers.
    Stall = 1,
    /// Closes the connection at once.
    Cut = 2,
    /// Answers 200 with a body shorter than its Content-Length, then closes.
    Truncate = 3,
    /// Answers 200 with a body that is not JSON.
    Garbage = 4,
}

impl Fault {
    fn of(mode: &AtomicU8) -> Fault {
        match mode.load(Ordering::SeqCst) {
            0 => Fault::Pass,
            1 => Fault::Stall,
            2 => Fault::Cut,
            3 => Fault::Truncate,
            _ => Fault::Garbage,
        }
    }
}

/// Answers 200 with `body` as JSON, claiming `missing` more bytes than it sends, and closes.
async fn answer(wr: &tokio::sync::Mutex<tokio::net::tcp::OwnedWriteHalf>, body: &str, missing: usize) {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len() + missing
    );
    let mut w = wr.lock().await;
    let _ = w.write_all(head.as_bytes()).await;
    let _ = w.write_all(body.as_bytes()).await;
    let _ = w.shutdown().await;
}

pub struct Proxy {
    pub addr: SocketAddr,
    mode: Arc<AtomicU8>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy addr");
        let mode = Arc::new(AtomicU8::new(Fault::Pass as u8));
        let m = mode.clone();
        let task = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let m = m.clone();
                tokio::spawn(async move { serve(inbound, upstream, m).await });
            }
        });
        Proxy { addr, mode, task }
    }

    pub fn set(&self, f: Fault) {
        self.mode.store(f as u8, Ordering::SeqCst);
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// One client connection. The mode is read again for every request, so a kept-alive
/// connection also meets the fault the test switched to.
async fn serve(inbound: TcpStream, upstream: SocketAddr, mode: Arc<AtomicU8>) {
    let (mut rd, wr) = inbound.into_split();
    let wr = Arc::new(tokio::sync::Mutex::new(wr));
    let mut up: Option<tokio::net::tcp::OwnedWriteHalf> = None;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if Fault::of(&mode) == Fault::Cut {
            return;
        }
        let n = match rd.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        match Fault::of(&mode) {
            Fault::Pass => {
                if up.is_none() {
                    let Ok(out) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (mut ur, uw) = out.into_split();
                    let w = wr.clone();
                    tokio::spawn(async move {
                        let mut b = vec![0u8; 64 * 1024];
                        while let Ok(n) = ur.read(&mut b).await {
                            if n == 0 || w.lock().await.write_all(&b[..n]).await.is_err() {
                                break;
                            }
                        }
                        let _ = w.lock().await.shutdown().await;
                    });
                    up = Some(uw);
                }
                if let Some(u) = up.as_mut() {
                    if u.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            }
            Fault::Stall => {
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                return;
            }
            Fault::Cut => return,
            // A body 500 bytes shorter than its Content-Length, then the connection ends.
            Fault::Truncate => return answer(&wr, r#"{"users":[{"login":"0002","usern"#, 500).await,
            Fault::Garbage => return answer(&wr, "<html>502 proxy error</html>", 0).await,
        }
    }
}
