//! Parser tests: the real spec, hand-made malformed inputs, and random mutations (no panics).

use super::ast::TypeKind;
use super::parse;

const SPEC: &str = include_str!("../../../specs/okta-management-5.1.0.lap");

fn wrap(endpoint_lines: &str) -> String {
    format!("@lap v0.3\n@api T\n@base https://x\n@version 1\n@auth none\n@endpoints 1\n@group api\n{endpoint_lines}\n@endgroup\n@end\n")
}

#[test]
fn parses_the_whole_spec() {
    let doc = parse("spec.lap", SPEC).expect("the real spec parses");
    let endpoints: Vec<_> = doc.groups.iter().flat_map(|g| &g.endpoints).collect();
    assert_eq!(endpoints.len(), 705);
    assert_eq!(doc.groups.len(), 10);
    assert_eq!(endpoints.iter().filter(|e| e.example_request.is_some()).count(), 151);
    assert_eq!(endpoints.iter().map(|e| e.returns.len()).sum::<usize>(), 706);
    assert!(endpoints.iter().all(|e| !e.errors.is_empty() && !e.desc.is_empty()));
}

#[test]
fn descriptions_with_commas_braces_and_tables_stay_whole() {
    let doc = parse("spec.lap", SPEC).unwrap();
    let users = doc.groups.iter().flat_map(|g| &g.endpoints).find(|e| e.method == "GET" && e.path == "/api/v1/users").unwrap();
    let names: Vec<&str> = users.optional.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Content-Type", "search", "filter", "q", "after", "limit", "sortBy", "sortOrder", "expand"]);
    let search = &users.optional[1];
    assert!(search.description.as_deref().unwrap().contains("diacritical marks"));
    let longest = doc.groups.iter().flat_map(|g| &g.endpoints).flat_map(|e| e.required.iter().chain(&e.optional));
    let longest = longest.filter_map(|f| f.description.as_ref()).map(|d| d.len()).max().unwrap();
    assert!(longest > 7000, "the markdown table of L2093 stays one description ({longest})");
}

#[test]
fn types_enums_formats_defaults_and_nullables() {
    let text = wrap(
        "@endpoint POST /a/{id}\n@desc D\n@required {name!: str(A/B/<x-lifecycle class=\"ea\"></x-lifecycle>C), n: int(int32)=5 # a, b: c {d}, e}\n@optional {m: map{x!: [str], y: map{z: num}}, f: str(Free (nested) prose, with commas)}\n@returns(200) {a: str?, b: [str]?, c: map?{d: bool}} # OK\n@errors {400: Bad., 502: There are no connected agents., 504: x}",
    );
    let doc = parse("t.lap", &text).unwrap();
    let e = &doc.groups[0].endpoints[0];
    assert!(matches!(&e.required[0].ty.kind, TypeKind::Enum { values, .. } if values == &["A", "B", "C"]));
    assert!(e.required[0].required);
    assert_eq!(e.required[1].default.as_deref(), Some("5"));
    assert_eq!(e.required[1].description.as_deref(), Some("a, b: c {d}, e"));
    assert!(matches!(&e.optional[1].ty.kind, TypeKind::Str { format: Some(f) } if f == "Free (nested) prose, with commas"));
    let shape = e.returns[0].shape.as_ref().unwrap();
    assert!(shape.iter().all(|f| f.ty.nullable));
    assert_eq!(e.errors.len(), 3);
    assert_eq!(e.errors[1].1, "There are no connected agents.");
}

#[test]
fn malformed_inputs_point_at_line_and_column() {
    let cases = [
        ("@endpoint GET /a\n@desc D\n@required {x: strr}\n@errors {400: x}", 10, 15, "a type"),
        ("@endpoint GET /a\n@desc D\n@required {x: map{y: str}\n@errors {400: x}", 10, 26, "`, ` or the closing `}`"),
        ("@endpoint FETCH /a\n@desc D\n@errors {400: x}", 8, 11, "an HTTP method"),
        ("@endpoint GET /a/{id\n@desc D\n@errors {400: x}", 8, 18, "a `}` closing"),
        ("@endpoint GET /a\n@desc D\n@returns(20) x\n@errors {400: x}", 10, 10, "a three-digit HTTP status"),
        ("@endpoint GET /a\n@desc D\n@errors {400: x}\n@example_request {\"a\":}", 11, 23, "valid JSON"),
        ("@endpoint GET /a\n@errors {400: x}", 8, 1, "a `@desc` line"),
    ];
    for (body, line, column, expected) in cases {
        let err = parse("t.lap", &wrap(body)).expect_err(body);
        assert_eq!((err.line, err.column), (line, column), "{err}");
        assert!(err.expected.contains(expected), "{err}");
        assert!(err.to_string().starts_with(&format!("t.lap:{line}:{column}: expected")), "{err}");
    }
}

#[test]
fn truncated_spec_reports_the_missing_end() {
    let cut = &SPEC[..SPEC.len() / 2];
    let cut = &cut[..cut.rfind('\n').unwrap()];
    let err = parse("spec.lap", cut).unwrap_err();
    assert!(err.expected.contains("@end") || err.expected.contains("`, `"), "{err}");
}

mod random {
    use super::{parse, wrap, SPEC};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
            let _ = parse("r.lap", &text);
        }

        #[test]
        fn arbitrary_field_lists_never_panic(list in "[{}\\[\\]():,!?=# a-zA-Z0-9/<>]{0,120}") {
            let _ = parse("r.lap", &wrap(&format!("@endpoint POST /a\n@desc d\n@required {list}\n@returns(200) {list}\n@errors {{400: x}}")));
        }

    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn mutated_spec_lines_never_panic(line in 0usize..4039, at in 0usize..400, insert in "[{}\\[\\](),:!?=# ]{1,3}") {
            let mut lines: Vec<String> = SPEC.lines().map(str::to_string).collect();
            let target = &mut lines[line];
            let mut at = at.min(target.len());
            while !target.is_char_boundary(at) { at -= 1; }
            target.insert_str(at, &insert);
            let _ = parse("m.lap", &lines.join("\n"));
        }
    }
}
