import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../src/config/app-config';

/* docker compose cannot run here (no Docker engine): this checks what it would give the service. */
type Compose = {
  services: Record<string, { command?: string; environment?: Record<string, string>; volumes?: string[] }>;
};
const root = join(__dirname, '..', '..');
const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as Compose;

describe('docker compose', () => {
  it('gives the service two LiveKit addresses: its API inside the network, the browsers the published port', () => {
    const config = loadConfig(compose.services.app.environment!);
    expect(config.livekitUrl).toBe('http://livekit:7880');
    expect(config.livekitPublicUrl).toBe('ws://localhost:7880');
    expect(compose.services.livekit.command).toContain('--config /etc/livekit.yaml');
  });

  it('runs LiveKit with rooms made only by the service, and media a local browser can reach', () => {
    const mount = compose.services.livekit.volumes!.find((v) => v.endsWith(':/etc/livekit.yaml:ro'))!;
    const file = load(readFileSync(join(root, mount.split(':')[0]), 'utf8')) as {
      room: { auto_create: boolean };
      rtc: { node_ip: string; use_external_ip: boolean };
    };
    expect(file.room.auto_create).toBe(false);
    expect(file.rtc).toEqual({ use_external_ip: false, node_ip: '127.0.0.1' });
  });
});
