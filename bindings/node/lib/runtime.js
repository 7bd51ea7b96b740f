'use strict';
// The hand-written runtime behind the generated resource classes (`src/generated/client.js`):
// encodes each call's arguments as one JSON string for the native addon, decodes the JSON it
// resolves to, maps its rejections to `OktaError` subclasses, and wraps list calls in lazy
// `Paginated` iterables. HTTP, auth, retries, rate limits and pagination live in the Rust core.

const { EventEmitter } = require('node:events');

const VERSION = require('../package.json').version;

/** The property holding a client's event emitter (made on the first `on`). */
const EVENTS = Symbol('okta-admin.events');
const EVENT_TYPES = ['request', 'response', 'retry'];

function checkEventType(type) {
  if (!EVENT_TYPES.includes(type)) {
    throw new InvalidRequestError(`unknown event \`${String(type)}\` (events: ${EVENT_TYPES.join(', ')})`);
  }
  return type;
}

/** The property holding a client's native half (not enumerable, not part of the API). */
const NATIVE = Symbol('okta-admin.native');
/** Starts the message of every rejection the addon describes as JSON (see `src/errors.rs`). */
const MARKER = '\u0001okta-admin-error\u0001';

let addon;
function loadAddon() {
  if (addon === undefined) addon = require('./native.js');
  return addon;
}

// ---------------------------------------------------------------------------------------------
// Errors (the classes are generated from `specs/errors.tsv`, with the same names as in Python)

const errors = require('../src/generated/errors.js');
const { OktaError, DecodeError, InvalidRequestError, ConfigError, InternalError, fromDescription } = errors;

/** The `OktaError` for anything the addon threw. */
function toError(error, Fallback = InternalError) {
  if (error instanceof OktaError) return error;
  const message = error && typeof error.message === 'string' ? error.message : String(error);
  if (message.startsWith(MARKER)) {
    try {
      return fromDescription(JSON.parse(message.slice(MARKER.length)));
    } catch {
      // Not a description after all: fall through.
    }
  }
  return new Fallback(message, undefined, { cause: error });
}

// ---------------------------------------------------------------------------------------------
// Calls

function encode(args) {
  try {
    return JSON.stringify(args);
  } catch (error) {
    throw new InvalidRequestError(`the arguments cannot be sent as JSON: ${error.message}`, undefined, { cause: error });
  }
}

/** Bytes of a binary body: Buffer and typed arrays as they are, ArrayBuffers wrapped, strings as UTF-8. */
function toBuffer(data, what) {
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer)) {
    return Buffer.from(data);
  }
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  throw new InvalidRequestError(`${what} must be a Buffer, Uint8Array, ArrayBuffer or string`);
}

/** Body kinds of the generated operation table (`OPS` in `src/generated/client.js`). */
const BODY = { NONE: 0, FIELDS: 1, JSON: 2, TEXT: 3, BYTES: 4, FILE: 5 };
/** Options keys that carry a body, by body kind. */
const BODY_KEYS = [[], ['body'], ['body'], ['body'], ['body', 'contentType'], ['file']];

/**
 * Maps a generated method's arguments onto the operation's parameters (in the order of the
 * runtime's table) and splits off the body: `{ encoded, bytes, raw }`, where `encoded` is the
 * JSON text `[values, body, file, callOptions]` the addon binds with `Call::from_op`.
 */
function bind(spec, positional, options, callOptions) {
  const [bodyKind, sources] = spec;
  const given = options === undefined || options === null ? undefined : options;
  if (given !== undefined && (typeof given !== 'object' || Array.isArray(given))) {
    throw new InvalidRequestError('the options argument must be an object');
  }
  const values = new Array(sources.length);
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    values[i] = typeof source === 'number' ? positional[source] : given === undefined ? undefined : given[source];
  }
  const keys = optionKeys(spec);
  let extra;
  if (given !== undefined) {
    for (const key in given) {
      if (!Object.hasOwn(given, key) || keys.has(key)) continue;
      if (bodyKind === BODY.FIELDS) {
        // A body field the spec does not declare: sent as given (the server decides).
        if (extra === undefined) extra = {};
        extra[key] = given[key];
        continue;
      }
      const known = [...keys].join(', ') || 'none';
      throw new InvalidRequestError(`unknown option \`${key}\` (known options: ${known})`);
    }
  }
  let rest = callOptions === undefined ? null : callOptions;
  let raw = false;
  let signal;
  if (rest !== null) {
    if (typeof rest !== 'object') throw new InvalidRequestError('the call options must be an object');
    for (const key in rest) {
      if (keys.has(key) && key !== 'body') {
        throw new InvalidRequestError(`\`${key}\` belongs in the options object, not in the call options (the last argument)`);
      }
    }
    if (Object.hasOwn(rest, 'raw')) {
      ({ raw, ...rest } = rest);
      if (raw !== undefined && raw !== null && typeof raw !== 'boolean') {
        throw new InvalidRequestError('`raw` in the call options must be a boolean');
      }
      raw = raw === true;
    }
    if (Object.hasOwn(rest, 'signal')) {
      ({ signal, ...rest } = rest);
      checkSignal(signal);
    }
    checkNumbers(rest);
  }
  let body = null;
  let file = null;
  let bytes;
  if (given !== undefined && bodyKind !== BODY.NONE) {
    if (bodyKind === BODY.FIELDS || bodyKind === BODY.JSON || bodyKind === BODY.TEXT) {
      body = given.body === undefined ? null : given.body;
      if (extra !== undefined) {
        if (body !== null && (typeof body !== 'object' || Array.isArray(body))) {
          throw new InvalidRequestError('`body` must be an object when other body fields are given');
        }
        body = { ...(body || {}), ...extra };
      }
    } else if (bodyKind === BODY.BYTES) {
      if (given.body !== undefined && given.body !== null) bytes = toBuffer(given.body, '`body`');
      if (given.contentType !== undefined && given.contentType !== null) file = { contentType: given.contentType };
    } else if (bodyKind === BODY.FILE && given.file !== undefined && given.file !== null) {
      if (typeof given.file !== 'object') throw new InvalidRequestError('`file` must be an object: { data, fileName?, mediaType? }');
      const { data, ...meta } = given.file;
      if (data !== undefined && data !== null) bytes = toBuffer(data, '`file.data`');
      file = meta;
    }
  }
  return { encoded: encode([values, body, file, rest]), bytes, raw, signal };
}

/** Numbers of the call options: JSON would turn `NaN` and `Infinity` into `null` (unset). */
const CALL_NUMBERS = ['timeoutMs', 'maxRetries', 'maxResponseBytes'];

function checkNumbers(options) {
  for (const key of CALL_NUMBERS) {
    const value = options[key];
    if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new InvalidRequestError(`\`${key}\` must be a non-negative number, not ${String(value)}`);
    }
  }
}

/** An `AbortSignal` (or `null`/`undefined`), or an `InvalidRequestError`. */
function checkSignal(signal) {
  if (signal === undefined || signal === null) return;
  if (typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
    throw new InvalidRequestError('`signal` must be an AbortSignal');
  }
}

/**
 * Runs a native call, `start(abortId)`. With an `AbortSignal`, aborting it stops the call (the
 * request is dropped) and the promise rejects with the signal's reason, as `fetch` does.
 */
async function settle(native, signal, start) {
  if (signal === undefined || signal === null) {
    try {
      return await start(undefined);
    } catch (error) {
      throw toError(error);
    }
  }
  signal.throwIfAborted();
  const id = native.abortable();
  const onAbort = () => native.abort(id);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await start(id);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw toError(error);
  } finally {
    signal.removeEventListener('abort', onAbort);
    native.release(id);
  }
}

/** The options keys of an operation (its optional parameters and body keys), computed once per operation. */
const KEYS = new WeakMap();
function optionKeys(spec) {
  let keys = KEYS.get(spec);
  if (keys === undefined) {
    keys = new Set(BODY_KEYS[spec[0]]);
    for (const source of spec[1]) if (typeof source === 'string') keys.add(source);
    KEYS.set(spec, keys);
  }
  return keys;
}

/** Sends a call: `{ status, body }` (the body as text), or with `raw` the whole response (`{ status, headers, body }`). */
async function invoke(native, op, spec, positional, options, callOptions) {
  const { encoded, bytes, raw, signal } = bind(spec, positional, options, callOptions);
  const result = await settle(native, signal, (abort) => (raw ? native.callRaw(op, encoded, bytes, abort) : native.call(op, encoded, bytes, abort)));
  return { raw, result };
}

/** The value of a JSON body; an empty body is `null`. */
function decode(text, status) {
  if (text == null || text === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') return null;
    throw new DecodeError(`could not decode the response body: ${error.message}`, { status, body: text }, { cause: error });
  }
}

/** `{ data, status, headers, body }` of a whole response whose body `toData` decodes. */
function rawResult(response, toData) {
  const body = response.body;
  return { data: toData(body, response.status), status: response.status, headers: response.headers, body };
}

/** A call whose response is JSON. */
async function json(native, op, spec, positional, options, callOptions) {
  const { raw, result } = await invoke(native, op, spec, positional, options, callOptions);
  return raw ? rawResult(result, (body, status) => decode(body.toString('utf8'), status)) : decode(result.body, result.status);
}

/** A call without a response body. */
async function empty(native, op, spec, positional, options, callOptions) {
  const { raw, result } = await invoke(native, op, spec, positional, options, callOptions);
  return raw ? rawResult(result, () => undefined) : undefined;
}

/** A call whose response is text. */
async function text(native, op, spec, positional, options, callOptions) {
  const { raw, result } = await invoke(native, op, spec, positional, options, callOptions);
  if (raw) return rawResult(result, (body) => body.toString('utf8'));
  return result.body == null ? '' : result.body;
}

/** A call whose response is bytes: a `Buffer`. */
async function bytes(native, op, spec, positional, options, callOptions) {
  const { encoded, bytes: body, raw, signal } = bind(spec, positional, options, callOptions);
  const result = await settle(native, signal, (abort) => native.callRaw(op, encoded, body, abort));
  return raw ? rawResult(result, (data) => data) : result.body;
}

/** A list call. */
function pages(native, op, spec, positional, options, callOptions) {
  return new Paginated(native, op, spec, positional, options, callOptions);
}

/** A list call that polls for new items (the System Log's `tail`): `intervalMs` between empty pages. */
function tail(native, op, spec, positional, options, callOptions) {
  const given = callOptions === undefined || callOptions === null ? {} : callOptions;
  if (typeof given !== 'object') throw new InvalidRequestError('the call options must be an object');
  const { intervalMs = 10000, ...rest } = given;
  if (!(typeof intervalMs === 'number' && Number.isFinite(intervalMs) && intervalMs >= 0)) {
    throw new InvalidRequestError('`intervalMs` must be a non-negative number of milliseconds');
  }
  if (options && options.until !== undefined) throw new InvalidRequestError('`tail` polls from `since`; it takes no `until`');
  return new Paginated(native, op, spec, positional, options, rest, intervalMs);
}

// ---------------------------------------------------------------------------------------------
// Pagination

/** A native pager that reports each page to `onPage({ pages, items, status })`. */
function withProgress(pager, onPage) {
  if (onPage === undefined) return pager;
  let pages = 0;
  let items = 0;
  return {
    async nextPage(abort) {
      const page = await pager.nextPage(abort);
      if (page !== null && page !== undefined) {
        // Decoded once, here, for the count (and handed on decoded).
        page.decoded = decode(page.body, page.status);
        pages += 1;
        items += Array.isArray(page.decoded) ? page.decoded.length : 0;
        onPage({ pages, items, status: page.status });
      }
      return page;
    },
  };
}

/** A pager that fails once with `error`, for arguments that could not even be encoded. */
function failedPager(error) {
  let pending = error;
  return {
    async nextPage() {
      const e = pending;
      pending = undefined;
      if (e) throw e;
      return null;
    },
  };
}

async function fetchPage(pager, native, signal) {
  const page = await settle(native, signal, (abort) => pager.nextPage(abort));
  if (page === null || page === undefined) return null;
  const items = page.decoded !== undefined ? page.decoded : decode(page.body, page.status);
  if (items !== null && !Array.isArray(items)) {
    throw new DecodeError('a list page is not a JSON array', { status: page.status, body: page.body });
  }
  return { items: items || [], status: page.status, headers: page.headers };
}

/**
 * The items of a list call, fetched a page at a time and only when needed. Iterate it with
 * `for await`, walk `pages()`, call `nextPage()`, or `await` it for every item of every page.
 */
class Paginated {
  #native;
  #op;
  #args;
  #error;
  #cursor;
  #signal;
  #maxPages;
  #onPage;
  #pollMs;

  constructor(native, op, spec, positional, options, callOptions, pollMs) {
    this.#native = native;
    this.#op = op;
    this.#pollMs = pollMs;
    try {
      const { maxPages, onPage, ...rest } = callOptions === undefined || callOptions === null ? {} : callOptions;
      if (maxPages !== undefined && maxPages !== null && !(Number.isInteger(maxPages) && maxPages >= 1)) {
        throw new InvalidRequestError('`maxPages` must be a whole number from 1');
      }
      if (onPage !== undefined && onPage !== null && typeof onPage !== 'function') {
        throw new InvalidRequestError('`onPage` must be a function: ({ pages, items, status }) => void');
      }
      this.#maxPages = maxPages ?? undefined;
      this.#onPage = onPage ?? undefined;
      const { encoded, raw, signal } = bind(spec, positional, options, callOptions === undefined ? undefined : rest);
      this.#signal = signal;
      if (raw) {
        throw new InvalidRequestError('`raw` is not available for list calls: each page of `.pages()` has its `status` and `headers`');
      }
      this.#args = encoded;
    } catch (error) {
      this.#error = error;
    }
  }

  /** A new native pager: nothing is sent until its first `nextPage()`. */
  #open() {
    if (this.#error) return failedPager(this.#error);
    try {
      return withProgress(this.#native.paginate(this.#op, this.#args, this.#maxPages, this.#pollMs), this.#onPage);
    } catch (error) {
      return failedPager(toError(error));
    }
  }

  /** Every item, fetching pages lazily; each iteration starts from the first page. */
  [Symbol.asyncIterator]() {
    const pager = this.#open();
    const [native, signal] = [this.#native, this.#signal];
    let items = [];
    let index = 0;
    let done = false;
    return {
      async next() {
        while (index >= items.length) {
          if (done) return { value: undefined, done: true };
          const page = await fetchPage(pager, native, signal);
          if (page === null) {
            done = true;
          } else {
            items = page.items;
            index = 0;
          }
        }
        return { value: items[index++], done: false };
      },
      async return(value) {
        done = true;
        items = [];
        return { value, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Every page (`{ items, status, headers }`), fetched lazily from the first one. */
  async *pages() {
    const pager = this.#open();
    for (;;) {
      const page = await fetchPage(pager, this.#native, this.#signal);
      if (page === null) return;
      yield page;
    }
  }

  /** The next page of this object's own cursor, or `null` after the last one. */
  nextPage() {
    if (this.#cursor === undefined) this.#cursor = this.#open();
    return fetchPage(this.#cursor, this.#native, this.#signal);
  }

  /** Every item of every page. */
  async all() {
    const all = [];
    for await (const page of this.pages()) {
      for (const item of page.items) all.push(item);
    }
    return all;
  }

  /** `await client.users.list()` fetches every page and resolves to all items. */
  then(onFulfilled, onRejected) {
    return this.all().then(onFulfilled, onRejected);
  }

  get [Symbol.toStringTag]() {
    return 'Paginated';
  }
}

// ---------------------------------------------------------------------------------------------
// Client

const STRING_OPTIONS = ['orgUrl', 'token', 'bearerToken', 'clientId', 'privateKey', 'keyId', 'clientAssertion', 'userAgent'];
const NUMBER_OPTIONS = ['timeoutMs', 'connectTimeoutMs', 'maxRetries', 'maxRateLimitWaitMs', 'maxResponseBytes'];
const CLIENT_OPTIONS = new Set([...STRING_OPTIONS, ...NUMBER_OPTIONS, 'scopes', 'dpop', 'pacing', 'proxy']);

function checkClientOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new ConfigError('the client options must be an object');
  const checked = {};
  for (const [key, value] of Object.entries(options)) {
    if (!CLIENT_OPTIONS.has(key)) {
      throw new ConfigError(`unknown client option \`${key}\` (known: ${[...CLIENT_OPTIONS].join(', ')})`);
    }
    if (value === undefined || value === null) continue;
    if (NUMBER_OPTIONS.includes(key) && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new ConfigError(`\`${key}\` must be a non-negative number`);
    }
    if (key === 'maxRetries' && !(Number.isInteger(value) && value <= 0xffffffff)) {
      throw new ConfigError('`maxRetries` must be a whole number');
    }
    if (STRING_OPTIONS.includes(key) && typeof value !== 'string') throw new ConfigError(`\`${key}\` must be a string`);
    if ((key === 'dpop' || key === 'pacing') && typeof value !== 'boolean') throw new ConfigError(`\`${key}\` must be a boolean`);
    if (key === 'scopes' && !(typeof value === 'string' || (Array.isArray(value) && value.every((s) => typeof s === 'string')))) {
      throw new ConfigError('`scopes` must be a string or a list of strings');
    }
    if (key === 'proxy') {
      const port = value.port;
      if (typeof value !== 'object' || typeof value.host !== 'string' || !(Number.isInteger(port) && port > 0 && port < 65536)) {
        throw new ConfigError('`proxy` must be { host: string, port: number, username?: string, password?: string }');
      }
    }
    checked[key] = key === 'scopes' && typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  }
  return checked;
}

/** What every generated `Client` shares: construction of the native client. */
class ClientBase {
  constructor(options) {
    const given = checkClientOptions(options);
    // The binding's product tokens come before the `userAgent` (explicit, or from the configuration chain).
    const platformAgent = `okta-admin-node/${VERSION} node/${process.versions.node}`;
    let native;
    try {
      native = new (loadAddon().NativeClient)({ ...given, platformAgent });
    } catch (error) {
      throw toError(error, ConfigError);
    }
    Object.defineProperty(this, NATIVE, { value: native });
    Object.defineProperty(this, EVENTS, { value: undefined, writable: true });
  }

  /**
   * Listens to the calls of this client: `'request'` (an attempt is sent), `'response'` (it
   * ended: `status`, or a transport failure in `reason`) and `'retry'` (`reason`, `retryInMs`).
   * Each event has `type`, `operation`, `method`, `path` (the template), `attempt`, and, as they
   * apply, `status`, `elapsedMs`, `requestId`, `rateLimit`, `reason`, `retryInMs`; never a header,
   * query string or body. Listeners run on the main thread, after the fact.
   */
  on(type, listener) {
    this.#events().on(checkEventType(type), listener);
    return this;
  }

  /** Like `on`, for the next event of `type` only. */
  once(type, listener) {
    this.#events().once(checkEventType(type), listener);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off(type, listener) {
    if (this[EVENTS]) this[EVENTS].off(checkEventType(type), listener);
    return this;
  }

  /** The emitter, made (and hooked to the native client) on first use. */
  #events() {
    if (this[EVENTS] === undefined) {
      const emitter = new EventEmitter();
      this[NATIVE].observe((json) => {
        const event = JSON.parse(json);
        emitter.emit(event.type, event);
      });
      this[EVENTS] = emitter;
    }
    return this[EVENTS];
  }

  /** The effective settings (never the token): org URL, auth scheme, user agent, timeouts, retries. */
  describe() {
    return this[NATIVE].describe();
  }

  /**
   * Sends a request the generated methods do not cover, with the same credentials, retries,
   * rate-limit waits and errors. Resolves to `{ data, status, headers, body }`.
   */
  async request(options) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidRequestError('client.request: the options must be an object: { method, path, … }');
    }
    const { body, signal, ...rest } = options;
    checkSignal(signal);
    checkNumbers(rest);
    const bytes = body === undefined || body === null ? undefined : toBuffer(body, '`body`');
    const encoded = encode(rest);
    const native = this[NATIVE];
    const response = await settle(native, signal, (abort) => native.request(encoded, bytes, abort));
    return rawResult(response, responseData(response.headers['content-type']));
  }

  /**
   * Closes the client (and every client sharing its connections): idle connections close at
   * once, calls under way finish, later calls reject with `ClientClosedError`.
   */
  close() {
    this[NATIVE].close();
  }

  /** True once `close()` was called. */
  get closed() {
    return this[NATIVE].closed;
  }

  /** `console.log(client)` shows the org and the kind of credentials, not 119 resource objects. */
  [Symbol.for('nodejs.util.inspect.custom')]() {
    return this.toString();
  }

  /** The org and the kind of credentials (never the credentials). */
  toString() {
    const { orgUrl, authorizationMode } = this.describe();
    return `${this.constructor.name} { orgUrl: ${JSON.stringify(orgUrl)}, authorizationMode: ${JSON.stringify(authorizationMode)} }`;
  }

  /** `JSON.stringify(client)`: the effective settings, as `describe()` (never the credentials). */
  toJSON() {
    return this.describe();
  }
}

/** How `client.request()` decodes a body: JSON media types as JSON (empty: `null`), others as text. */
function responseData(contentType) {
  const isJson = typeof contentType === 'string' && /^[^;]*[/+]json\s*(;|$)/i.test(contentType);
  return (body, status) => {
    if (body.length === 0) return null;
    return isJson ? decode(body.toString('utf8'), status) : body.toString('utf8');
  };
}

/** Base of the generated resource classes. */
class Resource {
  constructor(native) {
    Object.defineProperty(this, NATIVE, { value: native });
    Object.defineProperty(this, EVENTS, { value: undefined, writable: true });
  }

  /**
   * Listens to the calls of this client: `'request'` (an attempt is sent), `'response'` (it
   * ended: `status`, or a transport failure in `reason`) and `'retry'` (`reason`, `retryInMs`).
   * Each event has `type`, `operation`, `method`, `path` (the template), `attempt`, and, as they
   * apply, `status`, `elapsedMs`, `requestId`, `rateLimit`, `reason`, `retryInMs`; never a header,
   * query string or body. Listeners run on the main thread, after the fact.
   */
  on(type, listener) {
    this.#events().on(checkEventType(type), listener);
    return this;
  }

  /** Like `on`, for the next event of `type` only. */
  once(type, listener) {
    this.#events().once(checkEventType(type), listener);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off(type, listener) {
    if (this[EVENTS]) this[EVENTS].off(checkEventType(type), listener);
    return this;
  }

  /** The emitter, made (and hooked to the native client) on first use. */
  #events() {
    if (this[EVENTS] === undefined) {
      const emitter = new EventEmitter();
      this[NATIVE].observe((json) => {
        const event = JSON.parse(json);
        emitter.emit(event.type, event);
      });
      this[EVENTS] = emitter;
    }
    return this[EVENTS];
  }
}

module.exports = {
  NATIVE,
  ClientBase,
  Resource,
  Paginated,
  json,
  empty,
  text,
  bytes,
  pages,
  tail,
  ...errors.CLASSES,
};
