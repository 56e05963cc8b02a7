import { QuotesModule } from '../quotes/quotes.module';
import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service';
import { JobsTools } from './jobs.tools';

@Module({ imports: [QuotesModule], providers: [JobsService, JobsTools], exports: [JobsService] })
export class JobsModule {}
