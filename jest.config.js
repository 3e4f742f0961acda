/** Jest: @swc/jest compiles TypeScript (and Nest 12's ESM packages) to CommonJS. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  // Nest 12, pg-boss and a few of their dependencies ship ESM only.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|content-disposition|pg-boss|rrule-temporal|serialize-error|non-error)/)',
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
