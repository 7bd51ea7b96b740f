'use strict';
// CommonJS entry of `okta-admin`: the generated `Client` and the runtime's public classes.

const runtime = require('./lib/runtime.js');
const { Client } = require('./src/generated/client.js');

module.exports = {
  Client,
  ClientBase: runtime.ClientBase,
  Paginated: runtime.Paginated,
  OktaError: runtime.OktaError,
  ApiError: runtime.ApiError,
  BadRequestError: runtime.BadRequestError,
  UnauthorizedError: runtime.UnauthorizedError,
  ForbiddenError: runtime.ForbiddenError,
  NotFoundError: runtime.NotFoundError,
  ConflictError: runtime.ConflictError,
  ServerError: runtime.ServerError,
  RateLimitError: runtime.RateLimitError,
  TimeoutError: runtime.TimeoutError,
  ConnectionError: runtime.ConnectionError,
  RedirectError: runtime.RedirectError,
  DecodeError: runtime.DecodeError,
  InvalidRequestError: runtime.InvalidRequestError,
  ConfigError: runtime.ConfigError,
  ForeignRedirectError: runtime.ForeignRedirectError,
  InternalError: runtime.InternalError,
};
