'use strict';
// Checks shared by several test files.

const assert = require('node:assert/strict');
const util = require('node:util');

/** Percent-encodes all but RFC 3986 unreserved characters, as the client does for path segments and query values. */
function encodeRfc3986(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The PEM body of a key, without its armor lines. */
function privateKeyBody(pem) {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
}

/**
 * Asserts that no string form of `value` (String, inspect with hidden fields, JSON, and for
 * errors message, stack, fields and cause) holds any of `secrets`, or a 24-character piece of a
 * longer one.
 */
function assertNoSecret(value, secrets) {
  const forms = [
    String(value),
    util.inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? '',
  ];
  if (value instanceof Error) {
    forms.push(value.message, value.stack ?? '', JSON.stringify(Object.entries(value)), util.inspect(value.cause, { depth: Infinity }));
  }
  if (value && typeof value.describe === 'function') forms.push(JSON.stringify(value.describe()));
  const text = forms.join('\n');
  for (const secret of secrets.filter(Boolean)) {
    const middle = Math.floor(secret.length / 2);
    const pieces = secret.length <= 24 ? [secret] : [secret.slice(0, 24), secret.slice(-24), secret.slice(middle, middle + 24)];
    for (const piece of pieces) assert.ok(!text.includes(piece), `a secret piece shows: ${piece}\n${text.slice(0, 2000)}`);
  }
}

module.exports = { encodeRfc3986, privateKeyBody, assertNoSecret };
