/** A missing, malformed, unknown, revoked or expired token: answered 401 by the gateway. */
export class Unauthenticated extends Error {
  constructor(message = 'Missing or invalid bearer token.') {
    super(message);
  }
}
