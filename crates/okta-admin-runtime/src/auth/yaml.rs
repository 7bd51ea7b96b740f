//! `okta.yaml` as a tree of text: parsed by yaml-rust2 (a maintained YAML 1.2 parser), built here
//! from its events so that scalars keep the text written (`token: 00123` stays `00123`) and
//! mistakes the parser allows are refused with a line number: anchors and aliases, tags, duplicate
//! keys, non-scalar keys and more than one document.
//!
//! Error messages quote line numbers and keys, never values: the file may hold secrets.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

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
    let mut builder = Builder { text: text.chars().collect(), ..Builder::default() };
    let scanned = Parser::new_from_str(text).load(&mut builder, true);
    // The parser reports the first syntax error by position and a description of the syntax,
    // never the text around it. An unclosed `[` or `{` is found at the end of the input: name
    // the line that opened it instead.
    scanned.map_err(|e| {
        let opened = builder.stack.iter().rev().find_map(|open| open.flow_line).filter(|_| e.info().contains("flow"));
        match opened {
            Some(line) => format!("line {line}: this `[` or `{{` is never closed ({})", e.info()),
            None => format!("line {}: {}", e.marker().line(), e.info()),
        }
    })?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root.unwrap_or(Yaml::Null))
}

/// A mapping or sequence being filled.
struct Open {
    node: Filling,
    /// The line of its `[` or `{`, for a flow collection.
    flow_line: Option<usize>,
}

enum Filling {
    List(Vec<Yaml>),
    /// The entries so far, and the key waiting for its value.
    Map(Vec<(String, Yaml)>, Option<String>),
}

/// Builds the tree from the parser's events; remembers the first mistake.
#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    root: Option<Yaml>,
    documents: usize,
    error: Option<String>,
    /// The characters of the input, to tell flow collections from block ones.
    text: Vec<char>,
}

impl Builder {
    fn fail(&mut self, line: usize, message: &str) {
        self.error.get_or_insert_with(|| format!("line {line}: {message}"));
    }

    /// Places a finished node in the open collection (as a key or a value), or as the root.
    fn place(&mut self, node: Yaml, line: usize) {
        match self.stack.last_mut().map(|open| &mut open.node) {
            None => self.root = Some(node),
            Some(Filling::List(items)) => items.push(node),
            Some(Filling::Map(entries, pending)) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => match node {
                    Yaml::Scalar(key) if entries.iter().any(|(k, _)| *k == key) => {
                        self.fail(line, &format!("duplicate key `{key}`"));
                    }
                    Yaml::Scalar(key) => *pending = Some(key),
                    Yaml::Null => *pending = Some(String::new()),
                    _ => self.fail(line, "a key must be plain text"),
                },
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        if self.error.is_some() {
            return;
        }
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail(line, "only one YAML document is supported");
                }
            }
            Event::Alias(_) => self.fail(line, "anchors and aliases are not supported"),
            Event::Scalar(_, _, anchor, tag) | Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag)
                if anchor > 0 || tag.is_some() =>
            {
                let what = if anchor > 0 { "anchors and aliases are" } else { "tags are" };
                self.fail(line, &format!("{what} not supported"));
            }
            Event::Scalar(text, style, ..) => {
                let null = style == TScalarStyle::Plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                self.place(if null { Yaml::Null } else { Yaml::Scalar(text) }, line);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let flow_line = matches!(self.text.get(mark.index()), Some('[' | '{')).then_some(line);
                let node = match event {
                    Event::SequenceStart(..) => Filling::List(Vec::new()),
                    _ => Filling::Map(Vec::new(), None),
                };
                self.stack.push(Open { node, flow_line });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop().map(|open| open.node) {
                    Some(Filling::List(items)) => Yaml::List(items),
                    Some(Filling::Map(entries, _)) => Yaml::Map(entries),
                    None => return,
                };
                self.place(node, line);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
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
