'use strict';
// Unions through the real client: Okta's published app examples (tests/cases/unions.json, shared
// with the Rust and Python tests) are created on okta-mock and read back unchanged, with the
// discriminator that narrows them in TypeScript (typing-example.ts checks the narrowing itself).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cases', 'unions.json'), 'utf8'));
// Fields the server sets, which okta-mock sets anew.
const SERVER_SET = ['id', 'created', 'lastUpdated', '_links', '_embedded', 'status'];

let mock;
let client;

test.before(async () => {
  mock = await startMock({ apps: 2 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token });
});
test.after(() => mock && mock.stop());

test('every union case names a kind that its discriminator selects', () => {
  const kinds = new Set(cases.filter((c) => c.kind).map((c) => `${c.union}.${c.kind}`));
  assert.equal(kinds.size, 88, 'every kind of the 14 unions');
  const unions = new Set(cases.map((c) => c.union));
  for (const union of unions) {
    assert.ok(cases.some((c) => c.union === union && c.kind === null), `${union}: an unknown kind is covered too`);
  }
});

test('published app examples of every sign-on mode round-trip through the client', async () => {
  const apps = cases.filter((c) => c.union === 'Application' && c.kind && c.body.label);
  const modes = new Set();
  for (const { example, body } of apps) {
    const sent = Object.fromEntries(Object.entries(body).filter(([key]) => !SERVER_SET.includes(key)));
    const created = await client.applications.create({ activate: false, label: sent.label, signOnMode: sent.signOnMode }, { body: sent });
    const fetched = await client.applications.get(created.id);
    for (const [key, value] of Object.entries(sent)) {
      assert.deepEqual(fetched[key], value, `${example}: ${key} comes back as sent`);
    }
    assert.equal(fetched.signOnMode, sent.signOnMode, `${example}: the discriminator that narrows it`);
    modes.add(fetched.signOnMode);
    await client.applications.deactivate(created.id);
    await client.applications.delete(created.id);
  }
  assert.ok(modes.size >= 7, `${[...modes].join(', ')}`);
});
