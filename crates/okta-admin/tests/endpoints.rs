//! Generated endpoints over real loopback HTTP: each test checks the exact request (method, path,
//! encoded query, headers, JSON body) and the decoded response, for users, groups, apps,
//! policies, authorization servers and network zones.

#[path = "../../okta-admin-runtime/tests/runtime_support.rs"]
mod support;

use okta_admin::models::{
    AddGroupRequest, AddGroupRequestProfile, Application, CreateApplicationRequest, CreateAuthorizationServerRequest,
    CreateNetworkZoneRequest, CreateUserRequest, CreateUserRequestProfile, NetworkZone, NetworkZoneType, Policy, PolicyType, SignOnMode,
    UpdateUserRequest,
};
use serde_json::{json, Value};
use support::{Recorded, Reply, Server, TOKEN};

const USER: &str = r#"{"id":"00u1","status":"STAGED","created":"2024-01-01T00:00:00.000Z","profile":{"login":"ada@example.com","email":"ada@example.com","firstName":"Ada","customColor":"teal"},"newTopLevel":{"kept":true},"_links":{"self":{"href":"x"}}}"#;

fn only(server: &Server) -> Recorded {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    requests.into_iter().next().unwrap()
}

fn body_json(request: &Recorded) -> Value {
    serde_json::from_slice(&request.body).expect("JSON body")
}

fn assert_common_headers(request: &Recorded) {
    assert_eq!(request.header("authorization"), Some(format!("SSWS {TOKEN}").as_str()));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(request.header("user-agent").unwrap_or_default().starts_with("okta-admin-rust/"));
}

#[tokio::test]
async fn users_create_sends_query_flags_and_a_typed_body() {
    let server = Server::start(|_, _, _| Reply::json(200, USER)).await;
    let profile = CreateUserRequestProfile {
        login: Some("ada@example.com".into()),
        email: Some("ada@example.com".into()),
        first_name: Some("Ada".into()),
        ..Default::default()
    };
    let body = CreateUserRequest { profile, group_ids: Some(vec!["00g1".into()]), ..Default::default() };
    let user = okta_admin::Client::from(server.client()).users().create(&body).activate(false).next_login("changePassword").await.expect("created");

    let request = only(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/api/v1/users?activate=false&nextLogin=changePassword");
    assert_common_headers(&request);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        body_json(&request),
        json!({"profile": {"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada"}, "groupIds": ["00g1"]})
    );
    assert_eq!(user.id.as_deref(), Some("00u1"));
    assert_eq!(user.status, Some(okta_admin::models::UserStatus::Staged));
    let profile = user.profile.expect("profile");
    assert_eq!(profile.email.as_deref(), Some("ada@example.com"));
    assert_eq!(profile.additional_properties["customColor"], "teal", "custom profile attributes are kept");
    assert_eq!(user.additional_properties["newTopLevel"], json!({"kept": true}), "undeclared fields are kept");
}

#[tokio::test]
async fn users_list_encodes_search_and_follows_link_pages() {
    let server = Server::start(|index, _, base| match index {
        0 => Reply::json(200, &format!("[{USER},{USER}]"))
            .header("Link", format!("<{base}/api/v1/users?limit=2>; rel=\"self\""))
            .header("Link", format!("<{base}/api/v1/users?after=00u2&limit=2>; rel=\"next\"")),
        _ => Reply::json(200, &format!("[{USER}]")).header("Link", format!("<{base}/api/v1/users?after=00u3&limit=2>; rel=\"self\"")),
    })
    .await;
    let users = okta_admin::Client::from(server.client())
        .users()
        .list()
        .search(r#"profile.lastName eq "O'Brien & Co" and x=1+2"#)
        .limit(2)
        .collect_all()
        .await
        .expect("all pages");
    assert_eq!(users.len(), 3);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].target,
        "/api/v1/users?search=profile.lastName%20eq%20%22O%27Brien%20%26%20Co%22%20and%20x%3D1%2B2&limit=2"
    );
    assert_eq!(requests[1].target, "/api/v1/users?after=00u2&limit=2", "the next link is followed exactly");
    assert_common_headers(&requests[1]);
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn users_get_keeps_an_id_inside_one_path_segment() {
    let server = Server::start(|_, _, _| Reply::json(200, USER)).await;
    okta_admin::Client::from(server.client()).users().get("../apps/x?y=1#z").await.expect("user");
    assert_eq!(only(&server).target, "/api/v1/users/..%2Fapps%2Fx%3Fy%3D1%23z");
}

#[tokio::test]
async fn users_update_sends_if_match_and_strict() {
    let server = Server::start(|_, _, _| Reply::json(200, USER)).await;
    let body = UpdateUserRequest {
        profile: Some(CreateUserRequestProfile { nick_name: Some("ada".into()), ..Default::default() }),
        ..Default::default()
    };
    okta_admin::Client::from(server.client()).users().update("00u1", &body).strict(true).if_match("W/\"3\"").await.expect("updated");
    let request = only(&server);
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/api/v1/users/00u1?strict=true"));
    assert_eq!(request.header("if-match"), Some("W/\"3\""));
    assert_eq!(body_json(&request), json!({"profile": {"nickName": "ada"}}));
}

#[tokio::test]
async fn users_lifecycle_and_delete_send_no_body() {
    let server = Server::start(|_, _, _| Reply::status(200)).await;
    let client = okta_admin::Client::from(server.client());
    client.user_lifecycle().suspend("00u1").await.expect("suspended");
    client.users().delete("00u1").await.expect("deleted");
    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("POST", "/api/v1/users/00u1/lifecycle/suspend"));
    assert_eq!((requests[1].method.as_str(), requests[1].target.as_str()), ("DELETE", "/api/v1/users/00u1"));
    assert!(requests.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn groups_add_list_and_assign_a_member() {
    let group = r#"{"id":"00g1","type":"OKTA_GROUP","profile":{"name":"Engineering","description":"Builders"}}"#;
    let server = Server::start(move |index, _, _| match index {
        0 => Reply::json(200, group),
        1 => Reply::json(200, &format!("[{group}]")),
        _ => Reply::status(204),
    })
    .await;
    let client = okta_admin::Client::from(server.client());
    let body = AddGroupRequest {
        profile: Some(AddGroupRequestProfile { name: Some("Engineering".into()), description: Some("Builders".into()), ..Default::default() }),
        ..Default::default()
    };
    let created = client.groups().add(&body).await.expect("group");
    assert_eq!(created.profile.as_ref().and_then(|p| p.name.as_deref()), Some("Engineering"));
    let listed = client.groups().list().q("Eng").collect_all().await.expect("groups");
    assert_eq!(listed[0].id.as_deref(), Some("00g1"));
    client.groups().assign_user_to_group("00g1", "00u1").await.expect("assigned");

    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("POST", "/api/v1/groups"));
    assert_eq!(body_json(&requests[0]), json!({"profile": {"name": "Engineering", "description": "Builders"}}));
    assert_eq!(requests[1].target, "/api/v1/groups?q=Eng");
    assert_eq!((requests[2].method.as_str(), requests[2].target.as_str()), ("PUT", "/api/v1/groups/00g1/users/00u1"));
}

#[tokio::test]
async fn applications_create_sends_activate_query_and_gateway_header() {
    let app = r#"{"id":"0oa1","label":"Wiki","signOnMode":"BOOKMARK","status":"INACTIVE","settings":{"app":{"url":"https://wiki"}}}"#;
    let server = Server::start(move |_, _, _| Reply::json(200, app)).await;
    let mut body = CreateApplicationRequest {
        label: "Wiki".into(),
        sign_on_mode: SignOnMode::Bookmark,
        id: None,
        accessibility: None,
        created: None,
        features: None,
        last_updated: None,
        licensing: None,
        orn: None,
        profile: None,
        status: None,
        universal_logout: None,
        visibility: None,
        embedded: None,
        links: None,
        additional_properties: Default::default(),
    };
    body.additional_properties.insert("name".into(), json!("bookmark"));
    body.additional_properties.insert("settings".into(), json!({"app": {"url": "https://wiki"}}));
    let created =
        okta_admin::Client::from(server.client()).applications().create(&body).activate(false).okta_access_gateway_agent("agent-1").await.expect("app");
    let Application::Bookmark(created) = created else { panic!("a bookmark app: {created:?}") };
    let url = created.settings.as_ref().and_then(|s| s.app.as_ref()).and_then(|app| app.url.as_deref());
    assert_eq!(url, Some("https://wiki"), "the kind's own settings are typed");

    let request = only(&server);
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/api/v1/apps?activate=false"));
    assert_eq!(request.header("oktaaccessgateway-agent"), Some("agent-1"));
    assert_eq!(
        body_json(&request),
        json!({"label": "Wiki", "signOnMode": "BOOKMARK", "name": "bookmark", "settings": {"app": {"url": "https://wiki"}}})
    );
}

#[tokio::test]
async fn applications_get_maps_a_404_to_a_typed_api_error() {
    let error = r#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: nope (AppInstance)","errorLink":"E0000007","errorId":"oae1","errorCauses":[]}"#;
    let server = Server::start(move |_, _, _| Reply::json(404, error).header("X-Okta-Request-Id", "req-9")).await;
    let err = okta_admin::Client::from(server.client()).applications().get("nope").await.expect_err("404");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 404);
    assert_eq!(api.error_code.as_deref(), Some("E0000007"));
    assert_eq!(api.error_id.as_deref(), Some("oae1"));
    assert_eq!(api.request_id.as_deref(), Some("req-9"));
    assert_eq!(api.body, error);
    assert_eq!(only(&server).target, "/api/v1/apps/nope");
}

#[tokio::test]
async fn policies_list_sends_the_required_type_query() {
    let server = Server::start(|_, _, _| Reply::json(200, r#"[{"id":"00p1","type":"OKTA_SIGN_ON","name":"Default","status":"ACTIVE"}]"#)).await;
    let policies = okta_admin::Client::from(server.client()).policies().list(&PolicyType::OktaSignOn).limit("20").collect_all().await.expect("policies");
    assert!(matches!(&policies[0], Policy::OktaSignOn(_)), "{:?}", policies[0]);
    assert_eq!(policies[0].name().map(String::as_str), Some("Default"));
    assert_eq!(only(&server).target, "/api/v1/policies?type=OKTA_SIGN_ON&limit=20");
}

#[tokio::test]
async fn authorization_servers_create_and_get() {
    let server_json = r#"{"id":"aus1","name":"api","audiences":["api://default"],"issuerMode":"ORG_URL","status":"ACTIVE"}"#;
    let server = Server::start(move |_, _, _| Reply::json(200, server_json)).await;
    let client = okta_admin::Client::from(server.client());
    let body = CreateAuthorizationServerRequest {
        name: Some("api".into()),
        audiences: Some(vec!["api://default".into()]),
        ..Default::default()
    };
    let created = client.authorization_servers().create(&body).await.expect("created");
    let fetched = client.authorization_servers().get("aus1").await.expect("fetched");
    assert_eq!(created, fetched);
    assert_eq!(fetched.audiences.as_deref(), Some(&["api://default".to_string()][..]));
    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("POST", "/api/v1/authorizationServers"));
    assert_eq!(body_json(&requests[0]), json!({"name": "api", "audiences": ["api://default"]}));
    assert_eq!((requests[1].method.as_str(), requests[1].target.as_str()), ("GET", "/api/v1/authorizationServers/aus1"));
}

#[tokio::test]
async fn network_zones_create_and_activate_keep_unknown_enum_values() {
    let zone = r#"{"id":"nzo1","name":"Office","type":"IP","status":"ACTIVE","usage":"POLICY","gateways":[{"type":"CIDR","value":"10.0.0.0/8"}]}"#;
    let server = Server::start(move |_, _, _| Reply::json(200, zone)).await;
    let client = okta_admin::Client::from(server.client());
    let mut body = CreateNetworkZoneRequest {
        name: "Office".into(),
        r#type: NetworkZoneType::from("IP_V3_FROM_THE_FUTURE"),
        created: None,
        id: None,
        last_updated: None,
        status: None,
        system: None,
        usage: None,
        links: None,
        additional_properties: Default::default(),
    };
    body.additional_properties.insert("gateways".into(), json!([{"type": "CIDR", "value": "10.0.0.0/8"}]));
    let created = client.network_zones().create(&body).await.expect("zone");
    let NetworkZone::Ip(created) = created else { panic!("an IP zone: {created:?}") };
    assert_eq!(created.gateways.as_ref().and_then(|g| g[0].value.as_deref()), Some("10.0.0.0/8"));
    client.network_zones().activate("nzo1").await.expect("activated");

    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("POST", "/api/v1/zones"));
    assert_eq!(body_json(&requests[0])["type"], "IP_V3_FROM_THE_FUTURE", "an unknown enum value is sent as given");
    assert_eq!((requests[1].method.as_str(), requests[1].target.as_str()), ("POST", "/api/v1/zones/nzo1/lifecycle/activate"));
}

#[test]
fn open_enums_round_trip_unknown_values() {
    let known: SignOnMode = serde_json::from_str("\"SAML_2_0\"").unwrap();
    assert_eq!(known, SignOnMode::Saml20);
    let unknown: SignOnMode = serde_json::from_str("\"PASSKEY_ONLY\"").unwrap();
    assert_eq!(unknown, SignOnMode::Unknown("PASSKEY_ONLY".into()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"PASSKEY_ONLY\"");
    assert!(SignOnMode::VALUES.contains(&"OPENID_CONNECT"));
}

#[tokio::test]
async fn uploads_are_multipart_with_one_file_part() {
    let server = Server::start(|_, _, _| Reply::status(201)).await;
    let logo = okta_admin::FilePart::new("logo.png", "image/png", b"\x89PNG\r\n\x1a\nfake".to_vec());
    okta_admin::Client::from(server.client()).application_logos().upload("0oa1", &logo).await.expect("uploaded");
    let request = only(&server);
    assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/api/v1/apps/0oa1/logo"));
    let content_type = request.header("content-type").expect("content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(b"\x89PNG\r\n\x1a\nfake");
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn certificates_jwts_and_merge_patches_carry_their_media_types() {
    let key = r#"{"kid":"k1","kty":"RSA","use":"sig"}"#;
    let server = Server::start(move |_, _, _| Reply::json(200, key)).await;
    let client = okta_admin::Client::from(server.client());
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let published = client
        .application_sso_credential_keys()
        .publish_csr_from_application("0oa1", "csr1", pem.as_bytes(), "application/x-pem-file")
        .await
        .expect("published");
    assert_eq!(published.kid.as_deref(), Some("k1"));
    client.application_sso_credential_keys().publish_csr_from_application("0oa1", "csr1", &[0x30, 0x82], "application/pkix-cert").await.expect("DER");
    client.ssf_security_event_tokens().publish_security_event_tokens("eyJhbGciOiJSUzI1NiJ9.e30.sig").await.expect("SET");
    let patch = okta_admin::models::ReplaceCustomAaguidRequest { name: Some("Key".into()), ..Default::default() };
    client.authenticators().update_custom_aaguid("aut1", "cb69481e", &patch).await.expect("patched");

    let requests = server.requests();
    assert_eq!(requests[0].target, "/api/v1/apps/0oa1/credentials/csrs/csr1/lifecycle/publish");
    assert_eq!(requests[0].header("content-type"), Some("application/x-pem-file"));
    assert_eq!(requests[0].body, pem.as_bytes());
    assert_eq!(requests[1].header("content-type"), Some("application/pkix-cert"));
    assert_eq!(requests[1].body, [0x30, 0x82]);
    assert_eq!(requests[2].header("content-type"), Some("application/secevent+jwt"));
    assert_eq!(requests[2].body, b"eyJhbGciOiJSUzI1NiJ9.e30.sig");
    assert_eq!((requests[3].method.as_str(), requests[3].header("content-type")), ("PATCH", Some("application/merge-patch+json")));
    assert_eq!(body_json(&requests[3]), json!({"name": "Key"}));
}

#[tokio::test]
async fn saml_metadata_is_requested_as_xml_and_returned_raw() {
    let xml = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>";
    let server = Server::start(move |_, _, _| Reply::Respond { status: 200, headers: vec![("Content-Type".into(), "text/xml".into())], body: xml.as_bytes().to_vec() }).await;
    let raw = okta_admin::Client::from(server.client()).application_sso().preview_saml_metadata("0oa1", "kid1").await.expect("metadata");
    assert_eq!(raw.body, xml.as_bytes());
    let request = only(&server);
    assert_eq!(request.target, "/api/v1/apps/0oa1/sso/saml/metadata?kid=kid1");
    assert_eq!(request.header("accept"), Some("text/xml"));
}

#[tokio::test]
async fn nulls_unexpected_types_of_fields_and_new_fields_decode_tolerantly() {
    let body = r#"{"id":"00u9","status":"SOME_NEW_STATUS","profile":null,"credentials":null,"_links":null,"brandNewObject":{"x":[1,2]},"type":{"id":"oty1","extra":true}}"#;
    let server = Server::start(move |_, _, _| Reply::json(200, body)).await;
    let user = okta_admin::Client::from(server.client()).users().get("00u9").await.expect("tolerant decode");
    assert_eq!(user.status, Some(okta_admin::models::UserStatus::Unknown("SOME_NEW_STATUS".into())), "unknown status values are kept");
    assert!(user.profile.is_none() && user.credentials.is_none(), "null where an object was declared");
    assert_eq!(user.additional_properties["brandNewObject"]["x"][1], 2);
    assert_eq!(user.r#type.and_then(|t| t.additional_properties.get("extra").cloned()), Some(json!(true)));
}
