//! Okta's `filter`/`search` expressions, the simple part: `attr op "value"` comparisons
//! (`eq`, `ne`, `sw`, `co`, `gt`, `ge`, `lt`, `le`), `attr pr`, `and`, `or` and parentheses.
//! String comparisons ignore case.

use std::borrow::Cow;
use std::cmp::Ordering;

/// Something a filter can look attributes up on (`status`, `profile.login`, …).
pub trait Attributes {
    /// The attribute's value as text, `None` when absent or null.
    fn attr(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Starts with.
    Sw,
    /// Contains.
    Co,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `attr op value`.
    Compare {
        /// The attribute path.
        attr: String,
        /// The operator.
        op: Op,
        /// The literal, unquoted.
        value: String,
    },
    /// `attr pr`.
    Present(String),
    /// Both hold.
    And(Box<Filter>, Box<Filter>),
    /// Either holds.
    Or(Box<Filter>, Box<Filter>),
}

impl Filter {
    /// Parses an expression; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens: &tokens,
            pos: 0,
        };
        let filter = parser.or()?;
        match parser.tokens.get(parser.pos) {
            None => Ok(filter),
            Some(token) => Err(format!("unexpected {token:?}")),
        }
    }

    /// Whether `item` satisfies the expression.
    pub fn matches(&self, item: &impl Attributes) -> bool {
        match self {
            Filter::And(a, b) => a.matches(item) && b.matches(item),
            Filter::Or(a, b) => a.matches(item) || b.matches(item),
            Filter::Present(attr) => item.attr(attr).is_some_and(|v| !v.is_empty()),
            Filter::Compare { attr, op, value } => match item.attr(attr) {
                Some(actual) => compare(&actual, *op, value),
                None => *op == Op::Ne,
            },
        }
    }
}

/// Applies `op` to an attribute's value and a literal.
fn compare(actual: &str, op: Op, expected: &str) -> bool {
    let (a, e) = (actual.to_lowercase(), expected.to_lowercase());
    let order = || match (actual.parse::<f64>(), expected.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(&e),
    };
    match op {
        Op::Eq => a == e,
        Op::Ne => a != e,
        Op::Sw => a.starts_with(&e),
        Op::Co => a.contains(&e),
        Op::Gt => order() == Ordering::Greater,
        Op::Ge => order() != Ordering::Less,
        Op::Lt => order() == Ordering::Less,
        Op::Le => order() != Ordering::Greater,
    }
}

/// A lexical token.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Word(String),
    Quoted(String),
}

/// Splits an expression into parentheses, bare words and quoted strings (`\"` escapes a quote).
fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                tokens.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => value.extend(chars.next()),
                        Some('"') => break,
                        Some(c) => value.push(c),
                        None => return Err("unterminated string".into()),
                    }
                }
                tokens.push(Token::Quoted(value));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

/// Recursive descent: `or := and ("or" and)*`, `and := term ("and" term)*`.
struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.pos);
        self.pos += 1;
        token
    }

    fn keyword(&mut self, keyword: &str) -> bool {
        match self.tokens.get(self.pos) {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut filter = self.and()?;
        while self.keyword("or") {
            filter = Filter::Or(Box::new(filter), Box::new(self.and()?));
        }
        Ok(filter)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut filter = self.term()?;
        while self.keyword("and") {
            filter = Filter::And(Box::new(filter), Box::new(self.term()?));
        }
        Ok(filter)
    }

    fn term(&mut self) -> Result<Filter, String> {
        let attr = match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                return match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("missing )".into()),
                };
            }
            Some(Token::Word(attr)) => attr.clone(),
            other => return Err(format!("expected an attribute, found {other:?}")),
        };
        let op = match self.next() {
            Some(Token::Word(op)) => op.to_ascii_lowercase(),
            other => {
                return Err(format!(
                    "expected an operator after {attr}, found {other:?}"
                ))
            }
        };
        let op = match op.as_str() {
            "pr" => return Ok(Filter::Present(attr)),
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "sw" => Op::Sw,
            "co" => Op::Co,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            _ => return Err(format!("unknown operator {op:?}")),
        };
        let value = match self.next() {
            Some(Token::Quoted(v) | Token::Word(v)) => v.clone(),
            other => return Err(format!("expected a value after {attr}, found {other:?}")),
        };
        Ok(Filter::Compare { attr, op, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Item(HashMap<&'static str, &'static str>);

    impl Attributes for Item {
        fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
            self.0.get(name).map(|v| Cow::Borrowed(*v))
        }
    }

    #[test]
    fn evaluates_expressions() {
        let item = Item(HashMap::from([
            ("status", "ACTIVE"),
            ("profile.login", "a@example.com"),
            ("n", "10"),
        ]));
        let yes = |text: &str| Filter::parse(text).map(|f| f.matches(&item));
        assert_eq!(yes(r#"status eq "ACTIVE""#), Ok(true));
        assert_eq!(yes(r#"profile.login eq "A@example.com""#), Ok(true));
        assert_eq!(
            yes(r#"status eq "ACTIVE" and profile.login sw "b""#),
            Ok(false)
        );
        assert_eq!(
            yes(r#"status eq "X" or (profile.login co "example" and n gt 9)"#),
            Ok(true)
        );
        assert_eq!(yes("profile.login pr"), Ok(true));
        assert_eq!(yes("missing pr"), Ok(false));
        assert!(Filter::parse(r#"status eq"#).is_err());
        assert!(Filter::parse(r#"status is "x""#).is_err());
        assert!(Filter::parse(r#"status eq "x"#).is_err());
    }
}
