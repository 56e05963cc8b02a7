import { Module } from '@nestjs/common';
import { NotesService } from './notes.service';
import { NotesTools } from './notes.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Note } from './note.entity';
import { CustomersModule } from '../customers/customers.module';
import { JobsModule } from '../jobs/jobs.module';

@Module({ imports: [TypeOrmModule.forFeature([Note]), CustomersModule, JobsModule], providers: [NotesService, NotesTools], exports: [NotesService] })
export class NotesModule {}
