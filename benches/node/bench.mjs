// Node side of `cargo xtask bench`: `okta-admin` (bindings/node) against Okta's official SDK
// (`@okta/okta-sdk-nodejs`, pinned in package.json, installed in this folder's node_modules).
//
//   node bench.mjs import --impl ours|okta --url URL --token T
//   node bench.mjs run    --impl ours|okta --url URL --token T --ids FILE
//                         [--users N] [--limit 200] [--gets 2000] [--concurrency 32]
//
// Each prints one JSON line. `import` times loading the package plus constructing one client (the
// time to a usable client: okta-admin loads its native addon on first use, which the client
// construction includes). `run` does one warm-up `get user`, then (a) lists every user page by
// page, (b) gets `--gets` users one after the other, (c) gets them again with `--concurrency` in
// flight, and reports the seconds of each (wall clock, and CPU time of the whole process from
// process.cpuUsage()) and the process's peak RSS (VmHWM).
//
// Shims for the official SDK, kept here: none is needed for the http org URL (v8 has no https
// check), but its default response cache (an in-memory cache of every GET) is turned off with
// `cacheMiddleware: null`, so that every `get user` is a request, as it is for okta-admin.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OURS = pathToFileURL(resolve(HERE, '../../bindings/node/index.mjs')).href;
const OFFICIAL = '@okta/okta-sdk-nodejs';

function parseArgs(argv) {
  const args = { mode: argv[0], limit: 200, gets: 2000, concurrency: 32 };
  for (let i = 1; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i]} needs a value`);
    args[name] = ['users', 'limit', 'gets', 'concurrency'].includes(name) ? Number(value) : value;
  }
  if (!['import', 'run'].includes(args.mode)) throw new Error('usage: bench.mjs import|run --impl ours|okta …');
  if (!['ours', 'okta'].includes(args.impl)) throw new Error(`--impl must be ours or okta, not ${args.impl}`);
  return args;
}

function peakRssKb() {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.split(/\s+/)[1]) : 0;
}

/** Loads one implementation and returns uniform `list`, `get` and a client. */
async function load(impl, url, token) {
  if (impl === 'ours') {
    const okta = await import(OURS);
    const client = new okta.Client({ orgUrl: url, token });
    return {
      async list(limit, onUser) {
        for await (const user of client.users.list({ limit })) onUser(user);
      },
      get: (id) => client.users.get(id),
    };
  }
  const okta = await import(OFFICIAL);
  const Client = okta.Client || okta.default.Client;
  const client = new Client({ orgUrl: url, token, cacheMiddleware: null });
  return {
    async list(limit, onUser) {
      const users = await client.userApi.listUsers({ limit });
      for await (const user of users) onUser(user);
    },
    get: (id) => client.userApi.getUser({ userId: id }),
  };
}

async function inFlight(ids, concurrency, get) {
  let next = 0;
  const worker = async () => {
    while (next < ids.length) await get(ids[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'import') {
    const started = performance.now();
    await load(args.impl, args.url, args.token);
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ impl: args.impl, import_client_s: seconds }));
    return;
  }
  const base = readFileSync(args.ids, 'utf8').split('\n').filter(Boolean);
  const ids = [];
  while (ids.length < args.gets) ids.push(...base);
  ids.length = args.gets;

  const sdk = await load(args.impl, args.url, args.token);
  await sdk.get(ids[0]); // warm-up: an open connection

  // Wall clock and CPU time of the whole process (all threads: V8, libuv, the addon's runtime).
  const phase = async (work) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpu);
    return [(performance.now() - started) / 1000, (used.user + used.system) / 1e6];
  };
  let listed = 0;
  const [list_s, list_cpu_s] = await phase(() => sdk.list(args.limit, () => { listed += 1; }));
  const [seq_s, seq_cpu_s] = await phase(async () => { for (const id of ids) await sdk.get(id); });
  const [conc_s, conc_cpu_s] = await phase(() => inFlight(ids, args.concurrency, sdk.get));

  if (args.users !== undefined && listed !== args.users) {
    throw new Error(`listed ${listed} users, expected ${args.users}`);
  }
  console.log(JSON.stringify({
    impl: args.impl, list_s, listed, seq_s, conc_s, list_cpu_s, seq_cpu_s, conc_cpu_s, gets: ids.length, rss_kb: peakRssKb(),
  }));
}

main().catch((error) => {
  console.error(`bench.mjs: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
