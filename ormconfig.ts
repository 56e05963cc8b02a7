import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';
import { clusterPassword, embeddedUrl } from './src/database/embedded-postgres';

// The DataSource of the TypeORM CLI. `npm run migration:generate` (scripts/migration-generate.js)
// finds the database, migrates it and sets DATABASE_URL; run by hand (`npx typeorm -d
// dist/ormconfig.js …`), it is DATABASE_URL or the running embedded cluster of ZOOP_DATA_DIR
// (default ./.data, its password in .data/pg.password) on EMBEDDED_PG_PORT.
const dataDir = process.env.ZOOP_DATA_DIR?.trim() || '.data';
const url = process.env.DATABASE_URL ?? embeddedUrl(clusterPassword(join(dataDir, 'pg')), Number(process.env.EMBEDDED_PG_PORT ?? 54329), 'zoop');
export default new DataSource(dataSourceOptions(url));
