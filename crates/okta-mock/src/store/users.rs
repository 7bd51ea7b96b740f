//! Users: profile, credentials, status, the login index, and their JSON.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::ids::IdGen;
use super::{text_attr, Href};
use crate::errors::OktaError;
use crate::filter::Attributes;
use crate::time::Timestamp;

/// The id of the default user type every user has.
const DEFAULT_USER_TYPE: &str = "oty1mockdefaultusrtp";

/// The message Okta gives for a login that is taken.
const LOGIN_TAKEN: &str = "An object with this field already exists in the current organization";

/// A user's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Created, not activated.
    Staged,
    /// Activated, waiting for the user to set a password.
    Provisioned,
    /// Active.
    Active,
    /// Resetting the password.
    Recovery,
    /// Must change the password at next sign-in.
    PasswordExpired,
    /// Suspended by an admin.
    Suspended,
    /// Deactivated.
    Deprovisioned,
}

impl UserStatus {
    /// The wire form (`ACTIVE`).
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Staged => "STAGED",
            UserStatus::Provisioned => "PROVISIONED",
            UserStatus::Active => "ACTIVE",
            UserStatus::Recovery => "RECOVERY",
            UserStatus::PasswordExpired => "PASSWORD_EXPIRED",
            UserStatus::Suspended => "SUSPENDED",
            UserStatus::Deprovisioned => "DEPROVISIONED",
        }
    }
}

/// A user's profile: the attributes Okta requires or searches, then any others.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// `login`, unique in the org (ignoring case).
    pub login: String,
    /// `email`.
    pub email: String,
    /// `firstName`.
    pub first_name: Option<String>,
    /// `lastName`.
    pub last_name: Option<String>,
    /// Every other attribute.
    pub extra: Map<String, Value>,
}

impl Profile {
    /// A whole profile from JSON (create, replace); `login` and `email` are required.
    pub fn from_json(json: &Map<String, Value>) -> Result<Profile, OktaError> {
        Profile::default().merged(json)
    }

    /// This profile with the attributes present in `json` replaced (partial update).
    pub fn merged(&self, json: &Map<String, Value>) -> Result<Profile, OktaError> {
        let mut profile = self.clone();
        let mut causes = Vec::new();
        for (name, value) in json {
            let text = value.as_str().map(str::to_string);
            match name.as_str() {
                "login" | "email" => match text {
                    Some(text) if name == "login" => profile.login = text,
                    Some(text) => profile.email = text,
                    None => causes.push((name.clone(), "must be a string".to_string())),
                },
                "firstName" | "lastName" => {
                    if text.is_none() && !value.is_null() {
                        causes.push((name.clone(), "must be a string".to_string()));
                    } else if name == "firstName" {
                        profile.first_name = text;
                    } else {
                        profile.last_name = text;
                    }
                }
                _ => {
                    profile.extra.insert(name.clone(), value.clone());
                }
            }
        }
        for (name, value) in [("login", &profile.login), ("email", &profile.email)] {
            if value.trim().is_empty() && !causes.iter().any(|(n, _)| n == name) {
                causes.push((
                    name.to_string(),
                    "The field cannot be left blank".to_string(),
                ));
            }
        }
        if causes.is_empty() {
            Ok(profile)
        } else {
            Err(OktaError::validation(causes))
        }
    }

    /// Whether `login`, `email`, `firstName` or `lastName` starts with `prefix` (lower case).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let starts = |value: &str| value.to_lowercase().starts_with(prefix);
        starts(&self.login)
            || starts(&self.email)
            || self.first_name.as_deref().is_some_and(starts)
            || self.last_name.as_deref().is_some_and(starts)
    }

    /// An attribute as text.
    fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        match name {
            "login" => Some(Cow::Borrowed(&self.login)),
            "email" => Some(Cow::Borrowed(&self.email)),
            "firstName" => self.first_name.as_deref().map(Cow::Borrowed),
            "lastName" => self.last_name.as_deref().map(Cow::Borrowed),
            _ => text_attr(self.extra.get(name)?),
        }
    }
}

impl Serialize for Profile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4 + self.extra.len()))?;
        map.serialize_entry("firstName", &self.first_name)?;
        map.serialize_entry("lastName", &self.last_name)?;
        map.serialize_entry("email", &self.email)?;
        map.serialize_entry("login", &self.login)?;
        for (name, value) in &self.extra {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// What the mock keeps of a user's credentials (never the secrets).
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// A password is set.
    pub password: bool,
    /// The recovery question, if set.
    pub recovery_question: Option<String>,
}

impl Credentials {
    /// Takes what `credentials` JSON sets; returns whether it set a password.
    pub fn apply(&mut self, json: &Value) -> bool {
        let password = json
            .get("password")
            .is_some_and(|p| p.get("value").is_some() || p.get("hash").is_some());
        self.password |= password;
        if let Some(question) = json
            .pointer("/recovery_question/question")
            .and_then(Value::as_str)
        {
            self.recovery_question = Some(question.to_string());
        }
        password
    }
}

impl Serialize for Credentials {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if self.password {
            map.serialize_entry("password", &Map::new())?;
        }
        if let Some(question) = &self.recovery_question {
            map.serialize_entry(
                "recovery_question",
                &serde_json::json!({ "question": question }),
            )?;
        }
        map.serialize_entry(
            "provider",
            &serde_json::json!({ "type": "OKTA", "name": "OKTA" }),
        )?;
        map.end()
    }
}

/// A user.
#[derive(Debug, Clone)]
pub struct User {
    /// `00u…`.
    pub id: String,
    /// Lifecycle status.
    pub status: UserStatus,
    /// Creation time.
    pub created: Timestamp,
    /// When it was last activated.
    pub activated: Option<Timestamp>,
    /// When the status last changed.
    pub status_changed: Option<Timestamp>,
    /// When anything last changed.
    pub last_updated: Timestamp,
    /// When the password last changed.
    pub password_changed: Option<Timestamp>,
    /// The profile.
    pub profile: Profile,
    /// The credentials.
    pub credentials: Credentials,
}

impl User {
    /// Moves to `status` at `now`.
    pub fn set_status(&mut self, status: UserStatus, now: Timestamp) {
        if status == UserStatus::Active && self.status != UserStatus::Active {
            self.activated = Some(now);
        }
        self.status = status;
        self.status_changed = Some(now);
        self.last_updated = now;
    }

    /// The JSON of the user; links point under `base`.
    pub fn view<'a>(&'a self, base: &'a str) -> UserView<'a> {
        UserView {
            id: &self.id,
            status: self.status.as_str(),
            created: self.created,
            activated: self.activated,
            status_changed: self.status_changed,
            last_login: None,
            last_updated: self.last_updated,
            password_changed: self.password_changed,
            user_type: UserType {
                id: DEFAULT_USER_TYPE,
            },
            profile: &self.profile,
            credentials: &self.credentials,
            links: SelfLink {
                self_link: Href::new(base, "/api/v1/users/", &self.id),
            },
        }
    }
}

impl Attributes for User {
    fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        let time = |t: Option<Timestamp>| t.map(|t| Cow::Owned(t.to_string()));
        match name {
            "id" => Some(Cow::Borrowed(&self.id)),
            "status" => Some(Cow::Borrowed(self.status.as_str())),
            "created" => time(Some(self.created)),
            "activated" => time(self.activated),
            "statusChanged" => time(self.status_changed),
            "lastUpdated" => time(Some(self.last_updated)),
            "passwordChanged" => time(self.password_changed),
            "type.id" => Some(Cow::Borrowed(DEFAULT_USER_TYPE)),
            _ => self.profile.attr(name.strip_prefix("profile.")?),
        }
    }
}

/// The JSON form of a user.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView<'a> {
    id: &'a str,
    status: &'static str,
    created: Timestamp,
    activated: Option<Timestamp>,
    status_changed: Option<Timestamp>,
    last_login: Option<Timestamp>,
    last_updated: Timestamp,
    password_changed: Option<Timestamp>,
    #[serde(rename = "type")]
    user_type: UserType,
    profile: &'a Profile,
    credentials: &'a Credentials,
    #[serde(rename = "_links")]
    links: SelfLink,
}

#[derive(Debug, Serialize)]
struct UserType {
    id: &'static str,
}

#[derive(Debug, Serialize)]
struct SelfLink {
    #[serde(rename = "self")]
    self_link: Href,
}

/// All users by id, with an index of logins (lower case).
#[derive(Debug)]
pub struct Users {
    by_id: BTreeMap<String, User>,
    logins: HashMap<String, String>,
    ids: IdGen,
}

impl Default for Users {
    fn default() -> Users {
        Users {
            by_id: BTreeMap::new(),
            logins: HashMap::new(),
            ids: IdGen::new("00u"),
        }
    }
}

impl Users {
    /// How many users there are.
    pub fn count(&self) -> usize {
        self.by_id.len()
    }

    /// The user with this id, or else this login.
    pub fn get(&self, id_or_login: &str) -> Option<&User> {
        self.by_id.get(id_or_login).or_else(|| {
            self.by_id
                .get(self.logins.get(&id_or_login.to_lowercase())?)
        })
    }

    /// The user with this id, or else this login, for changing.
    pub fn get_mut(&mut self, id_or_login: &str) -> Option<&mut User> {
        let id = match self.by_id.contains_key(id_or_login) {
            true => id_or_login.to_string(),
            false => self.logins.get(&id_or_login.to_lowercase())?.clone(),
        };
        self.by_id.get_mut(&id)
    }

    /// Users in id order, starting after the id `after`.
    pub fn after<'a>(&'a self, after: Option<&'a str>) -> impl Iterator<Item = &'a User> + 'a {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.by_id
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, user)| user)
    }

    /// Adds a user; 400 when the login is taken. Returns its id.
    pub fn insert(
        &mut self,
        profile: Profile,
        credentials: Credentials,
        status: UserStatus,
        now: Timestamp,
    ) -> Result<String, OktaError> {
        let login = profile.login.to_lowercase();
        if self.logins.contains_key(&login) {
            return Err(OktaError::invalid_field("login", LOGIN_TAKEN));
        }
        let id = self.ids.next_id();
        let active = status == UserStatus::Active;
        let user = User {
            id: id.clone(),
            status,
            created: now,
            activated: active.then_some(now),
            status_changed: Some(now),
            last_updated: now,
            password_changed: credentials.password.then_some(now),
            profile,
            credentials,
        };
        self.logins.insert(login, id.clone());
        self.by_id.insert(id.clone(), user);
        Ok(id)
    }

    /// Replaces the profile of user `id`; 400 when the new login belongs to someone else.
    pub fn set_profile(
        &mut self,
        id: &str,
        profile: Profile,
        now: Timestamp,
    ) -> Result<(), OktaError> {
        let login = profile.login.to_lowercase();
        if self.logins.get(&login).is_some_and(|owner| owner != id) {
            return Err(OktaError::invalid_field("login", LOGIN_TAKEN));
        }
        let user = self
            .by_id
            .get_mut(id)
            .ok_or_else(|| OktaError::not_found(&format!("{id} (User)")))?;
        let old = user.profile.login.to_lowercase();
        user.profile = profile;
        user.last_updated = now;
        if old != login {
            self.logins.remove(&old);
            self.logins.insert(login, id.to_string());
        }
        Ok(())
    }

    /// Removes user `id`.
    pub fn remove(&mut self, id: &str) -> Option<User> {
        let user = self.by_id.remove(id)?;
        self.logins.remove(&user.profile.login.to_lowercase());
        Some(user)
    }

    /// Adds `count` active users `user1@example.com`… created one second apart from `start`.
    pub fn seed(&mut self, count: usize, start: Timestamp) {
        self.logins.reserve(count);
        for n in 1..=count {
            let login = format!("user{n}@example.com");
            let now = Timestamp(start.0 + n as u64 * 1000);
            let profile = Profile {
                email: login.clone(),
                login,
                first_name: Some("Test".to_string()),
                last_name: Some(format!("User{n}")),
                extra: Map::new(),
            };
            let credentials = Credentials {
                password: true,
                recovery_question: None,
            };
            // Seeded logins are distinct, so this cannot fail unless users were added before.
            let _ = self.insert(profile, credentials, UserStatus::Active, now);
        }
    }
}
