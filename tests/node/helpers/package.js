'use strict';
// The package under test: `bindings/node`, loaded the way its users load it.

const path = require('node:path');

const PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..', 'bindings', 'node');
const okta = require(PACKAGE_DIR);

module.exports = { okta, PACKAGE_DIR };
