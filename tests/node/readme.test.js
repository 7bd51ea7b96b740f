'use strict';
// The README's Node examples run, as written, against okta-mock; the names they leave to the
// reader (`orgUrl`, `token`, `email`, `id`, …) are defined first.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startMock } = require('./helpers/mock.js');
const { okta, PACKAGE_DIR } = require('./helpers/package.js');

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'crates', 'okta-admin-runtime', 'tests', 'fixtures');

function readmeBlocks(language) {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

test('the README Node examples run', async () => {
  const blocks = readmeBlocks('js');
  assert.equal(blocks.length, 3, "the README's Node examples");
  const mock = await startMock({ users: 3, apps: 1 });
  try {
    const setup = new okta.Client({ orgUrl: mock.url, token: mock.token });
    const [first] = await setup.users.list({ limit: 1 }).nextPage().then((p) => p.items);
    const [app] = await setup.applications.list().nextPage().then((p) => p.items);
    const names = {
      orgUrl: mock.url,
      token: mock.token,
      email: 'ada@example.com',
      login: 'ada@example.com',
      id: first.id,
      appId: app.id,
      csrId: 'csr1',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pemBuffer: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'),
      pem: fs.readFileSync(path.join(FIXTURES, 'rsa_pkcs8.pem'), 'utf8'),
    };
    const source = blocks.join('\n').replaceAll("require('okta-admin')", 'require(PACKAGE_DIR)');
    const logged = [];
    const run = new Function('require', 'PACKAGE_DIR', 'console', ...Object.keys(names), `return (async () => {\n${source}\n})();`);
    const console = { log: (...args) => logged.push(args.join(' ')) };
    await run(require, PACKAGE_DIR, console, ...Object.values(names));
    assert.ok(logged.some((line) => line.startsWith('404 E0000007')), logged.join('\n'));
  } finally {
    mock.stop();
  }
});
