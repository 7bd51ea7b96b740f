//! Cursor pagination: one page of a sorted list and its `Link` headers.

use crate::query::Query;

/// One page of a list.
#[derive(Debug)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The `after` cursor of the next page, when more items follow.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// Takes up to `limit` items; when more follow, `next` is the cursor of the last one taken.
    pub fn collect(
        items: impl Iterator<Item = T>,
        limit: usize,
        cursor: impl Fn(&T) -> String,
    ) -> Page<T> {
        let mut items: Vec<T> = items.take(limit.saturating_add(1)).collect();
        let more = items.len() > limit;
        items.truncate(limit);
        let next = if more { items.last().map(cursor) } else { None };
        Page { items, next }
    }
}

/// The `Link` headers of a page: `rel="self"` (the request as received) and, when `next` is
/// set, `rel="next"` (the same query with `limit` and `after` replaced).
pub fn links(
    base: &str,
    path: &str,
    raw_query: &str,
    query: &Query,
    limit: usize,
    next: Option<&str>,
) -> Vec<String> {
    let separator = if raw_query.is_empty() { "" } else { "?" };
    let mut links = vec![format!(
        "<{base}{path}{separator}{raw_query}>; rel=\"self\""
    )];
    if let Some(after) = next {
        let mut next_query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in query
            .pairs
            .iter()
            .filter(|(n, _)| n != "limit" && n != "after")
        {
            next_query.append_pair(name, value);
        }
        next_query.append_pair("limit", &limit.to_string());
        next_query.append_pair("after", after);
        links.push(format!(
            "<{base}{path}?{}>; rel=\"next\"",
            next_query.finish()
        ));
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_links() {
        let page = Page::collect(1..=5, 2, |n: &i32| n.to_string());
        assert_eq!((page.items, page.next.as_deref()), (vec![1, 2], Some("2")));
        let last = Page::collect(1..=2, 2, |n: &i32| n.to_string());
        assert_eq!(last.next, None);
        let query = Query::parse("filter=status%20eq%20%22ACTIVE%22&after=a&limit=2");
        let links = links(
            "http://h",
            "/api/v1/users",
            "filter=x",
            &query,
            2,
            Some("00u2"),
        );
        assert_eq!(links[0], "<http://h/api/v1/users?filter=x>; rel=\"self\"");
        assert_eq!(links[1], "<http://h/api/v1/users?filter=status+eq+%22ACTIVE%22&limit=2&after=00u2>; rel=\"next\"");
    }
}
