//! [`Pending`]: the state behind every generated request builder (`client.users().get(id)`):
//! the operation, its arguments so far and per-call options. Awaiting a builder binds the
//! arguments with [`Call::from_op`] (the one call layer every language shares) and sends it.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Arg, Args, Body, Call, CallOptions, Client, Op, Paginated, QueryValue, RawResponse, Result};

/// The future an awaited request builder runs.
pub type ResponseFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'c>>;

/// A request being built: the operation, its arguments and per-call options.
#[must_use = "a request does nothing until it is awaited (or paged)"]
pub struct Pending<'c> {
    client: &'c Client,
    op: &'static Op,
    args: Args,
    options: Option<CallOptions>,
    /// A body that could not be serialized, reported when sending.
    error: Option<String>,
}

impl<'c> Pending<'c> {
    /// A request for operation `op`.
    pub fn new(client: &'c Client, op: &'static Op) -> Pending<'c> {
        Pending { client, op, args: Args::new(), options: None, error: None }
    }

    /// Sets parameter `index` to text (a path segment or a string).
    pub fn text(&mut self, index: usize, value: impl Into<String>) {
        self.args.set(index, Arg::Text(value.into()));
    }

    /// Sets query or header parameter `index` from any query value (lists give one pair per item).
    pub fn value<V: QueryValue + ?Sized>(&mut self, index: usize, value: &V) {
        let mut pairs = Vec::new();
        value.append_to("", &mut pairs);
        self.args.set(index, Arg::List(pairs.into_iter().map(|(_, v)| v).collect()));
    }

    /// Sets header parameter `index` (a single value).
    pub fn header<V: QueryValue + ?Sized>(&mut self, index: usize, value: &V) {
        let mut pairs = Vec::new();
        value.append_to("", &mut pairs);
        let text = pairs.into_iter().map(|(_, v)| v).collect::<Vec<_>>().join(",");
        self.args.set(index, Arg::Text(text));
    }

    /// Sets parameter `index` to a JSON value (object-typed query parameters and body fields).
    pub fn json_value<V: Serialize + ?Sized>(&mut self, index: usize, value: &V) {
        match serde_json::to_value(value) {
            Ok(value) => self.args.set(index, Arg::Json(value)),
            Err(e) => self.error = Some(format!("{}: could not serialize parameter {index}: {e}", self.op.id)),
        }
    }

    /// Sets a JSON body, serialized now.
    pub fn json_body<B: Serialize + ?Sized>(&mut self, body: &B) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.args.set_body(Body::RawJson(bytes)),
            Err(e) => self.error = Some(format!("{}: could not serialize the request body: {e}", self.op.id)),
        }
    }

    /// Sets a raw body (bytes or text) and its media type (`None`: the operation's default).
    pub fn raw_body(&mut self, bytes: Vec<u8>, content_type: Option<&str>) {
        self.args.set_body(Body::Bytes(bytes));
        if let Some(content_type) = content_type {
            self.args.set_content_type(content_type);
        }
    }

    /// Sets the file of a multipart upload.
    pub fn file(&mut self, file: &crate::FilePart) {
        self.args.set_body(Body::File(file.clone()));
    }

    /// Per-call options: extra query parameters and headers, a raw JSON body, a timeout, a retry
    /// limit, a captured raw response.
    pub fn options(&mut self, options: CallOptions) {
        self.options = Some(options);
    }

    /// The client to send with (a view with the per-call options, if any) and the call.
    fn into_call(self) -> (okta_admin_runtime::Client, Call) {
        let client = match self.options {
            Some(options) => self.client.runtime().with_options(options),
            None => self.client.runtime().clone(),
        };
        let mut call = Call::from_op(self.op, self.args);
        if let Some(message) = self.error {
            call.reject(message);
        }
        (client, call)
    }

    /// Sends the request and decodes its JSON response (its top-level shape checked against the
    /// operation's first, as in every language).
    pub fn json<T: DeserializeOwned + Send + 'c>(self) -> ResponseFuture<'c, T> {
        let op = self.op;
        let (client, call) = self.into_call();
        Box::pin(async move {
            let raw = client.send_raw(call).await?;
            op.reply.check(op.id, raw.status, &raw.body)?;
            raw.json()
        })
    }

    /// Sends the request and ignores its 2xx body.
    pub fn empty(self) -> ResponseFuture<'c, ()> {
        let (client, call) = self.into_call();
        Box::pin(async move { client.send_empty(call).await })
    }

    /// Sends the request and returns the whole 2xx response (text and binary replies).
    pub fn raw(self) -> ResponseFuture<'c, RawResponse> {
        let (client, call) = self.into_call();
        Box::pin(async move { client.send_raw(call).await })
    }

    /// The lazy pages of a list operation.
    pub fn paginate<T: DeserializeOwned>(self) -> Paginated<T> {
        let (client, call) = self.into_call();
        client.paginate(call)
    }
}
