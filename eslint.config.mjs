// @ts-check
// ESLint (flat config) as a Nest project has it: typescript-eslint's recommended rules, Prettier
// owning the layout (eslint-config-prettier turns the style rules off; `npm run format` formats),
// plus the module-boundary rule of issue 16 (below).
import { readdirSync, readFileSync } from 'node:fs';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---- modules own their tables ------------------------------------------------------------------
// Code in src/<module>/ may not import another module's entity (src/<other>/**/*.entity) as a
// value: it reaches that module's rows through the module's exported service. Allowed: entity files
// (a foreign key names its target; that is schema, not access), type-only imports, tests, and the files
// named in src/database/cross-module-exceptions.json (the one list of exceptions, with the reason).
// Raw SQL naming another module's table is checked by src/database/module-boundaries.spec.ts.
// Chosen over dependency-cruiser: the rule is one ESLint option per folder, it runs in the same
// `npm run lint`, and it needs no second tool or config format.
const { exceptions } = JSON.parse(readFileSync(new URL('./src/database/cross-module-exceptions.json', import.meta.url), 'utf8'));
const modules = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const entityOwners = {}; // entity class name -> module folder
for (const m of modules) {
  for (const f of readdirSync(new URL(`./src/${m}`, import.meta.url), { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.entity.ts')) continue;
    const text = readFileSync(new URL(`./src/${m}/${f}`, import.meta.url), 'utf8');
    for (const [, name] of text.matchAll(/@Entity\([^)]*\)[\s\S]*?export class (\w+)/g)) entityOwners[name] = m;
  }
}
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An import of an entity file of a module not in `allowed`, from anywhere inside src/<module>/. */
const foreignEntity = (allowed) => ({
  regex: `^(\\.\\./)+(?!(${allowed.map(escape).join('|')})/)[\\w-]+/([\\w.-]+/)*[\\w.-]+\\.entity$`,
  allowTypeImports: true,
  message:
    "Another module's entity: reach its rows through that module's exported service (e.g. CustomersService.ensureInTenant), or add a reasoned entry to src/database/cross-module-exceptions.json.",
});
const boundaries = modules.flatMap((m) => {
  const own = exceptions.filter((e) => e.file.startsWith(`src/${m}/`));
  return [
    {
      files: [`src/${m}/**/*.ts`],
      // tests (specs, e2e specs, world fragments) may set up and inspect any table directly
      ignores: ['**/*.entity.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.world.ts', ...own.map((e) => e.file)],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [foreignEntity([m])] }] },
    },
    ...own.map((e) => ({
      files: [e.file],
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', { patterns: [foreignEntity([m, ...e.entities.map((n) => entityOwners[n]).filter(Boolean)])] }],
      },
    })),
  ];
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'migrations/**', 'scripts/**', 'docs/**', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest }, sourceType: 'module' },
    rules: {
      // deliberate in this codebase: `as any` at the edges (JSON-RPC payloads, TypeORM where-objects
      // built generically, test fixtures), where a type would only restate unknown
      '@typescript-eslint/no-explicit-any': 'off',
      // `_`-prefixed arguments and rest siblings are the codebase's way to say "unused on purpose"
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  ...boundaries,
);
