//! Applications: the fields the client sent, plus id, status and timestamps, and their JSON.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Bound;

use serde_json::{json, Map, Value};

use super::ids::IdGen;
use super::{text_attr, Href};
use crate::filter::Attributes;
use crate::time::Timestamp;

/// Fields the server owns; a request cannot set them.
const SERVER_FIELDS: [&str; 6] = [
    "id",
    "status",
    "created",
    "lastUpdated",
    "_links",
    "_embedded",
];

/// An application.
#[derive(Debug, Clone)]
pub struct App {
    /// `0oa…`.
    pub id: String,
    /// `ACTIVE` or `INACTIVE`.
    pub active: bool,
    /// Creation time.
    pub created: Timestamp,
    /// When anything last changed.
    pub last_updated: Timestamp,
    /// Everything else (`label`, `signOnMode`, `settings`, …).
    pub fields: Map<String, Value>,
}

impl App {
    /// `ACTIVE` or `INACTIVE`.
    pub fn status(&self) -> &'static str {
        if self.active {
            "ACTIVE"
        } else {
            "INACTIVE"
        }
    }

    /// Whether `name` or `label` starts with `prefix` (lower case).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        ["name", "label"].iter().any(|field| {
            let value = self
                .fields
                .get(*field)
                .and_then(Value::as_str)
                .unwrap_or_default();
            value.to_lowercase().starts_with(prefix)
        })
    }

    /// The JSON of the application; links point under `base`.
    pub fn view(&self, base: &str) -> Value {
        let href = |suffix: &str| Href::new(base, "/api/v1/apps/", &self.id).with_suffix(suffix);
        let mut object = self.fields.clone();
        for (name, default) in [
            ("features", json!([])),
            (
                "visibility",
                json!({ "autoSubmitToolbar": false, "hide": { "iOS": false, "web": false } }),
            ),
            ("accessibility", json!({ "selfService": false })),
            ("settings", json!({})),
        ] {
            object.entry(name).or_insert(default);
        }
        let lifecycle = if self.active {
            "deactivate"
        } else {
            "activate"
        };
        object.insert("id".into(), json!(self.id));
        object.insert("status".into(), json!(self.status()));
        object.insert("created".into(), json!(self.created));
        object.insert("lastUpdated".into(), json!(self.last_updated));
        object.insert(
            "_links".into(),
            json!({
                "self": href(""),
                "users": href("/users"),
                "groups": href("/groups"),
                lifecycle: href(&format!("/lifecycle/{lifecycle}")),
            }),
        );
        Value::Object(object)
    }
}

/// The fields of an application from a request body, without those the server owns; `name`
/// defaults to the lower-cased `signOnMode`.
pub fn fields_from_json(body: Option<&Value>) -> Map<String, Value> {
    let mut fields = body.and_then(Value::as_object).cloned().unwrap_or_default();
    fields.retain(|name, _| !SERVER_FIELDS.contains(&name.as_str()));
    if !fields.contains_key("name") {
        let mode = fields
            .get("signOnMode")
            .and_then(Value::as_str)
            .unwrap_or("bookmark")
            .to_lowercase();
        fields.insert("name".into(), Value::String(mode));
    }
    fields
}

impl Attributes for App {
    fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        match name {
            "id" => Some(Cow::Borrowed(&self.id)),
            "status" => Some(Cow::Borrowed(self.status())),
            "created" => Some(Cow::Owned(self.created.to_string())),
            "lastUpdated" => Some(Cow::Owned(self.last_updated.to_string())),
            _ => {
                let mut parts = name.split('.');
                let mut value = self.fields.get(parts.next()?)?;
                for part in parts {
                    value = value.get(part)?;
                }
                text_attr(value)
            }
        }
    }
}

/// All applications by id.
#[derive(Debug)]
pub struct Apps {
    by_id: BTreeMap<String, App>,
    ids: IdGen,
}

impl Default for Apps {
    fn default() -> Apps {
        Apps {
            by_id: BTreeMap::new(),
            ids: IdGen::new("0oa"),
        }
    }
}

impl Apps {
    /// How many applications there are.
    pub fn count(&self) -> usize {
        self.by_id.len()
    }

    /// The application with this id.
    pub fn get(&self, id: &str) -> Option<&App> {
        self.by_id.get(id)
    }

    /// The application with this id, for changing.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut App> {
        self.by_id.get_mut(id)
    }

    /// Applications in id order, starting after the id `after`.
    pub fn after<'a>(&'a self, after: Option<&'a str>) -> impl Iterator<Item = &'a App> + 'a {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.by_id
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, app)| app)
    }

    /// Adds an application; returns its id.
    pub fn insert(&mut self, fields: Map<String, Value>, active: bool, now: Timestamp) -> String {
        let id = self.ids.next_id();
        let app = App {
            id: id.clone(),
            active,
            created: now,
            last_updated: now,
            fields,
        };
        self.by_id.insert(id.clone(), app);
        id
    }

    /// Removes application `id`.
    pub fn remove(&mut self, id: &str) -> Option<App> {
        self.by_id.remove(id)
    }

    /// Adds `count` active bookmark applications `App 1`… created one second apart from `start`.
    pub fn seed(&mut self, count: usize, start: Timestamp) {
        for n in 1..=count {
            let body = json!({
                "name": "bookmark",
                "label": format!("App {n}"),
                "signOnMode": "BOOKMARK",
                "settings": { "app": { "url": format!("https://example.com/app{n}") } },
            });
            self.insert(
                fields_from_json(Some(&body)),
                true,
                Timestamp(start.0 + n as u64 * 1000),
            );
        }
    }
}
