'use strict';
// Loads the native addon: `OKTA_ADMIN_NATIVE` if set, then a build in this folder
// (`npx napi build --release` makes `okta-admin.node`, `--platform` makes
// `okta-admin.<platform>.node`), then the published per-platform package
// (`okta-admin-linux-x64-gnu`, …), installed by npm as an optional dependency.

const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');
const BINARY = 'okta-admin';

function candidates() {
  const found = [];
  if (process.env.OKTA_ADMIN_NATIVE) found.push(path.resolve(process.env.OKTA_ADMIN_NATIVE));
  found.push(path.join(PACKAGE_DIR, `${BINARY}.node`));
  // `napi build --platform` names the file after the target, e.g. okta-admin.linux-x64-gnu.node.
  const prefix = `${BINARY}.${process.platform}-${process.arch}`;
  let names = [];
  try {
    names = fs.readdirSync(PACKAGE_DIR);
  } catch {
    // An unreadable package folder leaves the default candidate only.
  }
  const musl = process.platform === 'linux' && isMusl();
  for (const name of names.sort()) {
    if (!name.startsWith(prefix) || !name.endsWith('.node')) continue;
    if (process.platform === 'linux' && name.includes('-musl') !== musl) continue;
    found.push(path.join(PACKAGE_DIR, name));
  }
  return found;
}

// The per-platform package napi-rs publishes for this machine (see `napi.targets`).
function platformPackage() {
  const abi = { linux: isMusl() ? '-musl' : '-gnu', win32: '-msvc' }[process.platform] || '';
  return `${BINARY}-${process.platform}-${process.arch}${abi}`;
}

function isMusl() {
  try {
    const report = process.report && process.report.getReport();
    return !(report && report.header && report.header.glibcVersionRuntime);
  } catch {
    return false;
  }
}

function load() {
  const tried = [];
  for (const file of candidates()) {
    if (!fs.existsSync(file)) {
      tried.push(`${file} (missing)`);
      continue;
    }
    try {
      return require(file);
    } catch (error) {
      tried.push(`${file} (${error.message})`);
    }
  }
  const pkg = platformPackage();
  try {
    return require(pkg);
  } catch (error) {
    tried.push(`package ${pkg} (${error.code === 'MODULE_NOT_FOUND' ? 'not installed' : error.message})`);
  }
  throw new Error(
    `okta-admin: no loadable native addon for ${process.platform}-${process.arch}. ` +
      `Reinstall okta-admin so that npm installs ${pkg}, or build the addon with ` +
      `\`npm ci && npx napi build --release\` in ${PACKAGE_DIR}. Tried:\n  ${tried.join('\n  ')}`,
  );
}

module.exports = load();
