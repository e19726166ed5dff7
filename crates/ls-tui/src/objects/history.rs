//! The masks applied in the trees, newest last, kept in the data dir so `↑`/`↓` in a mask field
//! recall them after a restart. Best effort throughout: a disk that refuses costs the recall (a
//! quiet log line), never the console.
use std::path::{Path, PathBuf};

/// How many masks are kept.
pub const KEEP: usize = 50;
/// The file in the data dir (a JSON array of strings: a mask may hold any character).
pub const FILE: &str = "mask-history.json";

#[derive(Debug, Default, Clone)]
pub struct MaskHistory {
    /// Where it is kept; `None`: for this tree only (no data dir, as in tests).
    path: Option<PathBuf>,
    /// Read from the disk once, on first use.
    loaded: bool,
    /// Oldest first.
    pub masks: Vec<String>,
    /// While `↑`/`↓` browse: the mask shown, and what was typed before browsing began.
    at: Option<usize>,
    draft: String,
}

impl MaskHistory {
    /// Reads the history kept in `dir` the first time it is needed.
    pub fn attach(&mut self, dir: Option<&Path>) {
        if self.loaded {
            return;
        }
        self.loaded = true;
        self.path = dir.map(|d| d.join(FILE));
        if let Some(p) = &self.path {
            self.masks = read(p);
        }
    }

    /// `↑` (`back`) or `↓` in the mask field showing `current`: the mask to show instead, if any.
    pub fn recall(&mut self, back: bool, current: &str) -> Option<String> {
        let last = self.masks.len().checked_sub(1)?;
        let at = match (self.at, back) {
            (None, true) => {
                self.draft = current.to_string();
                last
            }
            (None, false) => return None,
            (Some(i), true) => i.saturating_sub(1),
            (Some(i), false) if i < last => i + 1,
            // Past the newest: what was being typed comes back.
            (Some(_), false) => {
                self.at = None;
                return Some(std::mem::take(&mut self.draft));
            }
        };
        self.at = Some(at);
        self.masks.get(at).cloned()
    }

    /// Any other key in the field: the text shown is now the one being typed.
    pub fn stop(&mut self) {
        self.at = None;
        self.draft.clear();
    }

    /// A mask applied: it becomes the newest (once), and the file is written again, merged with
    /// what other consoles wrote meanwhile.
    pub fn push(&mut self, mask: &str) {
        self.stop();
        if mask.trim().is_empty() {
            return;
        }
        if let Some(p) = &self.path {
            self.masks = read(p);
        }
        self.masks.retain(|m| m != mask);
        self.masks.push(mask.to_string());
        let over = self.masks.len().saturating_sub(KEEP);
        self.masks = self.masks.split_off(over);
        if let Some(p) = &self.path {
            if let Err(e) = write(p, &self.masks) {
                tracing::info!("mask history not kept in {}: {e}", p.display());
            }
        }
    }
}

/// The masks kept at `p`; nothing when there is no file or it cannot be read.
fn read(p: &Path) -> Vec<String> {
    let text = match std::fs::read_to_string(p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            tracing::info!("mask history not read from {}: {e}", p.display());
            return Vec::new();
        }
    };
    match serde_json::from_str::<Vec<String>>(&text) {
        Ok(mut v) => {
            let over = v.len().saturating_sub(KEEP);
            v.split_off(over)
        }
        Err(e) => {
            tracing::info!("mask history at {} ignored: {e}", p.display());
            Vec::new()
        }
    }
}

/// Writes `masks` to `p` atomically: a file beside it, then renamed over it (a crash leaves the
/// old history or the new one, never half of one).
fn write(p: &Path, masks: &[String]) -> std::io::Result<()> {
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(masks).map_err(std::io::Error::other)?;
    let tmp = p.with_extension(format!("json.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, p).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_last_deduplicated_bounded_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut h = MaskHistory::default();
        h.attach(Some(dir.path()));
        for i in 0..60 {
            h.push(&format!("m{i}"));
        }
        h.push("m10");
        h.push("   ");
        assert_eq!(h.masks.len(), KEEP);
        assert_eq!(h.masks.last().map(String::as_str), Some("m10"));
        assert_eq!(h.masks.iter().filter(|m| *m == "m10").count(), 1);
        let mut again = MaskHistory::default();
        again.attach(Some(dir.path()));
        assert_eq!(again.masks, h.masks, "read back after a restart");
        // ↑ walks back from the newest; ↓ past the newest gives back what was typed.
        assert_eq!(again.recall(true, "typed").as_deref(), Some("m10"));
        assert_eq!(again.recall(true, "m10").as_deref(), Some("m59"));
        assert_eq!(again.recall(false, "m59").as_deref(), Some("m10"));
        assert_eq!(again.recall(false, "m10").as_deref(), Some("typed"));
        assert_eq!(again.recall(false, "typed"), None);
    }

    #[test]
    fn a_refusing_disk_costs_only_the_recall() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "x").expect("a file");
        let mut h = MaskHistory::default();
        h.attach(Some(file.as_path()));
        h.push("Fuel*");
        assert_eq!(h.masks, ["Fuel*"], "kept for this session");
        std::fs::write(dir.path().join(FILE), "not json").expect("garbage");
        let mut g = MaskHistory::default();
        g.attach(Some(dir.path()));
        assert!(g.masks.is_empty());
    }
}
