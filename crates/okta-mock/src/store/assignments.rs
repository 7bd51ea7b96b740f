//! Assignments of users and groups to applications, and their JSON.

use serde_json::{json, Map, Value};

use super::Href;
use crate::time::Timestamp;

/// A user assigned to an application.
#[derive(Debug, Clone)]
pub struct AppUser {
    /// Assignment time.
    pub created: Timestamp,
    /// When it last changed.
    pub last_updated: Timestamp,
    /// `USER` (direct) or `GROUP`.
    pub scope: String,
    /// App credentials (`userName`, …).
    pub credentials: Map<String, Value>,
    /// App profile.
    pub profile: Map<String, Value>,
}

impl AppUser {
    /// Applies the `scope`, `credentials` and `profile` a request body sets (merging objects).
    pub fn apply(&mut self, body: &Value, now: Timestamp) {
        if let Some(scope) = body.get("scope").and_then(Value::as_str) {
            self.scope = scope.to_string();
        }
        for (target, field) in [
            (&mut self.credentials, "credentials"),
            (&mut self.profile, "profile"),
        ] {
            if let Some(object) = body.get(field).and_then(Value::as_object) {
                target.extend(object.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        self.last_updated = now;
    }

    /// The JSON of the assignment of `user_id` to `app_id`.
    pub fn view(&self, base: &str, app_id: &str, user_id: &str) -> Value {
        json!({
            "id": user_id,
            "externalId": null,
            "created": self.created,
            "lastUpdated": self.last_updated,
            "scope": self.scope,
            "status": "ACTIVE",
            "statusChanged": self.created,
            "passwordChanged": null,
            "syncState": "DISABLED",
            "credentials": self.credentials,
            "profile": self.profile,
            "_links": {
                "app": Href::new(base, "/api/v1/apps/", app_id),
                "user": Href::new(base, "/api/v1/users/", user_id),
            },
        })
    }
}

/// A group assigned to an application.
#[derive(Debug, Clone)]
pub struct AppGroup {
    /// When it last changed.
    pub last_updated: Timestamp,
    /// Priority among the app's group assignments.
    pub priority: i64,
    /// App profile for the group's members.
    pub profile: Map<String, Value>,
}

impl AppGroup {
    /// The JSON of the assignment of `group_id` to `app_id`.
    pub fn view(&self, base: &str, app_id: &str, group_id: &str) -> Value {
        json!({
            "id": group_id,
            "lastUpdated": self.last_updated,
            "priority": self.priority,
            "profile": self.profile,
            "_links": {
                "app": Href::new(base, "/api/v1/apps/", app_id),
                "group": Href::new(base, "/api/v1/groups/", group_id),
                "self": Href::new(base, "/api/v1/apps/", app_id).with_suffix(&format!("/groups/{group_id}")),
            },
        })
    }
}
