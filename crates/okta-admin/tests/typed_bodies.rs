//! Realistic Okta bodies (shaped like the examples of Okta's reference) decode into the typed
//! fields the overlay and the request/response enum rule give them, and re-serialise to the same
//! JSON (explicit `null`s read as absent, so they are compared without them).

use okta_admin::models::{
    Application, ApplicationLifecycleStatus, Group, GroupType, IdentityProvider, PolicySubjectMatchType, SignOnMode, User, UserStatus,
};
use serde_json::{json, Value};

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(body: &Value) -> T {
    let decoded: T = serde_json::from_value(body.clone()).expect("decodes");
    let again = serde_json::to_value(&decoded).expect("serializes");
    assert_eq!(without_nulls(again), without_nulls(body.clone()), "re-serialising gives the body back");
    decoded
}

#[test]
fn users_groups_apps_and_identity_providers_decode_typed_and_round_trip() {
    let user: User = round_trip(&json!({
        "id": "00ub0oNGTSWTBKOLGLNR", "status": "STAGED", "created": "2013-07-02T21:36:25.344Z",
        "activated": null, "transitioningToStatus": "ACTIVE",
        "profile": {"firstName": "Isaac", "lastName": "Brock", "email": "isaac.brock@example.com", "login": "isaac.brock@example.com", "favoriteColor": "teal"},
        "credentials": {"emails": [{"value": "isaac.brock@example.com", "status": "VERIFIED", "type": "PRIMARY"}], "provider": {"type": "OKTA", "name": "OKTA"}},
        "_links": {"self": {"href": "https://example.okta.com/api/v1/users/00ub0oNGTSWTBKOLGLNR"}}
    }));
    assert_eq!(user.status, Some(UserStatus::Staged));
    let emails = user.credentials.as_ref().and_then(|c| c.emails.as_ref()).expect("credentials.emails is typed");
    assert_eq!(emails[0].status.as_deref(), Some("VERIFIED"));
    let profile = user.profile.as_ref().expect("profile");
    assert_eq!(profile.additional_properties.get("favoriteColor"), Some(&json!("teal")), "custom attributes are kept");

    let group: Group = round_trip(&json!({
        "id": "00g1emaKYZTWRYYRRTSK", "type": "OKTA_GROUP", "objectClass": ["okta:user_group"],
        "profile": {"name": "West Coast Users", "description": "All Users West of The Rockies"}
    }));
    assert_eq!(group.r#type, Some(GroupType::OktaGroup));
    assert_eq!(group.profile.as_ref().and_then(|p| p.name.as_deref()), Some("West Coast Users"));

    let app: Application = round_trip(&json!({
        "id": "0oafxqCAJWWGELFTYASJ", "label": "Sample Bookmark App", "status": "ACTIVE", "signOnMode": "BOOKMARK",
        "name": "bookmark", "settings": {"app": {"requestIntegration": false, "url": "https://example.com/bookmark.htm"}}
    }));
    assert_eq!((app.status(), app.sign_on_mode()), (Some(&ApplicationLifecycleStatus::Active), Some(&SignOnMode::Bookmark)));
    let Application::Bookmark(bookmark) = &app else { panic!("a bookmark app: {app:?}") };
    let settings = bookmark.settings.as_ref().and_then(|s| s.app.as_ref()).expect("the kind's own settings are typed");
    assert_eq!(settings.url.as_deref(), Some("https://example.com/bookmark.htm"));

    let idp: IdentityProvider = round_trip(&json!({
        "id": "0oa62bfdiumsUndnZ0h7", "type": "GOOGLE", "name": "Google", "status": "ACTIVE",
        "protocol": {"type": "OIDC", "scopes": ["profile", "email", "openid"]},
        "policy": {
            "provisioning": {"action": "AUTO", "profileMaster": true, "groups": {"action": "NONE"},
                             "conditions": {"deprovisioned": {"action": "NONE"}, "suspended": {"action": "NONE"}}},
            "accountLink": {"filter": null, "action": "AUTO"},
            "subject": {"userNameTemplate": {"template": "idpuser.email"}, "filter": null, "matchType": "USERNAME"},
            "maxClockSkew": 0
        }
    }));
    let policy = idp.policy.as_ref().expect("policy is typed");
    let subject = policy.subject.as_ref().expect("subject");
    assert_eq!(subject.match_type, Some(PolicySubjectMatchType::Username));
    assert_eq!(subject.user_name_template.as_ref().and_then(|t| t.template.as_deref()), Some("idpuser.email"));
    assert_eq!(policy.provisioning.as_ref().and_then(|p| p.profile_master), Some(true));
}
