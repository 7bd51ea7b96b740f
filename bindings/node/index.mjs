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
  RateLimitError,
  ServerError,
  OktaTimeoutError,
  OktaConnectionError,
  RedirectError,
  DecodeError,
  InvalidRequestError,
  ConfigError,
  PaginationError,
  InternalError,
} = cjs;

export default cjs;
