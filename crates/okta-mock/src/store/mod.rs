//! The stateful core: users, groups, applications and the relations between them.

mod apps;
mod assignments;
mod groups;
mod ids;
mod users;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Bound;

use serde::Serialize;
use serde_json::Value;

pub use apps::{fields_from_json as app_fields_from_json, App, Apps};
pub use assignments::{AppGroup, AppUser};
pub use groups::{profile_from_json as group_profile_from_json, Group, Groups};
pub use users::{Credentials, Profile, User, UserStatus, Users};

use crate::time::Timestamp;

/// When seeded objects were created: 2024-01-01T00:00:00Z (then one second apart).
const SEED_START: Timestamp = Timestamp(1_704_067_200_000);

/// A relation between two kinds of objects, keyed `(first id, second id)`.
pub type Pairs<V> = BTreeMap<(String, String), V>;

/// Everything the mock keeps.
#[derive(Debug, Default)]
pub struct Store {
    /// Users.
    pub users: Users,
    /// Groups.
    pub groups: Groups,
    /// Applications.
    pub apps: Apps,
    /// Group membership, `(group, user)`.
    pub members: Pairs<()>,
    /// Group membership, `(user, group)`.
    pub memberships: Pairs<()>,
    /// User assignments, `(app, user)`.
    pub app_users: Pairs<AppUser>,
    /// Group assignments, `(app, group)`.
    pub app_groups: Pairs<AppGroup>,
    /// Group assignments, `(group, app)`.
    pub group_apps: Pairs<()>,
}

impl Store {
    /// A store with `users` users, `groups` groups and `apps` applications (deterministic ids and
    /// names: `user{n}@example.com`, `group{n}`, `App {n}`).
    pub fn seeded(users: usize, groups: usize, apps: usize) -> Store {
        let mut store = Store::default();
        store.users.seed(users, SEED_START);
        store.groups.seed(groups, SEED_START);
        store.apps.seed(apps, SEED_START);
        store
    }

    /// Makes `user` a member of `group`.
    pub fn add_member(&mut self, group: &str, user: &str, now: Timestamp) {
        self.members
            .insert((group.to_string(), user.to_string()), ());
        self.memberships
            .insert((user.to_string(), group.to_string()), ());
        if let Some(group) = self.groups.get_mut(group) {
            group.last_membership_updated = now;
        }
    }

    /// Removes `user` from `group`.
    pub fn remove_member(&mut self, group: &str, user: &str, now: Timestamp) {
        self.members.remove(&(group.to_string(), user.to_string()));
        self.memberships
            .remove(&(user.to_string(), group.to_string()));
        if let Some(group) = self.groups.get_mut(group) {
            group.last_membership_updated = now;
        }
    }

    /// Assigns `group` to `app`.
    pub fn assign_group(&mut self, app: &str, group: &str, assignment: AppGroup) {
        self.app_groups
            .insert((app.to_string(), group.to_string()), assignment);
        self.group_apps
            .insert((group.to_string(), app.to_string()), ());
    }

    /// Removes the assignment of `group` to `app`.
    pub fn unassign_group(&mut self, app: &str, group: &str) {
        self.app_groups
            .remove(&(app.to_string(), group.to_string()));
        self.group_apps
            .remove(&(group.to_string(), app.to_string()));
    }

    /// Deletes user `id` with its memberships and assignments.
    pub fn delete_user(&mut self, id: &str) {
        if self.users.remove(id).is_none() {
            return;
        }
        let groups: Vec<String> = after(&self.memberships, id, None)
            .map(|(g, _)| g.to_string())
            .collect();
        let now = Timestamp::now();
        for group in groups {
            self.remove_member(&group, id, now);
        }
        self.app_users.retain(|(_, user), _| user != id);
    }

    /// Deletes group `id` with its memberships and assignments.
    pub fn delete_group(&mut self, id: &str) {
        if self.groups.remove(id).is_none() {
            return;
        }
        let users: Vec<String> = after(&self.members, id, None)
            .map(|(u, _)| u.to_string())
            .collect();
        for user in users {
            self.members.remove(&(id.to_string(), user.clone()));
            self.memberships.remove(&(user, id.to_string()));
        }
        let apps: Vec<String> = after(&self.group_apps, id, None)
            .map(|(a, _)| a.to_string())
            .collect();
        for app in apps {
            self.unassign_group(&app, id);
        }
    }

    /// Deletes application `id` with its assignments.
    pub fn delete_app(&mut self, id: &str) {
        if self.apps.remove(id).is_none() {
            return;
        }
        self.app_users.retain(|(app, _), _| app != id);
        let groups: Vec<String> = after(&self.app_groups, id, None)
            .map(|(g, _)| g.to_string())
            .collect();
        for group in groups {
            self.unassign_group(id, &group);
        }
    }
}

/// The entries of `pairs` whose first id is `first`, by second id, starting after `after`;
/// yields `(second id, value)`.
pub fn after<'a, V>(
    pairs: &'a Pairs<V>,
    first: &str,
    after: Option<&str>,
) -> impl Iterator<Item = (&'a str, &'a V)> + 'a {
    let start = match after {
        Some(after) => Bound::Excluded((first.to_string(), after.to_string())),
        None => Bound::Included((first.to_string(), String::new())),
    };
    let first = first.to_string();
    pairs
        .range((start, Bound::Unbounded))
        .take_while(move |((f, _), _)| *f == first)
        .map(|((_, second), value)| (second.as_str(), value))
}

/// `{"href": …}`, the shape of every link in `_links`.
#[derive(Debug, Clone, Serialize)]
pub struct Href {
    href: String,
}

impl Href {
    /// The link `{base}{path}{id}`.
    pub fn new(base: &str, path: &str, id: &str) -> Href {
        Href {
            href: format!("{base}{path}{id}"),
        }
    }

    /// The same link with `suffix` appended.
    pub fn with_suffix(mut self, suffix: &str) -> Href {
        self.href.push_str(suffix);
        self
    }
}

/// A JSON scalar as text for filters; `None` for null, arrays and objects.
fn text_attr(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        _ => None,
    }
}
