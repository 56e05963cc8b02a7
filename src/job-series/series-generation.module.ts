import { Module } from '@nestjs/common';
import { SeriesGenerator } from './series-generator';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobSeries } from './job-series.entity';
import { JobSeriesLineItem } from './job-series-line-item.entity';
import { JobSeriesAssignment } from './job-series-assignment.entity';
import { JobsModule } from '../jobs/jobs.module';

/** Just the generator (no tools, no scheduler): for the admin CLI's series:generate. */
@Module({ imports: [TypeOrmModule.forFeature([JobSeries, JobSeriesLineItem, JobSeriesAssignment]), JobsModule], providers: [SeriesGenerator], exports: [SeriesGenerator] })
export class SeriesGenerationModule {}
