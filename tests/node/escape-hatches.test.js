'use strict';
// Escape hatches on every call (issue 8): extra query parameters and headers, a raw JSON body
// replacing the typed one, per-call timeout and retry limit, the raw response beside the typed
// result (`raw: true`), and `client.request()` for paths the spec lacks. Checked on the wire
// through the mock's journal.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');
const { encodeRfc3986 } = require('./helpers/checks.js');

let mock;
let client;
let users;

test.before(async () => {
  mock = await startMock({ users: 3, apps: 1 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 2 });
  users = await client.users.list().all();
});
test.after(() => mock && mock.stop());
test.beforeEach(() => mock.clearJournal());

const journal = () => mock.journal();
const invalid = (pattern) => (e) => e instanceof okta.InvalidRequestError && e.code === 'invalid_request' && pattern.test(e.message);

test('extra query parameters and headers reach the wire, encoded', async () => {
  const user = await client.users.get(users[0].id, { expand: 'blocks' }, {
    query: { 'x-extra': 'a b&c=d+e', list: ['1', 2, true], skipped: null },
    headers: { 'X-Trace-Id': 'trace-1', 'X-Skipped': undefined },
  });
  assert.equal(user.id, users[0].id);
  const [request] = await journal();
  assert.equal(request.path, `/api/v1/users/${users[0].id}`);
  assert.equal(request.query, 'expand=blocks&list=1&list=2&list=true&x-extra=a%20b%26c%3Dd%2Be');
  // Names are encoded too: a name cannot smuggle another parameter in.
  await client.users.get(users[0].id, undefined, { query: { 'a&b=c': 'd', 'é x': '#' } });
  assert.equal((await journal())[1].query, 'a%26b%3Dc=d&%C3%A9%20x=%23');
  await mock.clearJournal();
  assert.equal(request.headers['x-trace-id'], 'trace-1');
  assert.equal(request.headers['x-skipped'], undefined);
  // A per-call header replaces the client's own, e.g. Authorization.
  await assert.rejects(client.users.get(users[0].id, undefined, { headers: { Authorization: 'SSWS wrong' }, maxRetries: 0 }), okta.UnauthorizedError);
  assert.equal((await journal())[0].headers.authorization, 'SSWS wrong');
});

test('a raw JSON body replaces the typed body; query options still apply', async () => {
  const raw = { profile: { firstName: 'Raw', lastName: 'Body', email: 'raw@example.com', login: 'raw@example.com', notInSpec: [1, { a: null }] } };
  // Typed fields given too: the raw body wins, the typed one is not sent.
  const created = await client.users.create(
    { activate: false, profile: { firstName: 'Typed', lastName: 'T', email: 't@example.com', login: 't@example.com' } },
    { body: raw },
  );
  assert.equal(created.profile.login, 'raw@example.com');
  // The typed body may be left out altogether (its required fields are not required then).
  await client.users.create(undefined, { body: { profile: { ...raw.profile, email: 'raw2@example.com', login: 'raw2@example.com' } } });
  const [first, second] = await journal();
  assert.equal(first.method, 'POST');
  assert.equal(first.query, 'activate=false');
  assert.equal(first.body, JSON.stringify(raw), 'exactly the raw JSON, nothing of the typed body');
  assert.equal(first.headers['content-type'], 'application/json');
  assert.match(second.body, /raw2@example\.com/);
  // Any JSON value, even for an endpoint without a body; a merge-patch endpoint keeps its media type.
  await client.users.get(users[0].id, undefined, { body: [1, 'two'] }).catch(() => {});
  await client.authenticators.updateCustomAaguid('aut1', 'aaguid1', undefined, { body: { name: 'x' }, maxRetries: 0 }).catch(() => {});
  const [, , getWithBody, patch] = await journal();
  assert.equal(getWithBody.body, '[1,"two"]');
  assert.equal(patch.headers['content-type'], 'application/merge-patch+json');
  assert.equal(patch.body, '{"name":"x"}');
});

test('raw: true resolves to { data, status, headers, body } with the X-Rate-Limit headers', async () => {
  const response = await client.users.get(users[1].id, undefined, { raw: true });
  assert.deepEqual(Object.keys(response).sort(), ['body', 'data', 'headers', 'status']);
  assert.equal(response.status, 200);
  assert.equal(response.data.id, users[1].id);
  assert.ok(Buffer.isBuffer(response.body));
  assert.deepEqual(JSON.parse(response.body.toString('utf8')), response.data);
  for (const name of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) {
    assert.match(response.headers[name], /^\d+$/, name);
  }
  assert.match(response.headers['x-okta-request-id'], /\S/);
  assert.match(response.headers['content-type'], /json/);
  // A call without a response body: data is undefined, the status is there.
  const deactivated = await client.userLifecycle.deactivate(users[2].id, undefined, { raw: true });
  assert.equal(deactivated.data, undefined);
  assert.ok(deactivated.status >= 200 && deactivated.status < 300);
  // raw: false and no raw are the same: the result alone.
  assert.equal((await client.users.get(users[1].id, undefined, { raw: false })).id, users[1].id);
  // Errors still reject with the typed error.
  await assert.rejects(client.users.get('missing', undefined, { raw: true }), okta.NotFoundError);
});

test('raw is refused where it cannot apply, before anything is sent', async () => {
  await assert.rejects(client.users.list(undefined, { raw: true }).all(), invalid(/`raw` is not available for list calls/));
  await assert.rejects(client.users.get(users[0].id, undefined, { raw: 'yes' }), invalid(/`raw`.*boolean/));
  await assert.rejects(client.users.get(users[0].id, undefined, { rawBody: {} }), invalid(/bad call options/));
  assert.deepEqual(await journal(), []);
  // raw: false on a list is fine.
  assert.equal((await client.users.list(undefined, { raw: false }).all()).length, users.length + 2);
});

test('per-call timeout: a slow answer is a OktaTimeoutError', async () => {
  const started = Date.now();
  await assert.rejects(
    client.users.get(users[0].id, undefined, { timeoutMs: 150, maxRetries: 0, headers: { 'X-Mock-Fault': 'delay:3000' } }),
    (e) => e instanceof okta.OktaTimeoutError && e.code === 'timeout',
  );
  assert.ok(Date.now() - started < 2500, 'gave up after the per-call timeout');
  await assert.rejects(
    client.request({ method: 'GET', path: '/api/v1/users', timeoutMs: 150, maxRetries: 0, headers: { 'X-Mock-Fault': 'delay:3000' } }),
    okta.OktaTimeoutError,
  );
});

test('per-call maxRetries: 0 sends a failing GET once; the default retries it', async () => {
  const path = `/api/v1/users/${users[0].id}`;
  await assert.rejects(client.users.get(users[0].id, undefined, { maxRetries: 0, headers: { 'X-Mock-Fault': 'status:503' } }), okta.ServerError);
  assert.equal((await journal()).filter((r) => r.path === path).length, 1);
  await mock.clearJournal();
  await assert.rejects(client.users.get(users[0].id, undefined, { headers: { 'X-Mock-Fault': 'status:503' } }), okta.ServerError);
  assert.equal((await journal()).filter((r) => r.path === path).length, 3, 'the client default of 2 retries');
});

test('client.request(): a path template, query, headers, the same auth and typed errors', async () => {
  const login = users[0].profile.login;
  const response = await client.request({
    method: 'GET',
    path: '/api/v1/users/{login}',
    params: { login },
    query: { expand: 'blocks' },
    headers: { 'X-Trace-Id': 'req-1' },
  });
  assert.equal(response.status, 200);
  assert.equal(response.data.id, users[0].id);
  assert.ok(Buffer.isBuffer(response.body));
  assert.match(response.headers['x-rate-limit-remaining'], /^\d+$/);
  const [request] = await journal();
  assert.equal(request.method, 'GET');
  assert.equal(request.path, `/api/v1/users/${encodeURIComponent(login)}`);
  assert.equal(request.query, 'expand=blocks');
  assert.equal(request.headers.authorization, `SSWS ${mock.token}`);
  assert.equal(request.headers['x-trace-id'], 'req-1');
  assert.match(request.headers['user-agent'], /okta-admin-node/);

  // A JSON body (with its own media type), and bytes.
  const group = await client.request({ method: 'post', path: '/api/v1/groups', json: { profile: { name: 'via request' } } });
  assert.equal(group.status, 200);
  assert.equal(group.data.profile.name, 'via request');
  await client.request({ method: 'PUT', path: '/api/v1/groups/{id}', params: { id: group.data.id }, body: Buffer.from('{"profile":{"name":"b"}}'), contentType: 'application/json' });
  const [, post, put] = await journal();
  assert.equal(post.body, '{"profile":{"name":"via request"}}');
  assert.equal(post.headers['content-type'], 'application/json');
  assert.equal(put.body, '{"profile":{"name":"b"}}');

  // An empty 204: data is null. Errors are the usual classes; 503 on GET is retried.
  const deleted = await client.request({ method: 'DELETE', path: '/api/v1/groups/{id}', params: { id: group.data.id } });
  assert.equal(deleted.data, null);
  assert.equal(deleted.body.length, 0);
  await assert.rejects(client.request({ method: 'GET', path: '/api/v1/users/nobody' }), (e) => e instanceof okta.NotFoundError && e.errorCode === 'E0000007');
  await mock.clearJournal();
  const retried = await client.request({ method: 'GET', path: '/api/v1/users/{id}', params: { id: users[1].id }, headers: { 'X-Mock-Fault': 'status:503:1' } });
  assert.equal(retried.status, 200);
  assert.equal((await journal()).length, 2);
});

test('client.request() refuses paths that would leave the endpoint, and sends nothing', async () => {
  const refused = [
    { method: 'GET', path: '/api/v1/users/../apps' },
    { method: 'GET', path: '/api/v1/users/%2e%2e/apps' },
    { method: 'GET', path: '/api/v1/users/%2E%2e' },
    { method: 'GET', path: '/api/v1/users/./x' },
    { method: 'GET', path: '/api/v1/users?limit=1' },
    { method: 'GET', path: '/api/v1/users#frag' },
    { method: 'GET', path: 'api/v1/users' },
    { method: 'GET', path: 'https://evil.example.com/api/v1/users' },
    { method: 'GET', path: '/api/v1/users/\r\nX-Injected: 1' },
    { method: 'GET', path: '/api/v1/users/{id}', params: { id: '..' } },
    { method: 'GET', path: '/api/v1/users/{id}', params: { id: '' } },
    { method: 'GET', path: '/api/v1/users/{id}' },
    { method: 'GET', path: '/api/v1/users/{id}', params: { id: 'a', other: 'b' } },
    { method: 'GET', path: '/api/v1/users/{id', params: { id: 'a' } },
    { method: 'TRACE', path: '/api/v1/users' },
    { method: 'POST', path: '/api/v1/groups', json: {}, body: 'x' },
    { method: 'GET', path: '/api/v1/users', headers: { 'X-Bad': 'a\r\nb' } },
    { method: 'GET', path: '/api/v1/users', unknown: 1 },
    { method: 'POST', path: '/api/v1/groups', json: {}, contentType: 'application/json\r\nX-Injected: 1' },
    { method: 'GET', path: '/api/v1/users', contentType: 'application/json' },
    { method: 'GET', path: '/api/v1/users', query: { q: { nested: true } } },
    { method: 'GET', path: '/api/v1/users', maxRetries: -1 },
  ];
  for (const options of refused) {
    await assert.rejects(client.request(options), (e) => e instanceof okta.InvalidRequestError, JSON.stringify(options));
  }
  await assert.rejects(client.request(), okta.InvalidRequestError);
  assert.deepEqual(await journal(), [], 'nothing was sent');
  // A path is always below the org URL: `//host/…` is a path on the org, not another host.
  await client.request({ method: 'GET', path: '//evil.example.com/api/v1/users', maxRetries: 0 }).catch(() => {});
  const sent = await journal();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].path, '//evil.example.com/api/v1/users');
});

test('client.request() path params are one encoded segment each', async () => {
  const ids = ['../apps', 'a/b', '%2e%2e', '?x=1', '#top', 'a b', 'ünï çødé', '\u{1F600}'];
  for (const id of ids) {
    await assert.rejects(client.request({ method: 'GET', path: '/api/v1/users/{id}', params: { id } }), okta.NotFoundError);
  }
  const paths = (await journal()).map((r) => r.path);
  assert.deepEqual(paths, ids.map((id) => `/api/v1/users/${encodeRfc3986(id)}`));
});
