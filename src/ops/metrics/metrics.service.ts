import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of this process (GET /metrics). One registry per app, so several apps in one
 * process (the tests) do not collide. Other modules call the small methods below.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'zoop_mcp_requests_total',
    help: 'MCP requests by tool (or method) and outcome (ok, invalid_input, not_found, conflict, internal, 401, 403, 429, ...)',
    labelNames: ['tool', 'outcome'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'zoop_mcp_request_duration_seconds',
    help: 'MCP request latency by tool (or method) and outcome',
    labelNames: ['tool', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly schedulerRuns = new Counter({
    name: 'zoop_scheduler_runs_total',
    help: 'Scheduled job runs by job and outcome (ok, skipped, failed)',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });
  private readonly seriesInstances = new Counter({
    name: 'zoop_series_instances_generated_total',
    help: 'Job instances materialised from recurring series',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'zoop_' });
  }

  request(tool: string, outcome: string, seconds: number) {
    this.requests.inc({ tool, outcome });
    this.latency.observe({ tool, outcome }, seconds);
  }

  schedulerRun(job: string, outcome: 'ok' | 'skipped' | 'failed') {
    this.schedulerRuns.inc({ job, outcome });
  }

  seriesGenerated(n: number) {
    if (n > 0) this.seriesInstances.inc(n);
  }
}
