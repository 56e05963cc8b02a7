import { DataSource } from 'typeorm';
import { preparedQuery } from '../src/database/prepared';

// PostgreSQL cuts prepared-statement names to 63 bytes. Two names that differ only after that
// would name the same statement on a connection, and the second would fail ("already exists") or
// run the first one's text. jobs.list names its statements after the filters present, and the
// longest of those names pass 63 characters.
describe('prepared statement names', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 1 });
    await ds.initialize();
  });
  afterAll(() => ds?.destroy());

  it('keeps two long names that share their first 63 characters apart', async () => {
    const stem = 'jobs.list:status,customerId,seriesId,from,to,q:since:after:by-updated';
    await ds.transaction(async (em) => {
      const a = await preparedQuery<{ v: number }>(em, `${stem}:one`, 'SELECT 1 AS v', []);
      const b = await preparedQuery<{ v: number }>(em, `${stem}:two`, 'SELECT 2 AS v', []);
      const again = await preparedQuery<{ v: number }>(em, `${stem}:one`, 'SELECT 1 AS v', []);
      expect([a[0].v, b[0].v, again[0].v]).toEqual([1, 2, 1]);
    });
  });
});
