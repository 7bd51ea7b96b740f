//! IR tests on the real spec and overlay: counts, parameter locations, names.

use std::collections::HashSet;

use super::{Ir, Location};

fn ir() -> Ir {
    crate::load_ir().expect("specs/ resolve into the IR")
}

fn location(ir: &Ir, op: &str, param: &str) -> Location {
    let op = ir.operations.iter().find(|o| o.id == op).unwrap_or_else(|| panic!("no operation {op}"));
    op.params.iter().find(|p| p.name == param).unwrap_or_else(|| panic!("{} has no param {param}", op.id)).location
}

#[test]
fn every_endpoint_is_one_uniquely_named_operation() {
    let ir = ir();
    assert_eq!(ir.operations.len(), 705);
    let ids: HashSet<&str> = ir.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), 705);
    let calls: HashSet<(&str, &str)> = ir.operations.iter().map(|o| (o.resource.as_str(), o.name.as_str())).collect();
    assert_eq!(calls.len(), 705, "resource + method name is unique");
    assert_eq!(ir.resources.iter().map(|r| r.operations.len()).sum::<usize>(), 705);
}

#[test]
fn parameters_sit_where_okta_reads_them() {
    let ir = ir();
    let cases = [
        ("createApplication", "activate", Location::Query),
        ("createApplication", "OktaAccessGateway-Agent", Location::Header),
        ("createUser", "activate", Location::Query),
        ("createUser", "provider", Location::Query),
        ("createUser", "nextLogin", Location::Query),
        ("createUser", "profile", Location::Body),
        ("updateUser", "strict", Location::Query),
        ("updateUser", "If-Match", Location::Header),
        ("listUsers", "search", Location::Query),
        ("listUsers", "Content-Type", Location::Header),
        ("getUser", "id", Location::Path),
        ("createPolicy", "activate", Location::Query),
        ("createNetworkZone", "name", Location::Body),
        ("createAuthorizationServer", "name", Location::Body),
        ("addGroup", "profile", Location::Body),
        ("enrollFactor", "updatePhone", Location::Query),
        ("enrollFactor", "Accept-Language", Location::Header),
    ];
    for (op, param, want) in cases {
        assert_eq!(location(&ir, op, param), want, "{op}.{param}");
    }
    let body_methods = ["POST", "PUT", "PATCH"];
    let query_on_body_methods = ir
        .operations
        .iter()
        .filter(|o| body_methods.contains(&o.method.as_str()))
        .flat_map(|o| &o.params)
        .filter(|p| p.location == Location::Query)
        .count();
    assert_eq!(query_on_body_methods, 36, "reviewed in specs/overlay/param-locations.tsv");
    for op in &ir.operations {
        if matches!(op.method.as_str(), "GET" | "DELETE") {
            assert!(op.params.iter().all(|p| p.location != Location::Body), "{} has no body", op.id);
        }
        let vars = super::locations::path_vars(&op.path);
        let path_params: Vec<&str> =
            op.params.iter().filter(|p| p.location == Location::Path).map(|p| p.name.as_str()).collect();
        assert_eq!(path_params, vars, "{}: path params are exactly the path's variables", op.id);
    }
}

#[test]
fn body_fields_sharing_a_path_variable_name_stay_in_the_body() {
    let ir = ir();
    for op in &ir.operations {
        for name in ["poolId", "kid", "caseNumber"] {
            let listed: Vec<_> = op.params.iter().filter(|p| p.name == name).collect();
            if listed.len() == 2 {
                assert!(listed.iter().any(|p| p.location == Location::Body), "{}.{name}", op.id);
                assert_ne!(listed[0].ident, listed[1].ident, "{}.{name}: distinct identifiers", op.id);
            }
        }
    }
}

#[test]
fn models_carry_reference_names_and_no_numbered_ones() {
    let ir = ir();
    let names: HashSet<&str> = ir.models.iter().map(|m| m.name.as_str()).collect();
    for wanted in ["User", "Group", "Application", "NetworkZone", "Policy", "AuthorizationServer", "IdentityProvider"] {
        assert!(names.contains(wanted), "model {wanted}");
    }
    for name in &names {
        assert!(!name.ends_with(|c: char| c.is_ascii_digit()) || name.ends_with("Oauth2"), "numbered model name {name}");
    }
    let list_users = ir.operations.iter().find(|o| o.id == "listUsers").unwrap();
    assert!(list_users.paginated);
    let polled: Vec<&str> = ir.operations.iter().filter(|o| o.polled).map(|o| o.id.as_str()).collect();
    assert_eq!(polled, ["listLogEvents"]);
    let body_paged = ir.operations.iter().filter(|o| o.body_page.is_some()).count();
    assert_eq!(body_paged, 8);
}

#[test]
fn unions_and_their_kinds_come_from_the_openapi_spec() {
    let ir = ir();
    assert_eq!(ir.unions.len(), 14);
    let model = |name: &str| ir.models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model {name}"));
    for union in &ir.unions {
        let base = model(&union.name);
        for variant in &union.variants {
            let kind = model(&variant.model);
            for field in &base.fields {
                let same = kind.fields.iter().find(|f| f.name == field.name).unwrap_or_else(|| panic!("{}.{}", kind.name, field.name));
                if field.name == union.discriminator {
                    assert_eq!(same.ty, field.ty, "{}: the discriminator keeps its type", kind.name);
                }
            }
        }
    }
    let app = ir.union("Application").expect("Application is a union");
    assert_eq!(app.discriminator, "signOnMode");
    let kinds: Vec<(&str, &str)> = app.variants.iter().map(|v| (v.value.as_str(), v.model.as_str())).collect();
    assert!(kinds.contains(&("SAML_2_0", "SamlApplication")) && kinds.len() == 9, "{kinds:?}");
    let saml = model("SamlApplication");
    let settings = saml.fields.iter().find(|f| f.name == "settings").expect("a SAML app's settings");
    assert_eq!(settings.ty, super::TypeRef::Model { name: "SamlApplicationSettings".into() });
    let sign_on = model("SamlApplicationSettingsSignOn");
    assert!(sign_on.fields.iter().any(|f| f.name == "ssoAcsUrl"));
    assert_eq!(ir.union("Authenticator").map(|u| u.discriminator.as_str()), Some("key"));
    assert!(ir.union("User").is_none());
}
