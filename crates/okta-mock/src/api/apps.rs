//! `/api/v1/apps…`: create, get, list, replace, activate, deactivate, delete, and the user and
//! group assignments.

use serde_json::{json, Map, Value};

use super::{not_found, Ctx, Outcome};
use crate::errors::OktaError;
use crate::page::Page;
use crate::reply::Reply;
use crate::store::{after, app_fields_from_json, App, AppGroup, AppUser, Store};
use crate::time::Timestamp;

/// Default `limit` of `GET /api/v1/apps` and `GET /api/v1/apps/{appId}/groups`.
const LIMIT: usize = 20;

/// Maximum `limit` of `GET /api/v1/apps` and `GET /api/v1/apps/{appId}/groups`.
const MAX: usize = 200;

/// Default `limit` of `GET /api/v1/apps/{appId}/users`.
const USER_LIMIT: usize = 50;

/// Maximum `limit` of `GET /api/v1/apps/{appId}/users`.
const USER_MAX: usize = 500;

/// The read-only application operations.
pub fn read(store: &Store, ctx: &Ctx) -> Outcome {
    Some(match ctx.op {
        "listApplications" => list(store, ctx),
        "getApplication" => find(store, ctx).map(|app| Reply::json(200, &app.view(ctx.base))),
        "listApplicationUsers" => users(store, ctx),
        "getApplicationUser" => user_assignment(store, ctx).map(|(app, user, assignment)| {
            Reply::json(200, &assignment.view(ctx.base, &app, &user))
        }),
        "listApplicationGroupAssignments" => groups(store, ctx),
        "getApplicationGroupAssignment" => {
            group_assignment(store, ctx).map(|(app, group, assignment)| {
                Reply::json(200, &assignment.view(ctx.base, &app, &group))
            })
        }
        _ => return None,
    })
}

/// The application operations that change state.
pub fn write(store: &mut Store, ctx: &Ctx) -> Outcome {
    Some(match ctx.op {
        "createApplication" => create(store, ctx),
        "replaceApplication" => replace(store, ctx),
        "deleteApplication" => delete(store, ctx),
        "activateApplication" | "deactivateApplication" => set_active(store, ctx),
        "assignUserToApplication" => assign_user(store, ctx),
        "updateApplicationUser" => update_user(store, ctx),
        "unassignUserFromApplication" => user_assignment(store, ctx).map(|(app, user, _)| {
            store.app_users.remove(&(app, user));
            Reply::empty(204)
        }),
        "assignGroupToApplication" => assign_group(store, ctx),
        "updateGroupAssignmentToApplication" => patch_group(store, ctx),
        "unassignApplicationFromGroup" => group_assignment(store, ctx).map(|(app, group, _)| {
            store.unassign_group(&app, &group);
            Reply::empty(204)
        }),
        _ => return None,
    })
}

/// The application named by the `appId` path variable.
fn find<'s>(store: &'s Store, ctx: &Ctx) -> Result<&'s App, OktaError> {
    let id = ctx.param("appId");
    store
        .apps
        .get(id)
        .ok_or_else(|| not_found(id, "AppInstance"))
}

/// The assignment of `userId` to `appId`, with both ids.
fn user_assignment(store: &Store, ctx: &Ctx) -> Result<(String, String, AppUser), OktaError> {
    let app = find(store, ctx)?.id.clone();
    let user = ctx.param("userId").to_string();
    match store.app_users.get(&(app.clone(), user.clone())) {
        Some(assignment) => Ok((app, user, assignment.clone())),
        None => Err(not_found(&user, "AppUser")),
    }
}

/// The assignment of `groupId` to `appId`, with both ids.
fn group_assignment(store: &Store, ctx: &Ctx) -> Result<(String, String, AppGroup), OktaError> {
    let app = find(store, ctx)?.id.clone();
    let group = ctx.param("groupId").to_string();
    match store.app_groups.get(&(app.clone(), group.clone())) {
        Some(assignment) => Ok((app, group, assignment.clone())),
        None => Err(not_found(&group, "ApplicationGroupAssignment")),
    }
}

fn list(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let limit = ctx.query.limit(LIMIT, MAX)?;
    let filter = ctx.filter()?;
    let q = ctx.q();
    let apps = store.apps.after(ctx.query.get("after")).filter(|app| {
        filter.as_ref().map_or(true, |f| f.matches(*app))
            && q.as_deref().map_or(true, |q| app.has_prefix(q))
    });
    let page = Page::collect(apps, limit, |app| app.id.clone());
    let views: Vec<Value> = page.items.iter().map(|app| app.view(ctx.base)).collect();
    Ok(ctx.list(&page, &views, limit))
}

fn users(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let app = find(store, ctx)?;
    let limit = ctx.query.limit(USER_LIMIT, USER_MAX)?;
    let q = ctx.q();
    let matches = |user: &str, assignment: &AppUser| {
        let Some(q) = q.as_deref() else { return true };
        let user_name = assignment
            .credentials
            .get("userName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        user_name.to_lowercase().starts_with(q)
            || store
                .users
                .get(user)
                .is_some_and(|u| u.profile.has_prefix(q))
    };
    let assignments = after(&store.app_users, &app.id, ctx.query.get("after"))
        .filter(|(user, a)| matches(user, a));
    let page = Page::collect(assignments, limit, |(user, _)| user.to_string());
    let views: Vec<Value> = page
        .items
        .iter()
        .map(|(user, a)| a.view(ctx.base, &app.id, user))
        .collect();
    Ok(ctx.list(&page, &views, limit))
}

fn groups(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let app = find(store, ctx)?;
    let limit = ctx.query.limit(LIMIT, MAX)?;
    let q = ctx.q();
    let matches = |group: &str| {
        let Some(q) = q.as_deref() else { return true };
        store
            .groups
            .get(group)
            .is_some_and(|g| g.name().to_lowercase().starts_with(q))
    };
    let assignments = after(&store.app_groups, &app.id, ctx.query.get("after"))
        .filter(|(group, _)| matches(group));
    let page = Page::collect(assignments, limit, |(group, _)| group.to_string());
    let views: Vec<Value> = page
        .items
        .iter()
        .map(|(group, a)| a.view(ctx.base, &app.id, group))
        .collect();
    Ok(ctx.list(&page, &views, limit))
}

fn create(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let fields = app_fields_from_json(ctx.body);
    let id = store
        .apps
        .insert(fields, ctx.query.flag("activate", true), Timestamp::now());
    let app = store
        .apps
        .get(&id)
        .ok_or_else(|| not_found(&id, "AppInstance"))?;
    Ok(Reply::json(200, &app.view(ctx.base)))
}

fn replace(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let id = find(store, ctx)?.id.clone();
    let fields = app_fields_from_json(ctx.body);
    let app = store
        .apps
        .get_mut(&id)
        .ok_or_else(|| not_found(&id, "AppInstance"))?;
    app.fields = fields;
    app.last_updated = Timestamp::now();
    Ok(Reply::json(200, &app.view(ctx.base)))
}

/// Like Okta, only an inactive application can be deleted.
fn delete(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let app = find(store, ctx)?;
    if app.active {
        return Err(OktaError::new(
            403,
            "E0000056",
            "Delete application forbidden.",
        ));
    }
    let id = app.id.clone();
    store.delete_app(&id);
    Ok(Reply::empty(204))
}

fn set_active(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let id = find(store, ctx)?.id.clone();
    let app = store
        .apps
        .get_mut(&id)
        .ok_or_else(|| not_found(&id, "AppInstance"))?;
    app.active = ctx.op == "activateApplication";
    app.last_updated = Timestamp::now();
    Ok(Reply::empty(200))
}

/// `POST /api/v1/apps/{appId}/users` with `{"id": userId, "scope", "credentials", "profile"}`.
fn assign_user(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let app = find(store, ctx)?.id.clone();
    let body = ctx.body();
    let key = body
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| OktaError::invalid_field("id", "The field cannot be left blank"))?;
    let user = store.users.get(key).ok_or_else(|| not_found(key, "User"))?;
    let (user_id, login) = (user.id.clone(), user.profile.login.clone());
    let now = Timestamp::now();
    let assignment = store
        .app_users
        .entry((app.clone(), user_id.clone()))
        .or_insert_with(|| AppUser {
            created: now,
            last_updated: now,
            scope: "USER".into(),
            credentials: Map::from_iter([("userName".to_string(), Value::String(login))]),
            profile: Map::new(),
        });
    assignment.apply(body, now);
    Ok(Reply::json(200, &assignment.view(ctx.base, &app, &user_id)))
}

fn update_user(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let (app, user, _) = user_assignment(store, ctx)?;
    let assignment = store
        .app_users
        .get_mut(&(app.clone(), user.clone()))
        .ok_or_else(|| not_found(&user, "AppUser"))?;
    assignment.apply(ctx.body(), Timestamp::now());
    Ok(Reply::json(200, &assignment.view(ctx.base, &app, &user)))
}

/// `PUT /api/v1/apps/{appId}/groups/{groupId}` with `{"priority", "profile"}`.
fn assign_group(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let app = find(store, ctx)?.id.clone();
    let group = ctx.param("groupId").to_string();
    if store.groups.get(&group).is_none() {
        return Err(not_found(&group, "UserGroup"));
    }
    let body = ctx.body();
    let assignment = AppGroup {
        last_updated: Timestamp::now(),
        priority: body.get("priority").and_then(Value::as_i64).unwrap_or(0),
        profile: body
            .get("profile")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    let reply = Reply::json(200, &assignment.view(ctx.base, &app, &group));
    store.assign_group(&app, &group, assignment);
    Ok(reply)
}

/// `PATCH` with a JSON Patch array (`add`, `replace`, `remove` on `/priority` and `/profile/…`).
fn patch_group(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let (app, group, current) = group_assignment(store, ctx)?;
    let mut document = json!({ "priority": current.priority, "profile": current.profile });
    let operations = ctx
        .body()
        .as_array()
        .ok_or_else(|| OktaError::invalid_field("body", "must be a JSON Patch array"))?;
    for operation in operations {
        apply_patch(&mut document, operation).map_err(|e| OktaError::invalid_field("body", &e))?;
    }
    let assignment = AppGroup {
        last_updated: Timestamp::now(),
        priority: document["priority"].as_i64().unwrap_or(current.priority),
        profile: document["profile"].as_object().cloned().unwrap_or_default(),
    };
    let reply = Reply::json(200, &assignment.view(ctx.base, &app, &group));
    store.assign_group(&app, &group, assignment);
    Ok(reply)
}

/// Applies one JSON Patch operation whose parent exists.
fn apply_patch(document: &mut Value, operation: &Value) -> Result<(), String> {
    let op = operation
        .get("op")
        .and_then(Value::as_str)
        .ok_or("a patch operation needs \"op\"")?;
    let path = operation
        .get("path")
        .and_then(Value::as_str)
        .ok_or("a patch operation needs \"path\"")?;
    let (parent, key) = path
        .rsplit_once('/')
        .ok_or_else(|| format!("invalid path {path:?}"))?;
    let target = document
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("no object at {parent:?}"))?;
    let key = key.replace("~1", "/").replace("~0", "~");
    match op {
        "add" | "replace" => {
            let value = operation
                .get("value")
                .cloned()
                .ok_or("add and replace need a \"value\"")?;
            target.insert(key, value);
        }
        "remove" => {
            target.remove(&key);
        }
        _ => return Err(format!("unsupported patch operation {op:?}")),
    }
    Ok(())
}
