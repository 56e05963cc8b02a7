import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';

const VERSION = 'v1';

/** What a sealed value is for: each purpose has its own key (HKDF info), so one cannot be opened as another. */
export type SealPurpose = 'oauth signing keys v1' | 'webhook secrets v1';

/**
 * Encrypts secrets Zoop must be able to read back at rest (AES-256-GCM, with associated data naming
 * the row, so a ciphertext cannot be moved to another row): the issuer's private signing keys and
 * webhook signing secrets. The 256-bit keys are derived (HKDF-SHA256, one per purpose) from
 * SIGNING_KEY_SECRET, or else from a key file of 32 random bytes made with mode 0600 at first
 * start (SIGNING_KEY_FILE, default `<ZOOP_DATA_DIR>/oauth-signing.key`). Every process that shares
 * the database must use the same secret or file.
 */
@Injectable()
export class KeyEncryption {
  private ikm: Buffer | undefined;
  private readonly keys = new Map<SealPurpose, Buffer>();
  private readonly log = new Logger('OAuthKeys');

  constructor(@Inject(ZOOP_CONFIG) private readonly config: ZoopConfig) {}

  private keyFor(purpose: SealPurpose): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      this.ikm ??= this.config.signingKeySecret ? Buffer.from(this.config.signingKeySecret, 'utf8') : this.keyFile();
      key = Buffer.from(hkdfSync('sha256', this.ikm, 'zoop', purpose, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }

  /** Where the keys come from, for messages. */
  private get source(): string {
    return this.config.signingKeySecret ? 'SIGNING_KEY_SECRET' : `the key file ${this.config.signingKeyFile}`;
  }

  /** Reads the key file, making it first if it does not exist (two processes racing: one wins, both read it). */
  private keyFile(): Buffer {
    const path = this.config.signingKeyFile;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
      this.log.log(`made the signing-key encryption key file ${path} (mode 0600): back it up with the database`);
    } catch (err: any) {
      if (err?.code !== 'EEXIST') throw err;
    }
    if (statSync(path).mode & 0o077) this.log.warn(`${path} is readable by other users: chmod 600 it`);
    const raw = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (raw.length !== 32) throw new Error(`${path} must hold 32 random bytes in base64`);
    return raw;
  }

  /** `text` sealed for `purpose`, bound to `aad` (the row it belongs to). */
  seal(purpose: SealPurpose, aad: string, text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(purpose), iv).setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** What seal() sealed, or an error saying which secret or key file to use. */
  open(purpose: SealPurpose, aad: string, sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    try {
      if (version !== VERSION) throw new Error(`unknown format ${version}`);
      const decipher = createDecipheriv('aes-256-gcm', this.keyFor(purpose), Buffer.from(iv, 'base64url')).setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`a stored ${purpose.replace(/ v\d+$/, '')} value (${aad}) cannot be decrypted with ${this.source}: use the secret or file it was encrypted with`);
    }
  }

  encrypt(kid: string, jwk: Record<string, unknown>): string {
    return this.seal('oauth signing keys v1', kid, JSON.stringify(jwk));
  }

  decrypt(kid: string, sealed: string): Record<string, unknown> {
    try {
      return JSON.parse(this.open('oauth signing keys v1', kid, sealed));
    } catch {
      throw new Error(
        `the private signing key ${kid} cannot be decrypted with ${this.source}: use the secret or file it was encrypted with, or run oauth:rotate-key to start a new key`,
      );
    }
  }
}
