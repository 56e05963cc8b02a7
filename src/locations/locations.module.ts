import { Module } from '@nestjs/common';
import { LocationsService } from './locations.service';
import { LocationsTools } from './locations.tools';

@Module({ providers: [LocationsService, LocationsTools], exports: [LocationsService] })
export class LocationsModule {}
