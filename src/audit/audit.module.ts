import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([AuditEvent])], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
