import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';

const VERSION = 'v1';

/**
 * Encrypts the issuer's private signing keys at rest (AES-256-GCM, the key id as associated data so
 * a ciphertext cannot be moved to another row). The 256-bit key is derived (HKDF-SHA256) from
 * SIGNING_KEY_SECRET, or else read from a key file of 32 random bytes made with mode 0600 at first
 * start (SIGNING_KEY_FILE, default `<ZOOP_DATA_DIR>/oauth-signing.key`). Every process that shares
 * the database must use the same secret or file.
 */
@Injectable()
export class KeyEncryption {
  private key: Buffer | undefined;
  private readonly log = new Logger('OAuthKeys');

  constructor(@Inject(ZOOP_CONFIG) private readonly config: ZoopConfig) {}

  private get secretKey(): Buffer {
    if (this.key) return this.key;
    const ikm = this.config.signingKeySecret ? Buffer.from(this.config.signingKeySecret, 'utf8') : this.keyFile();
    this.key = Buffer.from(hkdfSync('sha256', ikm, 'zoop', 'oauth signing keys v1', 32));
    return this.key;
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

  encrypt(kid: string, jwk: Record<string, unknown>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey, iv).setAAD(Buffer.from(kid));
    const body = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(kid: string, sealed: string): Record<string, unknown> {
    const [version, iv, tag, body] = sealed.split('.');
    try {
      if (version !== VERSION) throw new Error(`unknown format ${version}`);
      const decipher = createDecipheriv('aes-256-gcm', this.secretKey, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(kid));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8'));
    } catch {
      const source = this.config.signingKeySecret ? 'SIGNING_KEY_SECRET' : `the key file ${this.config.signingKeyFile}`;
      throw new Error(
        `the private signing key ${kid} cannot be decrypted with ${source}: use the secret or file it was encrypted with, or run oauth:rotate-key to start a new key`,
      );
    }
  }
}
