'use strict';
// The exported API is exactly the IR's operation set: one method per operation, under the same
// resource as in Rust, in camelCase; and `index.d.ts` declares the same methods.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT } = require('./helpers/mock.js');
const { okta, PACKAGE_DIR } = require('./helpers/package.js');

/** The IR (`cargo xtask ir`), or the JSON file named by `OKTA_IR_JSON`. */
function loadIr() {
  if (process.env.OKTA_IR_JSON) return JSON.parse(fs.readFileSync(process.env.OKTA_IR_JSON, 'utf8'));
  const out = execFileSync('cargo', ['xtask', 'ir'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out);
}

/** snake_case (as the IR spells resources and methods) to camelCase. */
const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const RESERVED_MEMBERS = new Set(['constructor', 'then', 'catch', 'finally', '__proto__', 'prototype']);
const jsMethod = (name) => (RESERVED_MEMBERS.has(camel(name)) ? `${camel(name)}_` : camel(name));

const ir = loadIr();
const client = new okta.Client({ orgUrl: 'https://example.okta.com', token: 'unused' });

function exportedMethods() {
  const found = new Set();
  for (const [resource, object] of Object.entries(client)) {
    const proto = Object.getPrototypeOf(object);
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof proto[name] === 'function') found.add(`${resource}.${name}`);
    }
  }
  return found;
}

test('the client exposes exactly one method per IR operation', () => {
  assert.equal(ir.operations.length, 705);
  const expected = new Set(ir.operations.map((op) => `${camel(op.resource)}.${jsMethod(op.name)}`));
  assert.equal(expected.size, ir.operations.length, 'operations map to distinct methods');
  const actual = exportedMethods();
  assert.deepEqual([...actual].filter((m) => !expected.has(m)), [], 'methods without an operation');
  assert.deepEqual([...expected].filter((m) => !actual.has(m)), [], 'operations without a method');
  assert.deepEqual(Object.keys(client).sort(), ir.resources.map((r) => camel(r.name)).sort());
});

test('each method takes its required parameters positionally, then options and call options', () => {
  for (const op of ir.operations) {
    const fn = client[camel(op.resource)][jsMethod(op.name)];
    const positional = op.params.filter((p) => p.in === 'path' || (p.required && (p.in === 'query' || p.in === 'header')));
    const hasBody = op.body_kind ? op.body_kind !== 'none' : Boolean(op.body_model || op.untyped_body);
    const hasOptions = op.params.some((p) => !positional.includes(p)) || hasBody;
    assert.equal(fn.length, positional.length + (hasOptions ? 1 : 0) + 1, `${op.id}: ${fn}`);
  }
});

test('index.d.ts declares the same resources and methods', () => {
  const ts = require(path.join(PACKAGE_DIR, 'node_modules', 'typescript'));
  const file = path.join(PACKAGE_DIR, 'index.d.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const interfaces = new Map();
  let clientMembers;
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isClassDeclaration(statement) && statement.name && statement.name.text === 'Client') clientMembers = statement.members;
  }
  assert.ok(clientMembers, 'index.d.ts declares Client');
  const declared = new Set();
  for (const member of clientMembers) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const resource = member.name.text;
    const type = member.type.typeName.text;
    const api = interfaces.get(type);
    assert.ok(api, `interface ${type} of ${resource}`);
    for (const method of api.members) {
      assert.ok(ts.isMethodSignature(method), `${type}: only methods`);
      declared.add(`${resource}.${method.name.text}`);
      assert.ok(ts.getJSDocCommentsAndTags(method).length > 0 || /\/\*\*/.test(method.getFullText(source)), `${resource}.${method.name.text} is documented`);
    }
  }
  assert.deepEqual([...declared].sort(), [...exportedMethods()].sort());
});

test('ops.rs, client.js and the IR agree on operation indices', () => {
  const table = fs.readFileSync(path.join(PACKAGE_DIR, 'src', 'generated', 'ops.rs'), 'utf8');
  const ids = [...table.matchAll(/^ {8}id: "([^"]+)",$/gm)].map((m) => m[1]);
  assert.deepEqual(ids, ir.operations.map((op) => op.id));
  const js = fs.readFileSync(path.join(PACKAGE_DIR, 'src', 'generated', 'client.js'), 'utf8');
  const calls = [...js.matchAll(/^ {2}(\w+)\([^)]*\) \{ return \w+\(this\[NATIVE\], (\d+),/gm)];
  assert.equal(calls.length, ir.operations.length);
  for (const [, method, index] of calls) assert.equal(jsMethod(ir.operations[Number(index)].name), method);
});
