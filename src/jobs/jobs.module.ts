import { QuotesModule } from '../quotes/quotes.module';
import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service';
import { JobsTools } from './jobs.tools';
import { JobCountsCompactor } from './job-counts.compactor';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Job } from './job.entity';
import { JobLineItem } from './job-line-item.entity';
import { JobAssignment } from './job-assignment.entity';
import { JobMedia } from './job-media.entity';
import { CustomersModule } from '../customers/customers.module';
import { LocationsModule } from '../locations/locations.module';
import { TenancyModule } from '../tenancy/tenancy.module';

@Module({
  imports: [TypeOrmModule.forFeature([Job, JobLineItem, JobAssignment, JobMedia]), CustomersModule, LocationsModule, TenancyModule, QuotesModule],
  providers: [JobsService, JobsTools, JobCountsCompactor],
  exports: [JobsService],
})
export class JobsModule {}
