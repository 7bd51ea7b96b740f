//! Typed async client for the Okta Admin Management API (5.1.0), generated from its spec.
//!
//! ```no_run
//! # async fn demo() -> okta_admin::Result<()> {
//! let client = okta_admin::Client::from_env()?;
//! let user = client.users().get("00u1abc", &Default::default()).await?;
//! println!("{:?}", user.profile.and_then(|p| p.email));
//! # Ok(()) }
//! ```
//!
//! Hand-written runtime modules sit beside `generated/`, which `cargo xtask codegen` owns.

mod auth;
mod client;
mod config;
mod error;
mod open_enum;
mod options;
mod pagination;
mod request;

#[allow(clippy::all, missing_docs)]
mod generated;

pub use auth::OAuth;
pub use client::{Client, RawResponse};
pub use config::{Auth, Config, ConfigBuilder};
pub use config::Proxy;
pub use error::{ApiError, Error, ErrorCause, Result};
pub use generated::{api, models};
pub use options::CallOptions;
pub use pagination::{Page, Paginated};
pub use request::{Call, FilePart, QueryValue};
