import { Module } from '@nestjs/common';
import { TaxRatesService } from './tax-rates.service';
import { TaxRatesTools } from './tax-rates.tools';

@Module({ providers: [TaxRatesService, TaxRatesTools], exports: [TaxRatesService] })
export class TaxRatesModule {}
