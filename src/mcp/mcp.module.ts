import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module';
import { ScopesModule } from '../auth/scopes.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { McpController } from './mcp.controller';
import { McpGateway } from './mcp-gateway.service';
import { ServerInstructions } from './mcp-instructions';
import { OriginGuard } from './origin.guard';
import { ToolRegistry } from './tool-registry';

@Module({
  imports: [DiscoveryModule, AuthModule, ScopesModule, IdempotencyModule],
  controllers: [McpController],
  providers: [ToolRegistry, ServerInstructions, McpGateway, OriginGuard],
  exports: [ToolRegistry],
})
export class McpModule {}
