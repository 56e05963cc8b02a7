import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { TypeOrmModule, InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZOOP_CONFIG, ZoopConfig } from '../config/config';
import { dataSourceOptions, PoolOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { detectWriteMode } from './write-mode';
import { EmbeddedDatabase } from './embedded-postgres';

const EMBEDDED = Symbol('EMBEDDED_DATABASE');

@Injectable()
class Migrator implements OnModuleInit {
  private readonly log = new Logger('Database');
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ZOOP_CONFIG) private readonly config: ZoopConfig,
  ) {}
  // Runs before any other module's start-up work (everything imports the database).
  async onModuleInit() {
    if (this.config.migrationsRun) {
      const ran = await runMigrations(this.ds);
      if (ran.length) this.log.log(`applied migrations: ${ran.join(', ')}`);
    }
    // on Citus, writes of several tables are sent as one routed statement per table (write-mode.ts)
    if ((await detectWriteMode(this.ds)) === 'routed') this.log.log('Citus: multi-table writes are sent as single-shard statements');
  }
}

// The embedded server stops last: after the pool has been closed, so no write is cut off.
@Injectable()
class EmbeddedStopper implements OnApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() @Inject(EMBEDDED) private readonly embedded?: EmbeddedDatabase,
  ) {}
  async onApplicationShutdown() {
    if (!this.embedded) return;
    if (this.ds.isInitialized) await this.ds.destroy();
    await this.embedded.stop();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  /**
   * `entities: 'modules'` (the server): the entities are those the loaded modules register with
   * TypeOrmModule.forFeature — each module owns its tables. `'all'` (the admin CLI, which loads a
   * few modules but whose entities' foreign keys name the others): every *.entity file, as the
   * TypeORM CLI (ormconfig.ts) sees them.
   */
  static forRoot(url: string, embedded?: EmbeddedDatabase, pool?: PoolOptions, entities: 'modules' | 'all' = 'modules'): DynamicModule {
    const options = dataSourceOptions(url, pool);
    const registration = entities === 'modules' ? { entities: [], autoLoadEntities: true } : { autoLoadEntities: false };
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...options, ...registration, retryAttempts: 3, retryDelay: 500 })],
      providers: [Migrator, EmbeddedStopper, { provide: EMBEDDED, useValue: embedded }],
    };
  }
}
