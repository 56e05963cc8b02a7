import { Module } from '@nestjs/common';
import { TaxRatesModule } from '../tax-rates/tax-rates.module';
import { InvoicesService } from './invoices.service';
import { InvoicesTools } from './invoices.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Invoice } from './invoice.entity';
import { InvoiceLineItem } from './invoice-line-item.entity';
import { NumberingModule } from '../numbering/numbering.module';
import { CustomersModule } from '../customers/customers.module';
import { JobsModule } from '../jobs/jobs.module';

@Module({
  imports: [TypeOrmModule.forFeature([Invoice, InvoiceLineItem]), NumberingModule, CustomersModule, JobsModule, TaxRatesModule],
  providers: [InvoicesService, InvoicesTools],
  exports: [InvoicesService],
})
export class InvoicesModule {}
