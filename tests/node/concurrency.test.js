'use strict';
// Calls run on the Rust runtime: many at once, without blocking the event loop.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

let mock;
let client;
let users;

test.before(async () => {
  mock = await startMock({ users: 50 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  users = await client.users.list({ limit: 200 });
});
test.after(() => mock && mock.stop());

test('100 concurrent calls all resolve with their own results', async () => {
  const ids = Array.from({ length: 100 }, (_, i) => users[i % users.length].id);
  const results = await Promise.all(ids.map((id) => client.users.get(id)));
  assert.deepEqual(results.map((u) => u.id), ids);
});

test('100 concurrent slow calls overlap and leave the event loop free', async () => {
  const DELAY = 300;
  let ticks = 0;
  let worstGap = 0;
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    ticks++;
  }, 10);
  const started = Date.now();
  try {
    const calls = Array.from({ length: 100 }, (_, i) =>
      client.users.get(users[i % users.length].id, undefined, { headers: { 'X-Mock-Fault': `delay:${DELAY}` } }),
    );
    const results = await Promise.all(calls);
    assert.equal(results.length, 100);
  } finally {
    clearInterval(timer);
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 100 * DELAY / 4, `the calls overlapped (${elapsed} ms for 100 × ${DELAY} ms)`);
  assert.ok(ticks >= elapsed / 10 / 3, `timers kept firing during the calls (${ticks} ticks in ${elapsed} ms)`);
  assert.ok(worstGap < 250, `the event loop was never blocked for long (worst gap ${worstGap} ms)`);
});

test('concurrent paginations keep their own cursors', async () => {
  const walks = await Promise.all(Array.from({ length: 20 }, (_, i) => client.users.list({ limit: 3 + (i % 5) }).all()));
  for (const walk of walks) assert.deepEqual(walk.map((u) => u.id), users.map((u) => u.id));
});

test('concurrent errors and successes do not mix', async () => {
  const calls = Array.from({ length: 100 }, (_, i) =>
    i % 2 === 0 ? client.users.get(users[i % users.length].id) : client.users.get(`missing-${i}`),
  );
  const settled = await Promise.allSettled(calls);
  settled.forEach((result, i) => {
    if (i % 2 === 0) {
      assert.equal(result.status, 'fulfilled');
      assert.equal(result.value.id, users[i % users.length].id);
    } else {
      assert.equal(result.status, 'rejected');
      assert.ok(result.reason instanceof okta.NotFoundError);
      assert.match(result.reason.errorSummary, new RegExp(`missing-${i}\\b`));
    }
  });
});
