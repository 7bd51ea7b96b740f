//! The HTTP/1.1 server (keep-alive) and its handle, `MockServer`.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::config::MockConfig;
use crate::faults::Fault;
use crate::journal::RecordedRequest;
use crate::oauth::{OAuthClient, TOKEN_PATH};
use crate::ratelimit::RateLimit;
use crate::service;
use crate::shared::Shared;

/// A running mock server; it stops when dropped.
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Binds 127.0.0.1:`config.port`, seeds the store and serves on the current tokio runtime.
    pub async fn start(config: MockConfig) -> io::Result<MockServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let shared = Arc::new(Shared::new(&config, base_url(listener.local_addr()?))?);
        let (shutdown, stopped) = oneshot::channel();
        tokio::spawn(serve(listener, Arc::clone(&shared), stopped));
        Ok(MockServer {
            shared,
            shutdown: Some(shutdown),
            thread: None,
        })
    }

    /// Like [`MockServer::start`], but serves from a background thread with its own runtime, so
    /// it needs no runtime of the caller's.
    pub fn start_blocking(config: MockConfig) -> io::Result<MockServer> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))?;
        listener.set_nonblocking(true)?;
        let shared = Arc::new(Shared::new(&config, base_url(listener.local_addr()?))?);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stopped) = oneshot::channel();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("okta-mock".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, serving, stopped).await,
                        Err(e) => eprintln!("okta-mock: cannot serve: {e}"),
                    }
                });
            })?;
        Ok(MockServer {
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> &str {
        &self.shared.base_url
    }

    /// The token clients must send.
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// The API requests received so far (not those to `/__mock/`), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.journal.snapshot()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared.journal.clear();
    }

    /// Sets the request budget (`None`: unlimited) and starts a new window.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.shared.limiter.set(limit);
    }

    /// Queues `fault` for the next `times` API requests.
    pub fn push_fault(&self, fault: Fault, times: u32) {
        self.shared.faults.push(fault, times);
    }

    /// Empties the fault queue and resets the `X-Mock-Fault` counters.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// `{url}/oauth2/v1/token`, the token endpoint (and the `aud` client assertions name).
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.shared.base_url)
    }

    /// Registers an OAuth service app (replacing one with the same client id); `Err` says why
    /// the client id, scopes, lifetime or public key cannot be used.
    pub fn register_oauth_client(&self, client: OAuthClient) -> Result<(), String> {
        self.shared.oauth.register(&client).map(|_| ())
    }

    /// Revokes every access token issued so far; returns how many there were.
    pub fn revoke_oauth_tokens(&self) -> usize {
        self.shared.oauth.revoke_all()
    }

    /// Requires DPoP proofs to carry the server's nonce (a fresh one each time it is switched
    /// on), or stops requiring it.
    pub fn set_require_dpop_nonce(&self, required: bool) {
        self.shared.oauth.set_require_nonce(required);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn base_url(address: SocketAddr) -> String {
    format!("http://{address}")
}

/// Accepts connections until `stopped` fires (or its sender is dropped); then every open
/// connection is aborted with the `JoinSet`.
async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of file descriptors or similar: back off instead of spinning.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let shared = Arc::clone(&shared);
                connections.spawn(async move {
                    let service = service_fn(move |request| service::handle(Arc::clone(&shared), request));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}
