import { Actor } from '../common/context';

/** Who a bearer token speaks for: a tenant, an actor (user or tenant key) and its scopes. */
export interface Principal {
  tenantId: string;
  actor: Actor;
  scopes: ReadonlySet<string>;
  /** How the token was issued: an API key or an OAuth access token. */
  via: 'api_key' | 'oauth';
  /** The credential: the API key id, or `oauth:<client_id>:<user_id>` for an OAuth access token. */
  credentialId: string;
}
