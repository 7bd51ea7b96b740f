//! Lazy pagination over Okta list endpoints, following `Link: <…>; rel="next"` headers.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::time::Duration;

use futures_core::Stream;
use reqwest::header::{HeaderMap, LINK};
use serde::de::DeserializeOwned;
use url::Url;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::{Call, Prepared};
use crate::response::RawResponse;

impl Client {
    /// Pages through a list endpoint lazily, following `Link: <…>; rel="next"`.
    pub fn paginate<T: DeserializeOwned>(&self, call: Call) -> Paginated<T> {
        let call = self.with_call_options(call);
        Paginated::new(self.clone(), call.prepare(self.config().org_url()))
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Items of this page that are not a `T` at all (not even an object, for a model), as
    /// received; each is also logged as a warning. One odd item never fails its page.
    pub skipped: Vec<serde_json::Value>,
    /// The `rel="next"` link of this page, if any (followed only within the org).
    pub next: Option<Url>,
    /// HTTP status code.
    pub status: u16,
    /// Response headers (rate-limit headers, request id, …).
    pub headers: HeaderMap,
}

/// The pages of a list call, fetched one at a time on demand.
///
/// Paging stops when a page has no `rel="next"` link or the link repeats a URL already fetched.
/// A link to another origin is not followed and yields [`Error::ForeignRedirect`]. After any
/// error the pagination is over: later calls return `Ok(None)`.
pub struct Paginated<T> {
    client: Client,
    state: State,
    fetched: HashSet<Url>,
    /// Stop after this many pages (`None`: every page).
    max_pages: Option<u64>,
    /// Polling: wait this long after an empty page, then ask again (see [`Paginated::poll`]).
    polling: Option<Duration>,
    /// Items of the pages handed out so far (progress).
    items: u64,
    /// Items of the last page: the next page's vector is allocated at this size (a page of 200
    /// users grew through 9 reallocations, a quarter of its decoding time).
    last_len: usize,
    _items: PhantomData<fn() -> T>,
}

enum State {
    Next(Box<Prepared>),
    Failed(Error),
    Done,
}

impl<T: DeserializeOwned> Paginated<T> {
    pub(crate) fn new(client: Client, first: Result<Prepared>) -> Paginated<T> {
        let state = match first {
            Ok(request) => State::Next(Box::new(request)),
            Err(error) => State::Failed(error),
        };
        Paginated {
            client,
            state,
            fetched: HashSet::new(),
            max_pages: None,
            polling: None,
            items: 0,
            last_len: 0,
            _items: PhantomData,
        }
    }

    /// Stops after `pages` pages (at least one), however many more the server offers.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages.max(1));
        self
    }

    /// Polls instead of ending: for lists that grow at their end, like the System Log listed
    /// with `since` (Okta's polling mode, whose every page has a `next` link). Each page handed
    /// out has new items; after an empty page the paginator waits `interval` (longer when the
    /// rate limit is nearly spent: until it resets) and asks for the same `next` link again.
    /// It never ends by itself: stop iterating, or drop it, when done.
    pub fn poll(mut self, interval: Duration) -> Self {
        self.polling = Some(interval);
        self
    }

    /// How many items the pages handed out by [`Paginated::next_page`] held (progress).
    pub fn items_fetched(&self) -> u64 {
        self.items
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> u64 {
        self.fetched.len() as u64
    }

    /// Fetches and decodes the next page; `Ok(None)` once there are no more.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>> {
        let Some((raw, next)) = self.fetch().await? else {
            return Ok(None);
        };
        // Each item takes at least two bytes of the body, which bounds the capacity whatever the hint.
        let capacity = self.last_len.min(raw.body.len() / 2);
        let (items, skipped) = match raw.json_seed(Items::<T>::with_capacity(capacity)) {
            Ok(items) => (items, Vec::new()),
            Err(error) => item_by_item(&raw.body).ok_or(error).inspect_err(|_| self.state = State::Done)?,
        };
        self.items += items.len() as u64;
        self.last_len = items.len();
        let RawResponse {
            status, headers, ..
        } = raw;
        Ok(Some(Page {
            items,
            skipped,
            next,
            status,
            headers,
        }))
    }

    /// Fetches the next page undecoded (for callers that parse JSON themselves); `Ok(None)`
    /// once there are no more.
    pub async fn next_page_raw(&mut self) -> Result<Option<RawResponse>> {
        Ok(self.fetch().await?.map(|(raw, _)| raw))
    }

    /// All items of all pages, fetched lazily. An error ends the stream after it is yielded.
    pub fn items(self) -> impl Stream<Item = Result<T>> + Unpin {
        let start = (self, Vec::new().into_iter());
        Box::pin(futures_util::stream::unfold(
            start,
            |(mut pages, mut buffered)| async move {
                loop {
                    if let Some(item) = buffered.next() {
                        return Some((Ok(item), (pages, buffered)));
                    }
                    match pages.next_page().await {
                        Ok(Some(page)) => buffered = page.items.into_iter(),
                        Ok(None) => return None,
                        Err(error) => return Some((Err(error), (pages, buffered))),
                    }
                }
            },
        ))
    }

    /// All pages, fetched lazily. An error ends the stream after it is yielded.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>>> + Unpin {
        Box::pin(futures_util::stream::unfold(self, |mut pages| async move {
            pages
                .next_page()
                .await
                .transpose()
                .map(|page| (page, pages))
        }))
    }

    /// Fetches every page and returns all items.
    pub async fn collect_all(mut self) -> Result<Vec<T>> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page.items);
        }
        Ok(all)
    }

    /// Fetches the current page and decides what comes next.
    async fn fetch(&mut self) -> Result<Option<(RawResponse, Option<Url>)>> {
        let mut request = match std::mem::replace(&mut self.state, State::Done) {
            State::Next(request) => request,
            State::Failed(error) => return Err(error),
            State::Done => return Ok(None),
        };
        let raw = match self.polling {
            Some(interval) => self.poll_until_new(&mut request, interval).await?,
            None => {
                self.fetched.insert(request.url.clone());
                self.client.execute(&request).await?
            }
        };
        let (raw, body_next) = match request.page_items {
            Some(field) => match body_page(raw, field, &request.url) {
                Ok(page) => page,
                Err(error) => {
                    self.state = State::Done;
                    return Err(error);
                }
            },
            None => (raw, Ok(None)),
        };
        let linked = match body_next {
            Ok(None) => next_link(&raw.headers, &request.url),
            other => other,
        };
        let next = match linked {
            Ok(next) => next,
            Err(why) => {
                self.state = State::Failed(Error::BadLink(format!("the next link of {} is unreadable: {why}", request.url.path())));
                None
            }
        };
        // An empty page ends the list even with a `next` link: Okta's polling lists (the System
        // Log with `since`) always send one. `max_pages` ends it too.
        let last = is_empty_page(&raw.body) || self.max_pages.is_some_and(|max| self.pages_fetched() >= max);
        if let Some(url) = next.as_ref().filter(|_| !last || self.polling.is_some()) {
            if !within(url, self.client.config().org_url()) {
                self.state = State::Failed(Error::ForeignRedirect(url.clone()));
            } else if self.polling.is_some() || !self.fetched.contains(url) {
                request.url = url.clone();
                request.body = None;
                self.state = State::Next(request);
            }
        }
        Ok(Some((raw, next)))
    }
}

impl<T> Paginated<T> {
    /// Asks for `request` until a page has items, following `next` links and waiting between
    /// empty pages; the request is left at the URL that answered.
    async fn poll_until_new(&mut self, request: &mut Prepared, interval: Duration) -> Result<RawResponse> {
        loop {
            self.fetched.insert(request.url.clone());
            let raw = self.client.execute(request).await?;
            if !is_empty_page(&raw.body) {
                return Ok(raw);
            }
            if let Ok(Some(next)) = next_link(&raw.headers, &request.url) {
                if within(&next, self.client.config().org_url()) {
                    request.url = next;
                    request.body = None;
                }
            }
            tokio::time::sleep(interval.max(crate::retry::until_reset(&raw.headers))).await;
        }
    }
}

/// The items of a page (`null` is none) decoded into a vector allocated at a given capacity.
struct Items<T> {
    capacity: usize,
    _items: PhantomData<fn() -> T>,
}

impl<T> Items<T> {
    fn with_capacity(capacity: usize) -> Self {
        Items { capacity, _items: PhantomData }
    }
}

impl<'de, T: DeserializeOwned> serde::de::DeserializeSeed<'de> for Items<T> {
    type Value = Vec<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Vec<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: DeserializeOwned> serde::de::Visitor<'de> for Items<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array")
    }
    fn visit_none<E>(self) -> std::result::Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E>(self) -> std::result::Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(self.capacity);
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }
}

/// A page whose items did not all decode, read one item at a time: the items that are a `T`,
/// and the others as received (each logged). `None` when the page is not a JSON array.
fn item_by_item<T: DeserializeOwned>(body: &[u8]) -> Option<(Vec<T>, Vec<serde_json::Value>)> {
    let raw: Option<Vec<serde_json::Value>> = serde_json::from_slice(body).ok()?;
    let (mut items, mut skipped) = (Vec::new(), Vec::new());
    for item in raw.unwrap_or_default() {
        match T::deserialize(&item) {
            Ok(fits) => items.push(fits),
            Err(error) => {
                tracing::warn!(target: "okta_admin", %error, "an item of a page is not of the list's type: skipped, kept in `Page::skipped`");
                skipped.push(item);
            }
        }
    }
    Some((items, skipped))
}

/// A page of a list paged inside its body: the items of `field` (as the page's body, so that
/// every reader sees a JSON array) and the `_links.next.href` link.
/// (An unreadable link is an error for the next page; this one is handed out.)
fn body_page(raw: RawResponse, field: &str, base: &Url) -> Result<(RawResponse, std::result::Result<Option<Url>, String>)> {
    let decode = |message: String| Error::Decode {
        status: raw.status,
        body: String::from_utf8_lossy(&raw.body).into_owned(),
        message,
        source: None,
    };
    if is_empty_page(&raw.body) {
        return Ok((RawResponse { body: bytes::Bytes::from_static(b"[]"), ..raw }, Ok(None)));
    }
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&raw.body).map_err(|e| decode(format!("a page of this list is a JSON object with `{field}`: {e}")))?;
    let items = match object.get(field) {
        Some(serde_json::Value::Array(items)) => serde_json::to_vec(items).map_err(|e| decode(e.to_string()))?,
        None | Some(serde_json::Value::Null) => b"[]".to_vec(),
        Some(_) => return Err(decode(format!("`{field}` of a page is not an array"))),
    };
    let next = match object.get("_links").and_then(|links| links.get("next")) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(next) => match next.get("href").and_then(serde_json::Value::as_str) {
            None => Err("its `_links.next` has no `href`".to_owned()),
            Some(href) => base.join(href).map(|mut url| {
                url.set_fragment(None);
                Some(url)
            }).map_err(|e| format!("its `_links.next.href` is not a URL ({e})")),
        },
    };
    Ok((RawResponse { body: items.into(), ..raw }, next))
}

/// True for a page without items: `[]`, `null` or nothing.
pub(crate) fn is_empty_page(body: &[u8]) -> bool {
    let trimmed = body.trim_ascii();
    trimmed.is_empty() || trimmed == b"null" || (trimmed.first() == Some(&b'[') && trimmed[1..].trim_ascii() == b"]")
}

/// The target of the first `rel="next"` link among all `Link` headers, resolved against `base`.
fn next_link(headers: &HeaderMap, base: &Url) -> std::result::Result<Option<Url>, String> {
    let mut next = None;
    for value in headers.get_all(LINK) {
        let text = std::str::from_utf8(value.as_bytes()).map_err(|_| "it is not UTF-8".to_owned())?;
        if let Some(target) = find_next(text)? {
            next.get_or_insert(target);
        }
    }
    let Some(target) = next else { return Ok(None) };
    let mut url = base.join(&target).map_err(|e| format!("its next link is not a URL ({e})"))?;
    url.set_fragment(None);
    Ok(Some(url))
}

/// True when `url` is under the org URL: the same origin, and the org URL's path as a prefix.
fn within(url: &Url, org: &Url) -> bool {
    let prefix = org.path().trim_end_matches('/');
    url.origin() == org.origin()
        && (prefix.is_empty()
            || url.path() == prefix
            || url.path().strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
}

/// The target of the first `rel="next"` link of one `Link` header value (RFC 8288); an
/// unreadable link-value is an error, so that a page is never taken for the last by mistake.
fn find_next(value: &str) -> std::result::Result<Option<String>, String> {
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if rest.is_empty() {
            return Ok(None);
        }
        let after = rest.strip_prefix('<').ok_or("a link does not start with `<`")?;
        let end = after.find('>').ok_or("a link has no closing `>`")?;
        let target = &after[..end];
        rest = &after[end + 1..];
        let mut rel = None;
        while let Some(params) = rest.trim_start().strip_prefix(';') {
            let (name, value, remaining) = parse_param(params);
            rest = remaining;
            // Only the first `rel` counts (RFC 8288, section 3.3).
            if rel.is_none() && name.eq_ignore_ascii_case("rel") {
                rel = Some(value);
            }
        }
        let rest_trimmed = rest.trim_start();
        if !rest_trimmed.is_empty() && !rest_trimmed.starts_with(',') {
            return Err("a link has text after its parameters".into());
        }
        let rel = rel.unwrap_or_default();
        if rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next")) {
            return Ok(Some(target.trim().to_owned()));
        }
    }
}

fn parse_param(params: &str) -> (&str, String, &str) {
    let params = params.trim_start();
    let name_end = params.find(['=', ';', ',']).unwrap_or(params.len());
    let (name, rest) = params.split_at(name_end);
    let Some(rest) = rest.strip_prefix('=') else {
        return (name.trim(), String::new(), rest);
    };
    let rest = rest.trim_start();
    let Some(quoted) = rest.strip_prefix('"') else {
        let end = rest.find([';', ',']).unwrap_or(rest.len());
        return (name.trim(), rest[..end].trim().to_owned(), &rest[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
            '"' => return (name.trim(), value, &quoted[i + 1..]),
            _ => value.push(c),
        }
    }
    (name.trim(), value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_stay_under_the_org_url() {
        let org = Url::parse("https://dev-1.okta.com/tenant").expect("url");
        let ok = |u: &str| within(&Url::parse(u).expect("url"), &org);
        assert!(ok("https://dev-1.okta.com/tenant/api/v1/users?after=x"));
        assert!(ok("https://dev-1.okta.com/tenant"));
        assert!(!ok("https://dev-1.okta.com/tenant2/api/v1/users"));
        assert!(!ok("https://dev-1.okta.com/api/v1/users"));
        assert!(!ok("http://dev-1.okta.com/tenant/api/v1/users"));
        assert!(!ok("https://dev-1.okta.com:444/tenant/api/v1/users"));
        let root = Url::parse("https://dev-1.okta.com").expect("url");
        assert!(within(&Url::parse("https://dev-1.okta.com/api/v1/users").expect("url"), &root));
    }

    #[test]
    fn unreadable_link_headers_are_errors_not_the_end() {
        assert_eq!(find_next(r#"<https://a/x?after=1>; rel="next""#), Ok(Some("https://a/x?after=1".into())));
        assert_eq!(find_next(r#"<https://a/x>; rel="self", <https://a/y>; rel="next""#), Ok(Some("https://a/y".into())));
        assert_eq!(find_next(r#"<https://a/x>; rel="self""#), Ok(None));
        assert_eq!(find_next(""), Ok(None));
        assert!(find_next(r#"<https://a/x; rel="next""#).is_err());
        assert!(find_next(r#"https://a/x; rel="next""#).is_err());
        assert!(find_next(r#"<https://a/x> junk; rel="next""#).is_err());
    }
}
