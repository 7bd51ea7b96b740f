//! The type language inside `{…}`: field lists, types, defaults and descriptions.

use super::ast::{EnumBase, Field, Type, TypeKind};
use super::cursor::Cursor;
use super::error::ParseError;

const TYPE_KEYWORDS: [&str; 6] = ["str", "int", "num", "bool", "any", "map"];

/// Where a field list stands, which decides what its fields may carry.
#[derive(Clone, Copy)]
pub enum ListKind {
    /// `@required`/`@optional`: fields may carry `=default` and ` # description`, and the list
    /// closes at byte `end` (the last `}` of the line), so descriptions may hold any text.
    TopLevel { end: usize },
    /// Nested `map{…}` or a `@returns` shape: types only.
    Nested,
}

/// Parses `{field, field, …}` starting at the `{`.
pub fn field_list(cur: &mut Cursor, kind: ListKind) -> Result<Vec<Field>, ParseError> {
    cur.expect("{")?;
    let mut fields = Vec::new();
    if cur.eat("}") {
        return Ok(fields);
    }
    loop {
        fields.push(field(cur, kind)?);
        if cur.eat(", ") {
            continue;
        }
        if let ListKind::TopLevel { end } = kind {
            if cur.pos() != end {
                return Err(cur.error("`, ` or the closing `}` of the list"));
            }
        }
        cur.expect("}").map_err(|_| cur.error("`, ` or `}`"))?;
        return Ok(fields);
    }
}

fn field(cur: &mut Cursor, kind: ListKind) -> Result<Field, ParseError> {
    let start = cur.pos();
    let name_len = field_name_len(cur.rest()).ok_or_else(|| cur.error("a field `name: type`"))?;
    let raw_name = cur.slice(start, start + name_len);
    cur.jump(start + name_len);
    cur.expect(": ")?;
    let (name, required) = match raw_name.strip_suffix('!') {
        Some(n) => (n, true),
        None => (raw_name, false),
    };
    if name.is_empty() {
        return Err(cur.error_at(start, "a field name"));
    }
    let ty = type_expr(cur)?;
    let mut field = Field { name: name.to_string(), required, ty, default: None, description: None };
    if let ListKind::TopLevel { end } = kind {
        if cur.eat("=") {
            field.default = Some(free_text(cur, end, true).trim().to_string());
        }
        if cur.eat(" # ") {
            field.description = Some(free_text(cur, end, false).trim().to_string());
        }
    }
    Ok(field)
}

/// Length of a field name: everything up to the first `: `, which must come before any `,`, `{`
/// or `}` (names hold `:`, `#`, `$`, `-`, `.` and a leading `_`).
fn field_name_len(s: &str) -> Option<usize> {
    let colon = s.find(": ")?;
    let name = &s[..colon];
    (!name.is_empty() && !name.contains([',', '{', '}', '[', ']', ' '])).then_some(colon)
}

/// Whether `s` (just after a `, `) starts a new field: `NAME[!]: TYPE` with TYPE a keyword or `[`.
fn starts_field(s: &str) -> bool {
    let Some(len) = field_name_len(s) else { return false };
    let ty = &s[len + 2..];
    ty.starts_with('[')
        || TYPE_KEYWORDS.iter().any(|kw| {
            ty.strip_prefix(kw)
                .is_some_and(|after| after.chars().next().is_none_or(|c| "(?{,=} ]".contains(c)))
        })
}

/// Text of a default or description: runs to the next field boundary or the list's end
/// (a default also stops before ` # `).
fn free_text<'a>(cur: &mut Cursor<'a>, end: usize, is_default: bool) -> &'a str {
    let start = cur.pos();
    let mut i = start;
    let stop = loop {
        if i >= end {
            break end;
        }
        let rest = cur.slice(i, end);
        if rest.starts_with(", ") && starts_field(&rest[2..]) {
            break i;
        }
        if is_default && rest.starts_with(" # ") {
            break i;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    };
    cur.jump(stop);
    cur.slice(start, stop)
}

/// Parses one type expression: `KEYWORD[(…)][?]`, `map[?]{…}` or `[TYPE][?]`.
pub fn type_expr(cur: &mut Cursor) -> Result<Type, ParseError> {
    if cur.eat("[") {
        let inner = type_expr(cur)?;
        cur.expect("]")?;
        let nullable = cur.eat("?");
        return Ok(Type { kind: TypeKind::Array(Box::new(inner)), nullable });
    }
    let at = cur.pos();
    let keyword = cur.take_while(|c| c.is_ascii_lowercase());
    let kind = match keyword {
        "str" | "int" => {
            let base = if keyword == "str" { EnumBase::Str } else { EnumBase::Int };
            match cur.peek() {
                Some('(') => paren_type(cur, base)?,
                _ if base == EnumBase::Str => TypeKind::Str { format: None },
                _ => TypeKind::Int { format: None },
            }
        }
        "num" => TypeKind::Num,
        "bool" => TypeKind::Bool,
        "any" => TypeKind::Any,
        "map" => {
            let nullable = cur.eat("?");
            let fields = if cur.peek() == Some('{') {
                Some(field_list(cur, ListKind::Nested)?)
            } else {
                None
            };
            return Ok(Type { kind: TypeKind::Map { fields }, nullable });
        }
        _ => return Err(cur.error_at(at, "a type (`str`, `int`, `num`, `bool`, `any`, `map` or `[`)")),
    };
    let nullable = cur.eat("?");
    Ok(Type { kind, nullable })
}

/// `(…)` after `str`/`int`: an enum when it holds `/`, a format otherwise. Parentheses nest.
fn paren_type(cur: &mut Cursor, base: EnumBase) -> Result<TypeKind, ParseError> {
    let open = cur.pos();
    cur.expect("(")?;
    let mut depth = 1usize;
    let content_start = cur.pos();
    let mut close = None;
    for (offset, c) in cur.rest().char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(content_start + offset);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close.ok_or_else(|| cur.error_at(open, "a `)` closing this `(`"))?;
    let content = cur.slice(content_start, close);
    cur.jump(close + 1);
    if content.contains('/') {
        let values: Vec<String> = strip_tags(content)
            .split('/')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            return Err(cur.error_at(open, "enum values between `(` and `)`"));
        }
        return Ok(TypeKind::Enum { base, values });
    }
    let format = Some(content.trim().to_string());
    Ok(match base {
        EnumBase::Str => TypeKind::Str { format },
        EnumBase::Int => TypeKind::Int { format },
    })
}

/// Removes `<tag …>` and `</tag>` markup (one enum carries HTML).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
