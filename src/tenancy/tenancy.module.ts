import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../auth/scopes.module';
import { ApiKey } from './api-key.entity';
import { Tenant } from './tenant.entity';
import { TenancyService } from './tenancy.service';
import { User } from './user.entity';

@Module({ imports: [TypeOrmModule.forFeature([Tenant, User, ApiKey]), ScopesModule], providers: [TenancyService], exports: [TenancyService] })
export class TenancyModule {}
