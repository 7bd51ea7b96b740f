'use strict';
// Retries and rate limits are the core's: 429 waits for the reset and retries, 5xx retries
// idempotent calls, and the retry headers of Okta's SDKs are sent.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

let mock;
let users;

test.before(async () => {
  mock = await startMock({ users: 3 });
  users = await new okta.Client({ orgUrl: mock.url, token: mock.token }).users.list().all();
});
test.after(() => mock && mock.stop());
test.beforeEach(() => mock.clearJournal());

const requestsTo = async (path) => (await mock.journal()).filter((r) => r.path === path);

test('429 is retried after the rate-limit reset, with X-Okta-Retry-* headers', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 2 });
  const id = users[0].id;
  const started = Date.now();
  const user = await client.users.get(id, undefined, { headers: { 'X-Mock-Fault': 'rate-limit:1' } });
  assert.equal(user.id, id);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 900, `waited for the reset (${elapsed} ms)`);
  const attempts = await requestsTo(`/api/v1/users/${id}`);
  assert.equal(attempts.length, 2);
  assert.equal(attempts[0].headers['x-okta-retry-count'], undefined);
  assert.equal(attempts[1].headers['x-okta-retry-count'], '1');
  assert.match(attempts[1].headers['x-okta-retry-for'], /\S/);
});

test('429 with retries exhausted is a RateLimitError with the limit headers', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
  const error = await client.users.get(users[0].id, undefined, { headers: { 'X-Mock-Fault': 'rate-limit' } }).catch((e) => e);
  assert.ok(error instanceof okta.RateLimitError, String(error));
  assert.ok(error instanceof okta.ApiError);
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.status, 429);
  assert.equal(error.errorCode, 'E0000047');
  assert.equal(error.remaining, 0);
  assert.equal(typeof error.limit, 'number');
  assert.ok(error.reset > Date.now() / 1000 - 5);
  assert.equal(error.retries, 0);
});

test('per-call maxRetries overrides the client', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
  const user = await client.users.get(users[1].id, undefined, {
    maxRetries: 1,
    headers: { 'X-Mock-Fault': 'status:503:1' },
  });
  assert.equal(user.id, users[1].id);
  assert.equal((await requestsTo(`/api/v1/users/${users[1].id}`)).length, 2);
});

test('a 503 is retried for GET but not for POST', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 2 });
  const user = await client.users.get(users[2].id, undefined, { headers: { 'X-Mock-Fault': 'status:503:2' } });
  assert.equal(user.id, users[2].id);
  assert.equal((await requestsTo(`/api/v1/users/${users[2].id}`)).length, 3);

  await mock.clearJournal();
  await assert.rejects(
    client.groups.add({ profile: { name: 'x' } }, { headers: { 'X-Mock-Fault': 'status:502:1' } }),
    okta.ServerError,
  );
  assert.equal((await requestsTo('/api/v1/groups')).length, 1);
});

test('the server-side rate limit (POST /__mock/config) is waited out', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 3, pacing: false }); // 429s wanted: pacing would avoid them
  await mock.configure({ rateLimit: '5/1s' });
  try {
    const results = await Promise.all(Array.from({ length: 8 }, () => client.users.get(users[0].id)));
    assert.equal(results.length, 8);
    const attempts = await requestsTo(`/api/v1/users/${users[0].id}`);
    assert.ok(attempts.length > 8, `some calls were retried (${attempts.length} attempts)`);
  } finally {
    await mock.configure({ rateLimit: null });
  }
});
