import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, JWTPayload, jwtVerify, SignJWT, JSONWebKeySet, CryptoKey } from 'jose';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { KeyEncryption } from '../crypto/key-encryption';
import { OAuthSigningKey } from './oauth-signing-key.entity';

export const ALG = 'ES256';

export interface AccessClaims extends JWTPayload {
  tenant_id: string;
  scope: string;
  client_id: string;
  /** the refresh-token family this token belongs to: revoking the family stops it too */
  sid: string;
}

/**
 * The issuer's signing keys (ES256, `jose`), kept in the database so every instance and the admin CLI
 * share them; the private halves encrypted (KeyEncryption). The newest unretired key signs; a retired key stays in the JWKS and keeps verifying
 * until every token it signed has expired (retired_at + access-token lifetime).
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  /** The active key; its private half is decrypted on first use, so verification never depends on the secret. */
  private active: { kid: string; sealed: string; key?: CryptoKey } | undefined;
  private keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  private jwks: JSONWebKeySet | undefined;
  private loadedAt = 0;
  private readonly log = new Logger('OAuthKeys');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
    private readonly encryption: KeyEncryption,
  ) {}

  /**
   * The first start generates the first key (after the migrations, which run at module init). When
   * the schema is not there yet (the CLI's `migrate` on an empty database) it waits for first use.
   */
  async onApplicationBootstrap() {
    if (!this.config.migrationsRun) return;
    try {
      await this.load();
    } catch (err) {
      this.log.warn(`signing keys not loaded at start-up (${(err as Error).message}); will retry on first use`);
    }
  }

  get issuer() {
    return this.config.publicUrl;
  }
  get resource() {
    return `${this.config.publicUrl}/api/mcp`;
  }

  /** Generates a key pair and stores it; the current key stops signing (it still verifies for a while). */
  async rotate(): Promise<{ kid: string; created_at: string }> {
    const row = await this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('zoop.oauth_signing_keys'))`);
      await em.getRepository(OAuthSigningKey).update({ retiredAt: IsNull() }, { retiredAt: new Date() });
      return this.insertKey(em);
    });
    this.loadedAt = 0;
    return { kid: row.kid, created_at: row.createdAt.toISOString() };
  }

  private async insertKey(em: EntityManager): Promise<OAuthSigningKey> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = randomUUID();
    return em.getRepository(OAuthSigningKey).save({
      kid,
      alg: ALG,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
      privateJwk: null,
      privateKeyEnc: this.encryption.encrypt(kid, { ...(await exportJWK(privateKey)), kid, alg: ALG }),
      retiredAt: null,
    });
  }

  /** Loads the keys; generates the first one at first start. Reloads at most once a second. */
  private async load(force = false) {
    if (!force && this.keySet && Date.now() - this.loadedAt < 60_000) return;
    if (force && Date.now() - this.loadedAt < 1_000) return;
    const repo = this.ds.getRepository(OAuthSigningKey);
    let rows = await repo.find({ order: { createdAt: 'DESC' } });
    if (rows.some((r) => r.privateJwk)) rows = await this.encryptClearKeys();
    if (!rows.some((r) => !r.retiredAt)) {
      // two processes starting together on an empty table: the lock makes one of them create the key
      await this.ds.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('zoop.oauth_signing_keys'))`);
        if (!(await em.getRepository(OAuthSigningKey).countBy({ retiredAt: IsNull() }))) await this.insertKey(em);
      });
      rows = await repo.find({ order: { createdAt: 'DESC' } });
    }
    const horizon = Date.now() - this.config.oauthAccessTokenTtl * 1000 - 60_000;
    const live = rows.filter((r) => !r.retiredAt || r.retiredAt.getTime() > horizon);
    const active = rows.find((r) => !r.retiredAt)!;
    if (this.active?.kid !== active.kid) this.active = { kid: active.kid, sealed: active.privateKeyEnc! };
    this.jwks = { keys: live.map((r) => r.publicJwk as any) };
    this.keySet = createLocalJWKSet(this.jwks);
    this.loadedAt = Date.now();
  }

  /** Keys stored in clear by an older version: encrypt them and drop the clear copy (once, under the lock). */
  private async encryptClearKeys(): Promise<OAuthSigningKey[]> {
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('zoop.oauth_signing_keys'))`);
      const repo = em.getRepository(OAuthSigningKey);
      for (const row of await repo.find({ where: { privateJwk: Not(IsNull()) } })) {
        await repo.update({ kid: row.kid }, { privateKeyEnc: this.encryption.encrypt(row.kid, row.privateJwk!), privateJwk: null });
      }
      this.log.log('private signing keys stored in clear are now encrypted');
      return repo.find({ order: { createdAt: 'DESC' } });
    });
  }

  async publicJwks(): Promise<JSONWebKeySet> {
    await this.load();
    return this.jwks!;
  }

  async sign(
    claims: { sub: string; tenant_id: string; scope: string; client_id: string; sid: string },
    ttlSeconds = this.config.oauthAccessTokenTtl,
  ): Promise<{ token: string; expiresIn: number }> {
    await this.load();
    const signer = this.active!;
    signer.key ??= (await importJWK(this.encryption.decrypt(signer.kid, signer.sealed), ALG)) as CryptoKey;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALG, kid: signer.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.resource)
      .setSubject(claims.sub as string)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(signer.key);
    return { token, expiresIn: ttlSeconds };
  }

  /** The claims of a valid access token for this resource, or null (bad signature, issuer, audience, expiry, kid). */
  async verify(token: string): Promise<(AccessClaims & { sub: string }) | null> {
    await this.load();
    const opts = { issuer: this.issuer, audience: this.resource, algorithms: [ALG], typ: 'at+jwt', requiredClaims: ['exp', 'sub', 'jti'] };
    try {
      return (await jwtVerify(token, this.keySet!, opts)).payload as AccessClaims & { sub: string };
    } catch (err: any) {
      if (err?.code !== 'ERR_JWKS_NO_MATCHING_KEY') return null;
    }
    await this.load(true); // a key rotated by another process
    try {
      return (await jwtVerify(token, this.keySet!, opts)).payload as AccessClaims & { sub: string };
    } catch {
      return null;
    }
  }
}
