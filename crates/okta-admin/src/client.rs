//! [`Client`]: the runtime's client with the typed API (`client.users()`, …) on top.

use std::ops::Deref;

use crate::{CallOptions, Config, Result};

/// An Okta client with the typed API: `client.users().get("00u1").await?`. Cheap to clone (one
/// shared connection pool). Everything else (`config()`, `send(call)`, `paginate(call)`, …) is the
/// runtime client's, reached through `Deref`.
#[derive(Clone, Debug)]
pub struct Client(okta_admin_runtime::Client);

impl Client {
    /// A client for `config` (see [`okta_admin_runtime::Client::new`]).
    pub fn new(config: Config) -> Result<Client> {
        okta_admin_runtime::Client::new(config).map(Client)
    }

    /// A client configured like Okta's official SDKs: `~/.okta/okta.yaml`, `./okta.yaml`, then
    /// `OKTA_CLIENT_*` variables (see [`ConfigBuilder::from_env`](crate::ConfigBuilder::from_env)).
    pub fn from_env() -> Result<Client> {
        okta_admin_runtime::Client::from_env().map(Client)
    }

    /// A view of this client (same pool and credentials) whose every call gets `options`.
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client(self.0.with_options(options))
    }

    /// The runtime client underneath.
    pub fn runtime(&self) -> &okta_admin_runtime::Client {
        &self.0
    }
}

impl Deref for Client {
    type Target = okta_admin_runtime::Client;

    fn deref(&self) -> &okta_admin_runtime::Client {
        &self.0
    }
}

impl From<okta_admin_runtime::Client> for Client {
    fn from(client: okta_admin_runtime::Client) -> Client {
        Client(client)
    }
}
