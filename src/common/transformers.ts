import { ValueTransformer } from 'typeorm';

// numeric(12,2) comes back from pg as a string; results carry JSON numbers with at most 2 decimals.
export const numericTransformer: ValueTransformer = {
  to: (v: number | string | null | undefined) => (v === null || v === undefined ? v : String(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};
