//! Fault injection: per request through `X-Mock-Fault`, or a global queue the next requests consume.
//!
//! Syntax of one fault: `delay:<ms>`, `drop`, `malformed`, `status:<code>`, `html:<code>`,
//! `foreign-link`, `bad-link`, `rate-limit`, `big:<MiB>`, `big-error:<MiB>`, `hostile`, `retyped`, `odd-item`,
//! `body:<null|array|string|empty|bad-utf8|big-number|nan|bad-utf8-list|big-number-list>`, each optionally followed by `:<n>` (in the header: only the first `n` requests
//! carrying that exact header value get it; in the queue: the next `n` requests get it).
//! A header may list several faults separated by commas (`delay:200,status:503`).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};

/// Something to go wrong with a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer after this long.
    Delay(Duration),
    /// Close the connection without answering.
    Drop,
    /// Answer 200 with truncated JSON.
    Malformed,
    /// Answer Okta's error JSON with this status (400–599).
    Status(u16),
    /// Answer an HTML error page with this status (400–599), as a proxy or load balancer does.
    Html(u16),
    /// Put a `rel="next"` link to another host on the response.
    ForeignLink,
    /// Answer 429 with the reset one second ahead.
    RateLimit,
    /// Put an unreadable `rel="next"` link (no closing `>`) on the response.
    BadLink,
    /// Answer 200 with a JSON object of about this many MiB.
    Big(u32),
    /// Answer 400 with Okta's error JSON whose `errorSummary` is about this many MiB.
    BigError(u32),
    /// Answer 400 with an error body a hostile server would send: an `errorSummary` of 64 KiB
    /// with CR, LF and terminal escapes, and 100 `errorCauses`.
    Hostile,
    /// Answer 200 with this body instead of the real one.
    Body(OddBody),
    /// Change the JSON type of two fields of a 2xx JSON object (of each item, for a list), as a
    /// server that disagrees with its spec does: `id` becomes the number `7`, `profile` an
    /// array holding the profile.
    Retyped,
    /// Append the string `"odd"` to a 2xx JSON array body: a list item that is not an object.
    OddItem,
}

/// A 2xx body that a typed call does not expect, or that is not quite JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OddBody {
    /// `null`.
    Null,
    /// `[]`.
    Array,
    /// `"text"`.
    String,
    /// Nothing at all (with status 200).
    Empty,
    /// An object with a string holding a byte that is not UTF-8.
    BadUtf8,
    /// An object with the number `1e400` (beyond an f64).
    BigNumber,
    /// An object with `NaN` (not JSON).
    NaN,
    /// A list of one object whose string holds a byte that is not UTF-8.
    BadUtf8List,
    /// A list of one object with the number `1e400` (`JSON.parse` reads it as `Infinity`).
    BigNumberList,
}

impl OddBody {
    const NAMES: [(&'static str, OddBody); 9] = [
        ("null", OddBody::Null),
        ("array", OddBody::Array),
        ("string", OddBody::String),
        ("empty", OddBody::Empty),
        ("bad-utf8", OddBody::BadUtf8),
        ("big-number", OddBody::BigNumber),
        ("nan", OddBody::NaN),
        ("bad-utf8-list", OddBody::BadUtf8List),
        ("big-number-list", OddBody::BigNumberList),
    ];

    fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, b)| *b == self).map_or("null", |(n, _)| n)
    }

    /// The body bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            OddBody::Null => b"null",
            OddBody::Array => b"[]",
            OddBody::String => b"\"text\"",
            OddBody::Empty => b"",
            OddBody::BadUtf8 => b"{\"id\":\"00u\xff\",\"status\":\"ACTIVE\"}",
            OddBody::BigNumber => b"{\"id\":\"00u1\",\"n\":1e400}",
            OddBody::NaN => b"{\"id\":\"00u1\",\"n\":NaN}",
            OddBody::BadUtf8List => b"[{\"id\":\"00u\xff\",\"status\":\"ACTIVE\"}]",
            OddBody::BigNumberList => b"[{\"id\":\"00u1\",\"n\":1e400}]",
        }
    }
}

impl FromStr for Fault {
    type Err = String;

    /// Reads one fault without a count (`status:503`, `delay:100`, `drop`, …).
    fn from_str(text: &str) -> Result<Fault, String> {
        match parse_spec(text)? {
            (fault, None) => Ok(fault),
            (_, Some(_)) => Err(format!("unexpected count in fault {text:?}")),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Delay(d) => write!(f, "delay:{}", d.as_millis()),
            Fault::Drop => f.write_str("drop"),
            Fault::Malformed => f.write_str("malformed"),
            Fault::Status(code) => write!(f, "status:{code}"),
            Fault::Html(code) => write!(f, "html:{code}"),
            Fault::ForeignLink => f.write_str("foreign-link"),
            Fault::RateLimit => f.write_str("rate-limit"),
            Fault::BadLink => f.write_str("bad-link"),
            Fault::Big(mib) => write!(f, "big:{mib}"),
            Fault::BigError(mib) => write!(f, "big-error:{mib}"),
            Fault::Hostile => f.write_str("hostile"),
            Fault::Body(body) => write!(f, "body:{}", body.name()),
            Fault::Retyped => f.write_str("retyped"),
            Fault::OddItem => f.write_str("odd-item"),
        }
    }
}

/// Reads `kind[:arg][:n]` into the fault and its optional count.
fn parse_spec(text: &str) -> Result<(Fault, Option<u32>), String> {
    let mut parts = text.trim().split(':');
    let kind = parts.next().unwrap_or_default();
    let number = |part: Option<&str>| -> Result<Option<u64>, String> {
        part.map(|p| {
            p.trim()
                .parse::<u64>()
                .map_err(|_| format!("invalid number {p:?} in fault {text:?}"))
        })
        .transpose()
    };
    let required = |part: Option<&str>| {
        number(part)?.ok_or_else(|| format!("fault {text:?} needs an argument"))
    };
    let fault = match kind {
        "delay" => Fault::Delay(Duration::from_millis(required(parts.next())?)),
        "status" => {
            let code = required(parts.next())?;
            match u16::try_from(code) {
                Ok(code @ 400..=599) => Fault::Status(code),
                _ => return Err(format!("invalid status in fault {text:?}")),
            }
        }
        "html" => {
            let code = required(parts.next())?;
            match u16::try_from(code) {
                Ok(code @ 400..=599) => Fault::Html(code),
                _ => return Err(format!("invalid status in fault {text:?}")),
            }
        }
        "big" | "big-error" => {
            let mib = u32::try_from(required(parts.next())?).ok().filter(|m| (1..=1024).contains(m));
            let mib = mib.ok_or_else(|| format!("fault {text:?} needs a size of 1 to 1024 MiB"))?;
            if kind == "big" {
                Fault::Big(mib)
            } else {
                Fault::BigError(mib)
            }
        }
        "body" => {
            let name = parts.next().unwrap_or_default();
            let body = OddBody::NAMES.iter().find(|(n, _)| *n == name).map(|(_, b)| *b);
            Fault::Body(body.ok_or_else(|| format!("unknown body {name:?} in fault {text:?}"))?)
        }
        "hostile" => Fault::Hostile,
        "retyped" => Fault::Retyped,
        "odd-item" => Fault::OddItem,
        "bad-link" => Fault::BadLink,
        "drop" => Fault::Drop,
        "malformed" => Fault::Malformed,
        "foreign-link" => Fault::ForeignLink,
        "rate-limit" => Fault::RateLimit,
        _ => return Err(format!("unknown fault {text:?}")),
    };
    let times = number(parts.next())?.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    match parts.next() {
        None => Ok((fault, times)),
        Some(_) => Err(format!("too many parts in fault {text:?}")),
    }
}

/// Reads a queue entry of `POST /__mock/config`: a string (`"status:503:2"`) or an object
/// (`{"kind":"status","status":503,"times":2}`, `{"kind":"delay","ms":100}`); `times` defaults to 1.
pub fn from_json(value: &Value) -> Result<(Fault, u32), String> {
    let (fault, times) = match value {
        Value::String(text) => parse_spec(text)?,
        Value::Object(object) => {
            let kind = object
                .get("kind")
                .and_then(Value::as_str)
                .ok_or("a fault needs a \"kind\"")?;
            let arg = match kind {
                "delay" => object.get("ms"),
                "status" | "html" => object.get("status"),
                _ => None,
            };
            let text = match arg.and_then(Value::as_u64) {
                Some(arg) => format!("{kind}:{arg}"),
                None => kind.to_string(),
            };
            let times = match object.get("times") {
                None | Some(Value::Null) => None,
                Some(n) => Some(
                    n.as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or("\"times\" must be a count")?,
                ),
            };
            (parse_spec(&text)?.0, times)
        }
        _ => return Err("a fault is a string or an object".into()),
    };
    Ok((fault, times.unwrap_or(1)))
}

/// The global queue and the per-header-value counters.
#[derive(Debug, Default)]
pub struct Faults {
    queue: Mutex<VecDeque<(Fault, u32)>>,
    seen: Mutex<HashMap<String, u32>>,
}

impl Faults {
    /// Queues `fault` for the next `times` requests.
    pub fn push(&self, fault: Fault, times: u32) {
        if times > 0 {
            self.queue
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push_back((fault, times));
        }
    }

    /// Empties the queue and forgets the `X-Mock-Fault` counters.
    pub fn clear(&self) {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The queue as JSON: `[{"fault":"status:503","times":2}]`.
    pub fn pending_json(&self) -> Value {
        let queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        queue
            .iter()
            .map(|(fault, times)| json!({ "fault": fault.to_string(), "times": times }))
            .collect()
    }

    /// The faults for one request: those of its `X-Mock-Fault` header still due, then one unit
    /// of the queue's head. An unreadable header is an error.
    pub fn take(&self, header: Option<&str>) -> Result<Vec<Fault>, String> {
        let mut faults = Vec::new();
        if let Some(header) = header.filter(|h| !h.trim().is_empty()) {
            let specs = header
                .split(',')
                .map(parse_spec)
                .collect::<Result<Vec<_>, _>>()?;
            let count = {
                let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
                let count = seen.entry(header.to_string()).or_insert(0);
                *count = count.saturating_add(1);
                *count
            };
            faults.extend(
                specs
                    .into_iter()
                    .filter(|(_, n)| n.map_or(true, |n| count <= n))
                    .map(|(f, _)| f),
            );
        }
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((fault, times)) = queue.front_mut() {
            faults.push(*fault);
            *times -= 1;
            if *times == 0 {
                queue.pop_front();
            }
        }
        Ok(faults)
    }
}

impl Fault {
    /// A 2xx JSON body as a fault that rewrites it makes it (`retyped`, `odd-item`); `None` for
    /// other faults and bodies they do not apply to.
    pub fn rewrite(self, body: &[u8]) -> Option<Vec<u8>> {
        match self {
            Fault::Retyped => retyped(body),
            Fault::OddItem => with_odd_item(body),
            _ => None,
        }
    }
}

/// The body with two fields of each object retyped (see [`Fault::Retyped`]); `None` when it is
/// not a JSON object or array.
fn retyped(body: &[u8]) -> Option<Vec<u8>> {
    let mut json: Value = serde_json::from_slice(body).ok()?;
    match &mut json {
        Value::Array(items) => items.iter_mut().for_each(retype),
        Value::Object(_) => retype(&mut json),
        _ => return None,
    }
    serde_json::to_vec(&json).ok()
}

/// The array body with the string `"odd"` appended (see [`Fault::OddItem`]); `None` when it is
/// not a JSON array.
fn with_odd_item(body: &[u8]) -> Option<Vec<u8>> {
    let mut items: Vec<Value> = serde_json::from_slice(body).ok()?;
    items.push(json!("odd"));
    serde_json::to_vec(&items).ok()
}

fn retype(item: &mut Value) {
    let Value::Object(fields) = item else { return };
    if let Some(id) = fields.get_mut("id") {
        *id = json!(7);
    }
    if let Some(profile) = fields.get_mut("profile") {
        *profile = Value::Array(vec![profile.take()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        assert_eq!(
            parse_spec("status:503:2"),
            Ok((Fault::Status(503), Some(2)))
        );
        assert_eq!(
            parse_spec("delay:150"),
            Ok((Fault::Delay(Duration::from_millis(150)), None))
        );
        assert_eq!(parse_spec("drop:3"), Ok((Fault::Drop, Some(3))));
        assert_eq!("foreign-link".parse(), Ok(Fault::ForeignLink));
        assert!(parse_spec("status").is_err());
        assert!(parse_spec("status:99").is_err());
        assert!(parse_spec("status:200").is_err());
        assert!(parse_spec("explode").is_err());
        assert!(parse_spec("status:503:2:1").is_err());
    }

    #[test]
    fn reads_json_entries() {
        assert_eq!(
            from_json(&json!({"kind":"status","status":503,"times":2})),
            Ok((Fault::Status(503), 2))
        );
        assert_eq!(from_json(&json!("rate-limit")), Ok((Fault::RateLimit, 1)));
        assert!(from_json(&json!({"kind":"delay"})).is_err());
    }

    #[test]
    fn header_counts_per_value_and_queue_drains() {
        let faults = Faults::default();
        assert_eq!(
            faults.take(Some("status:500:1")),
            Ok(vec![Fault::Status(500)])
        );
        assert_eq!(faults.take(Some("status:500:1")), Ok(vec![]));
        faults.push(Fault::Malformed, 2);
        assert_eq!(faults.take(None), Ok(vec![Fault::Malformed]));
        assert_eq!(faults.take(None), Ok(vec![Fault::Malformed]));
        assert_eq!(faults.take(None), Ok(vec![]));
    }
}
