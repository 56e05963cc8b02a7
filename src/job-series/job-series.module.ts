import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { JobSeriesService } from './job-series.service';
import { JobSeriesTools } from './job-series.tools';
import { SeriesGenerationModule } from './series-generation.module';
import { SeriesScheduler } from './series.scheduler';

@Module({ imports: [SeriesGenerationModule, LocationsModule], providers: [JobSeriesService, JobSeriesTools, SeriesScheduler], exports: [JobSeriesService, SeriesGenerationModule] })
export class JobSeriesModule {}
