//! Proxies over real loopback HTTP: a configured proxy (builder or chain) gets every request
//! with its credentials, and the standard `HTTP_PROXY` variable applies when none is set.
//! The loopback test server plays the proxy and records the absolute-form request target.

#[path = "auth_support.rs"]
mod auth;

use auth::support::{Reply, Server};
use base64::Engine as _;
use okta_admin_runtime::{Auth, Call, Client, Config, ConfigBuilder, Proxy};
use reqwest::Method;

/// An org URL nobody listens on: only a proxy can answer for it.
const ORG: &str = "http://127.0.0.1:9";

fn port(server: &Server) -> u16 {
    server.base.rsplit(':').next().unwrap().parse().unwrap()
}

async fn call(config: Config) {
    Client::new(config)
        .expect("client")
        .send_empty(Call::new(Method::GET, "/api/v1/users/me", &[]))
        .await
        .expect("answered by the proxy");
}

#[tokio::test]
async fn a_configured_proxy_gets_every_request_with_its_credentials() {
    let proxy = Server::start(|_, _, _| Reply::json(200, "{}")).await;
    let config = Config::builder(ORG)
        .auth(Auth::Ssws("tok".into()))
        .proxy(Proxy::new("127.0.0.1", port(&proxy)).with_credentials("svc", "pw:1"))
        .build()
        .unwrap();
    call(config).await;
    let request = &proxy.requests()[0];
    assert_eq!(request.target, format!("{ORG}/api/v1/users/me"));
    let basic = base64::engine::general_purpose::STANDARD.encode("svc:pw:1");
    assert_eq!(
        request.header("Proxy-Authorization"),
        Some(format!("Basic {basic}").as_str())
    );
    assert_eq!(request.header("Authorization"), Some("SSWS tok"));

    // The same from the configuration chain's variables.
    let proxy_port = port(&proxy);
    let env = move |name: &str| match name {
        "OKTA_CLIENT_ORGURL" => Some(ORG.to_owned()),
        "OKTA_CLIENT_TOKEN" => Some("tok".to_owned()),
        "OKTA_CLIENT_PROXY_HOST" => Some("http://127.0.0.1".to_owned()),
        "OKTA_CLIENT_PROXY_PORT" => Some(proxy_port.to_string()),
        _ => None,
    };
    let dir = auth::TempDir::new("proxy");
    let config = ConfigBuilder::from_sources(None, dir.path(), env)
        .unwrap()
        .build()
        .unwrap();
    call(config).await;
    let request = &proxy.requests()[1];
    assert_eq!(request.target, format!("{ORG}/api/v1/users/me"));
    assert_eq!(request.header("Proxy-Authorization"), None);
}

#[tokio::test]
async fn the_standard_proxy_variables_apply_without_a_configured_proxy() {
    // The only test in this binary that reads the process environment.
    let proxy = Server::start(|_, _, _| Reply::json(200, "{}")).await;
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    std::env::set_var("HTTP_PROXY", &proxy.base);
    let config = Config::builder(ORG)
        .auth(Auth::Ssws("tok".into()))
        .build()
        .unwrap();
    call(config).await;
    std::env::remove_var("HTTP_PROXY");
    assert_eq!(proxy.requests()[0].target, format!("{ORG}/api/v1/users/me"));
}
