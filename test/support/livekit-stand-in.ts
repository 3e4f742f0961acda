import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

/**
 * A STAND-IN for LiveKit's server API, for tests only: no LiveKit server can run on these machines
 * (../shared/LIVEKIT.md). It speaks Twirp as the server does (POST /twirp/livekit.RoomService/<Method>, camelCase
 * JSON, `Authorization: Bearer <JWT>` signed with the API key and secret), records every call, keeps rooms and
 * their participants, and can be told to fail: answer an error (`failWith`), answer nothing (`hang`), or stop
 * listening (`stop`/`start` on the same port). The service's real RoomServiceClient is what talks to it.
 */
export interface StandInCall {
  service: string;
  method: string;
  body: Record<string, unknown>;
  /** The grants of the bearer token the call came with (checked with the dev key and secret). */
  grants: Record<string, unknown>;
}

interface StandInRoom {
  sid: string;
  name: string;
  emptyTimeout: number;
  departureTimeout: number;
  maxParticipants: number;
  metadata: string;
}

export class LivekitStandIn {
  readonly calls: StandInCall[] = [];
  readonly rooms = new Map<string, StandInRoom>();
  /** Participants listed per room name: what ListParticipants answers (a test puts people "in" a room). */
  readonly participants = new Map<string, { identity: string; sid: string; joinedAtMs: number }[]>();
  private failure: { status: number; code: string; msg: string } | null = null;
  private hanging = false;
  private server: Server | null = null;
  private port = 0;
  private roomSeq = 0;

  constructor(private readonly keys = { key: 'devkey', secret: 'secret' }) {}

  /** Starts listening (again, on the same port after a stop); returns the base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening: calls get "connection refused", as from a server that is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every call answers this error until `recover()`. */
  failWith(status = 503, code = 'unavailable', msg = 'stand-in: unavailable'): void {
    this.failure = { status, code, msg };
  }

  /** Every call hangs (no answer) until `recover()`. */
  hang(): void {
    this.hanging = true;
  }

  recover(): void {
    this.failure = null;
    this.hanging = false;
  }

  callsOf(method: string): StandInCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/twirp\/livekit\.(\w+)\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return this.answer(res, 404, { code: 'bad_route', msg: 'no such method' });
    let grants: Record<string, unknown>;
    try {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      grants = (await new TokenVerifier(this.keys.key, this.keys.secret).verify(token)) as Record<string, unknown>;
    } catch {
      return this.answer(res, 401, { code: 'unauthenticated', msg: 'invalid token' });
    }
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    this.calls.push({ service: match[1], method: match[2], body, grants });
    if (this.hanging) return; // never answers; the client's timeout ends it
    if (this.failure) return this.answer(res, this.failure.status, { code: this.failure.code, msg: this.failure.msg });
    try {
      return this.answer(res, 200, this.respond(match[2], body) ?? {});
    } catch (err) {
      return this.answer(res, 404, { code: 'not_found', msg: (err as Error).message });
    }
  }

  private respond(method: string, body: Record<string, unknown>): Record<string, unknown> | null {
    const name = String(body.room ?? body.name ?? '');
    switch (method) {
      case 'CreateRoom': {
        const existing = this.rooms.get(name);
        const room: StandInRoom = {
          sid: existing?.sid ?? `RM_stand_in_${++this.roomSeq}`,
          name,
          emptyTimeout: Number(body.emptyTimeout ?? 0) || (existing?.emptyTimeout ?? 300),
          departureTimeout: Number(body.departureTimeout ?? 0) || (existing?.departureTimeout ?? 20),
          maxParticipants: Number(body.maxParticipants ?? 0) || (existing?.maxParticipants ?? 0),
          metadata: String(body.metadata ?? existing?.metadata ?? ''),
        };
        this.rooms.set(name, room);
        return { ...room };
      }
      case 'DeleteRoom':
        if (!this.rooms.delete(name)) throw Object.assign(new Error('not found'), { twirp: 'not_found' });
        this.participants.delete(name);
        return {};
      case 'ListParticipants':
        return {
          participants: (this.participants.get(name) ?? []).map((p) => ({
            sid: p.sid,
            identity: p.identity,
            state: 'ACTIVE',
            joinedAt: String(Math.floor(p.joinedAtMs / 1000)),
            joinedAtMs: String(p.joinedAtMs),
          })),
        };
      case 'UpdateParticipant':
      case 'RemoveParticipant': {
        const p = (this.participants.get(name) ?? []).find((x) => x.identity === body.identity);
        if (!p) throw Object.assign(new Error('participant not found'), { twirp: 'not_found' });
        if (method === 'RemoveParticipant')
          this.participants.set(
            name,
            (this.participants.get(name) ?? []).filter((x) => x !== p),
          );
        return { sid: p.sid, identity: p.identity, permission: body.permission ?? {} };
      }
      default:
        return {};
    }
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
