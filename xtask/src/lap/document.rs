//! Line-level parsing of a LAP document: header, groups, endpoint blocks and their directives.

use super::ast::{Document, Endpoint, Group, Returns};
use super::cursor::Cursor;
use super::error::ParseError;
use super::fields::{field_list, ListKind};

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Parses a whole LAP v0.3 document. `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Document, ParseError> {
    let mut parser = Parser { file, doc: empty_document(), group: None, endpoint: None, ended: false };
    let mut header_seen = false;
    let mut last_line = 0;
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        last_line = line_no;
        let cur = Cursor::new(file, line_no, line, 0);
        if !header_seen {
            if line != "@lap v0.3" {
                return Err(cur.error("`@lap v0.3` on the first line"));
            }
            header_seen = true;
            continue;
        }
        parser.line(cur, line)?;
    }
    let eof = || ParseError {
        file: file.to_string(),
        line: last_line.max(1),
        column: 1,
        expected: String::new(),
        found: "end of file".into(),
    };
    if !header_seen {
        return Err(ParseError { expected: "`@lap v0.3` on the first line".into(), ..eof() });
    }
    if !parser.ended {
        return Err(ParseError { expected: "`@end`".into(), ..eof() });
    }
    let count: usize = parser.doc.groups.iter().map(|g| g.endpoints.len()).sum();
    if count != parser.doc.declared_endpoints {
        return Err(ParseError {
            expected: format!("{} endpoints as `@endpoints` declares", parser.doc.declared_endpoints),
            found: format!("{count} endpoints"),
            ..eof()
        });
    }
    Ok(parser.doc)
}

fn empty_document() -> Document {
    Document {
        api: String::new(),
        base: String::new(),
        version: String::new(),
        auth: String::new(),
        declared_endpoints: 0,
        groups: Vec::new(),
    }
}

struct Parser<'f> {
    file: &'f str,
    doc: Document,
    group: Option<Group>,
    endpoint: Option<Endpoint>,
    ended: bool,
}

impl Parser<'_> {
    fn line(&mut self, mut cur: Cursor, line: &str) -> Result<(), ParseError> {
        if line.trim().is_empty() || line.starts_with("# ") || line == "#" {
            return Ok(());
        }
        if self.ended {
            return Err(cur.error("nothing after `@end`"));
        }
        if !line.starts_with('@') {
            return Err(cur.error("a directive starting with `@`"));
        }
        let directive = cur.take_while(|c| c == '@' || c == '_' || c.is_ascii_alphanumeric());
        match directive {
            "@api" => self.doc.api = header_value(&mut cur)?,
            "@base" => self.doc.base = header_value(&mut cur)?,
            "@version" => self.doc.version = header_value(&mut cur)?,
            "@auth" => self.doc.auth = header_value(&mut cur)?,
            "@hint" | "@toc" => {
                header_value(&mut cur)?;
            }
            "@endpoints" => {
                let at = cur.pos() + 1;
                let value = header_value(&mut cur)?;
                self.doc.declared_endpoints =
                    value.parse().map_err(|_| cur.error_at(at, "an endpoint count"))?;
            }
            "@group" => {
                if self.group.is_some() {
                    return Err(cur.error_at(0, "`@endgroup` before the next `@group`"));
                }
                let name = header_value(&mut cur)?;
                self.group = Some(Group { name, endpoints: Vec::new() });
            }
            "@endgroup" => {
                self.finish_endpoint()?;
                let group = self.group.take().ok_or_else(|| cur.error_at(0, "`@group` before `@endgroup`"))?;
                self.doc.groups.push(group);
            }
            "@end" => {
                if self.group.is_some() {
                    return Err(cur.error_at(0, "`@endgroup` before `@end`"));
                }
                self.ended = true;
            }
            "@endpoint" => self.start_endpoint(cur)?,
            "@desc" | "@required" | "@optional" | "@returns" | "@errors" | "@example_request" => {
                let Some(endpoint) = self.endpoint.as_mut() else {
                    return Err(cur.error_at(0, "`@endpoint` before this directive"));
                };
                endpoint_directive(endpoint, directive, cur)?;
            }
            _ => return Err(cur.error_at(0, "a known directive")),
        }
        Ok(())
    }

    fn start_endpoint(&mut self, mut cur: Cursor) -> Result<(), ParseError> {
        if self.group.is_none() {
            return Err(cur.error_at(0, "`@group` before `@endpoint`"));
        }
        self.finish_endpoint()?;
        cur.expect(" ")?;
        let method = cur.take_while(|c| c.is_ascii_uppercase());
        if !METHODS.contains(&method) {
            return Err(cur.error_at(cur.pos() - method.len(), "an HTTP method"));
        }
        cur.expect(" ")?;
        let path_at = cur.pos();
        let path = cur.take_while(|c| !c.is_whitespace());
        if !path.starts_with('/') {
            return Err(cur.error_at(path_at, "a path starting with `/`"));
        }
        check_path_template(&cur, path_at, path)?;
        if !cur.rest().is_empty() {
            return Err(cur.error("end of line after the path"));
        }
        self.endpoint = Some(Endpoint {
            line: cur.line(),
            method: method.to_string(),
            path: path.to_string(),
            desc: String::new(),
            required: Vec::new(),
            optional: Vec::new(),
            returns: Vec::new(),
            errors: Vec::new(),
            example_request: None,
        });
        Ok(())
    }

    fn finish_endpoint(&mut self) -> Result<(), ParseError> {
        let Some(endpoint) = self.endpoint.take() else { return Ok(()) };
        if endpoint.desc.is_empty() {
            return Err(ParseError {
                file: self.file.to_string(),
                line: endpoint.line,
                column: 1,
                expected: "a `@desc` line in this endpoint".into(),
                found: "none".into(),
            });
        }
        if let Some(group) = self.group.as_mut() {
            group.endpoints.push(endpoint);
        }
        Ok(())
    }
}

/// `{name}` placeholders in a path must be balanced and non-empty.
fn check_path_template(cur: &Cursor, at: usize, path: &str) -> Result<(), ParseError> {
    let mut open = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('}', Some(start)) if i > start + 1 => open = None,
            ('{', Some(_)) | ('}', _) => return Err(cur.error_at(at + i, "a balanced, non-empty `{name}`")),
            _ => {}
        }
    }
    match open {
        Some(start) => Err(cur.error_at(at + start, "a `}` closing this path variable")),
        None => Ok(()),
    }
}

/// ` value` after a header directive.
fn header_value(cur: &mut Cursor) -> Result<String, ParseError> {
    cur.expect(" ")?;
    let value = cur.rest().trim();
    if value.is_empty() {
        return Err(cur.error("a value"));
    }
    Ok(value.to_string())
}

fn endpoint_directive(endpoint: &mut Endpoint, directive: &str, mut cur: Cursor) -> Result<(), ParseError> {
    let once = |present: bool, cur: &Cursor| {
        if present {
            Err(cur.error_at(0, &format!("one `{directive}` per endpoint")))
        } else {
            Ok(())
        }
    };
    match directive {
        "@desc" => {
            once(!endpoint.desc.is_empty(), &cur)?;
            endpoint.desc = header_value(&mut cur)?;
        }
        "@required" | "@optional" => {
            let list = if directive == "@required" { &mut endpoint.required } else { &mut endpoint.optional };
            once(!list.is_empty(), &cur)?;
            cur.expect(" ")?;
            let end = cur.rest().rfind('}').map(|i| cur.pos() + i).ok_or_else(|| cur.error("a `{…}` field list"))?;
            if end + 1 != cur_len(&cur) {
                return Err(cur.error_at(end + 1, "end of line after the field list"));
            }
            *list = field_list(&mut cur, ListKind::TopLevel { end })?;
        }
        "@returns" => endpoint.returns.push(returns(&mut cur)?),
        "@errors" => {
            once(!endpoint.errors.is_empty(), &cur)?;
            cur.expect(" ")?;
            endpoint.errors = errors(&mut cur)?;
        }
        "@example_request" => {
            once(endpoint.example_request.is_some(), &cur)?;
            cur.expect(" ")?;
            let at = cur.pos();
            let json = cur.rest();
            if let Err(e) = serde_json::from_str::<serde_json::Value>(json) {
                let col = json.char_indices().nth(e.column().saturating_sub(1)).map_or(json.len(), |(i, _)| i);
                return Err(cur.error_at(at + col, &format!("valid JSON ({e})")));
            }
            endpoint.example_request = Some(json.to_string());
        }
        _ => return Err(cur.error_at(0, "an endpoint directive")),
    }
    Ok(())
}

fn cur_len(cur: &Cursor) -> usize {
    cur.pos() + cur.rest().len()
}

/// `(NNN) {shape} # text` or `(NNN) text`.
fn returns(cur: &mut Cursor) -> Result<Returns, ParseError> {
    cur.expect("(")?;
    let status = status_code(cur)?;
    cur.expect(")")?;
    if cur.rest().is_empty() {
        return Ok(Returns { status, shape: None, text: String::new() });
    }
    cur.expect(" ")?;
    if cur.peek() == Some('{') {
        let shape = field_list(cur, ListKind::Nested)?;
        let text = if cur.eat(" # ") { cur.rest().trim().to_string() } else { String::new() };
        if text.is_empty() && !cur.rest().trim().is_empty() {
            return Err(cur.error("` # text` or end of line after the shape"));
        }
        return Ok(Returns { status, shape: Some(shape), text });
    }
    Ok(Returns { status, shape: None, text: cur.rest().trim().to_string() })
}

fn status_code(cur: &mut Cursor) -> Result<u16, ParseError> {
    let at = cur.pos();
    let digits = cur.take_while(|c| c.is_ascii_digit());
    match digits.parse::<u16>() {
        Ok(code) if digits.len() == 3 && (100..600).contains(&code) => Ok(code),
        _ => Err(cur.error_at(at, "a three-digit HTTP status")),
    }
}

/// `{NNN: text, NNN: text}`; a new entry starts at `, ` followed by three digits and `: `.
fn errors(cur: &mut Cursor) -> Result<Vec<(u16, String)>, ParseError> {
    cur.expect("{")?;
    let end = cur.pos() + cur.rest().rfind('}').ok_or_else(|| cur.error("a `}` closing the error list"))?;
    if end + 1 != cur_len(cur) {
        return Err(cur.error_at(end + 1, "end of line after the error list"));
    }
    let mut out = Vec::new();
    while cur.pos() < end {
        let code = status_code(cur)?;
        cur.expect(": ")?;
        let start = cur.pos();
        let mut stop = end;
        let body = cur.slice(start, end);
        for (i, _) in body.match_indices(", ") {
            let after = &body.as_bytes()[i + 2..];
            if after.len() >= 5 && after[..3].iter().all(u8::is_ascii_digit) && &after[3..5] == b": " {
                stop = start + i;
                break;
            }
        }
        out.push((code, cur.slice(start, stop).to_string()));
        cur.jump(stop);
        if stop < end {
            cur.expect(", ")?;
        }
    }
    cur.expect("}")?;
    Ok(out)
}
