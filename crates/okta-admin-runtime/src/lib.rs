//! The runtime of `okta-admin`, shared by the typed Rust API and the Python and Node bindings.
//!
//! Everything that happens between "call operation X with these arguments" and a decoded
//! response lives here, once: the operation table ([`ops::OPS`], generated from the spec), the
//! binding of language-neutral arguments to a request ([`Call::from_op`]), credentials
//! (SSWS, bearer, OAuth private-key JWT, DPoP), the configuration chain, retries and rate-limit
//! waits, `Link` pagination and the error taxonomy ([`ErrorKind`]).
//!
//! Hand-written modules sit beside `generated/`, which `cargo xtask codegen` owns.

mod auth;
mod bind;
mod client;
mod config;
mod credentials;
mod error;
mod lenient;
mod open_enum;
mod open_model;
mod observe;
mod op;
mod options;
mod overrides;
mod pacing;
mod pagination;
mod preview;
mod proxy;
mod request;
mod response;
mod retry;
mod union;

#[allow(clippy::all, missing_docs)]
mod generated;

pub use auth::OAuth;
pub use bind::{Arg, Args, Body};
pub use client::Client;
pub use config::{Auth, Config, ConfigBuilder, Proxy, DEFAULT_MAX_RESPONSE_BYTES};
pub use error::{ApiError, Error, ErrorCause, Result};
pub use generated::error_kinds::ErrorKind;
pub use observe::{Event, EventKind, Observer};
pub use op::{BodyKind, HttpMethod, Loc, Op, Param, Reply, Shape, Ty};
pub use options::CallOptions;
pub use overrides::{Overrides, Spelling};
pub use pagination::{Page, Paginated};
pub use preview::{Preview, REDACTED};
pub use request::{Call, FilePart, QueryValue};
pub use response::RawResponse;
pub use retry::RateLimit;

/// Support for the generated models' macros; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::lenient::{buffer, misfit, strict, Fit, Lenient, Scalar, Seed};
    pub use crate::open_model::Key;
    pub use crate::union::from_object;
    pub use serde;
    pub use serde_json::Map;
}

/// The table of every operation of the Okta Admin Management API, in IR order.
pub mod ops {
    pub use crate::generated::ops::*;

    /// The operation with Okta's `operationId` `id`.
    pub fn find(id: &str) -> Option<&'static crate::Op> {
        OPS.iter().find(|op| op.id == id)
    }
}
