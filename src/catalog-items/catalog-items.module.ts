import { forwardRef, Module } from '@nestjs/common';
import { CatalogCategoriesModule } from '../catalog-categories/catalog-categories.module';
import { CatalogItemsService } from './catalog-items.service';
import { CatalogItemsTools } from './catalog-items.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogItem } from './catalog-item.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CatalogItem]), forwardRef(() => CatalogCategoriesModule)],
  providers: [CatalogItemsService, CatalogItemsTools],
  exports: [CatalogItemsService],
})
export class CatalogItemsModule {}
