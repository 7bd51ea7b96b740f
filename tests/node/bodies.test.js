'use strict';
// Request bodies of every kind reach the wire as the core sends them: JSON (fields, `body`, merge
// patch), text, binary with a chosen media type, and multipart file uploads; and a non-JSON
// response comes back as text.

const test = require('node:test');
const assert = require('node:assert/strict');
const { startMock } = require('./helpers/mock.js');
const { okta } = require('./helpers/package.js');

let mock;
let client;
let appId;

test.before(async () => {
  mock = await startMock({ apps: 1 });
  client = new okta.Client({ orgUrl: mock.url, token: mock.token, maxRetries: 0 });
  [{ id: appId }] = await client.applications.list();
});
test.after(() => mock && mock.stop());
test.beforeEach(() => mock.clearJournal());

const last = async () => (await mock.journal()).at(-1);
const settle = (promise) => promise.then(() => null, (error) => error);

test('a file upload is one multipart/form-data part named file', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
  const error = await settle(client.applicationLogos.upload(appId, { file: { data: png, fileName: 'logo.png' } }));
  assert.ok(error === null || error instanceof okta.ApiError, String(error));
  const request = await last();
  assert.equal(request.method, 'POST');
  assert.equal(request.path, `/api/v1/apps/${appId}/logo`);
  const match = /^multipart\/form-data; boundary=(\S+)$/.exec(request.headers['content-type']);
  assert.ok(match, request.headers['content-type']);
  assert.match(request.body, /Content-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image\/png\r\n\r\n/);
  assert.ok(request.body.includes(`--${match[1]}--`));
});

test('an upload accepts Uint8Array, ArrayBuffer and string data, and an explicit media type', async () => {
  for (const data of [new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]).buffer, '<svg/>']) {
    await settle(client.applicationLogos.upload(appId, { file: { data, fileName: 'logo.svg', mediaType: 'image/svg+xml' } }));
    assert.match((await last()).body, /filename="logo.svg"\r\nContent-Type: image\/svg\+xml/);
  }
  // No file data: nothing to refuse locally, the server decides (as in Python and Rust).
  await assert.rejects(client.applicationLogos.upload(appId, { file: { fileName: 'x.png' } }), okta.BadRequestError);
  await assert.rejects(client.applicationLogos.upload(appId, { file: { data: 42 } }), okta.InvalidRequestError);
});

test('a binary body is sent as is, with the chosen media type', async () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  await settle(client.applicationSsoCredentialKeys.publishCsrFromApplication(appId, 'csr1', { body: pem }));
  let request = await last();
  assert.equal(request.headers['content-type'], 'application/x-pem-file', 'the first media type by default');
  assert.equal(request.body, pem);
  await settle(
    client.applicationSsoCredentialKeys.publishCsrFromApplication(appId, 'csr1', {
      body: Buffer.from('DER'),
      contentType: 'application/pkix-cert',
    }),
  );
  request = await last();
  assert.equal(request.headers['content-type'], 'application/pkix-cert');
  assert.equal(request.body, 'DER');
  await assert.rejects(
    client.applicationSsoCredentialKeys.publishCsrFromApplication(appId, 'csr1', { body: 'x', contentType: 'text/plain' }),
    // A media type the spec does not list is the server's to refuse (415), not the client's.
    (e) => e instanceof okta.ApiError && e.status === 415,
  );
});

test('a text body is sent with its media type', async () => {
  await settle(client.ssfSecurityEventTokens.publishSecurityEventTokens({ body: 'eyJ.eyJ.sig' }));
  const request = await last();
  assert.equal(request.headers['content-type'], 'application/secevent+jwt');
  assert.equal(request.body, 'eyJ.eyJ.sig');
  await assert.rejects(client.ssfSecurityEventTokens.publishSecurityEventTokens({ body: { a: 1 } }), okta.InvalidRequestError);
});

test('an untyped JSON body travels as `body`', async () => {
  await settle(client.applicationUsers.assignUserToApplication(appId, { body: { id: '00u1', scope: 'USER' } }));
  const request = await last();
  assert.equal(request.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(request.body), { id: '00u1', scope: 'USER' });
});

test('a text/xml response comes back as a string', async () => {
  const result = await settle(client.applicationSso.previewSamlMetadata(appId, 'kid1'));
  const request = await last();
  assert.equal(request.headers.accept, 'text/xml');
  if (result instanceof Error) assert.ok(result instanceof okta.ApiError, String(result));
});

test('a model body with another JSON media type (merge patch) keeps it', async () => {
  await settle(client.authenticators.updateCustomAaguid('aut1', 'aaguid1', { name: 'Key' }));
  const request = await last();
  assert.equal(request.method, 'PATCH');
  assert.equal(request.headers['content-type'], 'application/merge-patch+json');
  assert.deepEqual(JSON.parse(request.body), { name: 'Key' });
});
