import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../src/config/app-config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe('configuration', () => {
  it('runs in development with no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      jwtSecret: DEV_JWT_SECRET,
      livekitApiKey: 'devkey',
      livekitApiSecret: 'secret',
      livekitUrl: 'ws://localhost:7880',
      adminPasswordIsDefault: true,
    });
  });

  it('names each bad variable', () => {
    const p = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      SMTP_URL: 'not a url',
      PUBLIC_BASE_URL: 'ftp://x',
    });
    expect(p.join('\n')).toMatch(/PORT/);
    expect(p.join('\n')).toMatch(/DATABASE_URL/);
    expect(p.join('\n')).toMatch(/LOG_LEVEL/);
    expect(p.join('\n')).toMatch(/SMTP_URL/);
    expect(p.join('\n')).toMatch(/PUBLIC_BASE_URL/);
  });

  it('refuses to start in production without real secrets', () => {
    const p = problems({ NODE_ENV: 'production' });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^JWT_SECRET is required/),
        expect.stringMatching(/^ADMIN_PASSWORD is required/),
        expect.stringMatching(/^LIVEKIT_API_KEY/),
      ]),
    );
  });

  it('refuses a JWT secret shorter than 32 bytes in production only', () => {
    const base = { ADMIN_PASSWORD: 'a-long-admin-password', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' };
    expect(problems({ ...base, NODE_ENV: 'production', JWT_SECRET: 'short' })).toEqual([
      'JWT_SECRET must be at least 32 bytes when NODE_ENV=production',
    ]);
    expect(problems({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
    expect(problems({ ...base, JWT_SECRET: 'short' })).toEqual([]);
  });

  it('trusts only the proxies it is told of: a hop count or their addresses, never every X-Forwarded-For hop', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
    // `true` used to trust whatever the client wrote in X-Forwarded-For.
    expect(problems({ TRUST_PROXY: 'true' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY=true .*hop count.*address/),
    ]);
    expect(problems({ TRUST_PROXY: '10.0.0.0/33' })).toEqual([expect.stringMatching(/^TRUST_PROXY .*10\.0\.0\.0\/33/)]);
    expect(problems({ TRUST_PROXY: 'proxy.example' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY .*proxy\.example/),
    ]);
    expect(problems({ TRUST_PROXY: '-1' })).toEqual([expect.stringMatching(/^TRUST_PROXY /)]);
  });

  it('limits failed logins per account and address, and per account alone at a higher threshold', () => {
    expect(loadConfig({})).toMatchObject({
      loginMaxFailuresPerAccountAndIp: 5,
      loginMaxFailuresPerAccount: 100,
      loginMaxFailuresPerIp: 30,
    });
  });

  it('runs the job queue by default except under NODE_ENV=test, and takes housekeeping in whole minutes', () => {
    expect(loadConfig({}).jobsEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).jobsEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', JOBS_ENABLED: 'true' }).jobsEnabled).toBe(true);
    expect(problems({ JOBS_ENABLED: 'yes' }).join('\n')).toMatch(/JOBS_ENABLED must be true or false/);
    expect(problems({ HOUSEKEEPING_INTERVAL_SECONDS: '90' }).join('\n')).toMatch(/HOUSEKEEPING_INTERVAL_SECONDS/);
    expect(problems({ JOBS_POLL_INTERVAL_SECONDS: '0' }).join('\n')).toMatch(/JOBS_POLL_INTERVAL_SECONDS/);
    expect(loadConfig({ HOUSEKEEPING_INTERVAL_SECONDS: '0' }).housekeepingIntervalSeconds).toBe(0);
  });
});
