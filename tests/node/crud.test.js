'use strict';
// Create, read, update and delete users, groups and applications through the generated methods.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

let mock;
let client;

test.before(async () => {
  mock = await startMock({ users: 3, groups: 2, apps: 2 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token });
});
test.after(() => mock && mock.stop());

test('users: create, get, update, replace, lifecycle, delete', async () => {
  // Query parameters and body fields share the options object.
  const created = await client.users.create({
    activate: false,
    profile: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', login: 'ada@example.com', costCenter: 'R&D' },
  });
  assert.match(created.id, /^00u/);
  assert.equal(created.status, 'STAGED');
  assert.equal(created.profile.costCenter, 'R&D', 'custom profile attributes travel both ways');

  const fetched = await client.users.get(created.id);
  assert.equal(fetched.profile.login, 'ada@example.com');

  const updated = await client.users.update(created.id, { profile: { nickName: 'ada' } });
  assert.equal(updated.profile.nickName, 'ada');
  assert.equal(updated.profile.firstName, 'Ada', 'a partial update keeps the other fields');

  // The whole body may also be passed as `body`.
  const replaced = await client.users.replace(created.id, {
    body: { profile: { firstName: 'Ada', lastName: 'King', email: 'ada@example.com', login: 'ada@example.com' } },
  });
  assert.equal(replaced.profile.lastName, 'King');

  const activation = await client.userLifecycle.activate(created.id, { sendEmail: false });
  assert.equal(typeof activation, 'object');
  assert.equal((await client.users.get(created.id)).status, 'PROVISIONED');

  assert.equal(await client.userLifecycle.deactivate(created.id), undefined);
  assert.equal((await client.users.get(created.id)).status, 'DEPROVISIONED');
  assert.equal(await client.users.delete(created.id), undefined);
  await assert.rejects(client.users.get(created.id), okta.NotFoundError);

  const journal = await mock.journal();
  const create = journal.find((r) => r.method === 'POST' && r.path === '/api/v1/users');
  assert.equal(create.query, 'activate=false');
  assert.equal(create.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(create.body).profile.costCenter, 'R&D');
  const activate = journal.find((r) => r.path.endsWith('/lifecycle/activate'));
  assert.equal(activate.method, 'POST');
  assert.equal(activate.query, 'sendEmail=false');
});

test('groups: add, get, replace, members, delete', async () => {
  const group = await client.groups.add({ profile: { name: 'Engineers', description: 'All of them' } });
  assert.match(group.id, /^00g/);
  assert.equal((await client.groups.get(group.id)).profile.name, 'Engineers');

  const replaced = await client.groups.replace(group.id, { profile: { name: 'Engineering', description: 'Renamed' } });
  assert.equal(replaced.profile.name, 'Engineering');

  const users = await client.users.list({ limit: 2 });
  assert.ok(users.length >= 2);
  for (const user of users.slice(0, 2)) {
    assert.equal(await client.groups.assignUserToGroup(group.id, user.id), undefined);
  }
  const members = await client.groups.listUsers(group.id);
  assert.deepEqual(members.map((u) => u.id).sort(), users.slice(0, 2).map((u) => u.id).sort());

  await client.groups.unassignUserFromGroup(group.id, users[0].id);
  assert.equal((await client.groups.listUsers(group.id)).length, 1);

  const found = await client.groups.list({ q: 'Engineering' });
  assert.deepEqual(found.map((g) => g.id), [group.id]);

  await client.groups.delete(group.id);
  await assert.rejects(client.groups.get(group.id), (e) => e instanceof okta.NotFoundError && e.status === 404);
});

test('applications: create, get, replace, deactivate, delete', async () => {
  // `name` and `settings` are not declared by the spec's request model: they travel as extra
  // body fields, as the Rust models keep undeclared fields.
  const app = await client.applications.create({
    activate: true,
    name: 'bookmark',
    label: 'Docs',
    signOnMode: 'BOOKMARK',
    settings: { app: { requestIntegration: false, url: 'https://example.com/docs' } },
  });
  assert.match(app.id, /^0oa/);
  assert.equal(app.label, 'Docs');
  assert.equal(app.status, 'ACTIVE');

  const fetched = await client.applications.get(app.id);
  assert.equal(fetched.settings.app.url, 'https://example.com/docs');

  const replaced = await client.applications.replace(app.id, { body: { ...fetched, label: 'Docs 2' } });
  assert.equal(replaced.label, 'Docs 2');

  const all = await client.applications.list();
  assert.ok(all.some((a) => a.id === app.id));

  assert.equal(await client.applications.deactivate(app.id), undefined);
  assert.equal((await client.applications.get(app.id)).status, 'INACTIVE');
  assert.equal(await client.applications.delete(app.id), undefined);
  await assert.rejects(client.applications.get(app.id), okta.NotFoundError);
});
