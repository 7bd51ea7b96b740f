'use strict';
// CommonJS entry of `okta-admin`: the generated `Client`, the runtime's public classes and the
// error classes (generated from `specs/errors.tsv`, the same names as in Python).

const runtime = require('./lib/runtime.js');
const errors = require('./src/generated/errors.js');
const { Client } = require('./src/generated/client.js');

module.exports = {
  Client,
  ClientBase: runtime.ClientBase,
  Paginated: runtime.Paginated,
  ...errors.CLASSES,
};
