import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScopeCatalogue } from './scope-catalogue';

/** The scope set derived from the discovered tools (ScopeCatalogue); imported by whatever names or checks scopes. */
@Module({
  imports: [DiscoveryModule],
  providers: [ScopeCatalogue],
  exports: [ScopeCatalogue],
})
export class ScopesModule {}
