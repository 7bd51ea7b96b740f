'use strict';
// `tsc --strict --noEmit` accepts typing-example.ts against the generated index.d.ts (and
// rejects each of its `@ts-expect-error` lines).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { PACKAGE_DIR } = require('./helpers/package.js');

const tsc = path.join(PACKAGE_DIR, 'node_modules', 'typescript', 'bin', 'tsc');

test('typing-example.ts type-checks under --strict', { skip: !fs.existsSync(tsc) && 'typescript is not installed (npm install in bindings/node)' }, () => {
  let output = '';
  try {
    output = execFileSync(process.execPath, [tsc, '--strict', '--noEmit', '-p', path.join(__dirname, 'tsconfig.json')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
  assert.equal(output.trim(), '');
});
