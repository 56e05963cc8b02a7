import { Module } from '@nestjs/common';
import { TaxRatesModule } from '../tax-rates/tax-rates.module';
import { QuotesService } from './quotes.service';
import { QuotesTools } from './quotes.tools';

@Module({ imports: [TaxRatesModule], providers: [QuotesService, QuotesTools], exports: [QuotesService] })
export class QuotesModule {}
