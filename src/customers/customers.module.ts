import { Module } from '@nestjs/common';
import { CustomersService } from './customers.service';
import { CustomersTools } from './customers.tools';

@Module({ providers: [CustomersService, CustomersTools], exports: [CustomersService] })
export class CustomersModule {}
