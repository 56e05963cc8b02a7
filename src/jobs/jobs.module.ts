import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service';
import { JobsTools } from './jobs.tools';

@Module({ providers: [JobsService, JobsTools], exports: [JobsService] })
export class JobsModule {}
