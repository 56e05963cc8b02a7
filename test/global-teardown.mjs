export default async function globalTeardown() {
  const pg = globalThis.__ZOOP_PG__;
  if (pg) await pg.stop();
}
