//! `okta-bench canned`: a server that answers from responses recorded once, so that the
//! server's own cost per request is far below okta-mock's and the clients' costs show.
//!
//! It records, from a running okta-mock, every page of `GET /api/v1/users?limit=N` (following
//! `Link: rel="next"`, rewritten to point at itself) and `GET /api/v1/users/{id}` for each id
//! of `--ids`; then it serves those exact bytes (status, `Content-Type`, `Link`), keyed by
//! path and query, over HTTP/1.1 with keep-alive, on one thread. Anything else is a 404. It
//! prints `okta-bench canned at http://127.0.0.1:PORT` and serves until killed.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE, LINK};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

use super::{read_ids, Args, BoxError};

/// A recorded response.
struct Canned {
    status: StatusCode,
    content_type: HeaderValue,
    link: Option<HeaderValue>,
    body: Bytes,
}

/// Records from the mock at `--url`, then serves until the process is killed.
pub fn serve(args: &Args) -> Result<(), BoxError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let own = format!("http://{}", listener.local_addr()?);
        let routes = Arc::new(record(args, &own).await?);
        println!("okta-bench canned at {own}");
        loop {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            let routes = Arc::clone(&routes);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| answer(Arc::clone(&routes), request));
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    })
}

async fn answer(routes: Arc<HashMap<String, Canned>>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let key = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let response = match routes.get(key) {
        Some(canned) => {
            let mut response = Response::new(Full::new(canned.body.clone()));
            *response.status_mut() = canned.status;
            response.headers_mut().insert(CONTENT_TYPE, canned.content_type.clone());
            if let Some(link) = &canned.link {
                response.headers_mut().insert(LINK, link.clone());
            }
            response
        }
        None => {
            eprintln!("okta-bench canned: nothing recorded for {key}");
            let mut response = Response::new(Full::new(Bytes::from_static(b"{\"errorCode\":\"E0000007\"}")));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
    };
    Ok(response)
}

/// Every page of the user list and every user of `--ids`, keyed by path and query.
async fn record(args: &Args, own: &str) -> Result<HashMap<String, Canned>, BoxError> {
    let http = reqwest::Client::new();
    let auth = format!("SSWS {}", args.token);
    let mut routes = HashMap::new();
    let mut urls = vec![format!("{}/api/v1/users?limit={}", args.url, args.limit)];
    let mut ids = read_ids(args)?;
    ids.sort();
    ids.dedup();
    let gets = ids.iter().map(|id| format!("{}/api/v1/users/{id}", args.url));
    let mut pending: Vec<String> = gets.collect();
    while let Some(url) = urls.pop().or_else(|| pending.pop()) {
        let response = http.get(&url).header("Authorization", &auth).header("Accept", "application/json").send().await?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("recording {url}: HTTP {status}").into());
        }
        let content_type = response.headers().get(CONTENT_TYPE).cloned().unwrap_or(HeaderValue::from_static("application/json"));
        let next = super::next_link(response.headers()).map(str::to_owned);
        let link = match &next {
            Some(link) => Some(HeaderValue::from_str(&link.replace(&args.url, own))?),
            None => None,
        };
        urls.extend(next.as_deref().and_then(super::link_url));
        let body = response.bytes().await?;
        let key = url.strip_prefix(&args.url).unwrap_or(&url).to_owned();
        routes.insert(key, Canned { status, content_type, link, body });
    }
    eprintln!("okta-bench canned: recorded {} responses", routes.len());
    Ok(routes)
}
