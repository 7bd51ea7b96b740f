//! Identifiers: wire names to snake_case/PascalCase, resource accessors and method names.

use heck::{ToPascalCase, ToSnakeCase};

/// Words Rust reserves; emitters write them as raw identifiers (or with `_` where that is illegal).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// The words of a wire name, with punctuation (`:`, `#`, `$`, `-`, `.`, `_`) as separators.
fn words(name: &str) -> String {
    const ACRONYMS: &[(&str, &str)] = &[("OAuth", "Oauth"), ("URIs", "Uris"), ("IdPs", "Idps"), ("IdP", "Idp")];
    let mut name = name.to_string();
    for (from, to) in ACRONYMS {
        name = name.replace(from, to);
    }
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// snake_case identifier for a wire name (`_links` → `links`, `okta:ORN` → `okta_orn`); never empty,
/// never starting with a digit.
pub fn snake(name: &str) -> String {
    let mut s = words(name).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    s
}

/// PascalCase type name for a wire name; never empty, never starting with a digit.
pub fn pascal(name: &str) -> String {
    let mut s = words(name).to_pascal_case();
    if s.is_empty() {
        s = "Value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    s
}

/// Python keywords (hard ones, and the soft ones that read badly as names).
const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// A snake_case identifier as Python spells it: keywords get a trailing `_` (`from` → `from_`).
pub fn python(ident: &str) -> String {
    if PYTHON_KEYWORDS.contains(&ident) {
        format!("{ident}_")
    } else {
        ident.to_string()
    }
}

/// A snake_case identifier as Rust spells it: keywords as raw identifiers, `self` & co. with `_`.
pub fn rust(ident: &str) -> String {
    match ident {
        "self" | "Self" | "super" | "crate" | "_" => format!("{ident}_"),
        _ if RUST_KEYWORDS.contains(&ident) => format!("r#{ident}"),
        _ => ident.to_string(),
    }
}

/// camelCase identifier (JavaScript).
pub fn camel(name: &str) -> String {
    let p = pascal(name);
    let mut chars = p.chars();
    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Makes idents unique in order: a repeat gets `_2`, `_3`, … (wire names like `Exclude`/`exclude`).
pub fn dedupe(idents: &mut [String]) {
    let mut seen = std::collections::HashSet::new();
    for ident in idents.iter_mut() {
        let base = ident.clone();
        let mut n = 2;
        while !seen.insert(ident.clone()) {
            *ident = format!("{base}_{n}");
            n += 1;
        }
    }
}

/// The accessor of a tag's resource: snake_case with the last word in the plural
/// (`User` → `users`, `Policy` → `policies`, `AgentPools` → `agent_pools`).
pub fn resource_name(tag: &str) -> String {
    let snake = snake(tag);
    let (head, last) = match snake.rsplit_once('_') {
        Some((head, last)) => (format!("{head}_"), last.to_string()),
        None => (String::new(), snake.clone()),
    };
    format!("{head}{}", plural(&last))
}

fn plural(word: &str) -> String {
    const UNCOUNTED: &[&str] = &["sso", "access", "metadata", "info", "protection", "insight", "general", "captcha"];
    if word.ends_with('s') || UNCOUNTED.contains(&word) || word.len() <= 2 {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// Method name within the resource: the operationId in snake_case without the run of words that
/// names the resource (`listUsers` on `User` → `list`; `activateUser` on `UserLifecycle` → `activate`).
/// The longest run of words equal to a leading run of the tag's words is removed, unless what is
/// left is empty or ends in a preposition.
pub fn method_name(operation_id: &str, tag: &str) -> String {
    let full = snake(operation_id);
    let op_words: Vec<&str> = full.split('_').collect();
    let tag_snake = snake(tag);
    let tag_words: Vec<&str> = tag_snake.split('_').collect();
    let same = |a: &str, b: &str| a == b || singular(a) == singular(b);
    let mut best: Option<(usize, usize)> = None;
    for start in 1..op_words.len() {
        let run = op_words[start..].iter().zip(&tag_words).take_while(|(a, b)| same(a, b)).count();
        if run > 0 && best.is_none_or(|(_, len)| run > len) {
            best = Some((start, run));
        }
    }
    let Some((start, len)) = best else { return full };
    let rest: Vec<&str> = op_words[..start].iter().chain(&op_words[start + len..]).copied().collect();
    const PREPOSITIONS: &[&str] = &["with", "for", "by", "of", "to", "from", "in", "on", "and"];
    match rest.last() {
        Some(last) if !PREPOSITIONS.contains(last) => rest.join("_"),
        _ => full,
    }
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}
