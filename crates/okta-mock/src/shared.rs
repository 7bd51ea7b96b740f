//! The state one server's requests share, and the spec all servers of the process share.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};

use crate::config::MockConfig;
use crate::faults::Faults;
use crate::ir::Api;
use crate::journal::Journal;
use crate::oauth::OAuthState;
use crate::ratelimit::RateLimiter;
use crate::router::Router;
use crate::sample::Samples;
use crate::store::Store;

/// The parsed IR with its router and sample cache, built once per process.
#[derive(Debug)]
pub struct Spec {
    /// The IR.
    pub api: Api,
    /// Routes over every operation's path.
    pub router: Router,
    /// Sample responses.
    pub samples: Samples,
}

/// The process-wide spec, parsed on first use.
pub fn spec() -> io::Result<&'static Spec> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    let spec = SPEC.get_or_init(|| {
        let api = Api::load().map_err(|e| format!("the embedded IR does not parse: {e}"))?;
        let router = Router::new(&api.ir.operations);
        let samples = Samples::new(api.ir.operations.len());
        Ok(Spec {
            api,
            router,
            samples,
        })
    });
    spec.as_ref()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.clone()))
}

/// Everything a server's requests share.
#[derive(Debug)]
pub struct Shared {
    /// The spec.
    pub spec: &'static Spec,
    /// Users, groups, applications.
    pub store: RwLock<Store>,
    /// Recorded requests.
    pub journal: Journal,
    /// The request budget.
    pub limiter: RateLimiter,
    /// Queued and per-header faults.
    pub faults: Faults,
    /// The token clients must send.
    pub token: String,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// OAuth clients, issued access tokens and DPoP settings.
    pub oauth: OAuthState,
    requests: AtomicU64,
}

impl Shared {
    /// The state of a new server at `base_url`, seeded as `config` says; an OAuth client that
    /// does not register (bad key, …) is an `InvalidInput` error.
    pub fn new(config: &MockConfig, base_url: String) -> io::Result<Shared> {
        let limiter = RateLimiter::default();
        limiter.set(config.rate_limit);
        let oauth = OAuthState::default();
        for client in &config.oauth_clients {
            oauth
                .register(client)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        }
        oauth.set_require_nonce(config.require_dpop_nonce);
        Ok(Shared {
            spec: spec()?,
            store: RwLock::new(Store::seeded(
                config.seed_users,
                config.seed_groups,
                config.seed_apps,
            )),
            journal: Journal::default(),
            limiter,
            faults: Faults::default(),
            token: config.token.clone(),
            base_url,
            oauth,
            requests: AtomicU64::new(0),
        })
    }

    /// A fresh `X-Okta-Request-Id` (24 characters, like Okta's).
    pub fn next_request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed) + 1;
        format!("mockreq{n:017}")
    }
}
