import { Module } from '@nestjs/common';
import { TagsService } from './tags.service';
import { TagsTools } from './tags.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Tag } from './tag.entity';
import { CustomerTag } from './customer-tag.entity';

@Module({ imports: [TypeOrmModule.forFeature([Tag, CustomerTag])], providers: [TagsService, TagsTools], exports: [TagsService] })
export class TagsModule {}
