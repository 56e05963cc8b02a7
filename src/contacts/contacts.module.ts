import { Module } from '@nestjs/common';
import { ContactsService } from './contacts.service';
import { ContactsTools } from './contacts.tools';

@Module({ providers: [ContactsService, ContactsTools], exports: [ContactsService] })
export class ContactsModule {}
