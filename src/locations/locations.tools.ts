import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateLocationInput, ListLocationsInput, LocationIdInput, UpdateLocationInput } from './dto/location.inputs';
import { LOCATION_OUTPUT, LOCATION_PAGE_OUTPUT } from './dto/location.output';
import { LocationsService } from './locations.service';
import { INSTRUCTIONS } from './locations.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class LocationsTools {
  constructor(private readonly locations: LocationsService) {}

  @McpTool({
    name: 'locations.list',
    scope: 'read:locations',
    input: ListLocationsInput,
    output: LOCATION_PAGE_OUTPUT,
    description:
      'List service locations (addresses where work happens), oldest first. customerId narrows to one customer; q matches label, address lines, city or postal code (case-insensitive substring); archived locations are hidden unless includeArchived is true. Example: {"customerId":"<uuid>"}',
  })
  list(input: ListLocationsInput, ctx: ToolContext) {
    return this.locations.list(ctx, input);
  }

  @McpTool({
    name: 'locations.get',
    scope: 'read:locations',
    input: LocationIdInput,
    output: LOCATION_OUTPUT,
    description: 'Get one service location by id. Example: {"id":"<uuid>"}',
  })
  get(input: LocationIdInput, ctx: ToolContext) {
    return this.locations.get(ctx, input.id);
  }

  @McpTool({
    name: 'locations.create',
    scope: 'write:locations',
    input: CreateLocationInput,
    output: LOCATION_OUTPUT,
    description:
      'Add a service location to a customer. customer_id and line1 are required; customer_id cannot change later; country is ISO 3166-1 alpha-2 (default US); latitude and longitude go together. Example: {"customer_id":"<uuid>","label":"Lake house","line1":"12 Shore Rd","city":"Tahoe City","region":"CA","postal_code":"96145","latitude":39.17,"longitude":-120.14}',
  })
  create(input: CreateLocationInput, ctx: ToolContext) {
    return this.locations.create(ctx, input);
  }

  @McpTool({
    name: 'locations.update',
    scope: 'write:locations',
    input: UpdateLocationInput,
    output: LOCATION_OUTPUT,
    description:
      'Change a location: only the fields sent change; null clears an optional field; archived:false restores it. The customer cannot change. Example: {"id":"<uuid>","access_notes":"Gate code 4321"}',
  })
  update(input: UpdateLocationInput, ctx: ToolContext) {
    return this.locations.update(ctx, input);
  }

  @McpTool({
    name: 'locations.archive',
    scope: 'write:locations',
    input: LocationIdInput,
    output: LOCATION_OUTPUT,
    description: 'Archive a location: hidden from lists and from customers.get; locations.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: LocationIdInput, ctx: ToolContext) {
    return this.locations.archive(ctx, input.id);
  }
}
