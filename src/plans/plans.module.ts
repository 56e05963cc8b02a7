import { Module } from '@nestjs/common';
import { JobSeriesModule } from '../job-series/job-series.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { PlanBillingScheduler } from './plan-billing.scheduler';
import { PlanBillingService } from './plan-billing.service';
import { PlansService } from './plans.service';
import { PlansTools } from './plans.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Plan } from './plan.entity';
import { CustomersModule } from '../customers/customers.module';

@Module({
  imports: [TypeOrmModule.forFeature([Plan]), CustomersModule, InvoicesModule, JobSeriesModule],
  providers: [PlansService, PlansTools, PlanBillingService, PlanBillingScheduler],
  exports: [PlansService, PlanBillingService],
})
export class PlansModule {}
