import { Module } from '@nestjs/common';
import { JobSeriesService } from './job-series.service';
import { JobSeriesTools } from './job-series.tools';
import { SeriesGenerator } from './series-generator';
import { SeriesScheduler } from './series.scheduler';

@Module({ providers: [SeriesGenerator, JobSeriesService, JobSeriesTools, SeriesScheduler], exports: [SeriesGenerator, JobSeriesService] })
export class JobSeriesModule {}
