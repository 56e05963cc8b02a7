import { QuotesModule } from '../quotes/quotes.module';
import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service';
import { JobsTools } from './jobs.tools';
import { JobCountsCompactor } from './job-counts.compactor';

@Module({ imports: [QuotesModule], providers: [JobsService, JobsTools, JobCountsCompactor], exports: [JobsService] })
export class JobsModule {}
