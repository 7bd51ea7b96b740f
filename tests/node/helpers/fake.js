'use strict';
// A scripted HTTP server on 127.0.0.1, for responses okta-mock does not produce (429 without
// rate-limit headers, nulls and unknown enum values in bodies, half-written responses, …).

const http = require('node:http');

/**
 * Starts a server whose `handler(request, response, body)` answers every request; resolves to
 * `{ url, requests, close }`, `requests` listing `{ method, url, headers, body }` as received.
 */
async function startFake(handler) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      Promise.resolve()
        .then(() => handler(request, response, body, requests.length))
        .catch((error) => {
          response.statusCode = 500;
          response.end(String(error));
        });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON with `status` and extra `headers`. */
function sendJson(response, status, value, headers = {}) {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

module.exports = { startFake, sendJson };
