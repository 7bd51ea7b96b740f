//! Groups (`OKTA_GROUP`): profile with a required `name`, and their JSON.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Bound;

use serde_json::{json, Map, Value};

use super::ids::IdGen;
use super::{text_attr, Href};
use crate::errors::OktaError;
use crate::filter::Attributes;
use crate::time::Timestamp;

/// A group.
#[derive(Debug, Clone)]
pub struct Group {
    /// `00g…`.
    pub id: String,
    /// Creation time.
    pub created: Timestamp,
    /// When the profile last changed.
    pub last_updated: Timestamp,
    /// When a member was last added or removed.
    pub last_membership_updated: Timestamp,
    /// The profile (`name`, `description`, …).
    pub profile: Map<String, Value>,
}

impl Group {
    /// `profile.name`.
    pub fn name(&self) -> &str {
        self.profile
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The JSON of the group; links point under `base`.
    pub fn view(&self, base: &str) -> Value {
        let href = |suffix: &str| Href::new(base, "/api/v1/groups/", &self.id).with_suffix(suffix);
        json!({
            "id": self.id,
            "created": self.created,
            "lastUpdated": self.last_updated,
            "lastMembershipUpdated": self.last_membership_updated,
            "objectClass": ["okta:user_group"],
            "type": "OKTA_GROUP",
            "profile": self.profile,
            "_links": {
                "logo": [],
                "users": href("/users"),
                "apps": href("/apps"),
                "self": href(""),
            },
        })
    }
}

/// Reads a group profile from a request body's `profile`; `name` is required.
pub fn profile_from_json(body: Option<&Value>) -> Result<Map<String, Value>, OktaError> {
    let profile = body
        .and_then(|b| b.get("profile"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    match profile.get("name").and_then(Value::as_str) {
        Some(name) if !name.trim().is_empty() => Ok(profile),
        _ => Err(OktaError::invalid_field(
            "name",
            "The field cannot be left blank",
        )),
    }
}

impl Attributes for Group {
    fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        match name {
            "id" => Some(Cow::Borrowed(&self.id)),
            "type" => Some(Cow::Borrowed("OKTA_GROUP")),
            "created" => Some(Cow::Owned(self.created.to_string())),
            "lastUpdated" => Some(Cow::Owned(self.last_updated.to_string())),
            "lastMembershipUpdated" => Some(Cow::Owned(self.last_membership_updated.to_string())),
            _ => text_attr(self.profile.get(name.strip_prefix("profile.")?)?),
        }
    }
}

/// All groups by id.
#[derive(Debug)]
pub struct Groups {
    by_id: BTreeMap<String, Group>,
    ids: IdGen,
}

impl Default for Groups {
    fn default() -> Groups {
        Groups {
            by_id: BTreeMap::new(),
            ids: IdGen::new("00g"),
        }
    }
}

impl Groups {
    /// How many groups there are.
    pub fn count(&self) -> usize {
        self.by_id.len()
    }

    /// The group with this id.
    pub fn get(&self, id: &str) -> Option<&Group> {
        self.by_id.get(id)
    }

    /// The group with this id, for changing.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Group> {
        self.by_id.get_mut(id)
    }

    /// Groups in id order, starting after the id `after`.
    pub fn after<'a>(&'a self, after: Option<&'a str>) -> impl Iterator<Item = &'a Group> + 'a {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.by_id
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, group)| group)
    }

    /// Adds a group; returns its id.
    pub fn insert(&mut self, profile: Map<String, Value>, now: Timestamp) -> String {
        let id = self.ids.next_id();
        let group = Group {
            id: id.clone(),
            created: now,
            last_updated: now,
            last_membership_updated: now,
            profile,
        };
        self.by_id.insert(id.clone(), group);
        id
    }

    /// Removes group `id`.
    pub fn remove(&mut self, id: &str) -> Option<Group> {
        self.by_id.remove(id)
    }

    /// Adds `count` groups `group1`… created one second apart from `start`.
    pub fn seed(&mut self, count: usize, start: Timestamp) {
        for n in 1..=count {
            let mut profile = Map::new();
            profile.insert("name".into(), Value::String(format!("group{n}")));
            profile.insert(
                "description".into(),
                Value::String(format!("Seeded group {n}")),
            );
            self.insert(profile, Timestamp(start.0 + n as u64 * 1000));
        }
    }
}
