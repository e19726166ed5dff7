//! The event stream: audit rows as they are written.
use super::{Client, ClientError};
use crate::types::*;

impl Client {
    /// Opens the event stream, resuming after event `last` when given. The stream has no
    /// whole-request timeout (it stays open); the server sends a comment every 15 s, so a
    /// reader that hears nothing for longer knows the link is gone.
    pub async fn events(&self, last: Option<i64>) -> Result<Events, ClientError> {
        let mut req = self
            .stream
            .get(self.url("/api/events"))
            .header("usr", self.creds.header())
            .header("accept", "text/event-stream");
        if let Some(l) = last {
            req = req.header("last-event-id", l.to_string());
        }
        let resp = req.send().await?;
        if !resp.status().is_success() {
            // The error body, in the usual shape.
            let status = resp.status();
            let bytes = resp.bytes().await?;
            return Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(b) => ClientError::Api {
                    status: status.as_u16(),
                    code: b.error.code,
                    message: b.error.message,
                    field: b.error.field,
                },
                Err(_) => ClientError::Decode(format!("the event stream answered {status}")),
            });
        }
        Ok(Events {
            resp,
            buf: Vec::new(),
            last,
        })
    }
}

/// An open event stream. The format is small enough to read here (`id:`, `event:`, `data:`
/// lines, a blank line ending each event), which keeps reqwest without its stream layer.
pub struct Events {
    resp: reqwest::Response,
    buf: Vec<u8>,
    /// The id of the last event read: where a reconnect resumes.
    pub last: Option<i64>,
}

/// One event of the stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A bytes-only keep-alive: the link is alive.
    Alive,
    Audit(Box<AuditEntry>),
}

/// Longest event accepted: a row with its detail is a few KB.
const MAX_EVENT: usize = 1 << 20;

impl Events {
    /// The next event; `None` when the server closed the stream.
    pub async fn next(&mut self) -> Result<Option<Event>, ClientError> {
        loop {
            if let Some(end) = find_blank_line(&self.buf) {
                let raw: Vec<u8> = self.buf.drain(..end.1).collect();
                let text = String::from_utf8_lossy(&raw[..end.0]);
                let (mut id, mut kind, mut data) = (None, String::new(), String::new());
                for line in text.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse::<i64>().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        kind = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        if !data.is_empty() {
                            data.push('\n');
                        }
                        data.push_str(v.strip_prefix(' ').unwrap_or(v));
                    }
                }
                if id.is_some() {
                    self.last = id;
                }
                if kind == "audit" {
                    let e = serde_json::from_str(&data).map_err(|e| ClientError::Decode(e.to_string()))?;
                    return Ok(Some(Event::Audit(Box::new(e))));
                }
                return Ok(Some(Event::Alive));
            }
            if self.buf.len() > MAX_EVENT {
                return Err(ClientError::Decode("an event larger than 1 MiB".into()));
            }
            match self.resp.chunk().await? {
                Some(b) => self.buf.extend_from_slice(&b),
                None => return Ok(None),
            }
        }
    }
}

/// Where the first event ends: (its text's end, the end of the blank line after it).
fn find_blank_line(b: &[u8]) -> Option<(usize, usize)> {
    (0..b.len()).find_map(|i| {
        if b[i..].starts_with(b"\n\n") {
            Some((i, i + 2))
        } else if b[i..].starts_with(b"\r\n\r\n") {
            Some((i, i + 4))
        } else {
            None
        }
    })
}
