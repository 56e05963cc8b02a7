import { Module } from '@nestjs/common';
import { CatalogCategoriesModule } from '../catalog-categories/catalog-categories.module';
import { CatalogItemsService } from './catalog-items.service';
import { CatalogItemsTools } from './catalog-items.tools';

@Module({ imports: [CatalogCategoriesModule], providers: [CatalogItemsService, CatalogItemsTools], exports: [CatalogItemsService] })
export class CatalogItemsModule {}
