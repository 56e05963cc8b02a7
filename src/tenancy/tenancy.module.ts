import { Module } from '@nestjs/common';
import { TenancyService } from './tenancy.service';
import { ScopesModule } from '../auth/scopes.module';

@Module({ imports: [ScopesModule], providers: [TenancyService], exports: [TenancyService] })
export class TenancyModule {}
