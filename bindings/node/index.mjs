// ES module entry of `okta-admin`: the same objects as the CommonJS entry.
import cjs from './index.js';

export const {
  Client,
  ClientBase,
  Paginated,
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
} = cjs;

export default cjs;
