/**
 * A scheduled job's run in this process, one at a time and stoppable on shutdown: `run()` starts the
 * job unless a run is in flight (then it returns that one) or shutdown has begun; `stop()` aborts
 * the signal the job was given, which the job checks between its units of work (a series, a plan:
 * each its own transaction), and waits for the run in flight. The schedulers call `stop()` in
 * onModuleDestroy, which Nest runs before TypeORM closes the database (onApplicationShutdown).
 */
export class ScheduledRun {
  private readonly stopping = new AbortController();
  private running?: Promise<void>;

  constructor(private readonly job: (signal: AbortSignal) => Promise<void>) {}

  run(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.running ??= this.job(this.stopping.signal).finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }
}
