import { forwardRef, Module } from '@nestjs/common';
import { CustomersService } from './customers.service';
import { CustomersTools } from './customers.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Customer } from './customer.entity';
import { TagsModule } from '../tags/tags.module';
import { ContactsModule } from '../contacts/contacts.module';
import { LocationsModule } from '../locations/locations.module';

@Module({
  imports: [TypeOrmModule.forFeature([Customer]), forwardRef(() => ContactsModule), forwardRef(() => LocationsModule), TagsModule],
  providers: [CustomersService, CustomersTools],
  exports: [CustomersService],
})
export class CustomersModule {}
