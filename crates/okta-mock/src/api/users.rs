//! `/api/v1/users…`: create, get, list, update, replace, lifecycle, delete, and a user's groups.

use serde_json::{json, Value};

use super::{not_found, Ctx, Outcome};
use crate::errors::OktaError;
use crate::page::Page;
use crate::reply::Reply;
use crate::store::{Credentials, Profile, Store, User, UserStatus};
use crate::time::Timestamp;

/// Default and maximum `limit` of `GET /api/v1/users`.
const LIMIT: usize = 200;

/// The read-only user operations.
pub fn read(store: &Store, ctx: &Ctx) -> Outcome {
    Some(match ctx.op {
        "listUsers" => list(store, ctx),
        "getUser" => find(store, ctx).map(|user| user_reply(user, ctx)),
        "listUserGroups" => groups_of(store, ctx),
        _ => return None,
    })
}

/// The user operations that change state.
pub fn write(store: &mut Store, ctx: &Ctx) -> Outcome {
    Some(match ctx.op {
        "createUser" => create(store, ctx),
        "updateUser" => update(store, ctx, false),
        "replaceUser" => update(store, ctx, true),
        "deleteUser" => delete(store, ctx),
        "activateUser"
        | "reactivateUser"
        | "deactivateUser"
        | "suspendUser"
        | "unsuspendUser"
        | "unlockUser"
        | "expirePassword"
        | "expirePasswordWithTempPassword"
        | "resetPassword" => lifecycle(store, ctx),
        _ => return None,
    })
}

/// The user named by the `id` path variable (an id or a login).
fn find<'s>(store: &'s Store, ctx: &Ctx) -> Result<&'s User, OktaError> {
    let key = ctx.param("id");
    store.users.get(key).ok_or_else(|| not_found(key, "User"))
}

/// The id of the user named by the `id` path variable.
fn find_id(store: &Store, ctx: &Ctx) -> Result<String, OktaError> {
    find(store, ctx).map(|user| user.id.clone())
}

fn user_reply(user: &User, ctx: &Ctx) -> Reply {
    Reply::json(200, &user.view(ctx.base))
}

fn list(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let limit = ctx.query.limit(LIMIT, LIMIT)?;
    let filter = ctx.filter()?;
    let q = ctx.q();
    let users = store.users.after(ctx.query.get("after")).filter(|user| {
        filter.as_ref().map_or(true, |f| f.matches(*user))
            && q.as_deref().map_or(true, |q| user.profile.has_prefix(q))
    });
    let page = Page::collect(users, limit, |user| user.id.clone());
    let views: Vec<_> = page.items.iter().map(|user| user.view(ctx.base)).collect();
    Ok(ctx.list(&page, &views, limit))
}

fn groups_of(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let user = find(store, ctx)?;
    let groups: Vec<Value> = crate::store::after(&store.memberships, &user.id, None)
        .filter_map(|(group, ())| store.groups.get(group))
        .map(|group| group.view(ctx.base))
        .collect();
    Ok(Reply::json(200, &groups))
}

fn create(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let body = ctx.body();
    let profile = body
        .get("profile")
        .and_then(Value::as_object)
        .ok_or_else(|| OktaError::invalid_field("profile", "must be an object"))?;
    let profile = Profile::from_json(profile)?;
    let mut credentials = Credentials::default();
    if let Some(json) = body.get("credentials") {
        credentials.apply(json);
    }
    let group_ids: Vec<&str> = body
        .get("groupIds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if let Some(missing) = group_ids.iter().find(|id| store.groups.get(id).is_none()) {
        return Err(OktaError::invalid_field(
            "groupIds",
            &format!("Group {missing} does not exist"),
        ));
    }
    let status = match (ctx.query.flag("activate", true), credentials.password) {
        (false, _) => UserStatus::Staged,
        (true, true) => UserStatus::Active,
        (true, false) => UserStatus::Provisioned,
    };
    let now = Timestamp::now();
    let id = store.users.insert(profile, credentials, status, now)?;
    for group in group_ids {
        store.add_member(group, &id, now);
    }
    let user = store.users.get(&id).ok_or_else(|| not_found(&id, "User"))?;
    Ok(user_reply(user, ctx))
}

/// `POST` (partial: the profile attributes sent replace those stored) or `PUT` (whole profile).
fn update(store: &mut Store, ctx: &Ctx, replace: bool) -> Result<Reply, OktaError> {
    let user = find(store, ctx)?;
    let id = user.id.clone();
    let body = ctx.body();
    let profile = match body.get("profile").and_then(Value::as_object) {
        Some(json) if replace => Some(Profile::from_json(json)?),
        Some(json) => Some(user.profile.merged(json)?),
        None => None,
    };
    let now = Timestamp::now();
    if let Some(profile) = profile {
        store.users.set_profile(&id, profile, now)?;
    }
    let user = store
        .users
        .get_mut(&id)
        .ok_or_else(|| not_found(&id, "User"))?;
    if let Some(json) = body.get("credentials") {
        if user.credentials.apply(json) {
            user.password_changed = Some(now);
        }
    }
    user.last_updated = now;
    Ok(user_reply(user, ctx))
}

/// The first `DELETE` deactivates, the second (on a deactivated user) deletes.
fn delete(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let id = find_id(store, ctx)?;
    let now = Timestamp::now();
    match store.users.get_mut(&id) {
        Some(user) if user.status != UserStatus::Deprovisioned => {
            user.set_status(UserStatus::Deprovisioned, now)
        }
        _ => store.delete_user(&id),
    }
    Ok(Reply::empty(204))
}

/// `/lifecycle/…` transitions, with Okta's rules on the starting status.
fn lifecycle(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let id = find_id(store, ctx)?;
    let user = store
        .users
        .get_mut(&id)
        .ok_or_else(|| not_found(&id, "User"))?;
    let now = Timestamp::now();
    let send_email = ctx.query.flag("sendEmail", true);
    let not_allowed = || {
        OktaError::new(
            403,
            "E0000038",
            "This operation is not allowed in the user's current status.",
        )
    };
    use UserStatus::*;
    match (ctx.op, user.status) {
        ("activateUser", Active) => Err(OktaError::new(
            403,
            "E0000016",
            "Activation failed because the user is already active",
        )),
        ("activateUser", _) => {
            let next = if user.credentials.password {
                Active
            } else {
                Provisioned
            };
            user.set_status(next, now);
            Ok(token_reply(ctx, "activation", &id, send_email))
        }
        ("reactivateUser", Provisioned) => {
            user.last_updated = now;
            Ok(token_reply(ctx, "activation", &id, send_email))
        }
        ("deactivateUser", _) => {
            user.set_status(Deprovisioned, now);
            Ok(Reply::empty(200))
        }
        ("suspendUser", Active) => {
            user.set_status(Suspended, now);
            Ok(Reply::empty(200))
        }
        ("suspendUser", _) => Err(OktaError::invalid_field(
            "status",
            "Cannot suspend a user that is not active",
        )),
        ("unsuspendUser", Suspended) => {
            user.set_status(Active, now);
            Ok(Reply::empty(200))
        }
        ("unsuspendUser", _) => Err(OktaError::invalid_field(
            "status",
            "Cannot unsuspend a user that is not suspended",
        )),
        // The mock never locks anyone out, so unlocking an active user is a no-op.
        ("unlockUser", Active | PasswordExpired) => {
            user.set_status(Active, now);
            Ok(Reply::empty(200))
        }
        ("unlockUser", _) => Err(OktaError::new(
            403,
            "E0000032",
            "Unlock is not allowed for this user.",
        )),
        (
            "expirePassword" | "expirePasswordWithTempPassword",
            Active | Recovery | PasswordExpired,
        ) => {
            user.set_status(PasswordExpired, now);
            Ok(user_reply(user, ctx))
        }
        ("resetPassword", Active | Recovery | PasswordExpired | Provisioned) => {
            user.set_status(Recovery, now);
            Ok(token_reply(ctx, "reset", &id, send_email))
        }
        _ => Err(not_allowed()),
    }
}

/// `{}` when Okta emails the token, else the activation or reset token and URL.
fn token_reply(ctx: &Ctx, kind: &str, id: &str, send_email: bool) -> Reply {
    if send_email {
        return Reply::json(200, &json!({}));
    }
    let token = format!("{kind}-{id}");
    let body = match kind {
        "activation" => {
            json!({ "activationToken": token, "activationUrl": format!("{}/welcome/{token}", ctx.base) })
        }
        _ => json!({ "resetPasswordUrl": format!("{}/reset_password/{token}", ctx.base) }),
    };
    Reply::json(200, &body)
}
