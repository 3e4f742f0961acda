import { isIP } from 'node:net';

/**
 * Every environment variable the service reads, validated in one place.
 * Nothing else in the code base reads process.env.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started (see src/platform/database/embedded-postgres.ts). */
  databaseUrl: string | undefined;
  embeddedPgDir: string;
  /** True when EMBEDDED_PG_DIR was not given: as root, the folder may then move where PostgreSQL can reach it. */
  embeddedPgDirIsDefault: boolean;
  embeddedPgPort: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  jwtIssuer: string;
  adminEmail: string;
  adminPassword: string;
  /** True when ADMIN_PASSWORD was not given and the documented development default is used. */
  adminPasswordIsDefault: boolean;
  publicBaseUrl: string;
  /** Where the service calls LiveKit's server API (inside docker compose: http://livekit:7880). */
  livekitUrl: string;
  /** Where browsers connect (the `serverUrl` of a token answer); LIVEKIT_URL when unset. */
  livekitPublicUrl: string;
  /** Seconds one call to LiveKit's server API may take (jobs retry after it). */
  livekitRequestTimeoutSeconds: number;
  /** How many minutes before a hearing's start its participants may join. */
  joinOpensMinutesBefore: number;
  /** Requests to the public join routes allowed per client address per minute. */
  joinRateLimitPerMinute: number;
  /** Days after a hearing's end after which its guests' names and e-mails are erased. */
  guestDataRetentionDays: number;
  livekitApiKey: string;
  livekitApiSecret: string;
  smtpUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Failed logins for one account from one client address, within the window, before 429. */
  loginMaxFailuresPerAccountAndIp: number;
  /** Failed logins for one account from all addresses together: much higher, so a stranger cannot lock it. */
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  slotGridMinutes: number;
  /**
   * How often housekeeping deletes expired rows (idempotency keys, old login failures), as a recurring job of the
   * queue (one run per interval for all instances together); whole minutes, 0 turns it off.
   */
  housekeepingIntervalSeconds: number;
  /** Whether this instance runs the job queue: the outbox relay, job workers and recurring jobs (src/platform/jobs/). */
  jobsEnabled: boolean;
  /** How often, in seconds, workers look for jobs and the relay for outbox events when no notification wakes them. */
  jobsPollIntervalSeconds: number;
  /** Connections the job queue keeps to PostgreSQL, beside the application's own pool. */
  jobsPoolSize: number;
  /**
   * Which X-Forwarded-For hops to believe when finding the client address (login limits), in Fastify's terms:
   * false (none, the socket's address), a hop count (the proxies in front of the service), or the proxies'
   * addresses and CIDR ranges. Never "every hop": the client writes the first ones itself.
   */
  trustProxy: false | number | string[];
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-do-not-use-in-production';
export const DEV_ADMIN_EMAIL = 'admin@remote-hearings.local';
export const DEV_ADMIN_PASSWORD = 'change-me-admin-password';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

const LIVEKIT_PROTOCOLS = ['ws:', 'wss:', 'http:', 'https:'];

/** Names that proxy-addr (Fastify's trustProxy) reads as ranges of addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: `false`, a hop count, or a comma-separated list of addresses, CIDR ranges and range names. */
function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const forms =
    'the number of proxies in front of the service (TRUST_PROXY=1) or their addresses (TRUST_PROXY=10.0.0.5,10.1.0.0/16)';
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true') {
    problems.push(
      `TRUST_PROXY=true would believe every X-Forwarded-For hop, which the client writes itself; set ${forms} (hop count or address list)`,
    );
    return false;
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) problems.push(`TRUST_PROXY must be a hop count from 0 to 10 (got "${raw}")`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  const bad = entries.filter((entry) => {
    if (PROXY_RANGE_NAMES.includes(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
  });
  if (bad.length > 0) {
    problems.push(
      `TRUST_PROXY must be false, ${forms}, or ${PROXY_RANGE_NAMES.join(', ')} (not addresses: ${bad.map((b) => `"${b}"`).join(', ')})`,
    );
    return false;
  }
  return entries;
}

/** Parses and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return def;
    }
    return Number(raw);
  };
  const url = (name: string, def: string | undefined, protocols: string[]): string | undefined => {
    const raw = str(name) ?? def;
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL (got protocol "${u.protocol}")`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (raw !== 'true' && raw !== 'false') {
      problems.push(`${name} must be true or false (got "${raw}")`);
      return def;
    }
    return raw === 'true';
  };
  const oneOf = <T extends string>(name: string, def: T, allowed: readonly T[]): T => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return def;
    }
    return raw as T;
  };

  const nodeEnv = oneOf('NODE_ENV', 'development', ['development', 'test', 'production'] as const);
  const production = nodeEnv === 'production';

  let jwtSecret = str('JWT_SECRET');
  if (jwtSecret === undefined) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = DEV_JWT_SECRET;
  } else if (production && Buffer.byteLength(jwtSecret, 'utf8') < 32) {
    problems.push('JWT_SECRET must be at least 32 bytes when NODE_ENV=production');
  }

  const adminEmail = str('ADMIN_EMAIL') ?? DEV_ADMIN_EMAIL;
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) problems.push('ADMIN_EMAIL is not an e-mail address');
  const adminPasswordRaw = str('ADMIN_PASSWORD');
  if (adminPasswordRaw === undefined && production) {
    problems.push('ADMIN_PASSWORD is required when NODE_ENV=production');
  }
  if (adminPasswordRaw !== undefined && adminPasswordRaw.length < 12) {
    problems.push('ADMIN_PASSWORD must be at least 12 characters');
  }

  const livekitApiKey = str('LIVEKIT_API_KEY') ?? 'devkey';
  const livekitApiSecret = str('LIVEKIT_API_SECRET') ?? 'secret';
  if (production && (str('LIVEKIT_API_KEY') === undefined || str('LIVEKIT_API_SECRET') === undefined)) {
    problems.push('LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set when NODE_ENV=production');
  }

  const livekitUrl = url('LIVEKIT_URL', 'ws://localhost:7880', LIVEKIT_PROTOCOLS)!;

  const host = str('HOST') ?? '0.0.0.0';
  if (isIP(host) === 0 && host !== 'localhost') problems.push(`HOST must be an IP address (got "${host}")`);

  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 0, 65535),
    host,
    databaseUrl: url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    embeddedPgDir: str('EMBEDDED_PG_DIR') ?? '.data/postgres',
    embeddedPgDirIsDefault: str('EMBEDDED_PG_DIR') === undefined,
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 900, 60, 86400),
    jwtIssuer: str('JWT_ISSUER') ?? 'remote-hearings',
    adminEmail: adminEmail.toLowerCase(),
    adminPassword: adminPasswordRaw ?? DEV_ADMIN_PASSWORD,
    adminPasswordIsDefault: adminPasswordRaw === undefined,
    publicBaseUrl: url('PUBLIC_BASE_URL', 'http://localhost:3000', ['http:', 'https:'])!,
    livekitUrl,
    livekitPublicUrl: url('LIVEKIT_PUBLIC_URL', livekitUrl, LIVEKIT_PROTOCOLS)!,
    livekitRequestTimeoutSeconds: int('LIVEKIT_REQUEST_TIMEOUT_SECONDS', 10, 1, 120),
    joinOpensMinutesBefore: int('JOIN_OPENS_MINUTES_BEFORE', 30, 0, 1440),
    joinRateLimitPerMinute: int('JOIN_RATE_LIMIT_PER_MINUTE', 30, 1, 100000),
    guestDataRetentionDays: int('GUEST_DATA_RETENTION_DAYS', 30, 0, 3650),
    livekitApiKey,
    livekitApiSecret,
    smtpUrl: url('SMTP_URL', undefined, ['smtp:', 'smtps:']),
    logLevel: oneOf('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    loginMaxFailuresPerAccountAndIp: int('LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP', 5, 1, 1000),
    loginMaxFailuresPerAccount: int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 100, 1, 100000),
    loginMaxFailuresPerIp: int('LOGIN_MAX_FAILURES_PER_IP', 30, 1, 100000),
    loginWindowMinutes: int('LOGIN_WINDOW_MINUTES', 15, 1, 1440),
    slotGridMinutes: int('SLOT_GRID_MINUTES', 5, 1, 60),
    housekeepingIntervalSeconds: int('HOUSEKEEPING_INTERVAL_SECONDS', 600, 0, 86400),
    // Off by default under NODE_ENV=test only: most test files need no worker, and each queue start costs a
    // connection pool and, on a fresh database, pg-boss's schema. The job tests turn it on.
    jobsEnabled: bool('JOBS_ENABLED', nodeEnv !== 'test'),
    jobsPollIntervalSeconds: int('JOBS_POLL_INTERVAL_SECONDS', 2, 1, 300),
    jobsPoolSize: int('JOBS_POOL_SIZE', 4, 2, 100),
    trustProxy: parseTrustProxy(str('TRUST_PROXY'), problems),
  };
  // Recurring jobs run on the queue's schedules, whose unit is the minute.
  if (config.housekeepingIntervalSeconds % 60 !== 0) {
    problems.push(
      `HOUSEKEEPING_INTERVAL_SECONDS must be whole minutes (a multiple of 60) or 0 (got "${config.housekeepingIntervalSeconds}")`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
