// Types of the hand-written runtime (`lib/runtime.js`); `index.d.ts` re-exports them.

/**
 * Settings of a `Client`. Unset ones come from the configuration chain of Okta's SDKs:
 * `~/.okta/okta.yaml`, then `./okta.yaml`, then `OKTA_CLIENT_*` environment variables
 * (`OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN`, `OKTA_CLIENT_AUTHORIZATIONMODE`, …).
 * Give at most one kind of credentials: `token`, `bearerToken`, or `clientId` with
 * `privateKey` or `clientAssertion`.
 */
export interface ClientOptions {
  /** The org URL, e.g. `https://dev-123456.okta.com` (env `OKTA_CLIENT_ORGURL`). */
  orgUrl?: string;
  /** An API token, sent as `Authorization: SSWS <token>` (env `OKTA_CLIENT_TOKEN`). */
  token?: string;
  /** An OAuth 2.0 access token obtained elsewhere, sent as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** OAuth 2.0 client credentials: the service app's client id (env `OKTA_CLIENT_CLIENTID`). */
  clientId?: string;
  /** The service app's private key: PEM or JWK text, or a file path (env `OKTA_CLIENT_PRIVATEKEY`). */
  privateKey?: string;
  /** The `kid` of the private key. */
  keyId?: string;
  /** A pre-signed client assertion (JWT), instead of a private key. */
  clientAssertion?: string;
  /** The OAuth scopes to request: a list, or one string separated by spaces or commas. */
  scopes?: string[] | string;
  /** Bind access tokens with DPoP from the start. */
  dpop?: boolean;
  /** An HTTP proxy for every request (otherwise `HTTPS_PROXY` and co. apply). */
  proxy?: { host: string; port: number; username?: string; password?: string };
  /** Timeout of each request attempt in milliseconds (default 60 000; 0: none). */
  timeoutMs?: number;
  /** Timeout for establishing a connection in milliseconds (default 10 000). */
  connectTimeoutMs?: number;
  /** Retries of a failed request: connection errors, 429 and (for idempotent methods) 5xx (default 2; 0: none). */
  maxRetries?: number;
  /** Total time one call may wait for rate limits to reset, in milliseconds (default 60 000). */
  maxRateLimitWaitMs?: number;
  /**
   * The largest response body a call reads, in bytes (default 64 MiB, at least 1024): reading
   * stops there and the call rejects with `ResponseTooLargeError`.
   */
  maxResponseBytes?: number;
  /**
   * Client-side pacing (default `true`): when a response says its rate-limit bucket has no
   * requests left, calls to that bucket wait for the reset instead of drawing a 429.
   */
  pacing?: boolean;
  /** Appended to the `User-Agent` header, e.g. `my-tool/1.2`. */
  userAgent?: string;
}

/** The effective settings of a client (never its token). */
export interface ClientDescription {
  orgUrl: string;
  /** `SSWS`, `Bearer`, `PrivateKey` or `JWT`. */
  authorizationMode: string;
  userAgent: string;
  /** Absent when requests have no timeout. */
  timeoutMs?: number;
  connectTimeoutMs: number;
  maxRetries: number;
  maxRateLimitWaitMs: number;
  maxResponseBytes: number;
  pacing: boolean;
}

/** What every `Client` shares. */
export declare class ClientBase {
  /** The effective settings (never the token). */
  describe(): ClientDescription;
  /**
   * Sends a request the generated methods do not cover (a path the spec lacks), with the same
   * credentials, retries, rate-limit waits and errors as they have. `data` is the JSON body
   * when the response is JSON (`null` when empty), otherwise its text.
   *
   * ```ts
   * const { data, status, headers } = await client.request<User>({
   *   method: 'GET', path: '/api/v1/users/{login}', params: { login: 'ada@example.com' },
   * });
   * ```
   */
  request<T = unknown>(options: RequestOptions): Promise<RawResponse<T>>;
  /**
   * Closes the client (and every client sharing its connections): idle connections close at
   * once, calls under way finish, later calls reject with `ClientClosedError`.
   */
  close(): void;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /**
   * Listens to the calls of this client: `'request'` (an attempt is sent), `'response'` (it
   * ended) and `'retry'`. Events never hold a header, a query string or a body.
   */
  on(type: CallEventType, listener: (event: CallEvent) => void): this;
  /** Like `on`, for the next event only. */
  once(type: CallEventType, listener: (event: CallEvent) => void): this;
  /** Removes a listener. */
  off(type: CallEventType, listener: (event: CallEvent) => void): this;
  /** The org URL and the kind of credentials (never the credentials themselves). */
  toString(): string;
  /** `JSON.stringify(client)`: the effective settings, as `describe()`. */
  toJSON(): ClientDescription;
}

/** An HTTP method `client.request()` sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** The options of `client.request()`. */
export interface RequestOptions {
  method: HttpMethod | Lowercase<HttpMethod>;
  /**
   * The path below the org URL, starting with `/`, e.g. `/api/v1/users/{login}`. Each `{name}`
   * is replaced by `params[name]`, percent-encoded as exactly one path segment; the rest must
   * already be encoded. Queries (`?`), fragments (`#`) and `.`/`..` segments are refused
   * (`InvalidRequestError`, nothing is sent).
   */
  path: string;
  /** Values of the `{name}` markers of `path`. */
  params?: Record<string, string | number>;
  /** Query parameters: lists repeat the parameter; `null` and `undefined` leave it out. */
  query?: Record<string, QueryValue>;
  /** Headers, e.g. `Accept`; `null` or `undefined` values are skipped. */
  headers?: Record<string, string | null | undefined>;
  /** A JSON body (sent as `application/json` unless `contentType` says otherwise). */
  json?: unknown;
  /** A body of bytes (sent as `application/octet-stream` unless `contentType` says otherwise). */
  body?: BinaryData;
  /** The body's media type. */
  contentType?: string;
  /** Timeout of each attempt in milliseconds (0: none). */
  timeoutMs?: number;
  /** Retries of this request (0: none). */
  maxRetries?: number;
  /** The largest response body read, in bytes (default: the client's). */
  maxResponseBytes?: number;
  /** Aborting it stops the request; the promise rejects with the signal's reason. */
  signal?: AbortSignalLike;
}

/** The events of `client.on(...)`. */
export type CallEventType = 'request' | 'response' | 'retry';

/** One step of a call. */
export interface CallEvent {
  type: CallEventType;
  /** Okta's `operationId` (`getUser`); `null` for `client.request()`. */
  operation: string | null;
  method: string;
  /** The path template (`/api/v1/users/{id}`), or the path of `client.request()`. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The response status (`response`, `retry`); `null` when the transport failed. */
  status: number | null;
  /** How long the attempt took (`response`). */
  elapsedMs: number | null;
  /** `X-Okta-Request-Id` (`response`). */
  requestId: string | null;
  /** `X-Rate-Limit-*` of the response. */
  rateLimit: { limit: number | null; remaining: number | null; reset: number | null } | null;
  /** Why the call is retried, or what failed. */
  reason: string | null;
  /** How long the client waits before the retry (`retry`). */
  retryInMs: number | null;
}

/** An `AbortSignal` (what this package uses of it, so that no DOM typings are needed). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}

/** Bytes to send: a Buffer or other typed array, an ArrayBuffer, or a string (sent as UTF-8). */
export type BinaryData = Uint8Array | ArrayBuffer | string;

/** A file to upload. */
export interface FileUpload {
  /** The file's contents. */
  data: BinaryData;
  /** The file name sent with it (default `file`). */
  fileName?: string;
  /** Its media type, e.g. `image/png` (default: from the file name's extension). */
  mediaType?: string;
}

/** A query parameter value: lists repeat the parameter; `null` and `undefined` leave it out. */
export type QueryValue = string | number | boolean | null | undefined | Array<string | number | boolean>;

/** Per-call settings of a list method. */
export interface ListCallOptions extends CallOptions {
  /** Stop after this many pages (at least 1). */
  maxPages?: number;
  /** Progress: called after each page with the pages and items fetched so far. */
  onPage?: (progress: { pages: number; items: number; status: number }) => void;
}

/** Per-call settings of `systemLog.tail()`. */
export interface TailCallOptions extends Omit<ListCallOptions, 'maxPages'> {
  /** How long to wait after an empty page, in milliseconds (default 10 000). */
  intervalMs?: number;
}

/** Per-call settings, the last argument of every method. */
export interface CallOptions {
  /** Timeout of each attempt of this call in milliseconds (0: none). */
  timeoutMs?: number;
  /** Retries of this call (0: none). */
  maxRetries?: number;
  /** The largest response body read, in bytes (default: the client's). */
  maxResponseBytes?: number;
  /** Aborting it stops the call (for lists: the page being fetched); it rejects with the signal's reason. */
  signal?: AbortSignalLike;
  /** Extra or replacing headers, e.g. a per-call `Authorization`; `null` or `undefined` values are skipped. */
  headers?: Record<string, string | null | undefined>;
  /** Extra query parameters, for parameters the spec lacks. */
  query?: Record<string, QueryValue>;
  /**
   * A JSON body sent instead of the typed one (as the endpoint's JSON media type, or
   * `application/json`), for fields or shapes the spec lacks; `null` or `undefined`: none.
   */
  body?: unknown;
  /** `true` (see `RawCallOptions`) resolves to the whole response instead of the result alone. */
  raw?: false;
}

/** Call options asking for the whole response: the call resolves to a `RawResponse`. */
export interface RawCallOptions extends Omit<CallOptions, 'raw'> {
  raw: true;
}

/** Node's `Buffer` where its types are loaded (`@types/node`), else the `Uint8Array` it extends. */
export type ResponseBody = typeof globalThis extends { Buffer: { prototype: infer B } } ? B : Uint8Array;

/** A 2xx response: the decoded result beside the status, headers and body bytes. */
export interface RawResponse<T> {
  /** The result, as the call resolves to it without `raw`. */
  data: T;
  /** The HTTP status. */
  status: number;
  /** The response headers, names in lower case (`x-rate-limit-remaining`, `x-okta-request-id`, …). */
  headers: Record<string, string>;
  /** The body's bytes, as received (a `Buffer`). */
  body: ResponseBody;
}

/**
 * A model with the fields the spec does not declare made reachable, as `unknown`: every model
 * keeps them at run time, but input models (and models used both ways) declare only the spec's
 * fields, so that a misspelt field fails to type-check. `(obj as WithUndeclared<JsonWebKey>)['x5t#S256']`.
 */
export type WithUndeclared<T> = T & { readonly [key: string]: unknown };

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** The HTTP status. */
  status: number;
  /** The response headers, names in lower case (`link`, `x-rate-limit-remaining`, …). */
  headers: Record<string, string>;
}

/**
 * The items of a list call, fetched a page at a time and only when needed (following
 * `Link: rel="next"`). Iterate with `for await` (each iteration starts from the first page),
 * walk `pages()`, step with `nextPage()`, or `await` it for every item of every page.
 */
export declare class Paginated<T> implements AsyncIterable<T>, PromiseLike<T[]> {
  private constructor();
  [Symbol.asyncIterator](): AsyncIterator<T>;
  /** Every page, fetched lazily from the first one. */
  pages(): AsyncGenerator<Page<T>, void, undefined>;
  /** The next page of this object's own cursor, or `null` after the last one. */
  nextPage(): Promise<Page<T> | null>;
  /** Every item of every page. */
  all(): Promise<T[]>;
  then<R1 = T[], R2 = never>(
    onFulfilled?: ((items: T[]) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
}

export * from '../src/generated/errors';
