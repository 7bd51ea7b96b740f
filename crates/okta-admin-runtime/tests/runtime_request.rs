//! Request building, configuration, redaction and response mapping, over real loopback HTTP.

#[path = "runtime_support.rs"]
mod support;

use okta_admin_runtime::{Auth, Call, Client, Config, Error};
use reqwest::Method;
use serde_json::{json, Value};
use support::{Reply, Server, TOKEN};

fn ok_server() -> impl std::future::Future<Output = Server> {
    Server::start(|_, _, _| Reply::json(200, "{}"))
}

#[tokio::test]
async fn path_segments_are_encoded_as_exactly_one_segment() {
    let server = ok_server().await;
    let client = server.client();
    let cases = [
        ("../apps", "..%2Fapps"),
        ("a/b", "a%2Fb"),
        ("%2e%2e", "%252e%252e"),
        ("?x=1", "%3Fx%3D1"),
        ("#frag", "%23frag"),
        ("a b", "a%20b"),
        ("é漢", "%C3%A9%E6%BC%A2"),
        ("a+b&c;d", "a%2Bb%26c%3Bd"),
        ("00u1-Ab_c.d~", "00u1-Ab_c.d~"),
        ("...", "..."),
        ("a\\b", "a%5Cb"),
    ];
    for (segment, _) in cases {
        let call = Call::new(Method::GET, "/api/v1/users/{}/groups/{}", &[segment, "g1"]);
        client.send::<Value>(call).await.expect("send");
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let expected: Vec<String> = cases
        .iter()
        .map(|(_, enc)| format!("/api/v1/users/{enc}/groups/g1"))
        .collect();
    assert_eq!(targets, expected);
}

#[tokio::test]
async fn dot_and_empty_segments_are_refused_without_sending() {
    let server = ok_server().await;
    let client = server.client();
    for segment in ["..", ".", ""] {
        let call = Call::new(Method::DELETE, "/api/v1/users/{}", &[segment]);
        let error = client.send_empty(call).await.expect_err("refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{segment:?}: {error:?}"
        );
    }
    let too_few = Call::new(Method::GET, "/api/v1/apps/{}/users/{}", &["a"]);
    assert!(matches!(
        client.send_empty(too_few).await,
        Err(Error::InvalidRequest(_))
    ));
    let too_many = Call::new(Method::GET, "/api/v1/apps/{}", &["a", "b"]);
    assert!(matches!(
        client.send_empty(too_many).await,
        Err(Error::InvalidRequest(_))
    ));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn query_values_are_encoded_and_lists_repeat_the_key() {
    let server = ok_server().await;
    let client = server.client();
    let mut call = Call::new(Method::GET, "/api/v1/users", &[]);
    call.query("search", r#"profile.lastName eq "O'Brien & Co=+1""#);
    call.query("expand", &vec!["a b", "c"]);
    call.query("after", &None::<String>);
    call.query("limit", &Some(5i64));
    call.query("activate", &true);
    call.query("ratio", &0.5f64);
    call.query("ids", &["x/y"][..]);
    call.extra_query("q#", "ü?");
    client.send_empty(call).await.expect("send");
    let target = &server.requests()[0].target;
    assert_eq!(
        target,
        "/api/v1/users?search=profile.lastName%20eq%20%22O%27Brien%20%26%20Co%3D%2B1%22\
         &expand=a%20b&expand=c&limit=5&activate=true&ratio=0.5&ids=x%2Fy&q%23=%C3%BC%3F"
    );
}

#[tokio::test]
async fn header_with_control_characters_is_refused_without_sending() {
    let server = ok_server().await;
    let client = server.client();
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"] {
        let mut call = Call::new(Method::GET, "/api/v1/users/me", &[]);
        call.header("If-Match", Some(value));
        let error = client.send_empty(call).await.expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(
            !error.to_string().contains("Injected"),
            "value echoed: {error}"
        );
    }
    let mut call = Call::new(Method::GET, "/api/v1/users/me", &[]);
    call.extra_header("Bad Name", "x");
    assert!(matches!(
        client.send_empty(call).await,
        Err(Error::InvalidRequest(_))
    ));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn default_and_call_headers_are_sent() {
    let server = ok_server().await;
    let config = server
        .config()
        .user_agent("my-tool/1.2")
        .build()
        .expect("config");
    let client = Client::new(config).expect("client");
    let mut call = Call::new(Method::POST, "/api/v1/groups", &[]);
    call.json_body(&json!({"profile": {"name": "Ops & Co"}}));
    call.header("If-Match", Some("W/\"1\""));
    call.header("Prefer", None);
    client.send_empty(call).await.expect("send");

    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("Authorization"),
        Some(format!("SSWS {TOKEN}").as_str())
    );
    assert_eq!(request.header("Accept"), Some("application/json"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.header("If-Match"), Some("W/\"1\""));
    assert_eq!(request.header("Prefer"), None);
    let agent = request.header("User-Agent").expect("user agent");
    assert!(
        agent.starts_with("okta-admin-rust/") && agent.ends_with(" my-tool/1.2"),
        "{agent}"
    );
    let body: Value = serde_json::from_slice(&request.body).expect("json body");
    assert_eq!(body, json!({"profile": {"name": "Ops & Co"}}));

    let bearer = server
        .config()
        .auth(Auth::Bearer("at-123".into()))
        .build()
        .expect("config");
    let mut call = Call::new(Method::PUT, "/api/v1/things/{}", &["t"]);
    call.raw_body("text/plain", b"hello".to_vec());
    Client::new(bearer)
        .expect("client")
        .send_empty(call)
        .await
        .expect("send");
    let request = &server.requests()[1];
    assert_eq!(request.header("Authorization"), Some("Bearer at-123"));
    assert_eq!(request.header("Content-Type"), Some("text/plain"));
    assert_eq!(request.body, b"hello");
}

#[tokio::test]
async fn token_never_appears_in_debug_display_or_errors() {
    let server = Server::start(|_, _, _| {
        Reply::json(
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        )
    })
    .await;
    let config = server.config().build().expect("config");
    let client = Client::new(config.clone()).expect("client");
    assert_eq!(
        format!("{:?}", Auth::Ssws(TOKEN.into())),
        "Ssws(<redacted>)"
    );
    assert_eq!(
        format!("{:?}", Auth::Bearer(TOKEN.into())),
        "Bearer(<redacted>)"
    );
    let mut call = Call::new(Method::GET, "/api/v1/users/me", &[]);
    call.extra_header("Authorization", &format!("SSWS {TOKEN}"));
    let call_debug = format!("{call:?}");
    let error = client.send_empty(call).await.expect_err("401");
    let mut outputs = vec![
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
        format!("{:?}", server.config()),
        call_debug,
        format!("{error:?}"),
        error.to_string(),
    ];
    let bad_token = Config::builder("https://example.okta.com")
        .auth(Auth::Ssws(format!("{TOKEN}\r\nX-Injected: 1")))
        .build()
        .expect_err("token with CR LF");
    outputs.push(format!("{bad_token:?} {bad_token}"));
    let swapped = Config::builder(TOKEN)
        .auth(Auth::Ssws("x".into()))
        .build()
        .expect_err("not a URL");
    outputs.push(format!("{swapped:?} {swapped}"));
    for output in outputs {
        assert!(
            !output.contains(TOKEN) && !output.contains("SECRET"),
            "token leaked: {output}"
        );
    }
    assert_eq!(error.status(), Some(401));
}

#[test]
fn org_url_must_be_https_except_loopback() {
    let build = |url: &str| Config::builder(url).auth(Auth::Ssws("t".into())).build();
    let error = build("http://example.okta.com").expect_err("plain http");
    assert!(matches!(error, Error::Config(_)));
    let message = error.to_string();
    assert!(message.contains("https://example.okta.com"), "{message}");
    assert!(message.contains("loopback"), "{message}");
    for url in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:1",
        "http://[::1]:9",
    ] {
        build(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    }
    for url in [
        "https://x.okta.com",
        "https://x.okta.com/",
        "https://x.okta.com//",
        " https://X.okta.com ",
    ] {
        assert_eq!(
            build(url).expect(url).org_url().as_str(),
            "https://x.okta.com/"
        );
    }
    assert_eq!(
        build("https://h/prefix/")
            .expect("prefix")
            .org_url()
            .as_str(),
        "https://h/prefix"
    );
    for url in [
        "dev-123.okta.com",
        "ftp://x.okta.com",
        "https://user:pw@x.okta.com",
        "https://x.okta.com/?a=1",
        "https://dev-123-admin.okta.com",
        "",
    ] {
        assert!(
            matches!(build(url), Err(Error::Config(_))),
            "{url} accepted"
        );
    }
    assert!(build("https://dev-123-admin.okta.com")
        .unwrap_err()
        .to_string()
        .contains("https://dev-123.okta.com"));
    assert!(
        Config::builder("https://x.okta.com").build().is_err(),
        "no credentials"
    );
    assert!(build_with_token("  ").is_err(), "blank token");
}

fn build_with_token(token: &str) -> okta_admin_runtime::Result<Config> {
    Config::builder("https://x.okta.com")
        .auth(Auth::Ssws(token.into()))
        .build()
}

#[test]
fn config_from_env_uses_the_official_variable_names() {
    // The only test in this binary that touches the environment.
    std::env::set_var("OKTA_CLIENT_ORGURL", "https://dev-1.okta.com/");
    std::env::set_var("OKTA_CLIENT_TOKEN", TOKEN);
    std::env::set_var("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "0");
    std::env::set_var("OKTA_CLIENT_REQUESTTIMEOUT", "0");
    let client = Client::from_env().expect("from env");
    let config = client.config();
    assert_eq!(config.org_url().as_str(), "https://dev-1.okta.com/");
    assert_eq!(config.auth(), &Auth::Ssws(TOKEN.into()));
    assert_eq!(config.max_retries(), 0);
    assert_eq!(config.request_timeout(), None);
    std::env::set_var("OKTA_CLIENT_AUTHORIZATIONMODE", "Bearer");
    assert_eq!(
        Config::from_env().expect("bearer").auth(),
        &Auth::Bearer(TOKEN.into())
    );
    std::env::set_var("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey");
    assert!(matches!(Config::from_env(), Err(Error::Config(_))));
    std::env::remove_var("OKTA_CLIENT_AUTHORIZATIONMODE");
    std::env::set_var("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "many");
    assert!(matches!(Config::from_env(), Err(Error::Config(_))));
    std::env::remove_var("OKTA_CLIENT_TOKEN");
    let error = Config::from_env().expect_err("no token");
    assert!(error.to_string().contains("OKTA_CLIENT_TOKEN"), "{error}");
}

#[tokio::test]
async fn okta_error_json_becomes_api_error() {
    let body = r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login",
        "errorLink":"E0000001","errorId":"oaeXyz","errorCauses":[
        {"errorSummary":"login: An object with this field already exists","reason":"UNIQUE"},
        {"reason":"no summary"}, "not an object"]}"#;
    let server = Server::start(move |i, _, _| match i {
        0 => Reply::json(400, body).header("X-Okta-Request-Id", "req-400"),
        1 => Reply::json(404, r#"{"errorCode": 7, "errorSummary": null}"#),
        _ => Reply::status(502).header("Content-Type", "text/html"),
    })
    .await;
    let client = server
        .config()
        .max_retries(0)
        .build()
        .map(Client::new)
        .expect("c")
        .expect("c");
    let error = client
        .send_empty(Call::new(Method::POST, "/api/v1/users", &[]))
        .await
        .expect_err("400");
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 400);
    assert_eq!(api.error_code.as_deref(), Some("E0000001"));
    assert_eq!(
        api.error_summary.as_deref(),
        Some("Api validation failed: login")
    );
    assert_eq!(api.error_link.as_deref(), Some("E0000001"));
    assert_eq!(api.error_id.as_deref(), Some("oaeXyz"));
    assert_eq!(api.request_id.as_deref(), Some("req-400"));
    assert_eq!(api.error_causes.len(), 2);
    assert_eq!(
        api.error_causes[0].error_summary,
        "login: An object with this field already exists"
    );
    assert_eq!(
        api.error_causes[0].extra.get("reason"),
        Some(&json!("UNIQUE"))
    );
    assert_eq!(api.error_causes[1].error_summary, "");
    assert_eq!(api.body, body);
    assert!(error.to_string().contains("E0000001"), "{error}");
    assert_eq!(error.code(), "bad_request");
    assert_eq!(error.kind().class_name(), "BadRequestError");

    let error = client
        .send_empty(Call::new(Method::GET, "/api/v1/users/{}", &["x"]))
        .await
        .expect_err("404");
    let api = error.api_error().expect("api error");
    assert!(api.is_not_found());
    assert_eq!(
        (api.error_code.as_deref(), api.error_summary.as_deref()),
        (None, None)
    );

    let error = client
        .send_empty(Call::new(Method::GET, "/api/v1/users", &[]))
        .await
        .expect_err("502");
    let api = error.api_error().expect("api error");
    assert_eq!(
        (api.status, api.body.as_str(), api.error_code.as_deref()),
        (502, "", None)
    );
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let server = Server::start(|_, _, _| Reply::Respond {
        status: 403,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<html>Forbidden</html>".to_vec(),
    })
    .await;
    let error = server
        .client()
        .send::<Value>(Call::new(Method::GET, "/api/v1/users", &[]))
        .await;
    let Err(Error::Api(api)) = error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (api.status, api.body.as_str()),
        (403, "<html>Forbidden</html>")
    );
    assert_eq!(api.error_code, None);
}

#[tokio::test]
async fn malformed_json_on_success_is_a_decode_error_with_the_raw_body() {
    let server = Server::start(|_, _, _| Reply::json(200, r#"{"id": "00u1", oops"#)).await;
    let result = server
        .client()
        .send::<Value>(Call::new(Method::GET, "/api/v1/users/me", &[]))
        .await;
    let Err(Error::Decode {
        status,
        body,
        message,
        ..
    }) = result
    else {
        panic!("{result:?}")
    };
    assert_eq!((status, body.as_str()), (200, r#"{"id": "00u1", oops"#));
    assert!(!message.is_empty());
}

#[tokio::test]
async fn empty_and_raw_responses() {
    let server = Server::start(|i, _, _| match i {
        0..=2 => Reply::status(204),
        _ => Reply::json(200, r#"{"a":1}"#).header("X-Okta-Request-Id", "r1"),
    })
    .await;
    let client = server.client();
    let get = || Call::new(Method::GET, "/api/v1/x", &[]);
    client
        .send::<()>(get())
        .await
        .expect("unit from empty body");
    assert_eq!(
        client.send::<Option<Value>>(get()).await.expect("option"),
        None
    );
    client.send_empty(get()).await.expect("empty");
    let raw = client.send_raw(get()).await.expect("raw");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.request_id().as_deref(), Some("r1"));
    assert_eq!(&raw.body[..], br#"{"a":1}"#);
    assert_eq!(raw.json::<Value>().expect("json"), json!({"a": 1}));
    assert_eq!(
        raw.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = Server::start(|_, _, base| {
        Reply::status(302).header("Location", format!("{base}/elsewhere"))
    })
    .await;
    let error = server
        .client()
        .send_empty(Call::new(Method::GET, "/api/v1/users", &[]))
        .await;
    let Err(Error::Redirect {
        status, location, ..
    }) = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(status, 302);
    assert_eq!(location, Some(format!("{}/elsewhere", server.base)));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_futures_and_streams_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<Error>();
    let client = Server::start(|_, _, _| Reply::json(200, "[]")).await.client();
    let call = || Call::new(Method::GET, "/api/v1/users", &[]);
    assert_send(&client.send::<Value>(call()));
    assert_send(&client.send_empty(call()));
    let mut pages = client.paginate::<Value>(call());
    assert_send(&pages.next_page());
    assert_send(&client.paginate::<Value>(call()).items());
    assert_send(&client.paginate::<Value>(call()).pages());
    assert_send(&client.paginate::<Value>(call()).collect_all());
}

#[test]
fn org_urls_with_control_characters_or_secrets_in_the_query_are_refused_unechoed() {
    let build = |url: &str| Config::builder(url).auth(Auth::Ssws("t".into())).build();
    // Surrounding whitespace (a line break at the end of an environment variable) is trimmed.
    for url in ["https://x.okta.com/a\r\nb", "https://x.okta.com/\ta", "https://x\n.okta.com"] {
        let message = build(url).expect_err(url).to_string();
        assert!(message.contains("control character"), "{url:?}: {message}");
    }
    for url in ["https://x.okta.com/?token=SECRET", "http://x.okta.com/?token=SECRET", "https://x.okta.com/#SECRET"] {
        let message = build(url).expect_err(url).to_string();
        assert!(!message.contains("SECRET"), "{message}");
    }
}
