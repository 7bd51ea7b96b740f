//! `/api/v1/groups…`: create, get, list, replace, delete, membership and a group's applications.

use serde_json::Value;

use super::{not_found, Ctx, Outcome};
use crate::errors::OktaError;
use crate::page::Page;
use crate::reply::Reply;
use crate::store::{after, group_profile_from_json, Group, Store};
use crate::time::Timestamp;

/// Default and maximum `limit` of `GET /api/v1/groups`.
const LIMIT: usize = 10_000;

/// Default and maximum `limit` of `GET /api/v1/groups/{groupId}/users`.
const MEMBER_LIMIT: usize = 1000;

/// Default `limit` of `GET /api/v1/groups/{groupId}/apps`.
const APP_LIMIT: usize = 20;

/// Maximum `limit` of `GET /api/v1/groups/{groupId}/apps`.
const APP_MAX: usize = 200;

/// The read-only group operations.
pub fn read(store: &Store, ctx: &Ctx) -> Outcome {
    Some(match ctx.op {
        "listGroups" => list(store, ctx),
        "getGroup" => find(store, ctx).map(|group| Reply::json(200, &group.view(ctx.base))),
        "listGroupUsers" => members(store, ctx),
        "listAssignedApplicationsForGroup" => apps(store, ctx),
        _ => return None,
    })
}

/// The group operations that change state.
pub fn write(store: &mut Store, ctx: &Ctx) -> Outcome {
    Some(match ctx.op {
        "addGroup" => create(store, ctx),
        "replaceGroup" => replace(store, ctx),
        "deleteGroup" => find(store, ctx).map(|group| group.id.clone()).map(|id| {
            store.delete_group(&id);
            Reply::empty(204)
        }),
        "assignUserToGroup" | "unassignUserFromGroup" => membership(store, ctx),
        _ => return None,
    })
}

/// The group named by the `groupId` path variable.
fn find<'s>(store: &'s Store, ctx: &Ctx) -> Result<&'s Group, OktaError> {
    let id = ctx.param("groupId");
    store
        .groups
        .get(id)
        .ok_or_else(|| not_found(id, "UserGroup"))
}

fn list(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let limit = ctx.query.limit(LIMIT, LIMIT)?;
    let filter = ctx.filter()?;
    let q = ctx.q();
    let groups = store.groups.after(ctx.query.get("after")).filter(|group| {
        filter.as_ref().map_or(true, |f| f.matches(*group))
            && q.as_deref()
                .map_or(true, |q| group.name().to_lowercase().starts_with(q))
    });
    let page = Page::collect(groups, limit, |group| group.id.clone());
    let views: Vec<Value> = page
        .items
        .iter()
        .map(|group| group.view(ctx.base))
        .collect();
    Ok(ctx.list(&page, &views, limit))
}

fn members(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let group = find(store, ctx)?;
    let limit = ctx.query.limit(MEMBER_LIMIT, MEMBER_LIMIT)?;
    let users = after(&store.members, &group.id, ctx.query.get("after"))
        .filter_map(|(user, ())| store.users.get(user));
    let page = Page::collect(users, limit, |user| user.id.clone());
    let views: Vec<_> = page.items.iter().map(|user| user.view(ctx.base)).collect();
    Ok(ctx.list(&page, &views, limit))
}

fn apps(store: &Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let group = find(store, ctx)?;
    let limit = ctx.query.limit(APP_LIMIT, APP_MAX)?;
    let apps = after(&store.group_apps, &group.id, ctx.query.get("after"))
        .filter_map(|(app, ())| store.apps.get(app));
    let page = Page::collect(apps, limit, |app| app.id.clone());
    let views: Vec<Value> = page.items.iter().map(|app| app.view(ctx.base)).collect();
    Ok(ctx.list(&page, &views, limit))
}

fn create(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let profile = group_profile_from_json(ctx.body)?;
    let id = store.groups.insert(profile, Timestamp::now());
    let group = store
        .groups
        .get(&id)
        .ok_or_else(|| not_found(&id, "UserGroup"))?;
    Ok(Reply::json(200, &group.view(ctx.base)))
}

fn replace(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let id = find(store, ctx)?.id.clone();
    let profile = group_profile_from_json(ctx.body)?;
    let group = store
        .groups
        .get_mut(&id)
        .ok_or_else(|| not_found(&id, "UserGroup"))?;
    group.profile = profile;
    group.last_updated = Timestamp::now();
    Ok(Reply::json(200, &group.view(ctx.base)))
}

/// `PUT` adds and `DELETE` removes the user `userId` (an id or a login) from the group.
fn membership(store: &mut Store, ctx: &Ctx) -> Result<Reply, OktaError> {
    let group = find(store, ctx)?.id.clone();
    let key = ctx.param("userId");
    let user = store
        .users
        .get(key)
        .ok_or_else(|| not_found(key, "User"))?
        .id
        .clone();
    let now = Timestamp::now();
    if ctx.op == "assignUserToGroup" {
        store.add_member(&group, &user, now);
    } else {
        store.remove_member(&group, &user, now);
    }
    Ok(Reply::empty(204))
}
