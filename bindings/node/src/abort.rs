//! Cancellation of calls by a JS `AbortSignal`: `lib/runtime.js` registers an id for a call
//! that has a signal ([`Aborts::register`]), aborts it when the signal fires ([`Aborts::abort`])
//! and releases it when the call settles. A call watching an id stops where it is (dropping the
//! request, so its connection is not reused) and rejects; the JS side rejects with the signal's
//! reason, as `fetch` does.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::future::{select, Either};
use okta_admin_runtime::Error;
use tokio::sync::watch;

/// The abort switches of one client's calls under way, by id.
#[derive(Default, Clone)]
pub struct Aborts {
    next: Arc<AtomicU32>,
    switches: Arc<Mutex<HashMap<u32, watch::Sender<bool>>>>,
}

impl Aborts {
    fn switches(&self) -> std::sync::MutexGuard<'_, HashMap<u32, watch::Sender<bool>>> {
        self.switches.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new id to pass to a call and to [`Aborts::abort`].
    pub fn register(&self) -> u32 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.switches().insert(id, watch::channel(false).0);
        id
    }

    /// Aborts the call watching `id` (now, or as soon as it starts).
    pub fn abort(&self, id: u32) {
        if let Some(switch) = self.switches().get(&id) {
            switch.send_replace(true);
        }
    }

    /// Forgets `id` once its call has settled.
    pub fn release(&self, id: u32) {
        self.switches().remove(&id);
    }

    /// Runs `work`, stopping early when the call's id (if any) is aborted.
    pub async fn run<T>(&self, id: Option<u32>, work: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        let Some(mut watching) = id.and_then(|id| self.switches().get(&id).map(watch::Sender::subscribe)) else {
            return work.await;
        };
        let aborted = Box::pin(async move { watching.wait_for(|aborted| *aborted).await.is_ok() });
        match select(Box::pin(work), aborted).await {
            Either::Left((result, _)) => result,
            Either::Right((true, _)) => Err(Error::InvalidRequest("the call was aborted by its AbortSignal".into())),
            // The switch is gone: the call was released, which cannot happen while it runs.
            Either::Right((false, work)) => work.await,
        }
    }
}
