import { Module } from '@nestjs/common';
import { TaxRatesService } from './tax-rates.service';
import { TaxRatesTools } from './tax-rates.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TaxRate } from './tax-rate.entity';

@Module({ imports: [TypeOrmModule.forFeature([TaxRate])], providers: [TaxRatesService, TaxRatesTools], exports: [TaxRatesService] })
export class TaxRatesModule {}
