import { Module } from '@nestjs/common';
import { NotesService } from './notes.service';
import { NotesTools } from './notes.tools';

@Module({ providers: [NotesService, NotesTools], exports: [NotesService] })
export class NotesModule {}
