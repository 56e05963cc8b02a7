import { forwardRef, Module } from '@nestjs/common';
import { LocationsService } from './locations.service';
import { LocationsTools } from './locations.tools';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Location } from './location.entity';
import { CustomersModule } from '../customers/customers.module';

@Module({ imports: [TypeOrmModule.forFeature([Location]), forwardRef(() => CustomersModule)], providers: [LocationsService, LocationsTools], exports: [LocationsService] })
export class LocationsModule {}
