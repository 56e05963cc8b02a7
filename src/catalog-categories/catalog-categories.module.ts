import { forwardRef, Module } from '@nestjs/common';
import { CatalogCategoriesService } from './catalog-categories.service';
import { CatalogCategoriesTools } from './catalog-categories.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogCategory } from './catalog-category.entity';
import { CatalogItemsModule } from '../catalog-items/catalog-items.module';

@Module({
  imports: [TypeOrmModule.forFeature([CatalogCategory]), forwardRef(() => CatalogItemsModule)],
  providers: [CatalogCategoriesService, CatalogCategoriesTools],
  exports: [CatalogCategoriesService],
})
export class CatalogCategoriesModule {}
