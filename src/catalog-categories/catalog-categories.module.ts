import { Module } from '@nestjs/common';
import { CatalogCategoriesService } from './catalog-categories.service';
import { CatalogCategoriesTools } from './catalog-categories.tools';

@Module({ providers: [CatalogCategoriesService, CatalogCategoriesTools], exports: [CatalogCategoriesService] })
export class CatalogCategoriesModule {}
