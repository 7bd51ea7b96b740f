'use strict';
// The hand-written runtime behind the generated resource classes (`src/generated/client.js`):
// encodes each call's arguments as one JSON string for the native addon, decodes the JSON it
// resolves to, maps its rejections to `OktaError` subclasses, and wraps list calls in lazy
// `Paginated` iterables. HTTP, auth, retries, rate limits and pagination live in the Rust core.

const VERSION = require('../package.json').version;

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
// Errors

class OktaError extends Error {
  constructor(message, details, options) {
    super(message, options);
    Object.defineProperty(this, 'name', { value: new.target.name, configurable: true, writable: true });
    /** Stable machine-readable kind (`api`, `rate_limited`, `timeout`, …). */
    this.code = (details && details.code) || 'internal';
  }
}

class ApiError extends OktaError {
  constructor(message, details = {}, options) {
    super(message, { code: 'api', ...details }, options);
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorSummary = details.errorSummary;
    this.errorLink = details.errorLink;
    this.errorId = details.errorId;
    this.errorCauses = details.errorCauses || [];
    this.requestId = details.requestId;
    this.body = details.body;
  }
}
class BadRequestError extends ApiError {}
class UnauthorizedError extends ApiError {}
class ForbiddenError extends ApiError {}
class NotFoundError extends ApiError {}
class ConflictError extends ApiError {}
class ServerError extends ApiError {}

class RateLimitError extends ApiError {
  constructor(message, details = {}, options) {
    super(message, { ...details, code: 'rate_limited' }, options);
    this.limit = details.limit ?? undefined;
    this.remaining = details.remaining ?? undefined;
    this.reset = details.reset ?? undefined;
    this.retries = details.retries ?? 0;
  }
}

function simpleError(code) {
  return class extends OktaError {
    constructor(message, details, options) {
      super(message, { ...details, code }, options);
    }
  };
}
class TimeoutError extends simpleError('timeout') {}
class ConnectionError extends simpleError('connection') {}
class InvalidRequestError extends simpleError('invalid_request') {}
class ConfigError extends simpleError('config') {}
class InternalError extends simpleError('internal') {}

class RedirectError extends OktaError {
  constructor(message, details = {}, options) {
    super(message, { ...details, code: 'redirect' }, options);
    this.status = details.status;
    this.location = details.location ?? undefined;
  }
}
class DecodeError extends OktaError {
  constructor(message, details = {}, options) {
    super(message, { ...details, code: 'decode' }, options);
    this.status = details.status;
    this.body = details.body;
  }
}
class ForeignRedirectError extends OktaError {
  constructor(message, details = {}, options) {
    super(message, { ...details, code: 'foreign_redirect' }, options);
    this.url = details.url;
  }
}

const API_ERRORS = { 400: BadRequestError, 401: UnauthorizedError, 403: ForbiddenError, 404: NotFoundError, 409: ConflictError };

function fromDescription(d) {
  const message = d.message || d.code;
  switch (d.code) {
    case 'api': {
      const Class = API_ERRORS[d.status] || (d.status >= 500 ? ServerError : ApiError);
      return new Class(message, d);
    }
    case 'rate_limited':
      return new RateLimitError(message, d);
    case 'timeout':
      return new TimeoutError(message, d);
    case 'connection':
      return new ConnectionError(message, d);
    case 'redirect':
      return new RedirectError(message, d);
    case 'decode':
      return new DecodeError(message, d);
    case 'invalid_request':
      return new InvalidRequestError(message, d);
    case 'config':
      return new ConfigError(message, d);
    case 'foreign_redirect':
      return new ForeignRedirectError(message, d);
    default:
      return new InternalError(message, d);
  }
}

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

/**
 * Takes the bytes of a binary (`kind` 1: `options.body`) or file (`kind` 2: `options.file.data`)
 * body out of the arguments, which then go to the addon as JSON and the bytes beside them.
 */
function splitBytes(args, kind) {
  const at = args.length - 2;
  const options = args[at];
  if (options === null || typeof options !== 'object') return [args, undefined];
  const rest = { ...options };
  let bytes;
  if (kind === 1) {
    if (rest.body !== undefined && rest.body !== null) bytes = toBuffer(rest.body, '`body`');
    delete rest.body;
  } else if (kind === 2 && rest.file !== undefined && rest.file !== null) {
    if (typeof rest.file !== 'object') throw new InvalidRequestError('`file` must be an object: { data, fileName?, mediaType? }');
    const { data, ...meta } = rest.file;
    if (data !== undefined && data !== null) bytes = toBuffer(data, '`file.data`');
    rest.file = meta;
  }
  const copy = args.slice();
  copy[at] = rest;
  return [copy, bytes];
}

/**
 * Takes `raw` out of the call options (the last argument): the addon never sees it.
 * Returns the arguments left and whether the whole response was asked for.
 */
function takeRaw(args) {
  const at = args.length - 1;
  const callOptions = args[at];
  if (callOptions === null || typeof callOptions !== 'object' || !Object.hasOwn(callOptions, 'raw')) return [args, false];
  const { raw, ...rest } = callOptions;
  if (raw !== undefined && raw !== null && typeof raw !== 'boolean') {
    throw new InvalidRequestError('`raw` in the call options must be a boolean');
  }
  const copy = args.slice();
  copy[at] = rest;
  return [copy, raw === true];
}

/** Sends a call: `{ status, body }` (the body as text), or with `raw` the whole response (`{ status, headers, body }`). */
async function invoke(native, op, args, bytesKind) {
  let bytes;
  let raw;
  [args, raw] = takeRaw(args);
  if (bytesKind) [args, bytes] = splitBytes(args, bytesKind);
  const encoded = encode(args);
  try {
    return { raw, result: await (raw ? native.callRaw(op, encoded, bytes) : native.call(op, encoded, bytes)) };
  } catch (error) {
    throw toError(error);
  }
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
async function json(native, op, args, bytesKind) {
  const { raw, result } = await invoke(native, op, args, bytesKind);
  return raw ? rawResult(result, (body, status) => decode(body.toString('utf8'), status)) : decode(result.body, result.status);
}

/** A call without a response body. */
async function empty(native, op, args, bytesKind) {
  const { raw, result } = await invoke(native, op, args, bytesKind);
  return raw ? rawResult(result, () => undefined) : undefined;
}

/** A call whose response is text. */
async function text(native, op, args, bytesKind) {
  const { raw, result } = await invoke(native, op, args, bytesKind);
  if (raw) return rawResult(result, (body) => body.toString('utf8'));
  return result.body == null ? '' : result.body;
}

/** A list call. */
function pages(native, op, args) {
  return new Paginated(native, op, args);
}

// ---------------------------------------------------------------------------------------------
// Pagination

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

async function fetchPage(pager) {
  let page;
  try {
    page = await pager.nextPage();
  } catch (error) {
    throw toError(error);
  }
  if (page === null || page === undefined) return null;
  const items = decode(page.body, page.status);
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

  constructor(native, op, args) {
    this.#native = native;
    this.#op = op;
    try {
      const [rest, raw] = takeRaw(args);
      if (raw) {
        throw new InvalidRequestError('`raw` is not available for list calls: each page of `.pages()` has its `status` and `headers`');
      }
      this.#args = encode(rest);
    } catch (error) {
      this.#error = error;
    }
  }

  /** A new native pager: nothing is sent until its first `nextPage()`. */
  #open() {
    if (this.#error) return failedPager(this.#error);
    try {
      return this.#native.paginate(this.#op, this.#args);
    } catch (error) {
      return failedPager(toError(error));
    }
  }

  /** Every item, fetching pages lazily; each iteration starts from the first page. */
  [Symbol.asyncIterator]() {
    const pager = this.#open();
    let items = [];
    let index = 0;
    let done = false;
    return {
      async next() {
        while (index >= items.length) {
          if (done) return { value: undefined, done: true };
          const page = await fetchPage(pager);
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
      const page = await fetchPage(pager);
      if (page === null) return;
      yield page;
    }
  }

  /** The next page of this object's own cursor, or `null` after the last one. */
  nextPage() {
    if (this.#cursor === undefined) this.#cursor = this.#open();
    return fetchPage(this.#cursor);
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
const NUMBER_OPTIONS = ['timeoutMs', 'connectTimeoutMs', 'maxRetries', 'maxRateLimitWaitMs'];
const CLIENT_OPTIONS = new Set([...STRING_OPTIONS, ...NUMBER_OPTIONS, 'scopes', 'dpop', 'proxy']);

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
    if (key === 'dpop' && typeof value !== 'boolean') throw new ConfigError('`dpop` must be a boolean');
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
    const { body, ...rest } = options;
    const bytes = body === undefined || body === null ? undefined : toBuffer(body, '`body`');
    const encoded = encode(rest);
    let response;
    try {
      response = await this[NATIVE].request(encoded, bytes);
    } catch (error) {
      throw toError(error);
    }
    return rawResult(response, responseData(response.headers['content-type']));
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
  pages,
  OktaError,
  ApiError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ServerError,
  RateLimitError,
  TimeoutError,
  ConnectionError,
  RedirectError,
  DecodeError,
  InvalidRequestError,
  ConfigError,
  ForeignRedirectError,
  InternalError,
};
