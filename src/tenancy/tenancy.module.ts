import { Module } from '@nestjs/common';
import { TenancyService } from './tenancy.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';
import { ApiKey } from './api-key.entity';

@Module({ imports: [TypeOrmModule.forFeature([Tenant, User, ApiKey])], providers: [TenancyService], exports: [TenancyService] })
export class TenancyModule {}
