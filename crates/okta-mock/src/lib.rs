//! A spec-driven local Okta server for tests, demos and benchmarks.
//!
//! Every operation of the embedded IR is served: requests are checked against the spec (404,
//! 405, 415, 406, 400 and 401 in Okta's error JSON) and answered with a response of the declared
//! shape and negotiated media type. Bodies are read as their media type says: JSON, multipart
//! uploads (one `file` part), PEM/DER certificates, compact JWTs.
//! Users, groups, applications and their memberships and assignments are stateful; every
//! request is journaled; rate limits and faults can be switched on per request
//! (`X-Mock-Fault`) or globally (`POST /__mock/config`).
//!
//! Besides the static `SSWS` token, API requests may carry OAuth access tokens from the
//! mock's token endpoint, `POST /oauth2/v1/token` (client credentials with a private-key JWT,
//! optionally DPoP-bound): register service apps with [`MockConfig::oauth_clients`],
//! [`MockServer::register_oauth_client`], `--oauth-client` or `POST /__mock/oauth/clients`.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = okta_mock::MockServer::start(okta_mock::MockConfig { seed_users: 10, ..Default::default() }).await?;
//! println!("{} with token {}", server.url(), server.token());
//! # Ok(()) }
//! ```

mod api;
mod config;
mod control;
mod encoded;
mod errors;
mod faults;
mod filter;
mod generated {
    pub mod ir;
}
mod ir;
mod journal;
mod media;
mod multipart;
mod oauth;
mod page;
mod payload;
mod query;
mod ratelimit;
mod render;
mod reply;
mod router;
mod sample;
mod server;
mod service;
mod shared;
mod store;
mod time;
mod validate;

pub use config::MockConfig;
pub use faults::Fault;
pub use journal::RecordedRequest;
pub use oauth::OAuthClient;
pub use ratelimit::RateLimit;
pub use server::MockServer;
