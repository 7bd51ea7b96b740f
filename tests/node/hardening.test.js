'use strict';
// Hardening (issue 7): hostile ids and query values stay inside their segment or parameter,
// CR/LF never reaches a header, secrets never show, rate limits and 5xx are retried within
// bounds (5xx only for idempotent methods), and broken or surprising responses are typed errors
// or decoded tolerantly, never a crash.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { startFake, sendJson } = require('./helpers/fake.js');
const { okta } = require('./helpers/package.js');
const { encodeRfc3986, assertNoSecret } = require('./helpers/checks.js');

let mock;
let client;
let users;

test.before(async () => {
  mock = await startMock({ users: 3 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
  users = await client.users.list().all();
});
test.after(() => mock && mock.stop());
test.beforeEach(() => mock.clearJournal());

const journal = () => mock.journal();
const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));

// ---------------------------------------------------------------------------------------------
// Injection

const HOSTILE_IDS = ['../apps', '../../api/v1/apps', 'a/b', '%2e%2e', '%2E%2E%2Fapps', '..%2f', '?x=1', '#frag', 'a b', 'a+b', 'a;b=c', 'ünï çødé', '\u{1F600}', '..\\apps', 'a\tb', '...', '.a'];

test('path injection: each hostile id is exactly one encoded segment', async () => {
  for (const id of HOSTILE_IDS) {
    const { error } = await settle(client.users.get(id));
    assert.ok(error instanceof okta.NotFoundError, `${JSON.stringify(id)}: ${error}`);
  }
  const sent = await journal();
  assert.deepEqual(sent.map((r) => r.path), HOSTILE_IDS.map((id) => `/api/v1/users/${encodeRfc3986(id)}`));
  assert.ok(sent.every((r) => r.query === ''), 'no id leaked into the query');
  // Several path params: each its own segment.
  await settle(client.groups.assignUserToGroup('g/1?x', '../u#2'));
  const [assign] = (await journal()).slice(-1);
  assert.equal(assign.method, 'PUT');
  assert.equal(assign.path, '/api/v1/groups/g%2F1%3Fx/users/..%2Fu%232');
});

test('path injection: ids that are dot segments or empty are refused, nothing sent', async () => {
  for (const id of ['..', '.', '']) {
    await assert.rejects(client.users.get(id), (e) => e instanceof okta.InvalidRequestError, JSON.stringify(id));
    await assert.rejects(client.groups.assignUserToGroup(users[0].id, id), okta.InvalidRequestError);
  }
  await assert.rejects(client.users.get(null), okta.InvalidRequestError);
  await assert.rejects(client.users.get({ toString: () => '..' }), okta.InvalidRequestError);
  assert.deepEqual(await journal(), []);
});

test('query encoding: quotes, spaces, &, =, + and # in filter and search stay one value', async () => {
  const login = 'a+b&c=d#e@example.com';
  await client.users.create({ activate: true, profile: { firstName: 'Q', lastName: 'Uote', email: 'q@example.com', login } });
  await mock.clearJournal();
  const search = `profile.login eq "${login}"`;
  const found = await client.users.list({ search }).all();
  assert.deepEqual(found.map((u) => u.profile.login), [login], 'the mock decoded the same search');
  const filter = 'status eq "ACTIVE" and profile.login eq "x y"';
  await client.users.list({ filter, q: 'a&b=c+d' }).all();
  const [first, second] = await journal();
  assert.equal(first.query, `search=${encodeRfc3986(search)}`);
  assert.equal(first.query, 'search=profile.login%20eq%20%22a%2Bb%26c%3Dd%23e%40example.com%22');
  assert.equal(new URLSearchParams(second.query).get('filter'), filter);
  assert.equal(new URLSearchParams(second.query).get('q'), 'a&b=c+d');
  assert.deepEqual([...new URLSearchParams(second.query).keys()].sort(), ['filter', 'q']);
});

test('CR/LF in any header value is refused and nothing is sent', async () => {
  const crlf = ['v\r\nX-Injected: 1', 'v\nX-Injected: 1', 'v\rX', 'v\u0000'];
  const id = users[0].id;
  for (const bad of crlf) {
    await assert.rejects(client.users.update(id, { ifMatch: bad, profile: { nickName: 'x' } }), okta.InvalidRequestError, 'ifMatch');
    await assert.rejects(client.users.list({ contentType: bad }).all(), okta.InvalidRequestError, 'header option');
    await assert.rejects(client.users.get(id, undefined, { headers: { 'X-Trace': bad } }), okta.InvalidRequestError, 'call header');
    await assert.rejects(client.request({ method: 'GET', path: '/api/v1/users', headers: { Accept: bad } }), okta.InvalidRequestError);
    const config = (options) => assert.throws(() => new okta.Client({ orgUrl: mock.url, token: mock.token, ...options }), okta.ConfigError, JSON.stringify(options));
    config({ userAgent: bad });
    config({ token: `${mock.token}${bad}` });
    assert.throws(() => new okta.Client({ orgUrl: mock.url, bearerToken: `t${bad}` }), okta.ConfigError);
  }
  for (const name of ['X Bad', 'X:Bad', 'X\r\nBad', '']) {
    await assert.rejects(client.users.get(id, undefined, { headers: { [name]: 'v' } }), okta.InvalidRequestError, JSON.stringify(name));
  }
  assert.deepEqual(await journal(), [], 'nothing was sent');
});

test('the token never shows: client strings, error messages and stacks', async () => {
  const token = mock.token;
  assertNoSecret(client, [token]);
  const refused = await client.users.get(users[0].id, undefined, { headers: { Authorization: `SSWS ${token}\r\nX: 1` } }).catch((e) => e);
  assert.ok(refused instanceof okta.InvalidRequestError);
  assertNoSecret(refused, [token]);
  const notFound = await client.users.get('missing').catch((e) => e);
  assertNoSecret(notFound, [token]);
  const timeout = await client.users.get('x', undefined, { timeoutMs: 50, headers: { 'X-Mock-Fault': 'delay:1000' } }).catch((e) => e);
  assert.ok(timeout instanceof okta.OktaTimeoutError);
  assertNoSecret(timeout, [token]);
  const dropped = await client.users.get('x', undefined, { headers: { 'X-Mock-Fault': 'drop' } }).catch((e) => e);
  assert.ok(dropped instanceof okta.OktaConnectionError);
  assertNoSecret(dropped, [token]);
});

// ---------------------------------------------------------------------------------------------
// Rate limits and retries

test('429 with reset headers: waited out, then RateLimitError when retries run out', async () => {
  const limited = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 1 });
  const started = Date.now();
  const error = await limited.users.get(users[0].id, undefined, { headers: { 'X-Mock-Fault': 'rate-limit' } }).catch((e) => e);
  const elapsed = Date.now() - started;
  assert.ok(error instanceof okta.RateLimitError, String(error));
  assert.equal(error.retries, 1);
  assert.equal(typeof error.reset, 'number');
  assert.equal(error.remaining, 0);
  assert.ok(elapsed >= 900 && elapsed < 5000, `one wait for the reset (${elapsed} ms)`);
  assert.equal((await journal()).length, 2);
});

test('429 without rate-limit headers: bounded backoff, RateLimitError at the end', async (t) => {
  const fake = await startFake((request, response) => sendJson(response, 429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }));
  t.after(() => fake.close());
  const limited = new okta.Client({ orgUrl: fake.url, token: 't', maxRetries: 3 });
  const started = Date.now();
  const error = await limited.users.get('x').catch((e) => e);
  const elapsed = Date.now() - started;
  assert.ok(error instanceof okta.RateLimitError, String(error));
  assert.equal(error.status, 429);
  assert.equal(error.errorCode, 'E0000047');
  assert.equal(error.retries, 3);
  assert.equal(error.limit, undefined);
  assert.equal(error.remaining, undefined);
  assert.equal(error.reset, undefined);
  assert.equal(fake.requests.length, 4);
  assert.ok(elapsed < 6000, `backoff is bounded (${elapsed} ms)`);
  assert.deepEqual(fake.requests.map((r) => r.headers['x-okta-retry-count']), [undefined, '1', '2', '3']);
});

test('429 whose reset is an hour away: no hour-long wait, RateLimitError at once', async (t) => {
  const fake = await startFake((request, response) => {
    const now = Math.floor(Date.now() / 1000);
    sendJson(response, 429, { errorCode: 'E0000047' }, { 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now + 3600) });
  });
  t.after(() => fake.close());
  const limited = new okta.Client({ orgUrl: fake.url, token: 't', maxRetries: 5, maxRateLimitWaitMs: 2000 });
  const started = Date.now();
  const error = await limited.users.get('x').catch((e) => e);
  assert.ok(error instanceof okta.RateLimitError, String(error));
  assert.ok(Date.now() - started < 1500);
  assert.equal(error.limit, 600);
  assert.equal(error.retries, 0);
  assert.equal(fake.requests.length, 1);
});

test('500/502/503/504 are retried for GET, PUT, DELETE, HEAD and OPTIONS only', async () => {
  const retrying = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 2 });
  const methods = ['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'POST', 'PATCH'];
  const statuses = [500, 502, 503, 504];
  const cases = methods.flatMap((method) => statuses.map((status) => ({ method, status, path: `/api/v1/users/retry-${method}-${status}` })));
  const results = await Promise.all(
    cases.map(({ method, status, path }) => settle(retrying.request({ method, path, headers: { 'X-Mock-Fault': `status:${status}` } }))),
  );
  const sent = await journal();
  for (const [i, { method, status, path }] of cases.entries()) {
    const { error } = results[i];
    assert.ok(error instanceof okta.ServerError && error.status === status, `${method} ${status}: ${error}`);
    const attempts = sent.filter((r) => r.path === path).length;
    const idempotent = !['POST', 'PATCH'].includes(method);
    assert.equal(attempts, idempotent ? 3 : 1, `${method} ${status}: ${attempts} attempts`);
  }
  // The generated methods behave the same: POST users.update once, PUT users.replace three times.
  await mock.clearJournal();
  const profile = { profile: { nickName: 'n' } };
  await assert.rejects(retrying.users.update(users[0].id, profile, { headers: { 'X-Mock-Fault': 'status:503' } }), okta.ServerError);
  await assert.rejects(retrying.users.replace(users[0].id, profile, { headers: { 'X-Mock-Fault': 'status:503' } }), okta.ServerError);
  assert.deepEqual((await journal()).map((r) => r.method), ['POST', 'PUT', 'PUT', 'PUT']);
});

// ---------------------------------------------------------------------------------------------
// Broken and surprising responses

test('dropped connections: OktaConnectionError; GET retried, POST not', async () => {
  const retrying = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 2 });
  await assert.rejects(retrying.users.get(users[0].id, undefined, { headers: { 'X-Mock-Fault': 'drop' } }), okta.OktaConnectionError);
  await assert.rejects(retrying.groups.add({ profile: { name: 'g' } }, { headers: { 'X-Mock-Fault': 'drop' } }), okta.OktaConnectionError);
  const sent = await journal();
  assert.equal(sent.filter((r) => r.method === 'GET').length, 3);
  assert.equal(sent.filter((r) => r.method === 'POST').length, 1);
  // Recovers: a drop on the first attempt only.
  const user = await retrying.users.get(users[0].id, undefined, { headers: { 'X-Mock-Fault': 'drop:1' } });
  assert.equal(user.id, users[0].id);
});

test('timeouts are TimeoutErrors, bounded by the per-attempt timeout', async () => {
  const started = Date.now();
  await assert.rejects(client.users.get(users[0].id, undefined, { timeoutMs: 100, headers: { 'X-Mock-Fault': 'delay:5000' } }), okta.OktaTimeoutError);
  await assert.rejects(client.users.list(undefined, { timeoutMs: 100, headers: { 'X-Mock-Fault': 'delay:5000' } }).all(), okta.OktaTimeoutError);
  assert.ok(Date.now() - started < 3000);
});

test('truncated JSON: DecodeError with status and body, for calls, raw calls and list pages', async () => {
  const fault = { headers: { 'X-Mock-Fault': 'malformed' } };
  // Each call starts only when awaited, so no rejection is left unhandled while another is awaited.
  const calls = [
    () => client.users.get(users[0].id, undefined, fault),
    () => client.users.get(users[0].id, undefined, { ...fault, raw: true }),
    () => client.users.list(undefined, fault).all(),
  ];
  for (const call of calls) {
    const error = await call().catch((e) => e);
    assert.ok(error instanceof okta.DecodeError, String(error));
    assert.equal(error.code, 'decode');
    assert.equal(error.status, 200);
    assert.equal(typeof error.body, 'string');
  }
});

/** A fake org answering each path with a scripted response. */
async function fakeOrg(t, routes) {
  const fake = await startFake((request, response) => {
    const route = routes[request.url.split('?')[0]];
    if (!route) return sendJson(response, 404, { errorCode: 'E0000007', errorSummary: 'Not found' });
    return route(request, response);
  });
  t.after(() => fake.close());
  return { fake, client: new okta.Client({ orgUrl: fake.url, token: 't', maxRetries: 0 }) };
}

test('unexpected fields, nulls where objects are declared and unknown enum values decode tolerantly', async (t) => {
  const odd = {
    id: '00u1',
    status: 'SOME_FUTURE_STATUS',
    profile: null,
    credentials: null,
    created: 12345,
    _links: { self: null },
    brandNew: { nested: [1, null, { deep: true }] },
    type: 'not-an-object',
  };
  const { client: fakeClient } = await fakeOrg(t, {
    '/api/v1/users/00u1': (req, res) => sendJson(res, 200, odd),
    '/api/v1/users': (req, res) => sendJson(res, 200, [odd, null, { id: '00u2', status: 42 }]),
    '/api/v1/groups': (req, res) => sendJson(res, 200, 'null'),
    '/api/v1/apps': (req, res) => sendJson(res, 200, '   '),
    '/api/v1/apps/0oa1': (req, res) => sendJson(res, 200, ''),
    '/api/v1/users/00u1/blocks': (req, res) => sendJson(res, 200, '[{"big":123456789012345678901234567890,"text":"\\ud83d\\ude00"}]'),
  });
  assert.deepEqual(await fakeClient.users.get('00u1'), odd);
  assert.deepEqual(await fakeClient.users.list().all(), [odd, null, { id: '00u2', status: 42 }]);
  assert.deepEqual(await fakeClient.groups.list().all(), [], 'a null page is an empty page');
  assert.deepEqual(await fakeClient.applications.list().all(), []);
  await assert.rejects(
    fakeClient.applications.get('0oa1'),
    (e) => e instanceof okta.DecodeError && /getApplication expected a JSON object, got an empty body/.test(e.message),
    'an empty 200 body is not an Application',
  );
  const [blocks] = await fakeClient.users.listBlocks('00u1');
  assert.equal(blocks.text, '\u{1F600}');
  assert.equal(typeof blocks.big, 'number');
});

test('bodies that are not what was declared are DecodeErrors or ApiErrors, never crashes', async (t) => {
  const { client: fakeClient } = await fakeOrg(t, {
    '/api/v1/users': (req, res) => sendJson(res, 200, { not: 'a list' }),
    '/api/v1/users/html': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    },
    '/api/v1/users/latin1': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    },
    '/api/v1/users/half': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":"00u1","profile":{');
      setTimeout(() => res.destroy(), 20);
    },
    '/api/v1/users/bad-error': (req, res) => sendJson(res, 400, '<h1>Bad</h1>'),
    '/api/v1/users/odd-error': (req, res) => sendJson(res, 403, { errorCode: 42, errorSummary: null, errorCauses: 'none' }),
    '/api/v1/users/redirect': (req, res) => {
      res.writeHead(302, { location: 'https://evil.example.com/steal' });
      res.end();
    },
    '/api/v1/users/html500': (req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html>oops</html>');
    },
  });
  await assert.rejects(fakeClient.users.list().all(), (e) => e instanceof okta.DecodeError && /not a JSON array/.test(e.message));
  await assert.rejects(fakeClient.users.get('html'), (e) => e instanceof okta.DecodeError && e.body === '<html>maintenance</html>');
  // Invalid UTF-8 is not JSON: a DecodeError, as in Python and Rust.
  await assert.rejects(fakeClient.users.get('latin1'), (e) => e instanceof okta.DecodeError && e.status === 200);
  await assert.rejects(fakeClient.users.get('half'), (e) => e instanceof okta.OktaConnectionError || e instanceof okta.DecodeError);
  await assert.rejects(fakeClient.users.get('bad-error'), (e) => e instanceof okta.BadRequestError && e.body === '<h1>Bad</h1>' && e.errorCode === undefined);
  await assert.rejects(fakeClient.users.get('odd-error'), (e) => e instanceof okta.ForbiddenError && Array.isArray(e.errorCauses));
  await assert.rejects(fakeClient.users.get('redirect'), (e) => e instanceof okta.RedirectError && e.status === 302 && e.location === 'https://evil.example.com/steal');
  await assert.rejects(fakeClient.users.get('html500'), (e) => e instanceof okta.ServerError && e.status === 500);
});

test('a next link to another host is not followed', async () => {
  const pager = client.users.list({ limit: 1 }, { headers: { 'X-Mock-Fault': 'foreign-link' } });
  await assert.rejects(pager.all(), (e) => e instanceof okta.PaginationError && /^https?:\/\//.test(e.url));
  assert.equal((await journal()).length, 1);
});

test('the native layer rejects garbage for raw calls and requests instead of crashing', async () => {
  const native = client[Object.getOwnPropertySymbols(client)[0]];
  const rejected = (e) => e instanceof Error;
  await assert.rejects(native.callRaw(999999, '[]'), rejected);
  await assert.rejects(native.callRaw(0, 'not json'), rejected);
  await assert.rejects(native.request('not json'), rejected);
  await assert.rejects(native.request('{"method":"GET"}'), rejected);
  await assert.rejects(native.request('{"method":"GET","path":"/x","json":1}', Buffer.from('x')), rejected);
  assert.deepEqual(await journal(), []);
});
