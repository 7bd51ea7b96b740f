//! A server that disagrees with the spec: every user of every page has a field of the wrong
//! JSON type (okta-mock's `retyped` fault turns `id` into a number and `profile` into an array).
//! The pages decode in full, each odd value is kept with the user's undeclared fields (so it
//! round-trips), and each is reported as a `tracing` warning (target `okta_admin`).

use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use okta_admin::models::User;
use okta_admin::{Auth, CallOptions, Client, Config};
use okta_mock::{MockConfig, MockServer};
use serde_json::json;

#[tokio::test]
async fn a_page_with_odd_fields_decodes_whole_and_keeps_them() {
    let server = MockServer::start(MockConfig { seed_users: 450, ..MockConfig::default() }).await.expect("mock");
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().to_owned())).build().expect("config");
    let client = Client::new(config).expect("client");
    let odd = client.with_options(CallOptions::new().header("X-Mock-Fault", "retyped"));

    let warnings = Arc::new(Mutex::new(Vec::new()));
    let _guard = tracing::subscriber::set_default(Warnings(Arc::clone(&warnings)));
    let users: Vec<User> = odd.users().list().limit(200).items().try_collect().await.expect("every page decodes");
    assert_eq!(users.len(), 450);
    for user in &users {
        assert_eq!((user.id.as_deref(), user.profile.as_ref()), (None, None), "the odd values are not taken as typed");
        assert_eq!(user.additional_properties.get("id"), Some(&json!(7)));
        let kept = user.additional_properties.get("profile").expect("profile kept");
        assert!(kept.as_array().is_some_and(|a| a.len() == 1 && a[0]["login"].is_string()), "{kept}");
        assert_eq!(user.status, Some(okta_admin::models::UserStatus::Active), "the rest still decodes");
        assert!(user.r#type.as_ref().is_some_and(|t| t.id.is_some()));
        let again = serde_json::to_value(user).expect("serializes");
        assert_eq!((&again["id"], &again["profile"]), (&json!(7), kept), "re-serialising gives them back");
    }
    {
        let warnings = warnings.lock().expect("lock");
        assert_eq!(warnings.len(), 900, "one warning per odd field");
        assert!(warnings[0].contains("model=\"User\"") || warnings[0].contains("model=User"), "{}", warnings[0]);
    }

    // A list item that is not even an object is skipped, not the page: kept in `Page::skipped`.
    let odd_item = client.with_options(CallOptions::new().header("X-Mock-Fault", "odd-item"));
    let mut pages = odd_item.users().list().limit(200).pages();
    let (mut listed, mut skipped) = (0, Vec::new());
    while let Some(page) = pages.try_next().await.expect("every page decodes") {
        listed += page.items.len();
        skipped.extend(page.skipped);
    }
    assert_eq!((listed, skipped), (450, vec![json!("odd"); 3]));

    // The same body without the fault: every field typed.
    let plain: Vec<User> = client.users().list().limit(200).items().try_collect().await.expect("pages");
    assert!(plain.iter().all(|u| u.id.is_some() && u.profile.is_some() && u.additional_properties.is_empty()));
}

/// A `tracing` subscriber that records warnings of target `okta_admin` as text.
struct Warnings(Arc<Mutex<Vec<String>>>);

impl tracing::Subscriber for Warnings {
    fn enabled(&self, meta: &tracing::Metadata<'_>) -> bool {
        meta.target() == "okta_admin" && *meta.level() == tracing::Level::WARN
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Text(String);
        impl tracing::field::Visit for Text {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={:?} ", field.name(), value));
            }
        }
        let mut text = Text(String::new());
        event.record(&mut text);
        self.0.lock().expect("lock").push(text.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
