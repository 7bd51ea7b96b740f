//! Link-header pagination over real loopback HTTP.

#[path = "runtime_support.rs"]
mod support;

use futures_util::StreamExt;
use okta_admin_runtime::{Call, Error, Paginated};
use reqwest::Method;
use serde::Deserialize;
use support::{Recorded, Reply, Server, TOKEN};

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: u32,
}

fn items(ids: &[u32]) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":{id}}}"#)).collect();
    format!("[{}]", items.join(","))
}

/// Three pages of two items; Link headers in several RFC 8288 shapes.
fn three_pages(_: usize, request: &Recorded, base: &str) -> Reply {
    match request.query("after") {
        None => Reply::json(200, &items(&[1, 2])).header(
            "Link",
            format!(
                r#"<{base}/api/v1/users?limit=2>; rel="self", <{base}/api/v1/users?after=2&limit=2&filter=a,b>; rel="next""#
            ),
        ),
        Some("2") => Reply::json(200, &items(&[3, 4]))
            .header("Link", format!(r#"<{base}/api/v1/users?after=2&limit=2&filter=a,b>; rel=self"#))
            .header(
                "link",
                format!(
                    r#"<{base}/api/v1/users?after=4&limit=2>; title="a, b; rel=x"; REL="Next https://example.com/rel/more""#
                ),
            ),
        _ => Reply::json(200, &items(&[5, 6]))
            .header("Link", format!(r#"<{base}/api/v1/users?after=4&limit=2>; rel="self""#)),
    }
}

fn list_users(server: &Server) -> Paginated<Item> {
    let mut call = Call::new(Method::GET, "/api/v1/users", &[]);
    call.query("limit", &2);
    server.client().paginate(call)
}

fn ids(items: &[Item]) -> Vec<u32> {
    items.iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn collect_all_follows_next_links_over_three_pages() {
    let server = Server::start(three_pages).await;
    let all = list_users(&server).collect_all().await.expect("all pages");
    assert_eq!(ids(&all), [1, 2, 3, 4, 5, 6]);
    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/api/v1/users?limit=2",
            "/api/v1/users?after=2&limit=2&filter=a,b",
            "/api/v1/users?after=4&limit=2"
        ]
    );
    let auth = format!("SSWS {TOKEN}");
    assert!(requests
        .iter()
        .all(|r| r.header("Authorization") == Some(auth.as_str())));
}

#[tokio::test]
async fn pages_and_items_streams_and_independent_state() {
    let server = Server::start(three_pages).await;
    let pages: Vec<_> = list_users(&server).pages().collect().await;
    let pages: Vec<_> = pages.into_iter().map(|p| p.expect("page")).collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(ids(&pages[1].items), [3, 4]);
    assert_eq!(pages[0].status, 200);
    let next = pages[1].next.as_ref().expect("next link");
    assert_eq!(
        next.as_str(),
        format!("{}/api/v1/users?after=4&limit=2", server.base)
    );
    assert!(pages[2].next.is_none());

    let items: Vec<u32> = list_users(&server)
        .items()
        .map(|i| i.expect("item").id)
        .collect()
        .await;
    assert_eq!(items, [1, 2, 3, 4, 5, 6]);

    let (mut first, mut second) = (list_users(&server), list_users(&server));
    let a1 = first.next_page().await.expect("a1").expect("page");
    let b1 = second.next_page().await.expect("b1").expect("page");
    let a2 = first.next_page().await.expect("a2").expect("page");
    assert_eq!(
        (ids(&a1.items), ids(&b1.items), ids(&a2.items)),
        (vec![1, 2], vec![1, 2], vec![3, 4])
    );
}

#[tokio::test]
async fn raw_pages_still_advance_by_link_header() {
    let server = Server::start(three_pages).await;
    let mut pages = list_users(&server);
    let mut bodies = Vec::new();
    while let Some(raw) = pages.next_page_raw().await.expect("raw page") {
        bodies.push(String::from_utf8(raw.body.to_vec()).expect("utf-8"));
    }
    assert_eq!(bodies, [items(&[1, 2]), items(&[3, 4]), items(&[5, 6])]);
    assert!(pages.next_page_raw().await.expect("done").is_none());
}

#[tokio::test]
async fn next_link_to_another_origin_is_not_followed() {
    let elsewhere = Server::start(|_, _, _| Reply::json(200, "[]")).await;
    let target = format!("{}/api/v1/users?after=2", elsewhere.base);
    let server = Server::start(move |_, _, _| {
        Reply::json(200, &items(&[1, 2])).header("Link", format!(r#"<{target}>; rel="next""#))
    })
    .await;

    let mut pages = list_users(&server);
    let first = pages.next_page().await.expect("first page").expect("page");
    assert_eq!(ids(&first.items), [1, 2]);
    let error = pages.next_page().await.expect_err("foreign");
    let Error::ForeignRedirect(url) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        url.as_str(),
        format!("{}/api/v1/users?after=2", elsewhere.base)
    );
    assert!(pages.next_page().await.expect("over").is_none());

    let streamed: Vec<_> = list_users(&server).items().collect().await;
    assert_eq!(streamed.len(), 3);
    assert!(matches!(streamed[2], Err(Error::ForeignRedirect(_))));
    assert!(matches!(
        list_users(&server).collect_all().await,
        Err(Error::ForeignRedirect(_))
    ));
    assert!(
        elsewhere.requests().is_empty(),
        "a request reached the other origin"
    );
}

#[tokio::test]
async fn repeated_next_link_stops_paging() {
    let server = Server::start(|_, request, base| match request.query("after") {
        None => Reply::json(200, &items(&[1])).header(
            "Link",
            format!(r#"<{base}/api/v1/users?after=x>; rel="next""#),
        ),
        // Points back at itself: the cursor repeats.
        _ => Reply::json(200, &items(&[2])).header(
            "Link",
            format!(r#"<{base}/api/v1/users?after=x>; rel="next""#),
        ),
    })
    .await;
    let mut call = Call::new(Method::GET, "/api/v1/users", &[]);
    call.query("after", &None::<String>);
    let all = server
        .client()
        .paginate::<Item>(call)
        .collect_all()
        .await
        .expect("pages");
    assert_eq!(ids(&all), [1, 2]);
    assert_eq!(server.requests().len(), 2);

    let cycle = Server::start(|_, request, _| match request.query("after") {
        None => Reply::json(200, &items(&[1])).header("Link", "</api/v1/users?after=y>; rel=next"),
        _ => Reply::json(200, &items(&[2])).header("Link", "</api/v1/users>; rel=next"),
    })
    .await;
    let call = Call::new(Method::GET, "/api/v1/users", &[]);
    let all = cycle
        .client()
        .paginate::<Item>(call)
        .collect_all()
        .await
        .expect("relative links");
    assert_eq!(ids(&all), [1, 2]);
    assert_eq!(cycle.requests().len(), 2);
}

#[tokio::test]
async fn bad_page_or_bad_call_ends_pagination_with_an_error() {
    let server = Server::start(|_, request, base| match request.query("after") {
        None => Reply::json(200, &items(&[1])).header(
            "Link",
            format!(r#"<{base}/api/v1/users?after=2>; rel="next""#),
        ),
        _ => Reply::json(200, r#"[{"id":"#),
    })
    .await;
    let mut pages = list_users(&server);
    assert!(pages.next_page().await.expect("first").is_some());
    let error = pages.next_page().await.expect_err("decode");
    assert!(
        matches!(&error, Error::Decode { status: 200, body, .. } if body == r#"[{"id":"#),
        "{error:?}"
    );
    assert!(pages.next_page().await.expect("over").is_none());

    let mut call = Call::new(Method::GET, "/api/v1/users", &[]);
    call.header("X-Bad", Some("a\r\nb"));
    let mut pages = server.client().paginate::<Item>(call);
    assert!(matches!(
        pages.next_page().await,
        Err(Error::InvalidRequest(_))
    ));
    assert!(pages.next_page().await.expect("over").is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn empty_body_is_an_empty_page() {
    let server = Server::start(|_, _, _| Reply::status(200)).await;
    let all = list_users(&server).collect_all().await.expect("empty");
    assert!(all.is_empty());
}

/// Okta's polling mode (the System Log with `since`): every page has a `next` link, empty ones
/// too. Requests 0 and 1 have items, 2 and 3 are empty, 4 has one more.
fn polling_log(index: usize, _: &Recorded, base: &str) -> Reply {
    let body = match index {
        0 => items(&[1, 2]),
        1 => items(&[3]),
        4 => items(&[4]),
        _ => "[]".to_owned(),
    };
    Reply::json(200, &body).header("Link", format!(r#"<{base}/api/v1/logs?after={index}>; rel="next""#))
}

#[tokio::test]
async fn an_empty_page_ends_a_list_even_with_a_next_link() {
    let server = Server::start(polling_log).await;
    let client = server.client();
    let all: Vec<Item> = client.paginate(Call::new(Method::GET, "/api/v1/logs", &[])).collect_all().await.expect("pages");
    assert_eq!(all, [Item { id: 1 }, Item { id: 2 }, Item { id: 3 }]);
    assert_eq!(server.requests().len(), 3, "stops at the first empty page");
}

#[tokio::test]
async fn max_pages_bounds_a_list() {
    let server = Server::start(polling_log).await;
    let pages: Paginated<Item> = server.client().paginate(Call::new(Method::GET, "/api/v1/logs", &[])).max_pages(1);
    assert_eq!(pages.collect_all().await.expect("page"), [Item { id: 1 }, Item { id: 2 }]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn polling_waits_after_empty_pages_and_yields_new_items() {
    let server = Server::start(polling_log).await;
    let mut pages: Paginated<Item> =
        server.client().paginate(Call::new(Method::GET, "/api/v1/logs", &[])).poll(std::time::Duration::from_millis(50));
    let mut seen = Vec::new();
    let started = std::time::Instant::now();
    while seen.len() < 4 {
        let page = pages.next_page().await.expect("page").expect("polling never ends");
        assert!(!page.items.is_empty(), "only pages with new items are handed out");
        seen.extend(page.items.into_iter().map(|i| i.id));
    }
    assert_eq!(seen, [1, 2, 3, 4]);
    assert!(started.elapsed() >= std::time::Duration::from_millis(100), "two empty polls, each followed by a wait");
    let asked: Vec<Option<String>> = server.requests().iter().map(|r| r.query("after").map(str::to_owned)).collect();
    assert_eq!(asked, [None, Some("0".into()), Some("1".into()), Some("2".into()), Some("3".into())]);
    assert_eq!((pages.pages_fetched(), pages.items_fetched()), (5, 4));
}

/// `listRoles` pages inside its body: `{"roles": [...], "_links": {"next": {"href": …}}}`.
fn body_paged_roles(_: usize, request: &Recorded, base: &str) -> Reply {
    match request.query("after") {
        None => Reply::json(200, &format!(r#"{{"roles":{},"_links":{{"next":{{"href":"{base}/api/v1/iam/roles?after=r2"}}}}}}"#, items(&[1, 2]))),
        Some("r2") => Reply::json(200, &format!(r#"{{"roles":{},"_links":{{"self":{{"href":"x"}}}}}}"#, items(&[3]))),
        _ => Reply::json(404, "{}"),
    }
}

#[tokio::test]
async fn lists_paged_inside_their_body_are_paginators() {
    use okta_admin_runtime::{ops, Args};
    let server = Server::start(body_paged_roles).await;
    let op = ops::find("listRoles").expect("listRoles");
    assert_eq!(op.page_items, Some("roles"));
    assert!(op.paged);
    let all: Vec<Item> = server.client().paginate(Call::from_op(op, Args::new())).collect_all().await.expect("pages");
    assert_eq!(all, [Item { id: 1 }, Item { id: 2 }, Item { id: 3 }]);
    assert_eq!(server.requests().len(), 2);
    // Every reader sees each page's items as a JSON array.
    let mut pages = server.client().paginate::<Item>(Call::from_op(op, Args::new()));
    let raw = pages.next_page_raw().await.expect("page").expect("first");
    assert_eq!(&raw.body[..], items(&[1, 2]).as_bytes());
}
