// first: it changes how V8 allocates for the rest of the process
import './ops/gc-tuning';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { ConfigError, loadConfig } from './config/config';
import { resolveDatabase } from './database/resolve-database';
import { exitOnStrayErrors } from './common/stray-errors';

async function main() {
  const log = new Logger('Zoop');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`zoop: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const database = await resolveDatabase(config, (m) => log.log(m));
  const app = await createApp(config, database);
  await app.listen(config.port, config.host);
  log.log(`MCP endpoint: http://${config.host}:${config.port}/api/mcp`);
}

exitOnStrayErrors('zoop');
main().catch((err) => {
  process.stderr.write(`zoop: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
