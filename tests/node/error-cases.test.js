'use strict';
// The shared error case table (tests/cases/errors.json): the same fault rejects with the same
// class, code and status as in Rust and Python.

const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const path = require('node:path');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

const { cases } = require(path.join(__dirname, '..', 'cases', 'errors.json'));

let mock;
test.before(async () => {
  mock = await startMock({ users: 2 });
});
test.after(() => mock && mock.stop());

function closedPort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

for (const c of cases) {
  test(`${c.name}: ${c.class}`, async () => {
    const orgUrl = c.refused ? `http://127.0.0.1:${await closedPort()}` : mock.url;
    const client = new okta.Client({ orgUrl, token: mock.token, maxRetries: 0 });
    const callOptions = {};
    if (c.fault) callOptions.headers = { 'X-Mock-Fault': c.fault };
    if (c.timeout_ms) callOptions.timeoutMs = c.timeout_ms;
    const error = await client.users.get('user1@example.com', undefined, callOptions).then(
      () => assert.fail('expected an error'),
      (e) => e,
    );
    assert.equal(error.constructor.name, c.class, String(error));
    assert.equal(error.name, c.class);
    assert.equal(error.code, c.code);
    assert.equal(error.status ?? null, c.status);
    assert.equal(error instanceof okta.ApiError, c.api);
    assert.ok(error instanceof okta[c.class]);
    assert.ok(error instanceof okta.OktaError);
  });
}

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const { cases: configCases } = require(path.join(__dirname, '..', 'cases', 'config.json'));

for (const c of configCases) {
  test(`config: ${c.name} is a ConfigError`, () => {
    const options = { orgUrl: 'https://dev-1.okta.com' };
    for (const [key, value] of Object.entries(c.settings)) options[camel(key)] = value;
    assert.throws(
      () => new okta.Client(options),
      (e) => e instanceof okta.ConfigError && e.message.includes(`\`${camel(c.names)}\``),
    );
  });
}
