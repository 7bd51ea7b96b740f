// Compiles under `tsc --strict --noEmit -p tests/node/tsconfig.json`: the generated `index.d.ts`
// types users, groups and apps precisely. `@ts-expect-error` lines must fail to type-check.

import {
  Client,
  NotFoundError,
  OktaError,
  Paginated,
  RateLimitError,
  type Application,
  type CallOptions,
  type ErrorCode,
  type Group,
  type ListUsersOptions,
  type Page,
  type RawResponse,
  type SignOnMode,
  type User,
  type UserStatus,
  type WithUndeclared,
} from 'okta-admin';

export async function example(): Promise<void> {
  const client = new Client({ orgUrl: 'https://dev-123456.okta.com', token: 'token', maxRetries: 3 });
  const fromEnv = new Client();
  fromEnv.describe().orgUrl.toUpperCase();

  // Users: lazy pagination, a page at a time, or every item.
  const options: ListUsersOptions = { limit: 200, search: 'status eq "ACTIVE"' };
  const list: Paginated<User> = client.users.list(options);
  for await (const user of list) {
    // Okta sends `null` for unset fields, and the types say so: `?? undefined` drops it.
    const login: string | undefined = user.profile?.login ?? undefined;
    const custom: unknown = user.profile?.['costCenter'];
    void login, custom;
  }
  const page: Page<User> | null = await client.users.list({ limit: 10 }).nextPage();
  if (page) {
    const first: User | undefined = page.items[0];
    const link: string | undefined = page.headers['link'];
    void first, link;
  }
  for await (const p of client.users.list().pages()) p.items.length;
  const everyone: User[] = await client.users.list();
  void everyone;

  const created: User = await client.users.create({
    activate: false,
    profile: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', login: 'ada@example.com', costCenter: 'R&D' },
  });
  const id = created.id ?? '';
  await client.users.create({ body: { profile: { firstName: 'A', lastName: 'B', email: 'b@example.com', login: 'b@example.com' } } });
  const fetched: User = await client.users.get(id, { expand: 'blocks' });
  const status: UserStatus | null | undefined = fetched.status;
  // @ts-expect-error a received field may be null (Okta sends `null` for unset fields)
  const neverNull: string | undefined = fetched.profile?.mobilePhone;
  void neverNull;
  await client.users.update(id, { profile: { nickName: 'ada' } });
  const none: void = await client.userLifecycle.deactivate(id, { sendEmail: false });
  await client.users.delete(id);
  void status, none;

  // Groups.
  const group: Group = await client.groups.add({ profile: { name: 'Engineers', description: 'All of them' } });
  await client.groups.assignUserToGroup(group.id ?? '', id);
  const members: User[] = await client.groups.listUsers(group.id ?? '', { limit: 50 });
  // A group's profile has Okta's base attributes typed (custom ones stay reachable by key).
  for await (const g of client.groups.list({ q: 'Eng' })) {
    const groupName: string | null | undefined = g.profile?.name;
    const custom: unknown = g.profile?.['costCenter'];
    // @ts-expect-error a group's name is a string
    const wrong: number | undefined = g.profile?.name;
    void groupName, custom, wrong;
  }
  void members;

  // Fields the spec does not declare are kept; on a model that is also an input they are
  // reached through `WithUndeclared`.
  const universal = (await client.applications.get('0oa1')).universalLogout;
  if (universal) {
    const extra: unknown = (universal as WithUndeclared<typeof universal>)['newSetting'];
    // @ts-expect-error not declared by the spec: reach it through WithUndeclared
    const direct: unknown = universal['newSetting'];
    void extra, direct;
  }

  // Applications: enums are closed unions, so a misspelt value fails to type-check.
  const mode: SignOnMode = 'BOOKMARK';
  // @ts-expect-error not a sign-on mode the spec lists
  const future: SignOnMode = 'SOME_FUTURE_MODE';
  const app: Application = await client.applications.create({ activate: true, label: 'Docs', signOnMode: mode });
  await client.applications.get(app.id ?? '', { expand: 'user/0oa1' });
  const apps: Application[] = await client.applications.list({ q: 'Docs' }).all();
  const active: boolean = app.status === 'ACTIVE' && app.signOnMode === 'BOOKMARK';
  // @ts-expect-error a misspelt status
  const typo: boolean = app.status === 'ACTIV';
  void future, apps, active, typo;
  // Unions narrow by their discriminator: a SAML app's own settings are typed.
  if (app.signOnMode === 'SAML_2_0') {
    const acs: string | undefined = app.settings?.signOn?.ssoAcsUrl ?? undefined;
    void acs;
  }
  // @ts-expect-error settings differ by kind: narrow on signOnMode first
  const unnarrowed: string | undefined = app.settings?.signOn?.ssoAcsUrl;
  // @ts-expect-error a bookmark app is not a SAML app
  if (app.signOnMode === 'BOOKMARK') { const wrong: SamlApplication = app; void wrong; }
  void unnarrowed;
  await client.applicationLogos.upload(app.id ?? '', { file: { data: new Uint8Array([0x89, 0x50]), fileName: 'logo.png' } });
  const saml: string = await client.applicationSso.previewSamlMetadata(app.id ?? '', 'kid');
  void saml;

  // OAuth 2.0 client credentials instead of an API token.
  new Client({ orgUrl: 'https://dev-123456.okta.com', clientId: '0oa1', privateKey: '-----BEGIN PRIVATE KEY-----…', scopes: ['okta.users.read'] });

  // Per-call settings.
  const perCall: CallOptions = { timeoutMs: 5000, maxRetries: 0, headers: { 'X-Trace': '1' }, query: { extra: ['a', 'b'] } };
  await client.users.get(id, undefined, perCall);

  // Escape hatches: the whole response beside the result, a raw JSON body, any path.
  const whole: RawResponse<User> = await client.users.get(id, undefined, { raw: true });
  const remaining: string | undefined = whole.headers['x-rate-limit-remaining'];
  const bytes: Uint8Array = whole.body;
  const wholeUser: User = whole.data;
  const nothing: RawResponse<void> = await client.userLifecycle.deactivate(id, undefined, { raw: true, maxRetries: 0 });
  const plain: User = await client.users.get(id, undefined, { raw: false });
  void remaining, bytes, wholeUser, nothing, plain;
  await client.users.create(undefined, { body: { profile: { login: 'raw@example.com', anything: [1] } } });
  await client.users.create({ activate: false }, { body: { profile: {} } });
  const createdRaw: RawResponse<User> = await client.users.create(undefined, { body: {}, raw: true });
  void createdRaw;
  const viaRequest: RawResponse<User> = await client.request<User>({
    method: 'GET',
    path: '/api/v1/users/{login}',
    params: { login: 'ada@example.com' },
    query: { expand: 'blocks' },
  });
  await client.request({ method: 'post', path: '/api/v1/groups', json: { profile: { name: 'x' } }, timeoutMs: 1000 });
  await client.request({ method: 'PUT', path: '/x', body: new Uint8Array([1]), contentType: 'application/octet-stream' });
  void viaRequest, String(client), JSON.stringify(client);

  // Errors.
  try {
    await client.users.get('missing');
  } catch (e) {
    if (e instanceof RateLimitError) {
      const reset: number | undefined = e.reset;
      void reset;
    } else if (e instanceof NotFoundError) {
      const code: string | undefined = e.errorCode;
      const status404: number = e.status;
      void code, status404;
    } else if (e instanceof OktaError) {
      const code: ErrorCode = e.code;
      void code;
    }
  }

  // Mistakes the types catch:
  // @ts-expect-error the user id is a string
  await client.users.get(42);
  // @ts-expect-error `profile` is required when the body is given field by field
  await client.users.create({ activate: true });
  // @ts-expect-error a body is required
  await client.users.create();
  // @ts-expect-error a misspelt option next to body fields (`activate`)
  await client.users.create({ activat: false, profile: { firstName: 'A', lastName: 'B', email: 'c@example.com', login: 'c@example.com' } });
  // @ts-expect-error a misspelt body field of a nested input model
  await client.users.create({ profile: { firstName: 'A', lastName: 'B', email: 'c@example.com', login: 'c@example.com' }, credentials: { pasword: {} } });
  // @ts-expect-error unknown option of a method without a body
  client.users.list({ limt: 5 });
  // @ts-expect-error `limit` is a number
  client.users.list({ limit: '5' });
  // @ts-expect-error unknown per-call setting
  await client.users.get(id, undefined, { retries: 1 });
  // @ts-expect-error unknown client option
  new Client({ orgURL: 'https://dev-123456.okta.com' });
  // @ts-expect-error resources are typed: no such method
  client.groups.frobnicate();
  // @ts-expect-error an upload needs its file
  await client.applicationLogos.upload('0oa1', {});
  // @ts-expect-error a paginated list is not a Promise of one user
  const wrong: User = await client.users.list();
  void wrong;
  // @ts-expect-error raw: true resolves to the whole response, not the user
  const notUser: User = await client.users.get(id, undefined, { raw: true });
  void notUser;
  // @ts-expect-error without raw the result is the user, not the whole response
  const notWhole: RawResponse<User> = await client.users.get(id);
  void notWhole;
  // @ts-expect-error lists have no raw mode (each page has its status and headers)
  client.users.list(undefined, { raw: true });
  // @ts-expect-error leaving out a required typed body needs a raw body
  await client.users.create(undefined, { timeoutMs: 5 });
  // @ts-expect-error unknown request option
  await client.request({ method: 'GET', path: '/x', jsonBody: {} });
  // @ts-expect-error unsupported method
  await client.request({ method: 'TRACE', path: '/x' });
}
