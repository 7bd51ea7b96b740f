'use strict';
// List calls: lazy pages over `Link: rel="next"`, for await, pages(), nextPage() and await.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

const USERS = 25;
let mock;
let client;

test.before(async () => {
  mock = await startMock({ users: USERS });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token });
});
test.after(() => mock && mock.stop());
test.beforeEach(() => mock.clearJournal());

const listRequests = async () => (await mock.journal()).filter((r) => r.method === 'GET' && r.path === '/api/v1/users');

test('for await walks every page lazily, following the next links', async () => {
  const list = client.users.list({ limit: 10 });
  assert.ok(list instanceof okta.Paginated);
  assert.equal((await listRequests()).length, 0, 'nothing is sent before iterating');

  const logins = [];
  for await (const user of list) logins.push(user.profile.login);
  assert.equal(logins.length, USERS);
  assert.equal(new Set(logins).size, USERS);
  assert.equal(logins[0], 'user1@example.com');

  const requests = await listRequests();
  assert.equal(requests.length, 3, '25 users in pages of 10');
  assert.equal(requests[0].query, 'limit=10');
  assert.match(requests[1].query, /after=/);
  assert.match(requests[2].query, /after=/);
  assert.notEqual(requests[1].query, requests[2].query);
});

test('breaking out early fetches no further pages', async () => {
  let seen = 0;
  for await (const user of client.users.list({ limit: 10 })) {
    assert.ok(user.id);
    if (++seen === 3) break;
  }
  assert.equal((await listRequests()).length, 1);
});

test('pages() yields each page with its status and headers', async () => {
  const sizes = [];
  for await (const page of client.users.list({ limit: 10 }).pages()) {
    assert.equal(page.status, 200);
    assert.equal(typeof page.headers['x-rate-limit-remaining'], 'string');
    sizes.push(page.items.length);
  }
  assert.deepEqual(sizes, [10, 10, 5]);
});

test('nextPage() steps through one cursor and returns null at the end', async () => {
  const list = client.users.list({ limit: 12 });
  const first = await list.nextPage();
  const second = await list.nextPage();
  const third = await list.nextPage();
  assert.deepEqual([first.items.length, second.items.length, third.items.length], [12, 12, 1]);
  assert.notEqual(first.items[0].id, second.items[0].id);
  assert.equal(await list.nextPage(), null);
  assert.equal(await list.nextPage(), null);
});

test('await fetches every item; each iteration starts over', async () => {
  const list = client.users.list({ limit: 7 });
  const all = await list;
  assert.equal(all.length, USERS);
  assert.equal((await list.all()).length, USERS);
  let count = 0;
  for await (const _ of list) count++;
  assert.equal(count, USERS);
  assert.equal((await listRequests()).length, 3 * 4, 'three full walks of four pages');
});

test('search and other options reach every page', async () => {
  const found = await client.users.list({ search: 'profile.lastName sw "User1"', limit: 5 });
  // User1, User10 … User19
  assert.equal(found.length, 11);
  const requests = await listRequests();
  assert.equal(requests.length, 3);
  for (const r of requests) assert.equal(new URLSearchParams(r.query).get('search'), 'profile.lastName sw "User1"');
});

test('an error on a later page rejects the iteration, after the earlier items', async () => {
  const seen = [];
  const list = client.users.list({ limit: 10 }, { headers: { 'X-Mock-Fault': 'foreign-link' } });
  await assert.rejects(
    (async () => {
      for await (const user of list) seen.push(user);
    })(),
    (error) => error instanceof okta.PaginationError && error.code === 'pagination',
  );
  assert.equal(seen.length, 10);
});

test('other paginated resources: groups and apps', async () => {
  const local = await startMock({ groups: 9, apps: 7 });
  try {
    const c = new okta.Client({ orgUrl: local.url, token: local.token });
    const groups = await c.groups.list({ limit: 4 });
    assert.equal(groups.length, 9);
    const apps = [];
    for await (const app of c.applications.list({ limit: 3 })) apps.push(app.label);
    assert.equal(apps.length, 7);
  } finally {
    await local.stop();
  }
});

test('odd items and fields pass through as received', async () => {
  // The same server faults as the Rust test tests/odd_fields.rs: no page fails, nothing is lost.
  const odd = await client.users.list({ limit: 10 }, { headers: { 'X-Mock-Fault': 'odd-item' } }).all();
  assert.equal(odd.length, USERS + 3);
  assert.deepEqual(odd.filter((u) => typeof u !== 'object'), ['odd', 'odd', 'odd']);
  const retyped = await client.users.list({ limit: 10 }, { headers: { 'X-Mock-Fault': 'retyped' } }).all();
  assert.equal(retyped.length, USERS);
  assert.ok(retyped.every((u) => u.id === 7 && Array.isArray(u.profile) && u.profile[0].login));
});
