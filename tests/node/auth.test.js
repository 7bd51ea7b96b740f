'use strict';
// Auth and configuration parity with the core (issue 10): OAuth 2.0 private-key JWT (RSA and EC
// keys in PEM, JWK and file form) and DPoP end to end against okta-mock's token endpoint; the
// configuration chain ~/.okta/okta.yaml < ./okta.yaml < OKTA_CLIENT_* < explicit options, in
// child processes with their own HOME and working directory; configuration errors naming the
// key and its source; and no secret in any string form of a client or an error.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { execFileSync } = require('node:child_process');
const { startMock, ROOT } = require('./helpers/mock.js');
const { okta, PACKAGE_DIR } = require('./helpers/package.js');
const { assertNoSecret, privateKeyBody } = require('./helpers/checks.js');

const FIXTURES = path.join(ROOT, 'crates', 'okta-admin-runtime', 'tests', 'fixtures');
const fixture = (name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const SCOPES = ['okta.users.read', 'okta.groups.read'];

let mock;
test.before(async () => {
  mock = await startMock({
    users: 2,
    args: [
      '--oauth-client', `0oa-rsa=${path.join(FIXTURES, 'rsa_public_pkcs1.pem')}:${SCOPES.join(',')}`,
      '--oauth-client', `0oa-ec=${path.join(FIXTURES, 'ec_public_spki.pem')}`,
      '--oauth-dpop-client', `0oa-dpop=${path.join(FIXTURES, 'ec_public_spki.pem')}`,
      '--oauth-dpop-client', `0oa-dpop-rsa=${path.join(FIXTURES, 'rsa_public_pkcs1.pem')}`,
    ],
  });
});
test.after(() => mock && mock.stop());
test.beforeEach(async () => {
  await mock.clearJournal();
  await mock.configure({ requireDpopNonce: false });
});

/** The decoded header and claims of a compact JWS. */
function decodeJwt(jwt) {
  const [header, claims] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, claims };
}
const tokenRequests = (journal) => journal.filter((r) => r.path === '/oauth2/v1/token');
const apiRequests = (journal) => journal.filter((r) => r.path.startsWith('/api/'));

// ---------------------------------------------------------------------------------------------
// OAuth 2.0 private-key JWT

const KEYS = [
  { name: 'RSA PKCS#8 PEM', clientId: '0oa-rsa', key: () => fixture('rsa_pkcs8.pem'), alg: 'RS256' },
  { name: 'RSA PKCS#1 PEM', clientId: '0oa-rsa', key: () => fixture('rsa_pkcs1.pem'), alg: 'RS256' },
  { name: 'RSA JWK', clientId: '0oa-rsa', key: () => fixture('rsa_private.jwk.json'), alg: 'RS256' },
  { name: 'RSA key file path', clientId: '0oa-rsa', key: () => path.join(FIXTURES, 'rsa_pkcs8.pem'), alg: 'RS256' },
  { name: 'EC SEC1 PEM', clientId: '0oa-ec', key: () => fixture('ec_sec1.pem'), alg: 'ES256' },
  { name: 'EC PKCS#8 PEM', clientId: '0oa-ec', key: () => fixture('ec_pkcs8.pem'), alg: 'ES256' },
  { name: 'EC JWK', clientId: '0oa-ec', key: () => fixture('ec_private.jwk.json'), alg: 'ES256' },
];

for (const { name, clientId, key, alg } of KEYS) {
  test(`private-key JWT with an ${name}: token request, then Bearer API calls`, async () => {
    const client = new okta.Client({ orgUrl: mock.url, clientId, privateKey: key(), keyId: 'kid-1', scopes: SCOPES });
    assert.equal(client.describe().authorizationMode, 'PrivateKey');
    const users = await client.users.list().all();
    assert.equal(users.length, 2);
    await client.users.get(users[0].id);
    const journal = await mock.journal();
    const [token, ...more] = tokenRequests(journal);
    assert.equal(more.length, 0, 'one token for both calls (cached)');
    assert.equal(token.method, 'POST');
    assert.match(token.headers['content-type'], /^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(token.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), SCOPES.join(' '));
    assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { header, claims } = decodeJwt(form.get('client_assertion'));
    assert.equal(header.alg, alg);
    assert.equal(header.kid, 'kid-1');
    assert.equal(claims.iss, clientId);
    assert.equal(claims.sub, clientId);
    assert.equal(claims.aud, `${mock.url}/oauth2/v1/token`);
    assert.ok(claims.exp > Date.now() / 1000 && claims.exp <= Date.now() / 1000 + 3600);
    assert.match(claims.jti, /\S/);
    const api = apiRequests(journal);
    assert.equal(api.length, 2);
    for (const request of api) assert.match(request.headers.authorization, /^Bearer \S+$/);
    assert.equal(api[0].headers.authorization, api[1].headers.authorization);
  });
}

test('a revoked access token is replaced once, transparently', async () => {
  const client = new okta.Client({ orgUrl: mock.url, clientId: '0oa-ec', privateKey: fixture('ec_pkcs8.pem'), scopes: SCOPES });
  await client.users.list().all();
  await mock.control('POST', 'oauth/revoke');
  await client.users.list().all();
  const journal = await mock.journal();
  assert.equal(tokenRequests(journal).length, 2);
  const api = apiRequests(journal);
  assert.equal(api.length, 3, 'the refused call was sent again with the new token');
  assert.notEqual(api[0].headers.authorization, api[2].headers.authorization);
});

test('token endpoint refusals are typed errors without the assertion or key', async () => {
  const privateKey = fixture('ec_pkcs8.pem');
  // The EC key does not match the RSA client's public key: invalid_client.
  const wrongKey = new okta.Client({ orgUrl: mock.url, clientId: '0oa-rsa', privateKey, scopes: SCOPES, maxRetries: 0 });
  const error = await wrongKey.users.get('x').catch((e) => e);
  assert.ok(error instanceof okta.ApiError, String(error));
  assert.equal(error.status, 401);
  assert.equal(error.errorCode, 'invalid_client');
  const assertion = new URLSearchParams(tokenRequests(await mock.journal())[0].body).get('client_assertion');
  assertNoSecret(error, [assertion, assertion.split('.')[2], privateKeyBody(privateKey)]);
  // A scope the app may not have: invalid_scope.
  const scope = await new okta.Client({ orgUrl: mock.url, clientId: '0oa-rsa', privateKey: fixture('rsa_pkcs8.pem'), scopes: ['okta.apps.manage'] })
    .users.get('x')
    .catch((e) => e);
  assert.ok(scope instanceof okta.BadRequestError, String(scope));
  assert.equal(scope.errorCode, 'invalid_scope');
  // An unknown client id.
  await assert.rejects(
    new okta.Client({ orgUrl: mock.url, clientId: '0oa-nobody', privateKey, scopes: SCOPES }).users.get('x'),
    (e) => e instanceof okta.UnauthorizedError && e.errorCode === 'invalid_client',
  );
  assert.equal(apiRequests(await mock.journal()).length, 0, 'no API request without a token');
});

test('a client registered at runtime (POST /__mock/oauth/clients) with a JWK public key', async () => {
  const jwk = JSON.parse(fixture('ec_private.jwk.json'));
  delete jwk.d;
  await mock.control('POST', 'oauth/clients', { clientId: '0oa-runtime', publicKey: jwk, scopes: ['okta.users.read'] });
  const client = new okta.Client({ orgUrl: mock.url, clientId: '0oa-runtime', privateKey: fixture('ec_sec1.pem'), scopes: 'okta.users.read' });
  assert.equal((await client.users.list().all()).length, 2);
});

// ---------------------------------------------------------------------------------------------
// DPoP

function assertDpopProof(proof, { method, url, ath }) {
  const { header, claims } = decodeJwt(proof);
  assert.equal(header.typ, 'dpop+jwt');
  assert.ok(header.jwk && !header.jwk.d, 'the public key is embedded, never the private part');
  assert.equal(claims.htm, method);
  assert.equal(claims.htu, url);
  assert.match(claims.jti, /\S/);
  if (ath) assert.match(claims.ath, /^[A-Za-z0-9_-]{43}$/);
  return { header, claims };
}

for (const [clientId, key] of [['0oa-dpop', 'ec_pkcs8.pem'], ['0oa-dpop-rsa', 'rsa_pkcs8.pem']]) {
  test(`DPoP from the start (${clientId}): bound token, a proof on every request`, async () => {
    const client = new okta.Client({ orgUrl: mock.url, clientId, privateKey: fixture(key), scopes: SCOPES, dpop: true });
    const users = await client.users.list().all();
    await client.users.get(users[0].id);
    const journal = await mock.journal();
    const [token] = tokenRequests(journal);
    assert.equal(tokenRequests(journal).length, 1);
    const tokenProof = assertDpopProof(token.headers.dpop, { method: 'POST', url: `${mock.url}/oauth2/v1/token` });
    const api = apiRequests(journal);
    assert.equal(api.length, 2);
    for (const request of api) {
      assert.match(request.headers.authorization, /^DPoP \S+$/);
      const proof = assertDpopProof(request.headers.dpop, { method: 'GET', url: `${mock.url}${request.path}`, ath: true });
      assert.deepEqual(proof.header.jwk, tokenProof.header.jwk, 'one DPoP key per client');
    }
  });
}

test('DPoP with server nonces: use_dpop_nonce is answered once, on the token and the API', async () => {
  await mock.configure({ requireDpopNonce: true });
  const client = new okta.Client({ orgUrl: mock.url, clientId: '0oa-dpop', privateKey: fixture('ec_sec1.pem'), scopes: SCOPES, dpop: true });
  assert.equal((await client.users.list().all()).length, 2);
  const journal = await mock.journal();
  const tokens = tokenRequests(journal);
  assert.equal(tokens.length, 2, 'the first token request got use_dpop_nonce');
  assert.equal(decodeJwt(tokens[0].headers.dpop).claims.nonce, undefined);
  assert.match(decodeJwt(tokens[1].headers.dpop).claims.nonce, /\S/);
  const api = apiRequests(journal);
  assert.ok(api.length >= 1 && api.length <= 2, `API requests: ${api.length}`);
  assert.match(decodeJwt(api.at(-1).headers.dpop).claims.nonce, /\S/);
});

test('an app that requires DPoP upgrades a client configured without it', async () => {
  const client = new okta.Client({ orgUrl: mock.url, clientId: '0oa-dpop', privateKey: fixture('ec_pkcs8.pem'), scopes: SCOPES });
  assert.equal((await client.users.list().all()).length, 2);
  const journal = await mock.journal();
  const tokens = tokenRequests(journal);
  assert.equal(tokens.length, 2);
  assert.equal(tokens[0].headers.dpop, undefined);
  assert.ok(tokens[1].headers.dpop);
  assert.match(apiRequests(journal)[0].headers.authorization, /^DPoP /);
});

// ---------------------------------------------------------------------------------------------
// The configuration chain, in child processes with their own HOME and working directory

const CHILD = `
const okta = require(${JSON.stringify(PACKAGE_DIR)});
const options = JSON.parse(process.argv[1] || 'null');
(async () => {
  let out;
  try {
    const client = new okta.Client(options || undefined);
    out = { ok: true, describe: client.describe() };
    if (process.env.CHILD_CALL) out.users = (await client.users.list().all()).length;
  } catch (e) {
    out = { ok: false, name: e.name, code: e.code, message: e.message };
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

/** Runs `new Client(options)` in a child with `HOME`, cwd and `OKTA_CLIENT_*` given. */
function child({ home, cwd, env = {}, options, call = false }) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKTA_CLIENT_') && k !== 'HOME' && k !== 'USERPROFILE'));
  const out = execFileSync(process.execPath, ['-e', CHILD, JSON.stringify(options ?? null)], {
    cwd,
    env: { ...clean, HOME: home, ...env, ...(call ? { CHILD_CALL: '1' } : {}) },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

function tempDirs(t) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'okta-node-config-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const home = path.join(base, 'home');
  const cwd = path.join(base, 'project');
  fs.mkdirSync(path.join(home, '.okta'), { recursive: true });
  fs.mkdirSync(cwd);
  return {
    home,
    cwd,
    writeHome: (text) => fs.writeFileSync(path.join(home, '.okta', 'okta.yaml'), text),
    writeCwd: (text) => fs.writeFileSync(path.join(cwd, 'okta.yaml'), text),
  };
}

const yaml = (client) =>
  `okta:\n  client:\n${Object.entries(client)
    .map(([k, v]) => (typeof v === 'object' ? `    ${k}:\n${Object.entries(v).map(([k2, v2]) => `      ${k2}: ${v2}`).join('\n')}` : `    ${k}: ${v}`))
    .join('\n')}\n`;

test('precedence: ~/.okta/okta.yaml < ./okta.yaml < OKTA_CLIENT_* < explicit options', async (t) => {
  const dirs = tempDirs(t);
  dirs.writeHome(yaml({ orgUrl: 'https://home.okta.com', token: 'home-token', requestTimeout: 11, connectionTimeout: 12, userAgent: 'home-agent/1', rateLimit: { maxRetries: 1 } }));
  let d = child(dirs).describe;
  assert.deepEqual(
    [d.orgUrl, d.timeoutMs, d.connectTimeoutMs, d.maxRetries, d.authorizationMode],
    ['https://home.okta.com', 11000, 12000, 1, 'SSWS'],
  );
  assert.match(d.userAgent, / okta-admin-node\/\S+ node\/\S+ home-agent\/1$/, 'the chain\'s userAgent follows the binding\'s tokens');

  dirs.writeCwd(yaml({ orgUrl: 'https://cwd.okta.com', requestTimeout: 21, rateLimit: { maxRetries: 2 } }));
  d = child(dirs).describe;
  assert.deepEqual([d.orgUrl, d.timeoutMs, d.connectTimeoutMs, d.maxRetries], ['https://cwd.okta.com', 21000, 12000, 2]);

  const env = { OKTA_CLIENT_ORGURL: 'https://env.okta.com', OKTA_CLIENT_RATELIMIT_MAXRETRIES: '3', OKTA_CLIENT_USERAGENT: 'env-agent/3' };
  d = child({ ...dirs, env }).describe;
  assert.deepEqual([d.orgUrl, d.timeoutMs, d.connectTimeoutMs, d.maxRetries], ['https://env.okta.com', 21000, 12000, 3]);
  assert.match(d.userAgent, / env-agent\/3$/);

  d = child({ ...dirs, env, options: { maxRetries: 4, timeoutMs: 0, userAgent: 'explicit/4' } }).describe;
  assert.deepEqual([d.orgUrl, d.timeoutMs, d.connectTimeoutMs, d.maxRetries], ['https://env.okta.com', undefined, 12000, 4]);
  assert.match(d.userAgent, /^okta-admin-rust\/\S+ okta-admin-node\/\S+ node\/\S+ explicit\/4$/);
});

test('the chain\'s credentials reach the wire: the token of the highest source wins', async (t) => {
  const dirs = tempDirs(t);
  dirs.writeHome(yaml({ orgUrl: mock.url, token: 'home-token' }));
  dirs.writeCwd(yaml({ token: mock.token }));
  assert.deepEqual(child({ ...dirs, call: true }).users, 2);
  assert.equal(apiRequests(await mock.journal())[0].headers.authorization, `SSWS ${mock.token}`);
  await mock.clearJournal();
  // The environment beats both files; explicit options beat the environment.
  const env = { OKTA_CLIENT_TOKEN: 'env-token' };
  assert.equal(child({ ...dirs, env, call: true }).name, 'UnauthorizedError');
  assert.equal(child({ ...dirs, env, options: { token: mock.token }, call: true }).users, 2);
  const sent = apiRequests(await mock.journal()).map((r) => r.headers.authorization);
  assert.deepEqual(sent.slice(0, 1), ['SSWS env-token']);
  assert.equal(sent.at(-1), `SSWS ${mock.token}`);
});

test('OAuth from okta.yaml: PrivateKey mode with a key file relative to the project', async (t) => {
  const dirs = tempDirs(t);
  fs.copyFileSync(path.join(FIXTURES, 'ec_pkcs8.pem'), path.join(dirs.cwd, 'key.pem'));
  dirs.writeCwd(
    `okta:\n  client:\n    orgUrl: ${mock.url}\n    authorizationMode: PrivateKey\n    clientId: 0oa-ec\n    privateKey: key.pem\n    scopes:\n      - okta.users.read\n      - okta.groups.read\n`,
  );
  const out = child({ ...dirs, call: true });
  assert.equal(out.describe.authorizationMode, 'PrivateKey');
  assert.equal(out.users, 2);
  assert.equal(tokenRequests(await mock.journal()).length, 1);
});

test('configuration errors name the key and its source', async (t) => {
  const dirs = tempDirs(t);
  const fails = (run, ...patterns) => {
    assert.equal(run.ok, false, JSON.stringify(run));
    assert.equal(run.name, 'ConfigError');
    assert.equal(run.code, 'config');
    for (const pattern of patterns) assert.match(run.message, pattern);
  };
  // Nothing anywhere: where the org URL was looked for.
  fails(child(dirs), /OKTA_CLIENT_ORGURL/, /okta\.client\.orgUrl/);
  dirs.writeHome(yaml({ orgUrl: 'http://insecure.example.com', token: 't' }));
  fails(child(dirs), /okta\.client\.orgUrl from ~\/\.okta\/okta\.yaml/);
  dirs.writeHome(yaml({ orgUrl: 'https://home.okta.com', token: 't' }));
  dirs.writeCwd(yaml({ requestTimeout: 'soon' }));
  fails(child(dirs), /okta\.client\.requestTimeout from \.\/okta\.yaml/, /"soon"/);
  // An explicit option replaces the invalid value.
  assert.equal(child({ ...dirs, options: { timeoutMs: 5000 } }).describe.timeoutMs, 5000);
  fails(child({ ...dirs, env: { OKTA_CLIENT_RATELIMIT_MAXRETRIES: 'lots' }, options: { timeoutMs: 1 } }), /OKTA_CLIENT_RATELIMIT_MAXRETRIES \(env\)/, /"lots"/);
  dirs.writeCwd(yaml({ authorizationMode: 'PrivateKey', clientId: '0oa1', privateKey: 'missing.pem' }));
  fails(child(dirs), /okta\.client\.(scopes|privateKey)|OKTA_CLIENT_(SCOPES|PRIVATEKEY)/);
  dirs.writeCwd('okta:\n  client: [not, a, mapping\n');
  fails(child(dirs), /\.\/okta\.yaml/);
});

// ---------------------------------------------------------------------------------------------
// Secrets never show

test('no string form of a client shows its credentials', () => {
  const secrets = {
    token: 'ssws-secret-00aAbBcC',
    bearerToken: 'bearer-secret-11dDeEfF',
    clientAssertion: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtYXNzZXJ0aW9uIn0.c2lnbmF0dXJlLXNlY3JldA',
    privateKey: fixture('rsa_pkcs8.pem'),
    password: 'proxy-pass-22gGhHiI',
  };
  const clients = [
    new okta.Client({ orgUrl: 'https://dev-1.okta.com', token: secrets.token }),
    new okta.Client({ orgUrl: 'https://dev-1.okta.com', bearerToken: secrets.bearerToken }),
    new okta.Client({ orgUrl: 'https://dev-1.okta.com', clientId: '0oa1', clientAssertion: secrets.clientAssertion, scopes: SCOPES }),
    new okta.Client({ orgUrl: 'https://dev-1.okta.com', clientId: '0oa1', privateKey: secrets.privateKey, scopes: SCOPES, dpop: true }),
    new okta.Client({ orgUrl: 'https://dev-1.okta.com', token: secrets.token, proxy: { host: '127.0.0.1', port: 3128, username: 'u', password: secrets.password } }),
  ];
  const all = [secrets.token, secrets.bearerToken, secrets.clientAssertion, privateKeyBody(secrets.privateKey), secrets.password];
  for (const client of clients) {
    assertNoSecret(client, all);
    assertNoSecret(client.users, all);
    assert.match(String(client), /^Client \{ orgUrl: "https:\/\/dev-1\.okta\.com", authorizationMode: "\w+" \}$/);
    assert.equal(util.inspect(client), String(client));
    assert.deepEqual(JSON.parse(JSON.stringify(client)), JSON.parse(JSON.stringify(client.describe())));
  }
});

test('no error shows the credentials: API, config, connection and proxy errors', async () => {
  const token = 'wrong-secret-token-33jJkK';
  const unauthorized = await new okta.Client({ orgUrl: mock.url, token, maxRetries: 0 }).users.get('x').catch((e) => e);
  assert.ok(unauthorized instanceof okta.UnauthorizedError);
  assertNoSecret(unauthorized, [token]);

  for (const bad of [`${token}\r\nX-Injected: 1`, `${token}\u0000`, `${token}\nX`]) {
    const error = (() => {
      try {
        new okta.Client({ orgUrl: mock.url, token: bad });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof okta.ConfigError, String(error));
    assertNoSecret(error, [token]);
  }
  const bearer = (() => {
    try {
      new okta.Client({ orgUrl: mock.url, bearerToken: `${token}\r\nX-Injected: 1` });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(bearer instanceof okta.ConfigError);
  assertNoSecret(bearer, [token]);

  const password = 'proxy-secret-44lLmMnN';
  const viaProxy = new okta.Client({ orgUrl: 'http://127.0.0.1:9', token, maxRetries: 0, proxy: { host: '127.0.0.1', port: 1, username: 'user', password } });
  const connection = await viaProxy.users.get('x').catch((e) => e);
  assert.ok(connection instanceof okta.OktaConnectionError, String(connection));
  assertNoSecret(connection, [token, password]);

  const badKey = (() => {
    try {
      new okta.Client({ orgUrl: mock.url, clientId: '0oa1', privateKey: `-----BEGIN PRIVATE KEY-----\n${token}\n-----END PRIVATE KEY-----\n`, scopes: SCOPES });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(badKey instanceof okta.ConfigError, String(badKey));
  assertNoSecret(badKey, [token]);
});

