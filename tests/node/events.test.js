'use strict';
// Calls are observable: `client.on('request' | 'response' | 'retry', fn)` sees every attempt,
// response and retry, with the fields the Python log records and Rust tracing events carry,
// and never the token.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

let mock;
test.before(async () => {
  mock = await startMock({ users: 2 });
});
test.after(() => mock && mock.stop());

test('a retried call is two attempts, with its response and retry events', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 1 });
  const seen = [];
  for (const type of ['request', 'response', 'retry']) client.on(type, (event) => seen.push(event));
  const user = await client.users.get('user1@example.com', undefined, { headers: { 'X-Mock-Fault': 'status:503:1' } });
  assert.ok(user.id);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    seen.map((e) => [e.type, e.attempt, e.status]),
    [
      ['request', 1, null],
      ['response', 1, 503],
      ['retry', 1, 503],
      ['request', 2, null],
      ['response', 2, 200],
    ],
  );
  for (const event of seen) {
    assert.equal(event.operation, 'getUser');
    assert.equal(event.method, 'GET');
    assert.equal(event.path, '/api/v1/users/{id}');
    const text = JSON.stringify(event);
    assert.ok(!text.includes(mock.token) && !text.includes('user1@example.com'), text);
  }
  const answered = seen[4];
  assert.ok(answered.elapsedMs >= 0 && typeof answered.requestId === 'string');
  assert.equal(typeof answered.rateLimit.remaining, 'number');
  assert.equal(seen[2].reason, 'server error');
  assert.ok(seen[2].retryInMs > 0);
});

test('once, off, raw requests and unknown event names', async () => {
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  const once = [];
  const all = [];
  const listener = (e) => all.push(e);
  client.once('response', (e) => once.push(e)).on('request', listener);
  await client.request({ method: 'GET', path: '/api/v1/users' });
  await client.users.get('user1@example.com');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(once.length, 1);
  assert.equal(once[0].operation, null);
  assert.equal(once[0].path, '/api/v1/users');
  assert.equal(all.length, 2);
  client.off('request', listener);
  await client.users.get('user1@example.com');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(all.length, 2);
  assert.throws(() => client.on('requests', () => {}), okta.InvalidRequestError);
});

test('pacing keeps a burst under the rate limit; without it, 429s are retried', async () => {
  for (const pacing of [true, false]) {
    const limited = await startMock({ users: 2, rateLimit: '15/500ms' });
    try {
      const client = new okta.Client({ orgUrl: limited.url, token: limited.token, maxRetries: 10, pacing });
      assert.equal(client.describe().pacing, pacing);
      let tooMany = 0;
      client.on('response', (e) => {
        if (e.status === 429) tooMany += 1;
      });
      const queue = Array.from({ length: 40 }, () => 'user1@example.com');
      await Promise.all(Array.from({ length: 6 }, async () => {
        while (queue.length) assert.ok((await client.users.get(queue.pop())).id);
      }));
      await new Promise((resolve) => setImmediate(resolve));
      if (pacing) assert.equal(tooMany, 0);
      else assert.ok(tooMany > 0);
    } finally {
      await limited.stop();
    }
  }
});
