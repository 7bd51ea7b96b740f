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
const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

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

/** Makes the call a case describes. */
async function call(client, c, callOptions) {
  if (c.call === 'list') return client.users.list(undefined, callOptions).all();
  if (c.call === 'request') return client.request({ method: c.method, path: '/api/v1/users', ...callOptions });
  const id = c.id_length ? 'a'.repeat(c.id_length) : 'user1@example.com';
  return client.users.get(id, undefined, callOptions);
}

for (const c of cases) {
  test(`${c.name}: ${c.class}`, async () => {
    const orgUrl = c.refused ? `http://127.0.0.1:${await closedPort()}` : mock.url;
    const client = new okta.Client({ orgUrl, token: mock.token, maxRetries: 0 });
    if (c.closed) {
      client.close();
      assert.equal(client.closed, true);
    }
    const callOptions = { headers: {} };
    if (c.fault) callOptions.headers['X-Mock-Fault'] = c.fault;
    if (c.header) callOptions.headers[c.header[0]] = c.header[1];
    if (c.timeout_ms) callOptions.timeoutMs = c.timeout_ms;
    if (c.max_response_bytes) callOptions.maxResponseBytes = c.max_response_bytes;
    const error = await call(client, c, callOptions).then(
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
    assert.ok(!/[\r\n]/.test(error.message), JSON.stringify(error.message.slice(0, 200)));
    if (c.message_max) assert.ok(Buffer.byteLength(error.message) <= c.message_max, `${Buffer.byteLength(error.message)} bytes`);
    for (const [field, expected] of Object.entries(c.fields || {})) assert.deepEqual(error[camel(field)], expected, field);
  });
}

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
