import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';

// One definition shared by the app (TypeOrmModule) and the TypeORM CLI (ormconfig.ts).
// The server registers its entities per module (TypeOrmModule.forFeature, see DatabaseModule); the
// TypeORM CLI (migration:generate), the schema drift test and the admin CLI find every entity by
// file name, so a new entity folder needs no edit here. Migrations are found by file name.
const root = join(__dirname, '..', '..');
const ext = __filename.endsWith('.ts') ? 'ts' : 'js';

export interface PoolOptions {
  size?: number;
  connectTimeoutMs?: number;
}

export function dataSourceOptions(url: string, pool: PoolOptions = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(root, 'src', '**', `*.entity.${ext}`)],
    migrations: [join(root, 'migrations', `*.${ext}`)],
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto', // gen_random_uuid(): built into PostgreSQL 13+
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: pool.size ?? (Number(process.env.DB_POOL_SIZE) || 10),
      // Bounds both opening a connection and waiting for a free one: without it a call waits
      // forever when the database stops answering or slow work holds every pooled connection.
      connectionTimeoutMillis: pool.connectTimeoutMs ?? (Number(process.env.DB_CONNECT_TIMEOUT_MS) || 5000),
      // TCP keepalive, so a connection to a database host that vanished is noticed and dropped
      keepAlive: true,
    },
  };
}
