import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { JobSeriesService } from './job-series.service';
import { JobSeriesTools } from './job-series.tools';
import { SeriesGenerationModule } from './series-generation.module';
import { SeriesScheduler } from './series.scheduler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobSeries } from './job-series.entity';
import { JobSeriesLineItem } from './job-series-line-item.entity';
import { JobSeriesAssignment } from './job-series-assignment.entity';
import { CustomersModule } from '../customers/customers.module';
import { JobsModule } from '../jobs/jobs.module';
import { TenancyModule } from '../tenancy/tenancy.module';

@Module({
  imports: [TypeOrmModule.forFeature([JobSeries, JobSeriesLineItem, JobSeriesAssignment]), CustomersModule, JobsModule, TenancyModule, SeriesGenerationModule, LocationsModule],
  providers: [JobSeriesService, JobSeriesTools, SeriesScheduler],
  exports: [JobSeriesService, SeriesGenerationModule],
})
export class JobSeriesModule {}
