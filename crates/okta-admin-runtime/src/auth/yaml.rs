//! A small YAML reader for `okta.yaml`: block mappings and sequences, plain, quoted and block
//! (`|`, `>`) scalars, flow collections (`[a, b]`, `{k: v}`), comments and `---`. Anchors,
//! aliases, tags and multiple documents are refused with a line number, never guessed at.
//!
//! Error messages quote line numbers and keys, never values: the file may hold secrets.

/// A parsed YAML node. Scalars stay text; callers convert them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Yaml {
    Null,
    Scalar(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// The value at `key` of a mapping (`None` for absent keys and non-mappings).
    pub(crate) fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses one YAML document.
pub(crate) fn parse(text: &str) -> Result<Yaml, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        lines: text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_owned())
            .collect(),
        pos: 0,
    };
    parser.skip_directives()?;
    let node = match parser.peek()? {
        None => Yaml::Null,
        Some((indent, _)) => parser.block(indent)?,
    };
    match parser.peek()? {
        None => Ok(node),
        Some(_) if parser.lines[parser.pos].trim() == "..." => Ok(node),
        Some(_) if parser.lines[parser.pos].trim_start().starts_with("---") => Err(format!(
            "line {}: only one YAML document is supported",
            parser.pos + 1
        )),
        Some(_) => Err(format!(
            "line {}: unexpected content (check the indentation)",
            parser.pos + 1
        )),
    }
}

struct Parser {
    lines: Vec<String>,
    pos: usize,
}

impl Parser {
    fn skip_directives(&mut self) -> Result<(), String> {
        while let Some(line) = self.lines.get(self.pos) {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('%') {
                self.pos += 1;
            } else if trimmed == "---" || trimmed.starts_with("--- ") {
                let rest = trimmed[3..].trim();
                if rest.is_empty() || rest.starts_with('#') {
                    self.pos += 1;
                } else {
                    // `--- value` on the marker line: keep the value as the document.
                    self.lines[self.pos] = rest.to_owned();
                }
                return Ok(());
            } else {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The next line with content, as (indent, text after the indent), without consuming it.
    fn peek(&mut self) -> Result<Option<(usize, String)>, String> {
        while let Some(line) = self.lines.get(self.pos) {
            let content = line.trim_start_matches(' ');
            let indent = line.len() - content.len();
            if content.trim().is_empty() || content.starts_with('#') {
                self.pos += 1;
                continue;
            }
            if content.starts_with('\t') {
                return Err(format!(
                    "line {}: tabs are not allowed for indentation",
                    self.pos + 1
                ));
            }
            return Ok(Some((indent, content.to_owned())));
        }
        Ok(None)
    }

    fn block(&mut self, indent: usize) -> Result<Yaml, String> {
        let Some((_, content)) = self.peek()? else {
            return Ok(Yaml::Null);
        };
        if is_sequence_item(&content) {
            self.sequence(indent)
        } else if split_key(&content).is_some() {
            self.mapping(indent)
        } else {
            let line = self.pos;
            self.pos += 1;
            self.scalar_value(&content, indent.saturating_sub(1), line)
        }
    }

    fn mapping(&mut self, indent: usize) -> Result<Yaml, String> {
        let mut entries: Vec<(String, Yaml)> = Vec::new();
        while let Some((line_indent, content)) = self.peek()? {
            if line_indent < indent {
                break;
            }
            let line = self.pos;
            if line_indent > indent {
                return Err(format!("line {}: unexpected indentation", line + 1));
            }
            if content == "..." || content.starts_with("---") {
                break;
            }
            let Some((key, rest)) = split_key(&content) else {
                return Err(format!(
                    "line {}: expected `key: value` in a mapping",
                    line + 1
                ));
            };
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(format!("line {}: duplicate key `{key}`", line + 1));
            }
            self.pos += 1;
            let value = self.value(&rest, indent, line, true)?;
            entries.push((key, value));
        }
        Ok(Yaml::Map(entries))
    }

    fn sequence(&mut self, indent: usize) -> Result<Yaml, String> {
        let mut items = Vec::new();
        while let Some((line_indent, content)) = self.peek()? {
            if line_indent < indent || !is_sequence_item(&content) {
                break;
            }
            let line = self.pos;
            if line_indent > indent {
                return Err(format!("line {}: unexpected indentation", line + 1));
            }
            let after_dash = &content[1..];
            let rest = after_dash.trim_start_matches(' ');
            let item_indent = indent + 1 + (after_dash.len() - rest.len());
            if !rest.is_empty()
                && !rest.starts_with('#')
                && (is_sequence_item(rest) || split_key(rest).is_some())
            {
                // `- key: value` or `- - x`: a nested block starting on the dash line.
                self.lines[line] = format!("{}{}", " ".repeat(item_indent), rest);
                items.push(self.block(item_indent)?);
            } else {
                self.pos += 1;
                items.push(self.value(rest, indent, line, false)?);
            }
        }
        Ok(Yaml::List(items))
    }

    /// The value after `key:` or `- ` on line `line` whose owner is at `indent`.
    fn value(
        &mut self,
        rest: &str,
        indent: usize,
        line: usize,
        in_mapping: bool,
    ) -> Result<Yaml, String> {
        let rest = strip_comment(rest).trim();
        if !rest.is_empty() {
            return self.scalar_value(rest, indent, line);
        }
        match self.peek()? {
            Some((next, _)) if next > indent => self.block(next),
            // YAML lets a mapping's sequence value sit at the key's own indentation.
            Some((next, content)) if in_mapping && next == indent && is_sequence_item(&content) => {
                self.sequence(indent)
            }
            _ => Ok(Yaml::Null),
        }
    }

    /// A value written on the line itself: flow collection, quoted, block or plain scalar.
    fn scalar_value(&mut self, rest: &str, indent: usize, line: usize) -> Result<Yaml, String> {
        let rest = rest.trim();
        match rest.chars().next() {
            Some('&' | '*' | '!') => Err(format!(
                "line {}: anchors, aliases and tags are not supported",
                line + 1
            )),
            Some('|' | '>') => self.block_scalar(rest, indent, line),
            Some('"' | '\'' | '[' | '{') => {
                let mut text = rest.to_owned();
                loop {
                    match Flow::new(&text).node() {
                        Ok((node, tail)) => {
                            let tail = strip_comment(tail).trim();
                            if !tail.is_empty() {
                                return Err(format!(
                                    "line {}: unexpected text after a quoted value or collection",
                                    line + 1
                                ));
                            }
                            return Ok(node);
                        }
                        Err(FlowError::Unterminated) => {
                            // Quoted scalars and flow collections may span lines.
                            let Some(next) = self.lines.get(self.pos) else {
                                return Err(format!(
                                    "line {}: unterminated quoted value or collection",
                                    line + 1
                                ));
                            };
                            let next = next.trim();
                            text.push(if next.is_empty() { '\n' } else { ' ' });
                            text.push_str(next);
                            self.pos += 1;
                        }
                        Err(FlowError::Invalid(message)) => {
                            return Err(format!("line {}: {message}", line + 1))
                        }
                    }
                }
            }
            _ => {
                let mut text = strip_comment(rest).trim().to_owned();
                // A plain scalar continues on more-indented lines (folded with spaces).
                while let Some(next) = self.lines.get(self.pos) {
                    let content = next.trim_start_matches(' ');
                    let next_indent = next.len() - content.len();
                    if content.trim().is_empty()
                        || next_indent <= indent
                        || content.starts_with('#')
                    {
                        break;
                    }
                    if split_key(content).is_some() {
                        return Err(format!("line {}: unexpected indentation", self.pos + 1));
                    }
                    text.push(' ');
                    text.push_str(strip_comment(content).trim());
                    self.pos += 1;
                }
                Ok(plain(&text))
            }
        }
    }

    /// `|` (literal) and `>` (folded) block scalars with `-`/`+` chomping and an optional
    /// indentation digit.
    fn block_scalar(&mut self, header: &str, indent: usize, line: usize) -> Result<Yaml, String> {
        let header = strip_comment(header).trim();
        let folded = header.starts_with('>');
        let mut chomp = ' ';
        let mut explicit_indent = None;
        for c in header[1..].chars() {
            match c {
                '-' | '+' if chomp == ' ' => chomp = c,
                '1'..='9' if explicit_indent.is_none() => {
                    explicit_indent = Some(indent + c.to_digit(10).unwrap_or(1) as usize)
                }
                _ => return Err(format!("line {}: invalid block scalar header", line + 1)),
            }
        }
        let mut content_indent = explicit_indent;
        let mut raw: Vec<String> = Vec::new();
        while let Some(next) = self.lines.get(self.pos) {
            let content = next.trim_start_matches(' ');
            let next_indent = next.len() - content.len();
            if content.is_empty() {
                raw.push(String::new());
                self.pos += 1;
                continue;
            }
            let needed = *content_indent.get_or_insert(next_indent);
            if next_indent <= indent || next_indent < needed {
                break;
            }
            raw.push(next[needed..].to_owned());
            self.pos += 1;
        }
        // Trailing blank lines belong to the chomping, not to the next key.
        let trailing = raw.iter().rev().take_while(|l| l.is_empty()).count();
        let body = &raw[..raw.len() - trailing];
        let mut text = if folded {
            let mut out = String::new();
            for (i, l) in body.iter().enumerate() {
                if i > 0 {
                    let prev = &body[i - 1];
                    if l.is_empty() || prev.is_empty() || l.starts_with(' ') {
                        out.push('\n');
                    } else {
                        out.push(' ');
                    }
                }
                out.push_str(l);
            }
            out
        } else {
            body.join("\n")
        };
        match chomp {
            '-' => {}
            '+' => {
                text.push('\n');
                for _ in 0..trailing {
                    text.push('\n');
                }
            }
            _ if !body.is_empty() => text.push('\n'),
            _ => {}
        }
        Ok(Yaml::Scalar(text))
    }
}

fn is_sequence_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Splits `key: rest` (the key may be quoted); `None` when the line is not a mapping entry.
fn split_key(content: &str) -> Option<(String, String)> {
    let content = content.trim_end();
    if content.starts_with('"') || content.starts_with('\'') {
        let (node, tail) = Flow::new(content).node().ok()?;
        let Yaml::Scalar(key) = node else { return None };
        let tail = tail.strip_prefix(':')?;
        if !(tail.is_empty() || tail.starts_with(' ')) {
            return None;
        }
        return Some((key, tail.to_owned()));
    }
    if content.starts_with(['[', '{', '#', '|', '>', '&', '*', '!']) || is_sequence_item(content) {
        return None;
    }
    let bytes = content.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        if b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            let key = content[..i].trim();
            if key.is_empty() {
                return None;
            }
            return Some((key.to_owned(), content[i + 1..].to_owned()));
        }
    }
    None
}

/// Drops a ` # comment` that is outside quotes.
fn strip_comment(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                // Quotes only open at the start of a value or after a flow indicator.
                let start = text[..i].trim_end();
                if start.is_empty() || start.ends_with([',', '[', '{', ':']) {
                    quote = Some(b);
                }
            }
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') => {
                return &text[..i];
            }
            None => {}
        }
    }
    text
}

fn plain(text: &str) -> Yaml {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Yaml::Null,
        _ => Yaml::Scalar(text.to_owned()),
    }
}

enum FlowError {
    Unterminated,
    Invalid(String),
}

/// A reader for quoted scalars and flow collections on one (joined) line.
struct Flow<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Flow<'a> {
    fn new(text: &'a str) -> Flow<'a> {
        Flow { text, at: 0 }
    }

    /// One node, and the text after it.
    fn node(mut self) -> Result<(Yaml, &'a str), FlowError> {
        let node = self.item(false)?;
        Ok((node, &self.text[self.at..]))
    }

    fn skip_spaces(&mut self) {
        while self.text[self.at..].starts_with([' ', '\n', '\t']) {
            self.at += 1;
        }
    }

    fn item(&mut self, in_flow: bool) -> Result<Yaml, FlowError> {
        self.skip_spaces();
        let rest = &self.text[self.at..];
        match rest.chars().next() {
            None => Err(FlowError::Unterminated),
            Some('"') => self.double_quoted(),
            Some('\'') => self.single_quoted(),
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_spaces();
                    if self.text[self.at..].starts_with(']') {
                        self.at += 1;
                        return Ok(Yaml::List(items));
                    }
                    items.push(self.item(true)?);
                    self.skip_spaces();
                    if self.text[self.at..].starts_with(',') {
                        self.at += 1;
                    } else if !self.text[self.at..].starts_with(']') {
                        return self.end_or_invalid("expected `,` or `]` in a flow sequence");
                    }
                }
            }
            Some('{') => {
                self.at += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_spaces();
                    if self.text[self.at..].starts_with('}') {
                        self.at += 1;
                        return Ok(Yaml::Map(entries));
                    }
                    let key = match self.item(true)? {
                        Yaml::Scalar(k) => k,
                        _ => {
                            return Err(FlowError::Invalid(
                                "flow mapping keys must be scalars".into(),
                            ))
                        }
                    };
                    self.skip_spaces();
                    let value = if self.text[self.at..].starts_with(':') {
                        self.at += 1;
                        self.item(true)?
                    } else {
                        Yaml::Null
                    };
                    entries.push((key, value));
                    self.skip_spaces();
                    if self.text[self.at..].starts_with(',') {
                        self.at += 1;
                    } else if !self.text[self.at..].starts_with('}') {
                        return self.end_or_invalid("expected `,` or `}` in a flow mapping");
                    }
                }
            }
            Some(_) if in_flow => {
                // A plain scalar inside a flow collection ends at `,`, `]`, `}` or `: `.
                let bytes = rest.as_bytes();
                let mut end = bytes.len();
                for (i, &b) in bytes.iter().enumerate() {
                    if matches!(b, b',' | b']' | b'}')
                        || (b == b':' && matches!(bytes.get(i + 1), None | Some(b' ')))
                    {
                        end = i;
                        break;
                    }
                }
                self.at += end;
                Ok(plain(rest[..end].trim()))
            }
            Some(_) => Err(FlowError::Invalid("expected a value".into())),
        }
    }

    fn end_or_invalid(&self, message: &str) -> Result<Yaml, FlowError> {
        if self.at >= self.text.len() {
            Err(FlowError::Unterminated)
        } else {
            Err(FlowError::Invalid(message.into()))
        }
    }

    fn single_quoted(&mut self) -> Result<Yaml, FlowError> {
        let mut out = String::new();
        let mut chars = self.text[self.at + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if self.text[self.at + 1 + i + 1..].starts_with('\'') {
                    out.push('\'');
                    chars.next();
                    continue;
                }
                self.at += 1 + i + 1;
                return Ok(Yaml::Scalar(out));
            }
            out.push(c);
        }
        Err(FlowError::Unterminated)
    }

    fn double_quoted(&mut self) -> Result<Yaml, FlowError> {
        let mut out = String::new();
        let body = &self.text[self.at + 1..];
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += 1 + i + 1;
                    return Ok(Yaml::Scalar(out));
                }
                '\\' => {
                    let Some((_, escape)) = chars.next() else {
                        return Err(FlowError::Unterminated);
                    };
                    match escape {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        ' ' => out.push(' '),
                        '"' | '\\' | '/' => out.push(escape),
                        'x' | 'u' | 'U' => {
                            let len = match escape {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let hex: String = chars.by_ref().take(len).map(|(_, c)| c).collect();
                            let code = u32::from_str_radix(&hex, 16)
                                .ok()
                                .filter(|_| hex.len() == len)
                                .and_then(char::from_u32)
                                .ok_or_else(|| {
                                    FlowError::Invalid(
                                        "invalid escape in a double-quoted value".into(),
                                    )
                                })?;
                            out.push(code);
                        }
                        _ => {
                            return Err(FlowError::Invalid(
                                "invalid escape in a double-quoted value".into(),
                            ))
                        }
                    }
                }
                _ => out.push(c),
            }
        }
        Err(FlowError::Unterminated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Yaml {
        Yaml::Scalar(v.into())
    }

    fn client(text: &str) -> Yaml {
        parse(text)
            .unwrap()
            .get("okta")
            .and_then(|o| o.get("client"))
            .cloned()
            .unwrap()
    }

    #[test]
    fn okta_yaml_shapes() {
        let c = client(
            "---\n# comment\nokta:\n  client:\n    orgUrl: \"https://dev-1.okta.com\" # trailing\n    token: 00abc#not-a-comment\n    scopes:\n    - okta.users.read\n    - 'okta.apps.read'\n    kid: null\n    requestTimeout: 30\n    rateLimit:\n      maxRetries: 4\n    proxy: {host: proxy.local, port: 3128}\n    other: [a, \"b c\", ]\n",
        );
        assert_eq!(c.get("orgUrl"), Some(&s("https://dev-1.okta.com")));
        assert_eq!(c.get("token"), Some(&s("00abc#not-a-comment")));
        assert_eq!(
            c.get("scopes"),
            Some(&Yaml::List(vec![s("okta.users.read"), s("okta.apps.read")]))
        );
        assert_eq!(c.get("kid"), Some(&Yaml::Null));
        assert_eq!(c.get("requestTimeout"), Some(&s("30")));
        assert_eq!(
            c.get("rateLimit").and_then(|r| r.get("maxRetries")),
            Some(&s("4"))
        );
        assert_eq!(c.get("proxy").and_then(|p| p.get("port")), Some(&s("3128")));
        assert_eq!(c.get("other"), Some(&Yaml::List(vec![s("a"), s("b c")])));
    }

    #[test]
    fn block_and_multiline_scalars() {
        let c = client(
            "okta:\n  client:\n    privateKey: |\n      -----BEGIN PRIVATE KEY-----\n      abc\n\n      def\n      -----END PRIVATE KEY-----\n\n    folded: >-\n      one\n      two\n    plain: first\n      second\n    quoted: \"a\n      b\\n\"\n    scopes:\n      - a\n      - b\n",
        );
        assert_eq!(
            c.get("privateKey"),
            Some(&s(
                "-----BEGIN PRIVATE KEY-----\nabc\n\ndef\n-----END PRIVATE KEY-----\n"
            ))
        );
        assert_eq!(c.get("folded"), Some(&s("one two")));
        assert_eq!(c.get("plain"), Some(&s("first second")));
        assert_eq!(c.get("quoted"), Some(&s("a b\n")));
        assert_eq!(c.get("scopes"), Some(&Yaml::List(vec![s("a"), s("b")])));
    }

    #[test]
    fn sequences_of_mappings_and_escapes() {
        let y = parse("list:\n  - name: a\n    value: 'it''s'\n  - name: b\nesc: \"\\u00e9\\t\"\n")
            .unwrap();
        let Some(Yaml::List(items)) = y.get("list") else {
            panic!("{y:?}")
        };
        assert_eq!(items[0].get("value"), Some(&s("it's")));
        assert_eq!(items[1].get("name"), Some(&s("b")));
        assert_eq!(y.get("esc"), Some(&s("é\t")));
        assert_eq!(parse("").unwrap(), Yaml::Null);
        assert_eq!(parse("# only a comment\n").unwrap(), Yaml::Null);
    }

    #[test]
    fn errors_name_lines_and_never_values() {
        for (text, line) in [
            ("a: 1\n  b: 2\n", "line 2"),
            ("a: &x 1\n", "line 1"),
            ("a: 1\na: 2\n", "line 2"),
            ("a: \"secret\n", "line 1"),
            ("a:\n\t- b\n", "line 2"),
            ("a: 1\n---\nb: 2\n", "line 2"),
            ("a: [x, y\n", "line 1"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.starts_with(line), "{text:?}: {error}");
            assert!(!error.contains("secret"), "{error}");
        }
    }
}
