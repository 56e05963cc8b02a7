import { Module } from '@nestjs/common';
import { TaxRatesModule } from '../tax-rates/tax-rates.module';
import { QuotesService } from './quotes.service';
import { QuotesTools } from './quotes.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Quote } from './quote.entity';
import { QuoteLineItem } from './quote-line-item.entity';
import { NumberingModule } from '../numbering/numbering.module';
import { CustomersModule } from '../customers/customers.module';
import { LocationsModule } from '../locations/locations.module';

@Module({
  imports: [TypeOrmModule.forFeature([Quote, QuoteLineItem]), NumberingModule, CustomersModule, LocationsModule, TaxRatesModule],
  providers: [QuotesService, QuotesTools],
  exports: [QuotesService],
})
export class QuotesModule {}
