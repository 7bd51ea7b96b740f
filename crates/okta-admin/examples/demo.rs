//! The demo scenario (the same one runs in Python and Node): create a user, add it to a group,
//! list users page by page, and handle a 404. Reads `OKTA_CLIENT_ORGURL` and `OKTA_CLIENT_TOKEN`.

use futures_util::TryStreamExt;
use okta_admin::models::{AddGroupRequest, AddGroupRequestProfile, CreateUserRequest, CreateUserRequestProfile};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = okta_admin::Client::from_env()?;

    let profile = CreateUserRequestProfile {
        login: Some("demo.rust@example.com".into()),
        email: Some("demo.rust@example.com".into()),
        first_name: Some("Demo".into()),
        last_name: Some("Rust".into()),
        ..Default::default()
    };
    let user = client.users().create(&CreateUserRequest { profile, ..Default::default() }).activate(true).await?;
    let user_id = user.id.clone().unwrap_or_default();
    println!("rust: created user {user_id} ({})", user.status.as_ref().map_or("?", |s| s.as_str()));

    let group_profile = AddGroupRequestProfile { name: Some("demo-rust".into()), ..Default::default() };
    let group = client.groups().add(&AddGroupRequest { profile: Some(group_profile), ..Default::default() }).await?;
    let group_id = group.id.clone().unwrap_or_default();
    client.groups().assign_user_to_group(&group_id, &user_id).await?;
    println!("rust: added {user_id} to group {group_id}");

    let mut pages = client.users().list().limit(100).pages();
    let (mut page_count, mut user_count) = (0, 0);
    while let Some(page) = pages.try_next().await? {
        page_count += 1;
        user_count += page.items.len();
    }
    println!("rust: listed {user_count} users in {page_count} pages");

    match client.users().get("no-such-user").await {
        Err(err) if err.status() == Some(404) => {
            let code = err.api_error().and_then(|e| e.error_code.clone()).unwrap_or_default();
            println!("rust: get of a missing user gave 404 {code}");
        }
        Err(err) => return Err(err.into()),
        Ok(_) => return Err("expected a 404".into()),
    }
    Ok(())
}
