import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

// The DataSource of the TypeORM CLI (`npm run migration:generate -- migrations/Name`).
// It needs a running database: DATABASE_URL, or the embedded one of a running `npm start`.
const url = process.env.DATABASE_URL ?? `postgres://postgres:zoop@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/zoop`;
export default new DataSource(dataSourceOptions(url));
