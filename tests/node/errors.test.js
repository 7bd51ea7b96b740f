'use strict';
// Every failure reaches JS as an OktaError subclass with a stable `code`, never as a crash.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

let mock;
let client;

test.before(async () => {
  mock = await startMock({ users: 2 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
});
test.after(() => mock && mock.stop());

const fault = (value) => ({ headers: { 'X-Mock-Fault': value } });

test('404 carries Okta error fields and the request id', async () => {
  const error = await client.users.get('00unope').then(() => assert.fail('resolved'), (e) => e);
  assert.ok(error instanceof okta.NotFoundError);
  assert.ok(error instanceof okta.ApiError);
  assert.ok(error instanceof okta.OktaError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'NotFoundError');
  assert.equal(error.code, 'not_found');
  assert.equal(error.status, 404);
  assert.equal(error.errorCode, 'E0000007');
  assert.match(error.errorSummary, /Not found/);
  assert.match(error.errorId, /\S/);
  assert.match(error.requestId, /\S/);
  assert.deepEqual(error.errorCauses, []);
  assert.match(error.body, /E0000007/);
  assert.match(error.message, /HTTP 404 E0000007/);
  assert.match(error.stack, /errors\.test\.js/, 'the stack reaches the caller');
});

test('400 keeps errorCauses', async () => {
  const error = await client.users.create({ profile: { firstName: 'x' } }).catch((e) => e);
  assert.ok(error instanceof okta.BadRequestError);
  assert.equal(error.status, 400);
  assert.equal(error.errorCode, 'E0000001');
  assert.ok(error.errorCauses.length >= 1);
  assert.ok(error.errorCauses.every((c) => typeof c.errorSummary === 'string'));
});

test('401 for a bad token', async () => {
  const other = new okta.Client({ orgUrl: mock.url, token: 'wrong', maxRetries: 0 });
  await assert.rejects(other.users.get('x'), (e) => e instanceof okta.UnauthorizedError && e.errorCode === 'E0000011');
});

test('5xx: ServerError after the retry budget', async () => {
  await assert.rejects(
    client.users.get('x', undefined, fault('status:503')),
    (e) => e instanceof okta.ServerError && e.status === 503 && e.code === 'server',
  );
  await assert.rejects(client.users.get('x', undefined, fault('status:500')), (e) => e instanceof okta.ServerError && e.status === 500);
  await assert.rejects(client.users.get('x', undefined, fault('status:403')), okta.ForbiddenError);
  await assert.rejects(client.users.get('x', undefined, fault('status:409')), okta.ConflictError);
  await assert.rejects(client.users.get('x', undefined, fault('status:418')), (e) => e.constructor === okta.ApiError && e.status === 418);
});

test('transport failures: timeout, dropped connection, malformed body', async () => {
  await assert.rejects(
    client.users.get('x', undefined, { timeoutMs: 100, headers: { 'X-Mock-Fault': 'delay:2000' } }),
    (e) => e instanceof okta.OktaTimeoutError && e.code === 'timeout',
  );
  await assert.rejects(client.users.get('x', undefined, fault('drop')), (e) => e instanceof okta.OktaConnectionError && e.code === 'connection');
  const users = await client.users.list().all();
  await assert.rejects(client.users.get(users[0].id, undefined, fault('malformed')), (e) => e instanceof okta.DecodeError && e.code === 'decode');
});

test('a connection refused is a OktaConnectionError', async () => {
  const nowhere = new okta.Client({ orgUrl: 'http://127.0.0.1:1', token: 't', maxRetries: 0 });
  await assert.rejects(nowhere.users.get('x'), okta.OktaConnectionError);
});

test('bad arguments are InvalidRequestErrors and nothing is sent', async () => {
  await mock.clearJournal();
  const invalid = (e) => e instanceof okta.InvalidRequestError && e.code === 'invalid_request';
  await assert.rejects(client.users.get(''), invalid);
  await assert.rejects(client.users.get('..'), invalid);
  await assert.rejects(client.users.get(undefined), (e) => invalid(e) && /missing path parameter `id`/.test(e.message));
  await assert.rejects(client.users.get({}), invalid);
  await assert.rejects(client.users.list({ limt: 5 }).all(), (e) => invalid(e) && /unknown option `limt`/.test(e.message));
  await assert.rejects(
    client.users.create({ profile: { login: 'a' } }, { activate: true }),
    (e) => invalid(e) && /`activate` belongs in the options object/.test(e.message),
  );
  await assert.rejects(client.users.get('x', { expand: 10n }), (e) => invalid(e) && e.cause instanceof TypeError);
  await assert.rejects(client.users.get('x', undefined, { headers: { 'X-Bad': 'a\r\nb' } }), invalid);
  await assert.rejects(client.users.get('x', undefined, { timeoutMs: -1 }), invalid);
  const cyclic = {};
  cyclic.self = cyclic;
  await assert.rejects(client.users.list(cyclic).nextPage(), invalid);
  assert.deepEqual(await mock.journal(), []);
});

test('configuration errors are thrown by the constructor', () => {
  const config = (e) => e instanceof okta.ConfigError && e.code === 'config';
  assert.throws(() => new okta.Client({ orgUrl: 'http://example.com', token: 't' }), config);
  assert.throws(() => new okta.Client({ orgUrl: 'not a url', token: 't' }), config);
  assert.throws(() => new okta.Client({ orgUrl: 'https://x.okta.com', token: ' ' }), config);
  assert.throws(() => new okta.Client({ orgUrl: 'https://x.okta.com', token: 't', bearerToken: 'b' }), config);
  assert.throws(() => new okta.Client({ orgURL: 'https://x.okta.com', token: 't' }), (e) => config(e) && /unknown client option `orgURL`/.test(e.message));
  assert.throws(() => new okta.Client({ orgUrl: 'https://x.okta.com', token: 't', maxRetries: -1 }), config);
  assert.throws(() => new okta.Client({ orgUrl: 'https://x.okta.com', token: 't', timeoutMs: '5' }), config);
  assert.throws(() => new okta.Client('https://x.okta.com'), config);
});

test('the native layer rejects garbage instead of crashing', async () => {
  const native = client[Object.getOwnPropertySymbols(client)[0]];
  const internal = (e) => /okta-admin-error/.test(e.message) || e instanceof Error;
  await assert.rejects(native.call(999999, '[]'), internal);
  await assert.rejects(native.call(0, 'not json'), internal);
  await assert.rejects(native.call(0, '{"a":1}'), internal);
  await assert.rejects(native.call(-1, '[]'), internal);
  const pager = native.paginate(999999, '[]');
  await assert.rejects(pager.nextPage(), internal);
  assert.equal(await pager.nextPage(), null);
  // A non-list operation cannot be paginated.
  await assert.rejects(native.paginate(0, '[null,null]').nextPage(), internal);
});
