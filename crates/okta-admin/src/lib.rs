//! Typed async client for the Okta Admin Management API (5.1.0), generated from its spec.
//!
//! ```no_run
//! # async fn demo() -> okta_admin::Result<()> {
//! let client = okta_admin::Client::from_env()?;
//! let user = client.users().get("00u1abc").await?;
//! println!("{:?}", user.profile.and_then(|p| p.email));
//! # Ok(()) }
//! ```
//!
//! Every method builds its request from the runtime's operation table
//! ([`okta_admin_runtime::ops::OPS`]), which the Python and Node packages call through too:
//! the same request, retries, pagination and errors in every language. This crate adds the
//! typed models and the typed, builder-style calls (`generated/`, owned by `cargo xtask codegen`).

pub use okta_admin_runtime::*;

#[allow(clippy::all, missing_docs)]
mod generated;

pub use generated::{api, models};

mod client;
mod pending;

pub use client::Client;
pub use pending::{Pending, ResponseFuture};

/// The README's Rust examples, compiled as doctests so that they stay true.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
