import { Module } from '@nestjs/common';
import { KeyEncryption } from './key-encryption';

/** Encryption at rest of the secrets Zoop must read back (OAuth signing keys, webhook secrets). */
@Module({ providers: [KeyEncryption], exports: [KeyEncryption] })
export class CryptoModule {}
