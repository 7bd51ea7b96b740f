//! A `multipart/form-data` reader (RFC 7578 over RFC 2046): the parts between the boundary
//! delimiters, each with its headers, `Content-Disposition` name and file name, and bytes.
//!
//! Lines may end in CRLF or a bare LF; a preamble before the first delimiter and an epilogue
//! after the closing one are ignored, as RFC 2046 says.

use percent_encoding::percent_decode_str;

use crate::media::HeaderParams;

/// At most this many parts are read; more is an error rather than work.
const MAX_PARTS: usize = 64;

/// One part of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The `name` of its `Content-Disposition: form-data`.
    pub name: String,
    /// The `filename` (or decoded `filename*`), if given.
    pub file_name: Option<String>,
    /// Its `Content-Type`, if given.
    pub content_type: Option<String>,
    /// Its bytes.
    pub body: &'a [u8],
}

/// Splits `body` into its parts at `boundary`; why not, when it is not well-formed.
pub fn parse<'a>(boundary: &str, body: &'a [u8]) -> Result<Vec<Part<'a>>, String> {
    if boundary.is_empty() || boundary.len() > 70 {
        return Err("the multipart boundary must have 1 to 70 characters".into());
    }
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at =
        first_delimiter(body, delimiter).ok_or("the multipart body has no boundary delimiter")?;
    let mut parts = Vec::new();
    loop {
        let rest = &body[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let content_start = at
            + delimiter.len()
            + line_end(rest).ok_or("a multipart boundary line is malformed")?;
        let content = &body[content_start..];
        let (length, next) = next_delimiter(content, delimiter)
            .ok_or("the multipart body is not terminated by its closing boundary")?;
        if parts.len() == MAX_PARTS {
            return Err(format!(
                "the multipart body has more than {MAX_PARTS} parts"
            ));
        }
        parts.push(part(&content[..length])?);
        at = content_start + next;
    }
}

/// Where the first delimiter starts: at the very beginning or at the start of a line.
fn first_delimiter(body: &[u8], delimiter: &[u8]) -> Option<usize> {
    if body.starts_with(delimiter) {
        return Some(0);
    }
    next_delimiter(body, delimiter).map(|(_, at)| at)
}

/// In `content`, the length of the part before the next line-initial delimiter and where that
/// delimiter starts (the line break before it belongs to the delimiter).
fn next_delimiter(content: &[u8], delimiter: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = find(&content[from..], delimiter) {
        let at = from + found;
        if at >= 1 && content[at - 1] == b'\n' {
            let length = if at >= 2 && content[at - 2] == b'\r' {
                at - 2
            } else {
                at - 1
            };
            return Some((length, at));
        }
        from = at + 1;
    }
    None
}

/// After a delimiter: optional whitespace, then a line break; the offset just past it.
fn line_end(rest: &[u8]) -> Option<usize> {
    let padding = rest
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    match &rest[padding..] {
        [b'\r', b'\n', ..] => Some(padding + 2),
        [b'\n', ..] => Some(padding + 1),
        _ => None,
    }
}

/// One part: header lines, an empty line, then the bytes.
fn part(raw: &[u8]) -> Result<Part<'_>, String> {
    let (head, body) =
        split_head(raw).ok_or("a multipart part has no blank line after its headers")?;
    let head = std::str::from_utf8(head).map_err(|_| "multipart part headers must be UTF-8")?;
    let mut disposition = None;
    let mut content_type = None;
    for line in head
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty())
    {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("malformed multipart part header {line:?}"))?;
        match name.trim().to_ascii_lowercase().as_str() {
            "content-disposition" => disposition = HeaderParams::parse(value),
            "content-type" => content_type = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let disposition = disposition.ok_or("a multipart part has no Content-Disposition")?;
    if disposition.value != "form-data" {
        return Err(format!(
            "a multipart part's Content-Disposition is {:?}, not form-data",
            disposition.value
        ));
    }
    let name = disposition
        .param("name")
        .ok_or("a multipart part's Content-Disposition has no name")?;
    let file_name = match disposition.param("filename*") {
        Some(extended) => Some(decode_extended(extended)),
        None => disposition.param("filename").map(str::to_string),
    };
    Ok(Part {
        name: name.to_string(),
        file_name,
        content_type,
        body,
    })
}

/// The headers and the bytes of a part; a part without headers starts with its blank line.
fn split_head(raw: &[u8]) -> Option<(&[u8], &[u8])> {
    if let Some(rest) = raw
        .strip_prefix(b"\r\n")
        .or_else(|| raw.strip_prefix(b"\n"))
    {
        return Some((&[], rest));
    }
    let crlf = find(raw, b"\r\n\r\n").map(|at| (at, at + 4));
    let lf = find(raw, b"\n\n").map(|at| (at, at + 2));
    let (end, start) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((&raw[..end], &raw[start..]))
}

/// An RFC 5987 value (`UTF-8''na%C3%AFve.png`), decoded; kept as is when not of that form.
fn decode_extended(value: &str) -> String {
    match value.split_once("''") {
        Some((_, encoded)) => percent_decode_str(encoded).decode_utf8_lossy().into_owned(),
        None => value.to_string(),
    }
}

/// The offset of the first `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_parts_with_preamble_and_epilogue() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ\nContent-Disposition: form-data; name=note\n\nhi\n--XyZ--\r\nepilogue";
        let parts = parse("XyZ", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].file_name.as_deref(), Some("a b.png"));
        assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[0].body, b"\x89PNG");
        assert_eq!(
            (parts[1].name.as_str(), parts[1].body),
            ("note", &b"hi"[..])
        );
    }

    #[test]
    fn extended_file_names_and_empty_parts() {
        let body = b"--b\r\nContent-Disposition: form-data; name=file; filename*=UTF-8''na%C3%AFve.png\r\n\r\n\r\n--b--";
        let parts = parse("b", body).unwrap();
        assert_eq!(parts[0].file_name.as_deref(), Some("na\u{ef}ve.png"));
        assert!(parts[0].body.is_empty());
        assert_eq!(parse("b", b"--b--").unwrap(), vec![]);
    }

    #[test]
    fn rejects_malformed_bodies() {
        assert!(parse("b", b"no delimiter").is_err());
        assert!(
            parse(
                "b",
                b"--b\r\nContent-Disposition: form-data; name=f\r\n\r\nx"
            )
            .is_err(),
            "unterminated"
        );
        assert!(
            parse("b", b"--b\r\n\r\nx\r\n--b--").is_err(),
            "no disposition"
        );
        assert!(parse(
            "b",
            b"--b\r\nContent-Disposition: attachment; name=f\r\n\r\nx\r\n--b--"
        )
        .is_err());
        assert!(
            parse(
                "b",
                b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"
            )
            .is_err(),
            "no name"
        );
        assert!(parse("b", b"--bx\r\n").is_err());
        assert!(parse("", b"----").is_err());
    }
}
