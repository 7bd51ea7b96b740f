'use strict';
// Reliability limits: a huge response cannot exhaust memory (measured in a child process), a
// client can be closed, and an AbortSignal stops a call.

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startMock } = require('./helpers/mock.js');
const { okta, PACKAGE_DIR } = require('./helpers/package.js');

let mock;
test.before(async () => {
  mock = await startMock({ users: 2 });
});
test.after(() => mock && mock.stop());

const CHILD = `
const okta = require(process.argv[1]);
const [url, token] = process.argv.slice(2);
(async () => {
  const client = new okta.Client({ orgUrl: url, token, maxRetries: 0 });
  const seen = [];
  for (const fault of ['big:300', 'big-error:300']) {
    try {
      await client.users.get('user1@example.com', undefined, { headers: { 'X-Mock-Fault': fault } });
    } catch (e) {
      seen.push([e.constructor.name, e.status, e.limit, e.message.includes('maxResponseBytes')]);
    }
  }
  const peak = require('node:fs').readFileSync('/proc/self/status', 'utf8').split('\\n').find((l) => l.startsWith('VmHWM:'));
  console.log(JSON.stringify({ seen, peakKb: Number(peak.split(/\\s+/)[1]) }));
})();
`;

test('a 300 MB body stays under 320 MB', () => {
  const out = execFileSync(process.execPath, ['-e', CHILD, PACKAGE_DIR, mock.url, mock.token], { encoding: 'utf8', timeout: 120000 });
  const result = JSON.parse(out);
  const limit = 64 * 1024 * 1024;
  assert.deepEqual(result.seen, [
    ['ResponseTooLargeError', 200, limit, true],
    ['ResponseTooLargeError', 400, limit, true],
  ]);
  assert.ok(result.peakKb < 320 * 1024, JSON.stringify(result));
});

test('the limit is configurable per client and per call', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxResponseBytes: 4096, maxRetries: 0 });
  assert.equal(client.describe().maxResponseBytes, 4096);
  await assert.rejects(
    client.users.get('user1@example.com', undefined, { headers: { 'X-Mock-Fault': 'big:1' } }),
    (e) => e instanceof okta.ResponseTooLargeError && e.limit === 4096 && e.status === 200,
  );
  assert.ok((await client.users.get('user1@example.com')).id);
  assert.throws(() => new okta.Client({ orgUrl: mock.url, token: mock.token, maxResponseBytes: 10 }), okta.ConfigError);
  await assert.rejects(client.users.get('user1@example.com', undefined, { maxResponseBytes: -1 }), okta.InvalidRequestError);
});

test('odd numbers are refused as in Python', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  for (const bad of [NaN, Infinity, -1]) {
    await assert.rejects(client.users.get('user1@example.com', undefined, { timeoutMs: bad }), okta.InvalidRequestError);
  }
  assert.throws(() => new okta.Client({ orgUrl: mock.url, token: mock.token, timeoutMs: NaN }), okta.ConfigError);
});

test('close() releases the client; later calls reject unsent', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  assert.ok((await client.users.get('user1@example.com')).id);
  assert.equal(client.closed, false);
  client.close();
  assert.equal(client.closed, true);
  await mock.clearJournal();
  await assert.rejects(client.users.get('user1@example.com'), okta.ClientClosedError);
  await assert.rejects(client.users.list().all(), okta.ClientClosedError);
  await assert.rejects(client.request({ method: 'GET', path: '/api/v1/users' }), okta.ClientClosedError);
  assert.equal((await mock.journal()).length, 0);
});

test('an AbortSignal stops a call and rejects with its reason', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
  const slow = { headers: { 'X-Mock-Fault': 'delay:3000' } };
  const started = Date.now();
  await assert.rejects(
    client.users.get('user1@example.com', undefined, { ...slow, signal: AbortSignal.timeout(100) }),
    (e) => e.name === 'TimeoutError',
  );
  assert.ok(Date.now() - started < 2000, 'the call stopped early');
  const controller = new AbortController();
  const pending = client.users.get('user1@example.com', undefined, { ...slow, signal: controller.signal });
  setTimeout(() => controller.abort(new Error('stop')), 50);
  await assert.rejects(pending, /stop/);
  // Already aborted: nothing is sent.
  await assert.rejects(client.users.get('user1@example.com', undefined, { signal: AbortSignal.abort() }), (e) => e.name === 'AbortError');
  // Lists and raw requests take one too.
  await assert.rejects(client.users.list(undefined, { ...slow, signal: AbortSignal.timeout(100) }).all(), (e) => e.name === 'TimeoutError');
  await assert.rejects(client.request({ method: 'GET', path: '/api/v1/users', headers: slow.headers, signal: AbortSignal.timeout(100) }), (e) => e.name === 'TimeoutError');
  await assert.rejects(client.users.get('user1@example.com', undefined, { signal: 'soon' }), okta.InvalidRequestError);
  // The client still works.
  assert.ok((await client.users.get('user1@example.com')).id);
});
