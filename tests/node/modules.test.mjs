// Both module systems load the package by name: `require('okta-admin')` and
// `import { Client } from 'okta-admin'` give the same objects.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { PACKAGE_DIR } = require('./helpers/package.js');

/** A temporary project with `okta-admin` installed (linked) in its node_modules. */
function project() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okta-admin-node-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(PACKAGE_DIR, path.join(dir, 'node_modules', 'okta-admin'), 'dir');
  return dir;
}

const run = (dir, file, code) => {
  fs.writeFileSync(path.join(dir, file), code);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }));
};

const PROBE = `
  const c = new Client({ orgUrl: 'https://example.okta.com', token: 't' });
  const out = {
    client: typeof Client,
    users: typeof c.users.list,
    apps: typeof c.applications.get,
    error: new NotFoundError('x') instanceof OktaError,
    agent: c.describe().userAgent,
  };
`;

test('CommonJS require by package name', () => {
  const dir = project();
  try {
    const out = run(dir, 'main.cjs', `
      const { Client, NotFoundError, OktaError } = require('okta-admin');
      ${PROBE}
      out.keys = Object.keys(require('okta-admin')).sort();
      console.log(JSON.stringify(out));
    `);
    assert.equal(out.client, 'function');
    assert.equal(out.users, 'function');
    assert.equal(out.apps, 'function');
    assert.equal(out.error, true);
    assert.match(out.agent, /okta-admin-node\/\d+\.\d+\.\d+ node\//);
    assert.ok(out.keys.includes('Client') && out.keys.includes('RateLimitError'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ES module import by package name, same objects as require', () => {
  const dir = project();
  try {
    const out = run(dir, 'main.mjs', `
      import { Client, NotFoundError, OktaError } from 'okta-admin';
      import * as esm from 'okta-admin';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('okta-admin');
      ${PROBE}
      out.same = Client === cjs.Client && NotFoundError === cjs.NotFoundError && esm.default === cjs;
      out.keys = Object.keys(esm).filter((k) => k !== 'default').sort();
      out.cjsKeys = Object.keys(cjs).sort();
      console.log(JSON.stringify(out));
    `);
    assert.equal(out.client, 'function');
    assert.equal(out.users, 'function');
    assert.equal(out.error, true);
    assert.equal(out.same, true);
    assert.deepEqual(out.keys, out.cjsKeys, 'index.mjs exports everything index.js does');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
