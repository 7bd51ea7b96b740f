'use strict';
// Load (issue 7): 1 000 concurrent calls complete without error and without memory growing
// with the rounds; paginating 100 000 users with `for await` streams page by page, in flat
// memory.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

const MB = 1024 * 1024;
const rss = () => process.memoryUsage().rss;
// A full GC before each measurement, so that only live memory counts.
require('node:v8').setFlagsFromString('--expose-gc');
const collect = require('node:vm').runInNewContext('gc');

test('1 000 concurrent requests, eight rounds: all resolve, memory bounded', { timeout: 120_000 }, async (t) => {
  const mock = await startMock({ users: 50 });
  t.after(() => mock.stop());
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  const users = await client.users.list({ limit: 200 }).all();
  const ids = Array.from({ length: 1000 }, (_, i) => users[i % users.length].id);

  const round = async () => {
    const results = await Promise.allSettled(ids.map((id) => client.users.get(id)));
    const failed = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failed.map((r) => String(r.reason)).slice(0, 3), [], `${failed.length} of 1000 failed`);
    assert.deepEqual(results.map((r) => r.value.id), ids);
  };
  // Warm up: connection pool, runtime threads, allocator arenas, JIT.
  for (let i = 0; i < 3; i++) await round();
  collect();
  const before = process.memoryUsage();
  for (let i = 0; i < 5; i++) await round();
  collect();
  const after = process.memoryUsage();
  const growth = (after.rss - before.rss) / MB;
  const heap = (after.heapUsed - before.heapUsed) / MB;
  t.diagnostic(`rss ${(before.rss / MB).toFixed(1)} MB → ${(after.rss / MB).toFixed(1)} MB over 5 × 1 000 more calls (${growth.toFixed(1)} MB); JS heap ${heap.toFixed(1)} MB`);
  assert.ok(growth < 32, `rss grew by ${growth.toFixed(1)} MB over 5 000 calls`);
  assert.ok(heap < 8, `the JS heap grew by ${heap.toFixed(1)} MB`);
  const stats = await mock.stats();
  assert.ok(stats.requests >= 8000, `the mock saw ${stats.requests} requests`);
});

test('paginating 100 000 users with for await streams in flat memory', { timeout: 120_000 }, async (t) => {
  const USERS = 100_000;
  const mock = await startMock({ users: USERS });
  t.after(() => mock.stop());
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  const started = Date.now();
  let count = 0;
  let lastId = '';
  let baseline = 0;
  let peak = 0;
  const logins = new Set();
  for await (const user of client.users.list({ limit: 200 })) {
    count++;
    assert.notEqual(user.id, lastId, 'each item once');
    lastId = user.id;
    if (count % 997 === 0) logins.add(user.profile.login);
    if (count === 10_000) {
      collect();
      baseline = rss();
    } else if (count > 10_000 && count % 10_000 === 0) {
      collect();
      peak = Math.max(peak, rss());
    }
  }
  const elapsed = Date.now() - started;
  assert.equal(count, USERS);
  assert.equal(logins.size, Math.floor(USERS / 997));
  const growth = (peak - baseline) / MB;
  t.diagnostic(`${count} users in ${elapsed} ms; rss at 10 000 users ${(baseline / MB).toFixed(1)} MB, peak after ${(peak / MB).toFixed(1)} MB (+${growth.toFixed(1)} MB)`);
  assert.ok(growth < 32, `memory stayed flat while streaming (+${growth.toFixed(1)} MB)`);
  assert.ok(elapsed < 60_000, `took ${elapsed} ms`);
  const pages = (await mock.journal()).filter((r) => r.path === '/api/v1/users').length;
  assert.ok(pages === USERS / 200 || pages === USERS / 200 + 1, `one request per page (${pages})`);
});
