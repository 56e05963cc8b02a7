import { Module } from '@nestjs/common';
import { TaxRatesModule } from '../tax-rates/tax-rates.module';
import { InvoicesService } from './invoices.service';
import { InvoicesTools } from './invoices.tools';

@Module({ imports: [TaxRatesModule], providers: [InvoicesService, InvoicesTools], exports: [InvoicesService] })
export class InvoicesModule {}
