import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsService } from './metrics.service';

/** GET /metrics in the Prometheus text format. Serve it on a network only Prometheus reaches. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res() reply: FastifyReply) {
    const body = await this.metrics.registry.metrics();
    reply.code(200).header('content-type', this.metrics.registry.contentType).send(body);
  }
}
