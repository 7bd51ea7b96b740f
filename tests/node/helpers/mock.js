'use strict';
// Starts the okta-mock binary (`OKTA_MOCK_BIN`, default `target/debug/okta-mock`) on a free port
// and talks to its control endpoints.

const { spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOKEN = 'node-test-token';

function mockBinary() {
  const bin = process.env.OKTA_MOCK_BIN || path.join(ROOT, 'target', 'debug', 'okta-mock');
  if (!fs.existsSync(bin)) {
    throw new Error(`okta-mock not found at ${bin}: build it with \`cargo build -p okta-mock\` or set OKTA_MOCK_BIN`);
  }
  return bin;
}

/**
 * Starts a mock; resolves to `{ url, token, stop, journal, clearJournal, configure, stats,
 * control, pid }`. `args` adds command-line flags (e.g. `--oauth-client`).
 */
async function startMock({ users = 0, groups = 0, apps = 0, token = TOKEN, rateLimit, args: extra = [] } = {}) {
  const args = ['--port', '0', '--token', token, '--seed-users', String(users)];
  if (groups) args.push('--seed-groups', String(groups));
  if (apps) args.push('--seed-apps', String(apps));
  if (rateLimit) args.push('--rate-limit', rateLimit);
  args.push(...extra);
  const child = spawn(mockBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`okta-mock did not start within 20 s: ${stderr}`));
    }, 20000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /okta-mock listening on (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`okta-mock exited with ${code} before listening: ${stderr}`));
    });
  });
  const control = async (method, route, body) => {
    const response = await fetch(`${url}/__mock/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /__mock/${route}: HTTP ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    token,
    pid: child.pid,
    /** Any control endpoint: `control('POST', 'oauth/clients', {...})`. */
    control,
    /** The requests received so far: `{ method, path, query, headers, body }`. */
    journal: () => control('GET', 'requests'),
    clearJournal: () => control('DELETE', 'requests'),
    configure: (config) => control('POST', 'config', config),
    stats: () => control('GET', 'stats'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

module.exports = { startMock, ROOT, TOKEN };
