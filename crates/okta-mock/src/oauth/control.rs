//! The OAuth control endpoints (no auth, not journaled):
//!
//! - `GET /__mock/oauth/clients`: the registered clients,
//!   `[{clientId, keyType, kid, scopes, dpop, tokenLifetimeSecs}]`.
//! - `POST /__mock/oauth/clients` with `{"clientId", "publicKey": "<PEM or JWK JSON text>" | {JWK},
//!   "scopes": [...], "dpop": false, "tokenLifetimeSecs": 3600}` (only `clientId` and
//!   `publicKey` are required; snake_case keys work too): registers (or replaces) a client;
//!   201 with its summary.
//! - `POST /__mock/oauth/revoke`: revokes every issued access token; `{"revoked": N}`.

use hyper::Method;
use serde_json::{json, Value};

use super::{OAuthClient, OAuthState};
use crate::errors::OktaError;
use crate::reply::Reply;

/// Answers a `/__mock/oauth/…` request.
pub fn handle(
    state: &OAuthState,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Result<Reply, OktaError> {
    match (path, method) {
        ("/__mock/oauth/clients", &Method::GET) => Ok(Reply::json(200, &state.clients_json())),
        ("/__mock/oauth/clients", &Method::POST) => {
            let client = read_client(body)?;
            let summary = state
                .register(&client)
                .map_err(|e| OktaError::invalid_field("client", &e))?;
            Ok(Reply::json(201, &summary))
        }
        ("/__mock/oauth/revoke", &Method::POST) => {
            Ok(Reply::json(200, &json!({ "revoked": state.revoke_all() })))
        }
        ("/__mock/oauth/clients" | "/__mock/oauth/revoke", _) => {
            Err(OktaError::method_not_allowed())
        }
        _ => Err(OktaError::not_found(path)),
    }
}

/// A `POST /__mock/oauth/clients` body.
fn read_client(body: &[u8]) -> Result<OAuthClient, OktaError> {
    let invalid = |field: &str, message: &str| OktaError::invalid_field(field, message);
    let value: Value =
        serde_json::from_slice(body).map_err(|e| invalid("client", &format!("not JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("client", "expected a JSON object"))?;
    let mut client = OAuthClient::new("", "");
    let (mut has_id, mut has_key) = (false, false);
    for (key, value) in object {
        match key.as_str() {
            "clientId" | "client_id" => {
                client.client_id = value
                    .as_str()
                    .ok_or_else(|| invalid(key, "must be a string"))?
                    .to_owned();
                has_id = true;
            }
            "publicKey" | "public_key" => {
                client.public_key = match value {
                    Value::String(text) => text.clone(),
                    Value::Object(_) => value.to_string(),
                    _ => return Err(invalid(key, "must be PEM or JWK text, or a JWK object")),
                };
                has_key = true;
            }
            "scopes" => {
                client.scopes = value
                    .as_array()
                    .and_then(|scopes| {
                        scopes
                            .iter()
                            .map(|s| s.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| invalid(key, "must be an array of strings"))?;
            }
            "dpop" => {
                client.dpop = value
                    .as_bool()
                    .ok_or_else(|| invalid(key, "must be a boolean"))?;
            }
            "tokenLifetimeSecs" | "token_lifetime_secs" => {
                client.token_lifetime_secs = value
                    .as_u64()
                    .filter(|&secs| secs > 0)
                    .ok_or_else(|| invalid(key, "must be a positive integer"))?;
            }
            _ => return Err(invalid("client", &format!("unknown key {key:?}"))),
        }
    }
    match (has_id, has_key) {
        (true, true) => Ok(client),
        (false, _) => Err(invalid("clientId", "The field cannot be left blank")),
        (_, false) => Err(invalid("publicKey", "The field cannot be left blank")),
    }
}
