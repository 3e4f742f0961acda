// ESLint with type-aware rules: promises must be awaited or handled, switches over unions exhaustive.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/*
 * The layers of ../shared/ARCHITECTURE.md, as README's code layout states them: imports only point down.
 *   start-up (main, app.*, schema/)  >  features (src/modules, in the court's order below)  >  kernel  >  platform
 *   >  common  >  config.
 * Features come in this order; each may import only those before it (so no two features import each other).
 */
const FEATURES = [
  'audit',
  'directory',
  'users',
  'auth',
  'cases',
  'calendars',
  'hearings',
  'availability',
  'sittings',
  'leniency',
  'outcomes',
  'video',
  'statistics',
  'housekeeping',
  'health',
];
const START_UP = ['./src/main.ts', './src/app.module.ts', './src/app.factory.ts', './src/schema', './src/demo'];
const layerZones = [
  { target: './src/config', from: ['./src/common', './src/platform', './src/kernel', './src/modules', ...START_UP] },
  { target: './src/common', from: ['./src/platform', './src/kernel', './src/modules', ...START_UP] },
  { target: './src/platform', from: ['./src/kernel', './src/modules', ...START_UP] },
  { target: './src/kernel', from: ['./src/modules', ...START_UP] },
  ...FEATURES.map((feature, i) => ({
    target: `./src/modules/${feature}`,
    from: [...FEATURES.slice(i + 1).map((later) => `./src/modules/${later}`), ...START_UP],
    message: `features import only those before them: ${FEATURES.join(' < ')}`,
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js'] } },
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
      // No cycles between files either (type-only imports included); TypeORM's two-way relations are the exception.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // README, "Data access": only repositories (and the entity classes that declare the schema) speak TypeORM;
    // services, controllers, DTOs and rules see plain records and the project's own Transaction.
    files: ['src/modules/**/*.ts', 'src/kernel/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.entity.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'typeorm', message: 'only repositories and entities import TypeORM (README, Data access)' }],
        },
      ],
    },
  },
  {
    files: ['src/**/*.entity.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/main.ts', 'src/schema/migration-cli.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
