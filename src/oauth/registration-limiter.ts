/**
 * Dynamic registrations per client address in a sliding hour, per process. Memory is bounded: at
 * most `maxAddresses` addresses are tracked, and the one seen least recently is dropped first.
 */
export class RegistrationLimiter {
  private readonly windowMs = 3_600_000;
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly perHour: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Records a registration from this address; returns seconds to wait when over the limit (nothing recorded), else null. */
  hit(address: string, now = Date.now()): number | null {
    const recent = (this.seen.get(address) ?? []).filter((at) => now - at < this.windowMs);
    this.seen.delete(address);
    if (recent.length >= this.perHour) {
      this.seen.set(address, recent);
      return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.seen.set(address, recent);
    if (this.seen.size > this.maxAddresses) this.seen.delete(this.seen.keys().next().value!);
    return null;
  }
}
