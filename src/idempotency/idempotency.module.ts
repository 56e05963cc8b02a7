import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

@Module({ imports: [TypeOrmModule.forFeature([IdempotencyKey])], providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
