#!/usr/bin/env node
/*
 * Runs a TypeScript file (benchmarks, test fixtures): `node scripts/ts-run.js bench/booking.ts`.
 * Compiles .ts files on require with @swc/core (decorators + metadata, as jest does); Nest's ESM packages
 * load natively through Node's require(esm).
 */
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/ts-run.js <file.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 1); // the script sees itself as argv[1]
require('reflect-metadata');
require(resolve(file));
