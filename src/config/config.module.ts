import { DynamicModule, Global, Module } from '@nestjs/common';
import { ZOOP_CONFIG, ZoopConfig } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ZoopConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ZOOP_CONFIG, useValue: config }], exports: [ZOOP_CONFIG] };
  }
}
