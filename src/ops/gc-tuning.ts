import { setFlagsFromString } from 'node:v8';

/**
 * V8's allocation-site pretenuring off, for the server process (imported first by main.ts).
 *
 * V8 watches where objects are allocated and, when the objects of one site have survived a young
 * collection for a while, allocates that site's objects straight in the old generation. In this
 * server such a site's objects are per-request garbage that points at the rest of the request; a
 * scavenge keeps whatever old-space garbage points at, so each request's headers, body, rows and
 * reply were copied and promoted, then freed only by a full collection. Measured on jobs.get
 * (`--trace-gc-nvp`, `scripts/bench/cpu-per-call.mjs`): ~1.4 MB promoted per scavenge and 7-10 ms
 * pauses with pretenuring on; ~0.2 MB and ~2 ms with it off (README, "Benchmark").
 *
 * `npm start` passes the flag on node's command line; it is set here as well for a server started
 * as `node dist/main.js`, where it takes effect from this line on (measured the same).
 */
const NO_PRETENURING = '--no-allocation-site-pretenuring';
if (!process.execArgv.includes(NO_PRETENURING)) setFlagsFromString(NO_PRETENURING);
