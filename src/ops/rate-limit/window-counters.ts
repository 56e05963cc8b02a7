import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

/** One key's fixed window in this process: what it counted itself, and what the others had counted when last heard of. */
interface Slot {
  windowEnd: number;
  /** hits counted by this process in this window */
  local: number;
  /** of those, not yet sent to the shared store */
  pending: number;
  /** of those, sent and acknowledged */
  synced: number;
  /** hits of every other process, as of the last sync (the shared total minus our synced hits) */
  others: number;
}

export interface Delta {
  key: string;
  windowEnd: number;
  hits: number;
}

/**
 * Fixed windows aligned on the clock (a window of 60 s ends on a whole minute), so that every process
 * names the same window for a key without talking to the others. Counting is a Map lookup and an
 * increment: exact for the hits of this process, and shared through `takeDeltas` / `settle` when a
 * store (PostgreSQL) sums every process's hits in the background.
 */
export class WindowCounters {
  private readonly slots = new Map<string, Slot>();

  hit(key: string, ttlMs: number, limit: number, now = Date.now()): ThrottlerStorageRecord {
    const windowEnd = (Math.floor(now / ttlMs) + 1) * ttlMs;
    let s = this.slots.get(key);
    if (!s || s.windowEnd !== windowEnd) {
      s = { windowEnd, local: 0, pending: 0, synced: 0, others: 0 };
      this.slots.set(key, s);
    }
    s.local++;
    s.pending++;
    const totalHits = s.local + s.others;
    const seconds = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    return { totalHits, timeToExpire: seconds, isBlocked: totalHits > limit, timeToBlockExpire: seconds };
  }

  /**
   * Every key of a running window with the hits not yet shared (0 for a key that only needs the
   * others' total), sorted by key so concurrent upserts lock rows in one order; drops ended windows.
   */
  takeDeltas(now = Date.now()): Delta[] {
    const out: Delta[] = [];
    for (const [key, s] of this.slots) {
      if (s.windowEnd <= now) {
        this.slots.delete(key);
        continue;
      }
      out.push({ key, windowEnd: s.windowEnd, hits: s.pending });
      s.pending = 0;
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The shared store took these deltas and answered each key's total over every process. */
  settle(deltas: Delta[], totals: Map<string, number>) {
    for (const d of deltas) {
      const s = this.slots.get(d.key);
      if (!s || s.windowEnd !== d.windowEnd) continue;
      s.synced += d.hits;
      const total = totals.get(d.key);
      if (total !== undefined) s.others = Math.max(s.others, total - s.synced);
    }
  }

  /** The shared store could not take them: they go out with the next sync. */
  giveBack(deltas: Delta[]) {
    for (const d of deltas) {
      const s = this.slots.get(d.key);
      if (s && s.windowEnd === d.windowEnd) s.pending += d.hits;
    }
  }

  get size() {
    return this.slots.size;
  }
}
