import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentCounter } from './document-counter.entity';
import { NumberingService } from './numbering.service';

/** The tenants' document number sequences (quotes, invoices): owns document_counters. */
@Module({ imports: [TypeOrmModule.forFeature([DocumentCounter])], providers: [NumberingService], exports: [NumberingService] })
export class NumberingModule {}
