//! Argon2 on threads of its own: a bounded number of runs at a time, refused at once beyond
//! that (503 naming what was refused), so a flood of sign-ins costs bounded memory and never
//! queues the database.
use super::auth::hash_h_password;
use super::error::ApiError;
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::Semaphore;

/// What one argon2 run holds (its default memory cost, 19 MiB).
const ARGON2_BYTES: usize = 19 * 1024 * 1024;

type Job = Box<dyn FnOnce() + Send>;

/// Argon2 on threads of its own, a bounded number of jobs at a time. A few places in the queue
/// are kept for sign-ins from an address the login signed in from before: strangers filling
/// the rest cannot keep the real user out.
pub struct HashPool {
    jobs: Mutex<mpsc::SyncSender<Job>>,
    permits: Arc<Semaphore>,
    reserved: Arc<Semaphore>,
    pub threads: usize,
}

/// What the hashing threads were asked to do: a refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    SignIn,
    NewPassword,
}

/// Every hashing thread is busy and the short queue is full: `.0` was not done.
#[derive(Debug)]
pub struct Busy(pub Work);

impl From<Busy> for ApiError {
    fn from(b: Busy) -> Self {
        let what = match b.0 {
            Work::SignIn => "checking the sign-in",
            Work::NewPassword => "hashing the new user's password",
        };
        ApiError::unavailable(format!(
            "the service is busy {what} (its password hashing is at capacity); nothing was changed, try again in a second"
        ))
        .retry_after(1)
    }
}

impl HashPool {
    /// `threads` workers and `queue` jobs waiting at most.
    pub fn new(threads: usize, queue: usize) -> HashPool {
        let reserved = threads;
        let (tx, rx) = mpsc::sync_channel::<Job>(threads + queue + reserved);
        let rx = Arc::new(Mutex::new(rx));
        let mut started = 0;
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        // The pool is gone: so is this thread.
                        Err(_) => return,
                    }
                });
            started += spawned.is_ok() as usize;
        }
        let threads = started.max(1);
        let open = |n: usize| Arc::new(Semaphore::new(if started == 0 { 0 } else { n }));
        HashPool {
            jobs: Mutex::new(tx),
            permits: open(threads + queue),
            reserved: open(reserved),
            threads,
        }
    }

    /// Sized from the machine: one core left to everything else, and no more argon2 runs at
    /// once than fit under `LSC_HASH_MEMORY_MB` (64 MiB unless set).
    pub fn for_this_machine() -> HashPool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let ceiling_mb: usize = std::env::var("LSC_HASH_MEMORY_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64);
        let by_memory = (ceiling_mb * 1024 * 1024 / ARGON2_BYTES).max(1);
        let threads = cores.saturating_sub(1).clamp(1, by_memory);
        HashPool::new(threads, threads * 2)
    }

    /// Runs `f` on the hashing threads; [`Busy`] at once when they and the queue are full. A
    /// caller that goes away leaves the job to finish (argon2 cannot stop halfway), still
    /// counted against the bound.
    pub async fn run<T: Send + 'static>(&self, work: Work, f: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
        self.run_as(work, false, f).await
    }

    /// As [`run`](Self::run); `known` callers may also take a reserved place.
    pub async fn run_as<T: Send + 'static>(
        &self,
        work: Work,
        known: bool,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) if known => self.reserved.clone().try_acquire_owned().map_err(|_| Busy(work))?,
            Err(_) => return Err(Busy(work)),
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
            drop(permit);
        });
        // The permits keep the channel from filling: this never waits.
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .try_send(job)
            .map_err(|_| Busy(work))?;
        rx.await.map_err(|_| Busy(work))
    }

    /// An argon2 hash of a new password's hPassword, made on the hashing threads.
    pub async fn hash(&self, h_password: String) -> Result<String, ApiError> {
        self.run(Work::NewPassword, move || hash_h_password(&h_password))
            .await?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_busy_answer_names_what_is_busy() {
        let e = ApiError::from(Busy(Work::NewPassword));
        assert!(e.message.contains("hashing the new user's password"), "{}", e.message);
        assert_eq!((e.status.as_u16(), e.retry_after), (503, Some(1)));
        assert!(ApiError::from(Busy(Work::SignIn)).message.contains("sign-in"));
    }

    #[tokio::test]
    async fn the_pool_refuses_at_once_when_full() {
        let pool = Arc::new(HashPool::new(1, 1));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = Arc::new(Mutex::new(release_rx));
        let hold = |rx: Arc<Mutex<std::sync::mpsc::Receiver<()>>>| {
            move || {
                let _ = rx.lock().map(|r| r.recv());
            }
        };
        let spawn = |f| {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(Work::SignIn, f).await })
        };
        let (a, b) = (spawn(hold(release_rx.clone())), spawn(hold(release_rx.clone())));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        assert!(
            pool.run(Work::NewPassword, || ()).await.is_err(),
            "one running, one queued: the third is refused"
        );
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "at once, not after a wait"
        );
        release_tx.send(()).unwrap();
        release_tx.send(()).unwrap();
        assert!(a.await.unwrap().is_ok() && b.await.unwrap().is_ok());
        assert!(pool.run(Work::SignIn, || 7).await.is_ok_and(|v| v == 7));
    }
}
