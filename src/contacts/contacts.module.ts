import { forwardRef, Module } from '@nestjs/common';
import { ContactsService } from './contacts.service';
import { ContactsTools } from './contacts.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from './contact.entity';
import { CustomersModule } from '../customers/customers.module';

@Module({ imports: [TypeOrmModule.forFeature([Contact]), forwardRef(() => CustomersModule)], providers: [ContactsService, ContactsTools], exports: [ContactsService] })
export class ContactsModule {}
