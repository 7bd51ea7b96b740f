"""Lazy pagination over several pages: items, pages, next_page, to_list."""

from __future__ import annotations

from typing import Any, List
from urllib.parse import parse_qs

import pytest

import okta_admin

from conftest import Mock


def user_list_requests(mock: Mock) -> List[Any]:
    return [r for r in mock.requests() if r["method"] == "GET" and r["path"] == "/api/v1/users"]


def test_items_span_several_pages_lazily(client: Any, mock: Mock) -> None:
    pager = client.users.list(limit=10)
    assert isinstance(pager, okta_admin.Pager)
    assert user_list_requests(mock) == []  # nothing fetched before iterating

    first = next(pager)
    assert first.profile.email == "user1@example.com"
    assert len(user_list_requests(mock)) == 1  # one page in memory

    rest = list(pager)
    emails = [first.profile.email] + [u.profile.email for u in rest]
    assert emails == [f"user{i}@example.com" for i in range(1, 26)]
    requests = user_list_requests(mock)
    assert len(requests) == 3
    assert parse_qs(requests[0]["query"]) == {"limit": ["10"]}
    assert "after" in parse_qs(requests[1]["query"])
    with pytest.raises(StopIteration):
        next(pager)


def test_pages(client: Any, mock: Mock) -> None:
    pages = list(client.users.list(limit=10).pages())
    assert [len(p) for p in pages] == [10, 10, 5]
    assert all(isinstance(u, okta_admin.models.User) for p in pages for u in p.items)
    assert pages[0].status == 200
    assert pages[0].next_url is not None and "after=" in pages[0].next_url
    assert pages[-1].next_url is None
    assert pages[0].request_id
    assert "content-type" in pages[0].headers
    ids = [u.id for p in pages for u in p]
    assert len(set(ids)) == 25


def test_next_page_and_mixing_with_items(client: Any) -> None:
    pager = client.users.list(limit=10)
    next(pager)
    rest_of_first = pager.next_page()
    assert rest_of_first is not None and len(rest_of_first.items) == 9
    second = pager.next_page()
    assert second is not None and len(second.items) == 10
    assert len(pager.to_list()) == 5
    assert pager.next_page() is None


def test_groups_and_apps_paginate_too(client: Any) -> None:
    assert len(client.groups.list(limit=2).to_list()) == 5
    assert len([p for p in client.groups.list(limit=2).pages()]) == 3
    assert len(list(client.applications.list(limit=1))) == 3


def test_each_pager_keeps_its_own_state(client: Any) -> None:
    a = client.users.list(limit=7)
    b = client.users.list(limit=7)
    next(a)
    next(a)
    assert next(b).profile.email == "user1@example.com"
    assert next(a).profile.email == "user3@example.com"


def test_foreign_next_link_is_not_followed(client: Any, mock: Mock) -> None:
    mock.configure(faults=["foreign-link:1"])
    pager = client.users.list(limit=10)
    first_page = pager.next_page()
    assert first_page is not None and len(first_page.items) == 10
    with pytest.raises(okta_admin.PaginationError):
        pager.next_page()


def test_odd_items_and_fields_pass_through_as_received(client: Any) -> None:
    # The same server faults as the Rust test tests/odd_fields.rs: no page fails, nothing is lost.
    odd = list(client.with_options(headers={"X-Mock-Fault": "odd-item"}).users.list(limit=10))
    assert len(odd) == 25 + 3 and [i for i in odd if not isinstance(i, okta_admin.models.User)] == ["odd"] * 3
    retyped = list(client.with_options(headers={"X-Mock-Fault": "retyped"}).users.list(limit=10))
    assert len(retyped) == 25
    assert all(u.id == 7 and isinstance(u.profile, list) and u.profile[0]["login"] for u in retyped)
