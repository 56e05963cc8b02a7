import { Module } from '@nestjs/common';
import { SeriesGenerator } from './series-generator';

/** Just the generator (no tools, no scheduler): for the admin CLI's series:generate. */
@Module({ providers: [SeriesGenerator], exports: [SeriesGenerator] })
export class SeriesGenerationModule {}
