'use strict';
// The exported API is exactly the IR's operation set: one method per operation, under the same
// resource as in Rust, in camelCase; and `index.d.ts` declares the same methods.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, startMock } = require('./helpers/mock.js');
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
  // Helpers built on an operation, besides its own method.
  const helpers = new Set(['systemLog.tail']);
  const actual = new Set([...exportedMethods()].filter((m) => !helpers.has(m)));
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

/** The runtime's operation table, shared by Rust, Python and Node. */
const RUNTIME_OPS = path.join(PACKAGE_DIR, '..', '..', 'crates', 'okta-admin-runtime', 'src', 'generated', 'ops.rs');

test('the runtime\'s ops.rs, client.js and the IR agree on operation indices', () => {
  const table = fs.readFileSync(RUNTIME_OPS, 'utf8');
  const ids = [...table.matchAll(/^ {8}id: "([^"]+)",$/gm)].map((m) => m[1]);
  assert.deepEqual(ids, ir.operations.map((op) => op.id));
  const js = fs.readFileSync(path.join(PACKAGE_DIR, 'src', 'generated', 'client.js'), 'utf8');
  // One method per operation (helpers such as `tail` run through their own runner).
  const calls = [...js.matchAll(/^ {2}(\w+)\([^)]*\) \{ return (?!tail\()\w+\(this\[NATIVE\], (\d+), OPS\[\2\],/gm)];
  assert.equal(calls.length, ir.operations.length);
  for (const [, method, index] of calls) assert.equal(jsMethod(ir.operations[Number(index)].name), method);
});

// Issue 9: the IR's per-language names are the names the Node package really has.

test('every operation\'s calls.node resolves to a function on a Client instance', () => {
  const missing = [];
  for (const op of ir.operations) {
    const [resource, method, ...rest] = op.calls.node.split('.');
    const fn = rest.length === 0 && client[resource] ? client[resource][method] : undefined;
    if (typeof fn !== 'function') missing.push(`${op.id}: ${op.calls.node}`);
  }
  assert.deepEqual(missing, []);
});

/** The options keys of each operation in client.js's `OPS` table (by operation id, in IR order). */
function tableOptionKeys() {
  const js = fs.readFileSync(path.join(PACKAGE_DIR, 'src', 'generated', 'client.js'), 'utf8');
  const keys = new Map();
  for (const m of js.matchAll(/^ {2}\/\* (\d+) \*\/ \[\d, \[(.*)\]\],$/gm)) {
    const found = new Set([...m[2].matchAll(/"([^"]+)"/g)].map((k) => k[1]));
    keys.set(ir.operations[Number(m[1])].id, found);
  }
  return keys;
}

test('each optional query, header and body param\'s names.node is an options key of the op table and of index.d.ts', () => {
  const ts = require(path.join(PACKAGE_DIR, 'node_modules', 'typescript'));
  const file = path.join(PACKAGE_DIR, 'index.d.ts');
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [], target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const clientClass = source.statements.find((s) => ts.isClassDeclaration(s) && s.name && s.name.text === 'Client');
  /** `resource.method` → the parameters of its first (main) signature. */
  const signatures = new Map();
  for (const member of clientClass.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const api = checker.getTypeFromTypeNode(member.type);
    for (const property of checker.getPropertiesOfType(api)) {
      const [declaration] = property.getDeclarations();
      signatures.set(`${member.name.text}.${property.name}`, declaration.parameters);
    }
  }
  const hasProperty = (type, key) =>
    type.isUnionOrIntersection() ? type.types.some((t) => hasProperty(t, key)) : Boolean(checker.getPropertyOfType(type, key));

  const table = tableOptionKeys();
  const problems = [];
  let checked = 0;
  for (const op of ir.operations) {
    const parameters = signatures.get(op.calls.node);
    if (!parameters) {
      problems.push(`${op.calls.node}: not declared`);
      continue;
    }
    const optionsParam = parameters.find((p) => p.name.text === 'options');
    const optionsType = optionsParam && checker.getTypeFromTypeNode(optionsParam.type);
    const positionalNames = parameters.map((p) => p.name.text.replace(/_$/, ''));
    for (const param of op.params) {
      const key = param.names.node;
      const positional = param.in === 'path' || (param.required && (param.in === 'query' || param.in === 'header'));
      if (positional) {
        if (!positionalNames.includes(key)) problems.push(`${op.id}: positional \`${key}\` not in (${positionalNames})`);
        continue;
      }
      checked++;
      if (!table.get(op.id) || !table.get(op.id).has(key)) problems.push(`${op.id}: \`${key}\` not an options key of ops.rs`);
      if (!optionsType || !hasProperty(optionsType, key)) problems.push(`${op.id}: \`${key}\` not in the options type of index.d.ts`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 1000, `checked ${checked} options keys`);
});

test('a query param whose wire name differs from names.node is sent under its wire name', async () => {
  const op = ir.operations.find((o) => o.params.some((p) => p.in === 'query' && !p.required && p.names.node !== p.name));
  assert.ok(op, 'the IR has such a param (e.g. stream_id)');
  const param = op.params.find((p) => p.in === 'query' && !p.required && p.names.node !== p.name);
  const mock = await startMock();
  try {
    const online = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
    const [resource, method] = op.calls.node.split('.');
    const positional = op.params.filter((p) => p.in === 'path' || (p.required && p.in !== 'body')).map(() => 'x');
    const call = (options) => Promise.resolve().then(() => online[resource][method](...positional, options, undefined)).then(() => null, (e) => e);
    // The IR's name is accepted and sent under the wire name; the wire name is an unknown option.
    const accepted = await call({ [param.names.node]: 'v w' });
    assert.ok(accepted === null || accepted instanceof okta.ApiError, String(accepted));
    const [sent] = await mock.journal();
    assert.ok(sent.query.split('&').includes(`${param.name}=v%20w`), sent.query);
    const refused = await call({ [param.name]: 'v' });
    assert.ok(refused instanceof okta.InvalidRequestError && /unknown option/.test(refused.message), String(refused));
    assert.equal((await mock.journal()).length, 1);
  } finally {
    await mock.stop();
  }
});
