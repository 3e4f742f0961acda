import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { EmbeddedPostgresError } from '../platform/database/embedded-postgres';
import { runSeedDemo } from './demo-seed';

/*
 * `npm run seed:demo [-- --reset]` (README, Demo data): the same configuration and database as `npm start`
 * (DATABASE_URL, else the embedded PostgreSQL in .data/postgres), migrations first. The application logs at warn
 * unless LOG_LEVEL says otherwise, so the output is the seed's own lines.
 */
let config;
try {
  config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
runSeedDemo(config, process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // As `npm start`: a failure of the embedded PostgreSQL is one line naming the cause and the fix.
    console.error(err instanceof EmbeddedPostgresError ? err.message : err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
