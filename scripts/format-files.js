// The project's formatter (Prettier, when installed) on files a script wrote, so generated code
// looks hand-made; nothing happens without Prettier. Used by generate-entity.js and migration-generate.js.
const fs = require('node:fs');

async function formatFiles(root, files) {
  let prettier;
  try {
    prettier = require(require.resolve('prettier', { paths: [root] }));
  } catch {
    return;
  }
  for (const f of files) {
    const options = (await prettier.resolveConfig(f)) ?? {};
    fs.writeFileSync(f, await prettier.format(fs.readFileSync(f, 'utf8'), { ...options, filepath: f }));
  }
}

module.exports = { formatFiles };
