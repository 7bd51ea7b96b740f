//! Media types: the request's `Content-Type` against the types an operation accepts (415
//! otherwise), and its `Accept` against the types it answers with (406 otherwise).
//!
//! Types compare by essence (`type/subtype`, case-insensitive); parameters such as `charset` or
//! `boundary` are kept for the body readers but never take part in matching.

use hyper::header::{ACCEPT, CONTENT_TYPE};
use hyper::HeaderMap;

use crate::errors::OktaError;

/// A header value of the form `token; name=value; name="quoted value"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderParams {
    /// The leading token, lower case (`multipart/form-data`, `form-data`).
    pub value: String,
    /// The parameters in order, names lower case, values unquoted.
    pub params: Vec<(String, String)>,
}

impl HeaderParams {
    /// Parses `text`; `None` when the leading token is empty.
    pub fn parse(text: &str) -> Option<HeaderParams> {
        let mut pieces = split_unquoted(text, b';').into_iter();
        let value = pieces.next()?.trim().to_ascii_lowercase();
        if value.is_empty() {
            return None;
        }
        let params = pieces
            .filter_map(|piece| {
                let (name, raw) = piece.split_once('=')?;
                Some((name.trim().to_ascii_lowercase(), unquote(raw.trim())))
            })
            .collect();
        Some(HeaderParams { value, params })
    }

    /// The value of parameter `name` (lower case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A media type: `HeaderParams` whose leading token is `type/subtype`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaType(pub HeaderParams);

impl MediaType {
    /// Parses `type/subtype; params`; `None` when it is not of that form.
    pub fn parse(text: &str) -> Option<MediaType> {
        let parsed = HeaderParams::parse(text)?;
        let (ty, sub) = parsed.value.split_once('/')?;
        (is_token(ty) && is_token(sub)).then_some(MediaType(parsed))
    }

    /// `type/subtype`, lower case.
    pub fn essence(&self) -> &str {
        &self.0.value
    }

    /// The value of parameter `name` (lower case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.0.param(name)
    }
}

/// Whether `essence` is read as JSON: `application/json` or any `application/*+json`.
pub fn is_json(essence: &str) -> bool {
    let essence = essence.to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The request's `Content-Type`, parsed; `Ok(None)` when absent, 415 when unreadable.
pub fn content_type(
    headers: &HeaderMap,
    accepted: &[String],
) -> Result<Option<MediaType>, OktaError> {
    let Some(raw) = headers.get(CONTENT_TYPE) else {
        return Ok(None);
    };
    let text = raw.to_str().unwrap_or_default();
    MediaType::parse(text)
        .map(Some)
        .ok_or_else(|| OktaError::unsupported_media_type(text, accepted))
}

/// The declared type (from `accepted`) the request's `Content-Type` names; the default (first)
/// one when the request has none; 415 when it names none of them. `Ok(None)` when the operation
/// declares no types (anything goes).
pub fn request_type<'a>(
    accepted: &'a [String],
    sent: Option<&MediaType>,
) -> Result<Option<&'a str>, OktaError> {
    let Some(sent) = sent else {
        return Ok(accepted.first().map(String::as_str));
    };
    if accepted.is_empty() {
        return Ok(None);
    }
    accepted
        .iter()
        .find(|t| t.eq_ignore_ascii_case(sent.essence()))
        .map(|t| Some(t.as_str()))
        .ok_or_else(|| OktaError::unsupported_media_type(sent.essence(), accepted))
}

/// The response type to answer with: the declared type (from `offered`) the request's `Accept`
/// prefers, the default (first) on ties or without `Accept`; 406 when `Accept` allows none.
/// `Ok(None)` when the operation declares no response types.
pub fn negotiate<'a>(
    offered: &'a [String],
    headers: &HeaderMap,
) -> Result<Option<&'a str>, OktaError> {
    let joined = headers
        .get_all(ACCEPT)
        .iter()
        .map(|v| v.to_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(",");
    if offered.is_empty() {
        return Ok(None);
    }
    if joined.trim().is_empty() {
        return Ok(offered.first().map(String::as_str));
    }
    let ranges: Vec<(MediaType, f32)> = split_unquoted(&joined, b',')
        .into_iter()
        .filter_map(MediaType::parse)
        .map(|range| {
            let q = range
                .param("q")
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            (range, q.filter(|q| (0.0..=1.0).contains(q)).unwrap_or(0.0))
        })
        .collect();
    let mut best: Option<(&'a str, f32)> = None;
    for offer in offered {
        let q = quality(offer, &ranges);
        match best {
            Some((_, top)) if top >= q => {}
            _ if q > 0.0 => best = Some((offer.as_str(), q)),
            _ => {}
        }
    }
    best.map(|(offer, _)| Some(offer))
        .ok_or_else(|| OktaError::not_acceptable(&joined, offered))
}

/// The quality `ranges` give `offer`: that of the most specific matching range, 0 if none.
fn quality(offer: &str, ranges: &[(MediaType, f32)]) -> f32 {
    let offer = offer.to_ascii_lowercase();
    let main = offer.split('/').next().unwrap_or_default();
    ranges
        .iter()
        .filter_map(|(range, q)| {
            let specificity = match range.essence().split_once('/') {
                _ if range.essence() == offer => 3,
                Some((ty, "*")) if ty == main => 2,
                Some(("*", "*")) => 1,
                _ => return None,
            };
            Some((specificity, *q))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(0.0, |(_, q)| q)
}

/// Splits `text` at `separator` outside double quotes (backslash escapes inside quotes).
fn split_unquoted(text: &str, separator: u8) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, byte) in text.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ if byte == separator && !quoted => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// A parameter value without its quotes and backslash escapes.
fn unquote(raw: &str) -> String {
    let Some(inner) = raw
        .strip_prefix('"')
        .map(|r| r.strip_suffix('"').unwrap_or(r))
    else {
        return raw.to_string();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// An RFC 9110 token (what `type` and `subtype` are made of).
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    fn types(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn parses_parameters_and_quotes() {
        let t =
            MediaType::parse("Multipart/Form-Data; boundary=\"a;b\\\"c\"; charset=utf-8").unwrap();
        assert_eq!(t.essence(), "multipart/form-data");
        assert_eq!(t.param("boundary"), Some("a;b\"c"));
        assert_eq!(t.param("charset"), Some("utf-8"));
        assert_eq!(MediaType::parse("json"), None);
        assert_eq!(MediaType::parse("a b/c"), None);
    }

    #[test]
    fn json_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("application/secevent+jwt"));
        assert!(!is_json("text/json+xml"));
    }

    #[test]
    fn request_types_match_by_essence() {
        let accepted = types(&["application/x-pem-file", "application/pkix-cert"]);
        let sent = MediaType::parse("application/PKIX-cert; charset=binary");
        assert_eq!(
            request_type(&accepted, sent.as_ref()),
            Ok(Some("application/pkix-cert"))
        );
        assert_eq!(
            request_type(&accepted, None),
            Ok(Some("application/x-pem-file"))
        );
        let wrong = MediaType::parse("application/json");
        assert_eq!(
            request_type(&accepted, wrong.as_ref()).unwrap_err().status,
            415
        );
    }

    #[test]
    fn accept_negotiation() {
        let offered = types(&["application/json", "application/pkcs10"]);
        let pick = |a: &str| negotiate(&offered, &accept(a)).map_err(|e| e.status);
        assert_eq!(pick("application/pkcs10"), Ok(Some("application/pkcs10")));
        assert_eq!(pick("*/*"), Ok(Some("application/json")));
        assert_eq!(
            pick("application/pkcs10, application/json"),
            Ok(Some("application/json"))
        );
        assert_eq!(
            pick("application/json;q=0.5, application/*"),
            Ok(Some("application/pkcs10"))
        );
        assert_eq!(
            pick("application/*, application/json;q=0"),
            Ok(Some("application/pkcs10"))
        );
        assert_eq!(pick("text/html"), Err(406));
        assert_eq!(pick("application/json;q=0"), Err(406));
        assert_eq!(pick(" "), Ok(Some("application/json")));
        assert_eq!(negotiate(&[], &accept("text/html")), Ok(None));
        assert_eq!(
            negotiate(&offered, &HeaderMap::new()),
            Ok(Some("application/json"))
        );
    }
}
