//! API authorization: `SSWS <token>` or `Bearer <token>` with the server's static token,
//! `Bearer <access token>` issued by the token endpoint (not DPoP-bound, not expired, not
//! revoked), or `DPoP <access token>` with a valid `DPoP` proof for this request. Anything else
//! is a 401 `E0000011`; DPoP failures add a `WWW-Authenticate: DPoP error=…` challenge (and a
//! `DPoP-Nonce` header when the proof lacks the nonce the mock requires).

use hyper::header::AUTHORIZATION;
use hyper::http::request::Parts;

use super::dpop::{self, Expected, Refused};
use super::{jws, urls, OAuthState};
use crate::errors::OktaError;
use crate::reply::Reply;

/// A refused request: the 401 and its extra headers.
#[derive(Debug)]
pub struct Denied {
    headers: Vec<(&'static str, String)>,
}

impl Denied {
    fn plain() -> Denied {
        Denied {
            headers: Vec::new(),
        }
    }

    /// A DPoP challenge with `error` and a description.
    fn dpop(error: &str, description: &str) -> Denied {
        let description = description.replace('"', "'");
        Denied {
            headers: vec![(
                "www-authenticate",
                format!("DPoP algs=\"ES256 RS256\", error=\"{error}\", error_description=\"{description}\""),
            )],
        }
    }

    /// The 401 `E0000011` response.
    pub fn into_reply(self, request_id: &str) -> Reply {
        let mut reply = OktaError::invalid_token().into_reply(request_id);
        reply.headers.extend(self.headers);
        reply
    }
}

/// Checks the request's credentials.
pub fn authorize(
    state: &OAuthState,
    static_token: &str,
    base_url: &str,
    parts: &Parts,
) -> Result<(), Denied> {
    let value = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(Denied::plain)?;
    let (scheme, credential) = value.trim().split_once(' ').ok_or_else(Denied::plain)?;
    let credential = credential.trim();
    if scheme.eq_ignore_ascii_case("SSWS") {
        return (credential == static_token)
            .then_some(())
            .ok_or_else(Denied::plain);
    }
    if scheme.eq_ignore_ascii_case("Bearer") {
        if credential == static_token {
            return Ok(());
        }
        return match state.token(credential) {
            Some(issued) if issued.jkt.is_none() => Ok(()),
            Some(_) => Err(Denied::dpop(
                "invalid_token",
                "a DPoP-bound access token must be sent with the DPoP scheme",
            )),
            None => Err(Denied::plain()),
        };
    }
    if !scheme.eq_ignore_ascii_case("DPoP") {
        return Err(Denied::plain());
    }
    let Some(issued) = state.token(credential) else {
        return Err(Denied::dpop(
            "invalid_token",
            "the access token is not valid",
        ));
    };
    let Some(jkt) = issued.jkt.as_deref() else {
        return Err(Denied::dpop(
            "invalid_token",
            "the access token is not DPoP-bound",
        ));
    };
    let now = jws::now_secs();
    let request_urls = urls(base_url, &parts.headers, parts.uri.path());
    let expected = Expected {
        method: parts.method.as_str(),
        urls: &request_urls,
        access_token: Some(credential),
        jkt: Some(jkt),
    };
    match dpop::check(state, &parts.headers, &expected, now) {
        Ok(_) => Ok(()),
        Err(Refused::Nonce(nonce)) => {
            let mut denied = Denied::dpop(
                "use_dpop_nonce",
                "Resource server requires nonce in DPoP proof",
            );
            denied.headers.push(("dpop-nonce", nonce));
            Err(denied)
        }
        Err(Refused::Missing) => Err(Denied::dpop(
            "invalid_dpop_proof",
            "send exactly one DPoP header",
        )),
        Err(Refused::Invalid(why)) => Err(Denied::dpop("invalid_dpop_proof", &why)),
    }
}
