//! One request, start to finish: control endpoints, journal, the OAuth token endpoint (no
//! faults or rate limits there), faults, rate limit, auth, routing, validation and media types
//! (415, 400, 406), then the store or a sample answers, rendered in the negotiated media type.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::http::request::Parts;
use hyper::{Request, Response};

use crate::api::{self, Ctx};
use crate::control;
use crate::errors::OktaError;
use crate::faults::Fault;
use crate::journal::RecordedRequest;
use crate::media;
use crate::oauth::{self, access};
use crate::page::links;
use crate::query::Query;
use crate::render::{render, Rendering};
use crate::reply::{MockBody, Padding, Reply};
use crate::router::Match;
use crate::shared::Shared;
use crate::time::Timestamp;
use crate::validate::validate;

/// The `rel="next"` link the `foreign-link` fault adds.
const FOREIGN_LINK: &str = "<http://other.example:1/api/v1/users?after=x>; rel=\"next\"";

/// The service's error: hyper closes the connection without answering.
#[derive(Debug)]
pub struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// Answers one request (or drops the connection for the `drop` fault).
pub async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<MockBody>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let request_id = shared.next_request_id();
    let path = parts.uri.path();
    let reply = if path == "/__mock" || path.starts_with("/__mock/") {
        control::handle(&shared, &parts.method, path, &body, &request_id)
    } else {
        shared.journal.record(record(&parts, &body));
        if path == oauth::TOKEN_PATH {
            oauth::token::handle(&shared.oauth, &shared.base_url, &parts, &body)
        } else {
            api_reply(&shared, &parts, &body, &request_id).await?
        }
    };
    Ok(reply
        .with_header("x-okta-request-id", request_id)
        .into_response())
}

/// The request as the journal keeps it.
fn record(parts: &Parts, body: &Bytes) -> RecordedRequest {
    RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    }
}

/// An API request with its faults and rate limit applied.
async fn api_reply(
    shared: &Shared,
    parts: &Parts,
    body: &[u8],
    request_id: &str,
) -> Result<Reply, Dropped> {
    let header = parts
        .headers
        .get("x-mock-fault")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let faults = match shared.faults.take(header.as_deref()) {
        Ok(faults) => faults,
        Err(e) => return Ok(OktaError::invalid_field("X-Mock-Fault", &e).into_reply(request_id)),
    };
    for fault in &faults {
        if let Fault::Delay(delay) = fault {
            tokio::time::sleep(*delay).await;
        }
    }
    if faults.contains(&Fault::Drop) {
        return Err(Dropped);
    }
    let now = Timestamp::now().0;
    let rate = match faults.contains(&Fault::RateLimit) {
        true => shared.limiter.forced(now),
        false => shared.limiter.check(now),
    };
    let injected = faults.iter().find_map(|f| match f {
        Fault::Status(status) => Some(*status),
        _ => None,
    });
    let mut reply = match (rate.exceeded, injected) {
        (true, _) => OktaError::rate_limited().into_reply(request_id),
        (false, Some(status)) => OktaError::for_status(status).into_reply(request_id),
        (false, None) => {
            match access::authorize(&shared.oauth, &shared.token, &shared.base_url, parts) {
                Ok(()) => answer(shared, parts, body, request_id)
                    .unwrap_or_else(|e| e.into_reply(request_id)),
                Err(denied) => denied.into_reply(request_id),
            }
        }
    };
    if faults.contains(&Fault::ForeignLink) {
        reply
            .headers
            .retain(|(name, value)| !(*name == "link" && value.ends_with("rel=\"next\"")));
        reply.headers.push(("link", FOREIGN_LINK.to_string()));
    }
    if faults.contains(&Fault::Malformed) {
        reply = malformed(reply);
    }
    if let Some(status) = faults.iter().find_map(|f| match f {
        Fault::Html(status) => Some(*status),
        _ => None,
    }) {
        let page = format!("<html><head><title>{status}</title></head><body><h1>{status} Bad Gateway</h1></body></html>\n");
        reply = Reply::bytes(status, Bytes::from(page), "text/html");
    }
    if let Some(odd) = faults.iter().find_map(|f| odd_reply(*f, request_id)) {
        reply = odd;
    }
    if (200..300).contains(&reply.status) {
        for fault in &faults {
            if let Some(body) = fault.rewrite(&reply.body) {
                reply.body = Bytes::from(body);
            }
        }
    }
    if faults.contains(&Fault::BadLink) {
        reply.headers.retain(|(name, _)| *name != "link");
        reply.headers.push(("link", BAD_LINK.to_string()));
    }
    reply.headers.extend(rate.headers());
    Ok(reply)
}

/// A `rel="next"` link without its closing `>`.
const BAD_LINK: &str = "<http://127.0.0.1/api/v1/users?after=x; rel=\"next\"";

/// The reply of a fault that replaces the whole response.
fn odd_reply(fault: Fault, request_id: &str) -> Option<Reply> {
    let json = |status: u16, body: Vec<u8>| Reply::bytes(status, Bytes::from(body), "application/json");
    // `len` bytes of filler streamed at `at`: the mock never holds the body.
    let padded = |status: u16, body: &'static [u8], at: usize, mib: u32| Reply {
        padding: Some(Padding { at, len: usize::try_from(mib).unwrap_or(1) << 20 }),
        ..Reply::bytes(status, Bytes::from_static(body), "application/json")
    };
    Some(match fault {
        Fault::Big(n) => padded(200, b"{\"id\":\"00ubig\",\"pad\":\"\"}", 22, n),
        Fault::BigError(n) => padded(400, b"{\"errorCode\":\"E0000001\",\"errorSummary\":\"\",\"errorCauses\":[]}", 40, n),
        Fault::Hostile => {
            let line = "Api validation failed\r\nX-Injected: yes\n\u{1b}[31mred\u{1b}[0m ";
            let summary = line.repeat(64 * 1024 / line.len());
            let causes: Vec<serde_json::Value> =
                (0..100).map(|i| serde_json::json!({ "errorSummary": format!("cause {i}\r\nforged: line") })).collect();
            let body = serde_json::json!({
                "errorCode": "E0000001\r\nX-Forged: 1",
                "errorSummary": summary,
                "errorLink": "E0000001",
                "errorId": format!("oae{request_id}"),
                "errorCauses": causes,
            });
            json(400, serde_json::to_vec(&body).unwrap_or_default())
        }
        Fault::Body(odd) => json(200, odd.bytes().to_vec()),
        _ => return None,
    })
}

/// Routing, validation, then the store or a sample (the request is authorized).
fn answer(
    shared: &Shared,
    parts: &Parts,
    body: &[u8],
    request_id: &str,
) -> Result<Reply, OktaError> {
    let spec = shared.spec;
    let path = parts.uri.path();
    let raw_query = parts.uri.query().unwrap_or_default();
    let (op, params) = match spec.router.find(parts.method.as_str(), path) {
        Match::Found { op, params } => (op, params),
        Match::MethodNotAllowed(allowed) => {
            let reply = OktaError::method_not_allowed().into_reply(request_id);
            return Ok(reply.with_header("allow", allowed.join(", ")));
        }
        Match::NotFound => return Err(OktaError::not_found(path)),
    };
    let operation = spec
        .api
        .ir
        .operations
        .get(op)
        .ok_or_else(|| OktaError::not_found(path))?;
    let query = Query::parse(raw_query);
    // 415 (Content-Type) comes first, then 406 (Accept), then the other 400s.
    let negotiated = media::negotiate(&operation.response_content_types, &parts.headers);
    let payload = match validate(&spec.api, operation, &query, &parts.headers, body) {
        Err(e) if e.status != 415 => {
            negotiated?;
            return Err(e);
        }
        read => read?,
    };
    let rendering = Rendering {
        media_type: negotiated?,
        payload: &payload,
        params: &params,
        base: &shared.base_url,
    };
    let ctx = Ctx {
        op: &operation.id,
        method: parts.method.as_str(),
        params: &params,
        query: &query,
        raw_query,
        path,
        body: payload.json(),
        base: &shared.base_url,
    };
    if let Some(result) = api::dispatch(&shared.store, &ctx) {
        return result.map(|reply| render(reply, &rendering));
    }
    let mut reply = spec.samples.reply(&spec.api, op);
    if operation.paginated {
        let limit = query.limit(20, usize::MAX).unwrap_or(20);
        reply.headers.extend(
            links(ctx.base, path, raw_query, &query, limit, None)
                .into_iter()
                .map(|l| ("link", l)),
        );
    }
    Ok(render(reply, &rendering))
}

/// The `malformed` fault: status 200 and the first half of the JSON body.
fn malformed(reply: Reply) -> Reply {
    let body = match reply.body.len() {
        len if len >= 2 => reply.body.slice(..len / 2),
        _ => Bytes::from_static(b"{\"errorCode\":"),
    };
    Reply {
        status: 200,
        body,
        content_type: Some("application/json"),
        headers: reply.headers,
        padding: None,
    }
}
