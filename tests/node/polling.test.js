'use strict';
// Lists end at an empty page (Okta's polling lists always send `next`), `maxPages` bounds a
// list, `onPage` reports progress, and `systemLog.tail()` polls for new events.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startFake, sendJson } = require('./helpers/fake.js');
const { okta } = require('./helpers/package.js');

/** A System Log whose n-th request gets `pages[n]` and a `next` link, empty pages included. */
async function fakeLog(t, pages) {
  const fake = await startFake((request, response, body, count) => {
    const items = pages[count - 1] || [];
    response.setHeader('link', `<${fake.url}/api/v1/logs?after=${count - 1}>; rel="next"`);
    sendJson(response, 200, items);
  });
  t.after(() => fake.close());
  return { fake, client: new okta.Client({ orgUrl: fake.url, token: 't', maxRetries: 0 }) };
}

test('an empty page ends the System Log', async (t) => {
  const { fake, client } = await fakeLog(t, [[{ uuid: 'a' }, { uuid: 'b' }], [{ uuid: 'c' }], [], [{ uuid: 'never' }]]);
  const events = await client.systemLog.listLogEvents({ since: '2026-01-01T00:00:00Z' }).all();
  assert.deepEqual(events.map((e) => e.uuid), ['a', 'b', 'c']);
  assert.equal(fake.requests.length, 3);
});

test('maxPages and onPage', async (t) => {
  const { fake, client } = await fakeLog(t, [[{ uuid: 'a' }, { uuid: 'b' }], [{ uuid: 'c' }], [{ uuid: 'd' }]]);
  const progress = [];
  const events = await client.systemLog.listLogEvents(undefined, { maxPages: 2, onPage: (p) => progress.push(p) }).all();
  assert.deepEqual(events.map((e) => e.uuid), ['a', 'b', 'c']);
  assert.deepEqual(progress, [
    { pages: 1, items: 2, status: 200 },
    { pages: 2, items: 3, status: 200 },
  ]);
  assert.equal(fake.requests.length, 2);
  await assert.rejects(client.systemLog.listLogEvents(undefined, { maxPages: 0 }).nextPage(), okta.InvalidRequestError);
});

test('tail polls for new events until the loop stops', async (t) => {
  const { fake, client } = await fakeLog(t, [[{ uuid: 'a' }], [], [], [{ uuid: 'b' }, { uuid: 'c' }]]);
  const seen = [];
  const started = Date.now();
  for await (const event of client.systemLog.tail({ since: '2026-01-01T00:00:00Z' }, { intervalMs: 50 })) {
    seen.push(event.uuid);
    if (seen.length === 3) break;
  }
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.ok(Date.now() - started >= 100, 'two empty polls, each followed by a wait');
  assert.deepEqual(fake.requests.map((r) => r.url), [
    '/api/v1/logs?since=2026-01-01T00%3A00%3A00Z',
    '/api/v1/logs?after=0',
    '/api/v1/logs?after=1',
    '/api/v1/logs?after=2',
  ]);
  assert.throws(() => client.systemLog.tail({ until: 'x' }), okta.InvalidRequestError);
});

test('tail stops when its signal aborts', async (t) => {
  const { client } = await fakeLog(t, []);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('enough')), 100);
  await assert.rejects(
    (async () => {
      for await (const event of client.systemLog.tail({}, { intervalMs: 20, signal: controller.signal })) assert.fail(String(event));
    })(),
    /enough/,
  );
});

test('lists paged inside their body are paginators', async (t) => {
  const fake = await startFake((request, response, body, count) => {
    if (count === 1) sendJson(response, 200, { roles: [{ id: 'r1' }, { id: 'r2' }], _links: { next: { href: `${fake.url}/api/v1/iam/roles?after=r2` } } });
    else sendJson(response, 200, { roles: [{ id: 'r3' }], _links: {} });
  });
  t.after(() => fake.close());
  const client = new okta.Client({ orgUrl: fake.url, token: 't', maxRetries: 0 });
  const roles = await client.customRoles.list().all();
  assert.deepEqual(roles.map((r) => r.id), ['r1', 'r2', 'r3']);
  assert.deepEqual(fake.requests.map((r) => r.url), ['/api/v1/iam/roles', '/api/v1/iam/roles?after=r2']);
});
