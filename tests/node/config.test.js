'use strict';
// Configuration: explicit options, the OKTA_CLIENT_* environment, credentials and settings on the wire.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

const ENV = ['OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN', 'OKTA_CLIENT_AUTHORIZATIONMODE', 'OKTA_CLIENT_RATELIMIT_MAXRETRIES', 'OKTA_CLIENT_REQUESTTIMEOUT'];

function withEnv(values, body) {
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  for (const k of ENV) delete process.env[k];
  Object.assign(process.env, values);
  try {
    return body();
  } finally {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

let mock;
test.before(async () => {
  mock = await startMock({ users: 1 });
});
test.after(() => mock && mock.stop());

test('explicit options', () => {
  const client = new okta.Client({
    orgUrl: 'https://dev-1.okta.com/',
    token: 'secret',
    timeoutMs: 5000,
    connectTimeoutMs: 2000,
    maxRetries: 4,
    maxRateLimitWaitMs: 30000,
    userAgent: 'my-tool/1.0',
  });
  const d = client.describe();
  assert.equal(d.orgUrl, 'https://dev-1.okta.com');
  assert.equal(d.authorizationMode, 'SSWS');
  assert.equal(d.timeoutMs, 5000);
  assert.equal(d.connectTimeoutMs, 2000);
  assert.equal(d.maxRetries, 4);
  assert.equal(d.maxRateLimitWaitMs, 30000);
  assert.match(d.userAgent, /^okta-admin-rust\/\S+ okta-admin-node\/\S+ node\/\S+ my-tool\/1\.0$/);
  assert.ok(!JSON.stringify(d).includes('secret'), 'the token is never shown');
  assert.ok(!require('node:util').inspect(client, { depth: 4 }).includes('secret'));
  assert.equal(new okta.Client({ orgUrl: 'https://dev-1.okta.com', token: 't', timeoutMs: 0 }).describe().timeoutMs, undefined);
});

test('the environment of Okta SDKs: new Client()', () => {
  withEnv({ OKTA_CLIENT_ORGURL: 'https://env.okta.com', OKTA_CLIENT_TOKEN: 'tok', OKTA_CLIENT_RATELIMIT_MAXRETRIES: '7', OKTA_CLIENT_REQUESTTIMEOUT: '9' }, () => {
    const d = new okta.Client().describe();
    assert.equal(d.orgUrl, 'https://env.okta.com');
    assert.equal(d.maxRetries, 7);
    assert.equal(d.timeoutMs, 9000);
    // Explicit options win over the environment.
    assert.equal(new okta.Client({ maxRetries: 1 }).describe().maxRetries, 1);
    assert.equal(new okta.Client({ orgUrl: 'https://other.okta.com' }).describe().orgUrl, 'https://other.okta.com');
  });
  withEnv({ OKTA_CLIENT_ORGURL: 'https://env.okta.com', OKTA_CLIENT_TOKEN: 'tok', OKTA_CLIENT_AUTHORIZATIONMODE: 'Bearer' }, () => {
    assert.equal(new okta.Client().describe().authorizationMode, 'Bearer');
  });
  withEnv({}, () => {
    assert.throws(() => new okta.Client(), (e) => e instanceof okta.ConfigError && /OKTA_CLIENT_ORGURL/.test(e.message));
    assert.throws(() => new okta.Client({ orgUrl: 'https://x.okta.com' }), (e) => e instanceof okta.ConfigError && /token/.test(e.message));
  });
});

test('credentials and per-call settings on the wire', async () => {
  await mock.clearJournal();
  const ssws = withEnv({ OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: mock.token }, () => new okta.Client());
  const [user] = await ssws.users.list();
  const bearer = new okta.Client({ orgUrl: mock.url, bearerToken: 'an-access-token', maxRetries: 0 });
  await assert.rejects(bearer.users.get(user.id), okta.UnauthorizedError);
  await ssws.users.get(user.id, { expand: 'blocks' }, { headers: { 'X-Extra': 'yes' }, query: { extra: ['a', 'b'] } });
  const journal = await mock.journal();
  assert.equal(journal[0].headers.authorization, `SSWS ${mock.token}`);
  assert.equal(journal[1].headers.authorization, 'Bearer an-access-token');
  assert.equal(journal[2].headers['x-extra'], 'yes');
  assert.equal(journal[2].query, 'expand=blocks&extra=a&extra=b');
  assert.match(journal[2].headers['user-agent'], /okta-admin-node/);
});

test('header, array and non-string query parameters', async () => {
  await mock.clearJournal();
  const client = new okta.Client({ orgUrl: mock.url, token: mock.token });
  const [user] = await client.users.list({ limit: 1, contentType: 'application/json; okta-response=omitCredentials' });
  await client.users.update(user.id, { strict: true, ifMatch: 'W/"1"', profile: { nickName: null } }).catch(() => {});
  const [list, update] = await mock.journal();
  assert.equal(list.query, 'limit=1');
  assert.equal(list.headers['content-type'], 'application/json; okta-response=omitCredentials');
  assert.equal(update.query, 'strict=true');
  assert.equal(update.headers['if-match'], 'W/"1"');
  assert.deepEqual(JSON.parse(update.body), { profile: { nickName: null } }, 'null is sent as null');
});

test('OAuth client credentials and a proxy are configurable', () => {
  const { privateKey } = require('node:crypto').generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const base = { orgUrl: 'https://dev-1.okta.com' };
  const oauth = new okta.Client({ ...base, clientId: '0oa1', privateKey, keyId: 'k1', scopes: 'okta.users.read okta.groups.read' });
  assert.equal(oauth.describe().authorizationMode, 'PrivateKey');
  const jwt = new okta.Client({ ...base, clientId: '0oa1', clientAssertion: 'eyJ.eyJ.sig', scopes: ['okta.users.read'] });
  assert.equal(jwt.describe().authorizationMode, 'JWT');
  const config = (e) => e instanceof okta.ConfigError;
  assert.throws(() => new okta.Client({ ...base, clientId: '0oa1' }), config);
  assert.throws(() => new okta.Client({ ...base, clientId: '0oa1', privateKey, clientAssertion: 'x' }), config);
  assert.throws(() => new okta.Client({ ...base, token: 't', clientId: '0oa1', privateKey }), config);
  assert.throws(() => new okta.Client({ ...base, privateKey }), config);
  assert.throws(() => new okta.Client({ ...base, clientId: '0oa1', privateKey: 'not a key', scopes: ['s'] }), config);
  const proxied = new okta.Client({ ...base, token: 't', proxy: { host: '127.0.0.1', port: 3128, username: 'u', password: 'p' } });
  assert.equal(proxied.describe().authorizationMode, 'SSWS');
  assert.throws(() => new okta.Client({ ...base, token: 't', proxy: { host: 'h', port: 0 } }), config);
});
