//! DPoP (RFC 9449) over real loopback HTTP: proofs verified with the key in their own `jwk`
//! header, bound to the token (`ath`), method and URL; `use_dpop_nonce` retries at the token
//! endpoint and at the API; DPoP switched on when the token endpoint demands it.

#[path = "auth_support.rs"]
mod auth;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use auth::support::{Recorded, Reply, Server};
use auth::{
    check_dpop, fixture, oauth_error, rsa_public, token_reply, Expect, TokenEndpoint, CLIENT_ID,
};
use okta_admin_runtime::{Auth, Call, Client, Error, OAuth};
use reqwest::Method;
use serde_json::Value;

const SCOPE: &str = "okta.users.read";

/// Server-side state: the assertion checker, DPoP jtis, the jwk of every proof, nonces.
struct Dpop {
    endpoint: TokenEndpoint,
    seen: Mutex<HashSet<String>>,
    jwks: Mutex<Vec<Value>>,
    token_requests: AtomicUsize,
    api_requests: AtomicUsize,
}

impl Dpop {
    fn new() -> Arc<Dpop> {
        Arc::new(Dpop {
            endpoint: TokenEndpoint::new(Expect {
                public: rsa_public(),
                alg: "RS256",
                kid: None,
                scope: SCOPE,
            }),
            seen: Mutex::new(HashSet::new()),
            jwks: Mutex::new(Vec::new()),
            token_requests: AtomicUsize::new(0),
            api_requests: AtomicUsize::new(0),
        })
    }

    /// Checks a token request's assertion and DPoP proof (with `nonce` if given).
    fn token(&self, request: &Recorded, base: &str, nonce: Option<&str>) -> Reply {
        self.token_requests.fetch_add(1, Ordering::SeqCst);
        if let Err(reply) = self.endpoint.check(request, base) {
            return reply;
        }
        match check_dpop(
            request,
            &format!("{base}/oauth2/v1/token"),
            None,
            nonce,
            &self.seen,
        ) {
            Ok(jwk) => {
                self.jwks.lock().unwrap().push(jwk);
                token_reply("DPoP", "DPOP-AT-1", 3600)
            }
            Err(why) => oauth_error(400, "invalid_dpop_proof", &why),
        }
    }

    /// Checks an API request: `Authorization: DPoP DPOP-AT-1` and a proof bound to it.
    fn api(&self, request: &Recorded, base: &str, nonce: Option<&str>) -> Reply {
        self.api_requests.fetch_add(1, Ordering::SeqCst);
        if request.header("Authorization") != Some("DPoP DPOP-AT-1") {
            return Reply::json(401, r#"{"errorCode":"E0000011"}"#);
        }
        let path = request.target.split('?').next().unwrap();
        match check_dpop(
            request,
            &format!("{base}{path}"),
            Some("DPOP-AT-1"),
            nonce,
            &self.seen,
        ) {
            Ok(jwk) => {
                self.jwks.lock().unwrap().push(jwk);
                Reply::json(200, r#"{"ok":true}"#)
            }
            Err(why) => Reply::json(401, "{}").header(
                "WWW-Authenticate",
                format!("DPoP error=\"invalid_dpop_proof\", error_description=\"{why}\""),
            ),
        }
    }
}

fn client(server: &Server, dpop: bool) -> Client {
    let oauth = OAuth::private_key(CLIENT_ID, fixture("rsa_pkcs8.pem"))
        .with_scopes([SCOPE])
        .with_dpop(dpop);
    let config = server
        .config()
        .auth(Auth::OAuth(oauth))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

fn search() -> Call {
    let mut call = Call::new(Method::GET, "/api/v1/users", &[]);
    call.query("search", "profile.login eq \"a@b.c\"");
    call
}

#[tokio::test]
async fn proofs_bind_the_token_method_and_url_with_one_key() {
    let state = Dpop::new();
    let server = Server::start({
        let state = state.clone();
        move |_, request, base| {
            if request.target.starts_with("/oauth2/") {
                state.token(request, base, None)
            } else {
                state.api(request, base, None)
            }
        }
    })
    .await;
    let client = client(&server, true);
    let body: Value = client.send(search()).await.expect("get");
    assert_eq!(body["ok"], true);
    let mut delete = Call::new(Method::DELETE, "/api/v1/users/{}", &["00u1"]);
    delete.query("sendEmail", &false);
    client.send_empty(delete).await.expect("delete");
    assert_eq!(state.token_requests.load(Ordering::SeqCst), 1);
    assert_eq!(state.api_requests.load(Ordering::SeqCst), 2);
    {
        let jwks = state.jwks.lock().unwrap();
        assert_eq!(jwks.len(), 3);
        assert!(jwks.iter().all(|j| *j == jwks[0]), "one DPoP key per client");
        assert_eq!(state.seen.lock().unwrap().len(), 3, "a fresh jti per proof");
    }
    // A second client has its own key.
    client_key_differs(&server, &state).await;
}

async fn client_key_differs(server: &Server, state: &Dpop) {
    let other = client(server, true);
    other.send_empty(search()).await.expect("other client");
    let jwks = state.jwks.lock().unwrap();
    assert_ne!(jwks.last(), jwks.first());
}

#[tokio::test]
async fn token_endpoint_nonce_is_used_on_the_retry() {
    let state = Dpop::new();
    let server = Server::start({
        let state = state.clone();
        move |_, request, base| {
            if request.target.starts_with("/oauth2/") {
                let has_nonce = auth::decode_jwt(request.header("DPoP").unwrap_or("..."))
                    .map(|p| p.claims.get("nonce").is_some())
                    .unwrap_or(false);
                if !has_nonce {
                    state.token_requests.fetch_add(1, Ordering::SeqCst);
                    return oauth_error(
                        400,
                        "use_dpop_nonce",
                        "Authorization server requires nonce in DPoP proof.",
                    )
                    .header("DPoP-Nonce", "token-nonce-1");
                }
                state.token(request, base, Some("token-nonce-1"))
            } else {
                state.api(request, base, None)
            }
        }
    })
    .await;
    client(&server, true)
        .send_empty(search())
        .await
        .expect("call");
    assert_eq!(state.token_requests.load(Ordering::SeqCst), 2);
    assert_eq!(state.api_requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn api_nonce_challenge_is_answered_once_with_the_same_token() {
    let state = Dpop::new();
    let challenged = Arc::new(AtomicUsize::new(0));
    let server = Server::start({
        let (state, challenged) = (state.clone(), challenged.clone());
        move |_, request, base| {
            if request.target.starts_with("/oauth2/") {
                return state.token(request, base, None);
            }
            if challenged.fetch_add(1, Ordering::SeqCst) == 0 {
                return Reply::json(401, "")
                    .header("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"")
                    .header("DPoP-Nonce", "api-nonce-1");
            }
            state.api(request, base, Some("api-nonce-1"))
        }
    })
    .await;
    let client = client(&server, true);
    client
        .send_empty(search())
        .await
        .expect("retried with the nonce");
    // The nonce is remembered for later requests too.
    client.send_empty(search()).await.expect("second call");
    assert_eq!(
        state.token_requests.load(Ordering::SeqCst),
        1,
        "no new token"
    );
    assert_eq!(challenged.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn dpop_is_switched_on_when_the_token_endpoint_requires_it() {
    let state = Dpop::new();
    let server = Server::start({
        let state = state.clone();
        move |_, request, base| {
            if request.target.starts_with("/oauth2/") {
                if request.header("DPoP").is_none() {
                    state.token_requests.fetch_add(1, Ordering::SeqCst);
                    return oauth_error(
                        400,
                        "invalid_dpop_proof",
                        "The DPoP proof JWT header is missing.",
                    );
                }
                state.token(request, base, None)
            } else {
                state.api(request, base, None)
            }
        }
    })
    .await;
    let client = client(&server, false);
    client.send_empty(search()).await.expect("upgraded to DPoP");
    client.send_empty(search()).await.expect("still DPoP");
    assert_eq!(state.token_requests.load(Ordering::SeqCst), 2);
    assert_eq!(state.api_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_bearer_token_when_dpop_is_required_is_a_clear_error() {
    let server = Server::start(|_, request, _| {
        if request.target.starts_with("/oauth2/") {
            token_reply("Bearer", "SECRET-BEARER-AT", 3600)
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let error = client(&server, true)
        .send_empty(search())
        .await
        .expect_err("token type mismatch");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("DPoP"), "{error}");
    assert!(!format!("{error:?}").contains("SECRET-BEARER-AT"));
}

#[tokio::test]
async fn invalid_dpop_proof_with_dpop_on_is_not_retried_forever() {
    let count = Arc::new(AtomicUsize::new(0));
    let server = Server::start({
        let count = count.clone();
        move |_, _, _| {
            count.fetch_add(1, Ordering::SeqCst);
            oauth_error(400, "invalid_dpop_proof", "bad proof").header("DPoP-Nonce", "n")
        }
    })
    .await;
    let error = client(&server, true)
        .send_empty(search())
        .await
        .expect_err("refused");
    assert_eq!(
        error.api_error().and_then(|e| e.error_code.as_deref()),
        Some("invalid_dpop_proof")
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
}
