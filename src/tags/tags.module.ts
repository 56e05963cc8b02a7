import { Module } from '@nestjs/common';
import { TagsService } from './tags.service';
import { TagsTools } from './tags.tools';

@Module({ providers: [TagsService, TagsTools], exports: [TagsService] })
export class TagsModule {}
