//! The stateful endpoints: users, groups and applications answered from the store.
//! Every other operation gets a sample response.

mod apps;
mod groups;
mod users;

use std::sync::{PoisonError, RwLock};

use serde::Serialize;
use serde_json::Value;

use crate::errors::OktaError;
use crate::filter::Filter;
use crate::page::{links, Page};
use crate::query::Query;
use crate::reply::Reply;
use crate::store::Store;

/// What a stateful handler answers; `None` when the operation is not one of them.
type Outcome = Option<Result<Reply, OktaError>>;

/// A validated request, as the handlers see it.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The operation id (`listUsers`).
    pub op: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// Path variables, decoded.
    pub params: &'a [(String, String)],
    /// Query parameters, decoded.
    pub query: &'a Query,
    /// The raw query string.
    pub raw_query: &'a str,
    /// The raw path.
    pub path: &'a str,
    /// The JSON body, if sent.
    pub body: Option<&'a Value>,
    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub base: &'a str,
}

/// The body of a request that sent none.
static NO_BODY: Value = Value::Null;

impl Ctx<'_> {
    /// The JSON body, `null` when none was sent.
    fn body(&self) -> &Value {
        self.body.unwrap_or(&NO_BODY)
    }

    /// Path variable `name` (empty if absent).
    fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The `filter` and `search` expressions (both must hold); 400 `E0000031` when unreadable.
    fn filter(&self) -> Result<Option<Filter>, OktaError> {
        let mut combined: Option<Filter> = None;
        for name in ["filter", "search"] {
            let Some(text) = self.query.get(name).filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            let filter = Filter::parse(text)
                .map_err(|e| OktaError::invalid_search(format!("{name}: {e}")))?;
            combined = Some(match combined {
                Some(previous) => Filter::And(Box::new(previous), Box::new(filter)),
                None => filter,
            });
        }
        Ok(combined)
    }

    /// The `q` parameter, lower case.
    fn q(&self) -> Option<String> {
        self.query
            .get("q")
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase)
    }

    /// A 200 list response with `Link` headers for `page`, whose items were rendered into `items`.
    fn list<T, V: Serialize>(&self, page: &Page<T>, items: &[V], limit: usize) -> Reply {
        let mut reply = Reply::json(200, items);
        for link in links(
            self.base,
            self.path,
            self.raw_query,
            self.query,
            limit,
            page.next.as_deref(),
        ) {
            reply = reply.with_header("link", link);
        }
        reply
    }
}

/// 404 `E0000007` for the object `id` of `kind` (`User`).
fn not_found(id: &str, kind: &str) -> OktaError {
    OktaError::not_found(&format!("{id} ({kind})"))
}

/// Answers the operation from the store if it is a stateful one (reads share the lock).
pub fn dispatch(store: &RwLock<Store>, ctx: &Ctx) -> Outcome {
    if ctx.method == "GET" {
        let store = store.read().unwrap_or_else(PoisonError::into_inner);
        users::read(&store, ctx)
            .or_else(|| groups::read(&store, ctx))
            .or_else(|| apps::read(&store, ctx))
    } else {
        let mut store = store.write().unwrap_or_else(PoisonError::into_inner);
        users::write(&mut store, ctx)
            .or_else(|| groups::write(&mut store, ctx))
            .or_else(|| apps::write(&mut store, ctx))
    }
}
