#!/usr/bin/env node
// `npm run migration:generate -- migrations/<Name>`: writes migrations/<timestamp>-<Name>.ts, the SQL
// that takes the database from the latest migration to what the entities describe (TypeORM's
// migration:generate: a diff between the entities and a real database).
//
// 1. builds dist/ when it is stale (the entities are read compiled, from dist/src/**/*.entity.js);
// 2. finds the database as the admin CLI does: DATABASE_URL, else the embedded cluster of
//    ZOOP_DATA_DIR (default ./.data) or the one the last `npm start` recorded; a running one is
//    joined (whatever its port), a stopped one is started on EMBEDDED_PG_PORT for this run;
// 3. runs the pending migrations first: the diff must start from the latest schema, or the new
//    migration would repeat what an earlier one (another team's, just merged) already does;
// 4. generates the migration through TypeORM's own command (dist/ormconfig.js, with this URL).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { formatFiles } = require('./format-files');
const fail = (message) => {
  process.stderr.write(`migration:generate: ${message}\n`);
  process.exit(1);
};

const target = process.argv[2];
if (!target || process.argv.length > 3 || !/^migrations\/[A-Z][A-Za-z0-9]*$/.test(target.replace(/\\/g, '/'))) {
  fail('usage: npm run migration:generate -- migrations/<Name>   (Name in PascalCase, e.g. migrations/AddEquipment)');
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-build.js')], { cwd: root, stdio: 'inherit' });
  const dist = (p) => require(path.join(root, 'dist', p));
  const { loadConfig } = dist('src/config/config.js');
  const { findDatabase } = dist('src/database/resolve-database.js');
  const { runMigrations } = dist('src/database/migrate.js');
  const { dataSourceOptions } = dist('src/database/data-source-options.js');
  const { DataSource } = require('typeorm');
  const { MigrationGenerateCommand } = require('typeorm/commands/MigrationGenerateCommand.js');

  const db = await findDatabase(loadConfig());
  let code = 1;
  try {
    const ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    let pending;
    try {
      const applied = await runMigrations(ds);
      if (applied.length) process.stderr.write(`migration:generate: first ran the pending migrations: ${applied.join(', ')}\n`);
      pending = (await ds.driver.createSchemaBuilder().log()).upQueries.length;
    } finally {
      await ds.destroy();
    }
    if (!pending) {
      throw new Error('the entities and the database already agree: nothing to generate (is the entity in src/<folder>/*.entity.ts?)');
    }
    process.env.DATABASE_URL = db.url; // dist/ormconfig.js connects to it
    const dir = path.join(root, 'migrations');
    const had = new Set(fs.readdirSync(dir));
    await new MigrationGenerateCommand().handler({ path: target, dataSource: path.join(root, 'dist', 'ormconfig.js'), exitProcess: false, pretty: false, outputJs: false, esm: false, dryrun: false, check: false });
    await formatFiles(root, fs.readdirSync(dir).filter((f) => !had.has(f)).map((f) => path.join(dir, f)));
    code = 0;
  } finally {
    await db.embedded?.stop();
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => fail(err?.message ?? String(err)),
);
