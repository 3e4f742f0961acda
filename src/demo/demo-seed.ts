import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { createApp } from '../app.factory';
import type { RequestContext } from '../common/http/request-context';
import type { AppConfig } from '../config/app-config';
import { CasesService } from '../modules/cases/cases.service';
import { DefendantsService } from '../modules/directory/defendants.service';
import { OrganizationsService } from '../modules/directory/organizations.service';
import { HearingsService } from '../modules/hearings/hearings.service';
import { leniencyStepRefusal } from '../modules/leniency/leniency-rights';
import {
  applyLeniencyAction,
  NEW_LENIENCY_RECORD,
  proposalErrors,
  type LeniencyAction,
  type LeniencyRecordState,
} from '../modules/leniency/leniency-transitions';
import { LeniencyRepository, type ImportedLeniencyRecord } from '../modules/leniency/leniency.repository';
import { LeniencyService, payloadOf } from '../modules/leniency/leniency.service';
import { SittingsService } from '../modules/sittings/sittings.service';
import { UsersService } from '../modules/users/users.service';
import { connectDatabase } from '../platform/database/connect';
import { TransactionRunner } from '../platform/database/transaction-runner';
import {
  DEMO_ADMIN,
  DEMO_CENTERS,
  DEMO_COURTS,
  DEMO_LAW_FIRMS,
  DEMO_PASSWORD,
  DEMO_PROCURATORATE,
  DEMO_ZONE,
  demoUsers,
  type DemoUser,
} from './demo-directory';
import { DemoRepository, dropEverything, type ImportedCase } from './demo.repository';
import { planLeniency2019, type PlannedCase } from './leniency-2019-plan';
import { upcomingDays } from './upcoming-hearings';

/*
 * `npm run seed:demo`: a believable province to click through. On an empty database (none but admin accounts) it
 * creates the Ningxia directory through the services, imports the year 2019 of plea-leniency records (each record's
 * steps replayed through the state machine and the rights rule, then bulk-inserted), and books the coming weeks'
 * hearings through the booking and sitting services. On a database with data it refuses, unless `--reset`, which
 * drops everything in it first (demo-directory.ts: who; leniency-2019-plan.ts: what the figures are).
 */

export const REFUSAL =
  'seed:demo: the database already holds data (%n organization(s)); it seeds an empty database only. ' +
  'Run `npm run seed:demo -- --reset` to delete EVERYTHING in it and seed again.';

/** Runs the seed; the exit code: 0 done, 1 refused (data there, or production), 2 a bad argument. */
export async function runSeedDemo(config: AppConfig, args: string[], print: (line: string) => void): Promise<number> {
  const unknown = args.filter((a) => a !== '--reset');
  if (unknown.length > 0) {
    print(`seed:demo: unknown argument ${unknown[0]}; usage: npm run seed:demo [-- --reset]`);
    return 2;
  }
  if (config.nodeEnv === 'production') {
    print('seed:demo: refused with NODE_ENV=production: demo data and demo passwords are for development only.');
    return 1;
  }
  const reset = args.includes('--reset');
  const started = Date.now();
  const db = await connectDatabase(config);
  let app: NestFastifyApplication | undefined;
  try {
    if (reset) {
      print(
        `seed:demo --reset: dropping schema public of ${databaseName(db.url)}: every table and row (organizations, ` +
          'users, cases, hearings, sittings, plea-leniency records, the audit log, the migrations table), then ' +
          'running the migrations again.',
      );
      await dropEverything(db.url);
    }
    app = await createApp({ ...config, databaseUrl: db.url });
    const demo = new DemoRepository(app.get(DataSource));
    const organizations = await demo.organizationCount();
    if (organizations > 0) {
      print(REFUSAL.replace('%n', String(organizations)));
      return 1;
    }
    const summary = await new DemoSeeder(app, demo).seed();
    for (const line of report(summary, (Date.now() - started) / 1000)) print(line);
    return 0;
  } finally {
    await app?.close();
    await db.close();
  }
}

function databaseName(url: string): string {
  try {
    const u = new URL(url);
    return `database ${u.pathname.slice(1)} on ${u.hostname}:${u.port || 5432}`;
  } catch {
    return 'the database';
  }
}

interface SeedSummary {
  accounts: { user: DemoUser; organization: string }[];
  cases2019: number;
  records2019: number;
  upcoming: { when: string; what: string; hearings: number }[];
  procuratorateId: string;
}

function report(s: SeedSummary, seconds: number): string[] {
  const width = Math.max(...s.accounts.map((a) => a.user.email.length));
  return [
    `seed:demo: Ningxia demo data in ${seconds.toFixed(1)} s: ${s.cases2019} cases of 2019 with ` +
      `${s.records2019} plea-leniency records, ${s.upcoming.reduce((n, u) => n + u.hearings, 0)} coming hearings.`,
    `Statistics: GET /api/v1/stats/leniency?from=2019-01-01&to=2019-12-31&groupBy=month&procuratorateId=${s.procuratorateId}`,
    'Coming hearings (Asia/Shanghai):',
    ...s.upcoming.map((u) => `  ${u.when}  ${u.what}`),
    `Accounts (every one's password: ${DEMO_PASSWORD}):`,
    ...s.accounts.map(
      (a) => `  ${a.user.role.padEnd(17)} ${a.user.email.padEnd(width)}  ${DEMO_PASSWORD}  ${a.organization}`,
    ),
  ];
}

/** The instant a step records, the date its history row is filed under. */
function instantOf(step: LeniencyAction): Date {
  switch (step.action) {
    case 'inform':
    case 'accept':
    case 'withdraw':
      return step.at;
    case 'affidavit':
      return step.signedAt;
    case 'proposal':
      return step.proposedAt;
    case 'conclude':
      return step.concludedAt;
    case 'decision':
      return step.decidedAt;
  }
}

class DemoSeeder {
  private readonly users = new Map<string, { id: string; user: DemoUser; organizationId: string | null }>();
  private readonly orgs = new Map<string, string>();
  private readonly rooms = new Map<string, string>();

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly demo: DemoRepository,
  ) {}

  private ctxOf(key: string): RequestContext {
    const u = this.users.get(key)!;
    return {
      actor: { id: u.id, role: u.user.role, organizationId: u.organizationId },
      requestId: 'seed-demo',
      ip: '127.0.0.1',
    };
  }

  private id(key: string): string {
    return this.users.get(key)!.id;
  }

  async seed(): Promise<SeedSummary> {
    const accounts = await this.directory();
    const imported = await this.import2019();
    const upcoming = await this.upcoming();
    return { accounts, ...imported, upcoming, procuratorateId: this.orgs.get(DEMO_PROCURATORATE.key)! };
  }

  /** Organizations, rooms and accounts, through the services (validation, audit rows) as an admin makes them. */
  private async directory(): Promise<SeedSummary['accounts']> {
    const bootstrapAdmin = await this.demo.firstAdminId();
    if (!bootstrapAdmin) throw new Error('no admin account: the start-up creates one');
    const bootstrapCtx: RequestContext = {
      actor: { id: bootstrapAdmin, role: 'admin', organizationId: null },
      requestId: 'seed-demo',
      ip: '127.0.0.1',
    };
    const usersService = this.app.get(UsersService);
    const orgService = this.app.get(OrganizationsService);
    const admin = await usersService.create(bootstrapCtx, {
      email: DEMO_ADMIN.email,
      password: DEMO_PASSWORD,
      name: DEMO_ADMIN.name,
      role: 'admin',
    });
    this.users.set(DEMO_ADMIN.key, { id: admin.id, user: DEMO_ADMIN, organizationId: null });
    const ctx = this.ctxOf(DEMO_ADMIN.key);

    const groups = [
      { ...DEMO_PROCURATORATE, kind: 'procuratorate' as const, rooms: DEMO_PROCURATORATE.videoRooms.map(video) },
      ...DEMO_COURTS.map((c) => ({
        ...c,
        kind: 'court' as const,
        rooms: [...c.courtrooms.map(courtroom), video('远程视频室')],
      })),
      ...DEMO_CENTERS.map((c) => ({ ...c, kind: 'detention_center' as const, rooms: c.videoRooms.map(video) })),
      ...DEMO_LAW_FIRMS.map((f) => ({ ...f, kind: 'law_firm' as const, rooms: [] })),
    ];
    const accounts: SeedSummary['accounts'] = [{ user: DEMO_ADMIN, organization: '(no organization)' }];
    for (const g of groups) {
      const org = await orgService.create(ctx, {
        kind: g.kind,
        name: g.name,
        timeZone: DEMO_ZONE,
        ...(g.kind === 'detention_center' ? { escortBufferMinutes: 10 } : {}),
      });
      this.orgs.set(g.key, org.id);
      for (const r of g.rooms) {
        const room = await orgService.createRoom(ctx, org.id, r);
        this.rooms.set(`${g.key}/${r.name}`, room.id);
      }
      // Password hashing dominates: the accounts of one organization are created together.
      const created = await Promise.all(
        g.users.map((u) =>
          usersService.create(ctx, {
            email: u.email,
            password: DEMO_PASSWORD,
            name: u.name,
            role: u.role,
            organizationId: org.id,
          }),
        ),
      );
      g.users.forEach((u, i) => {
        this.users.set(u.key, { id: created[i].id, user: u, organizationId: org.id });
        accounts.push({ user: u, organization: g.name });
      });
    }
    const order = demoUsers().map((u) => u.key);
    return accounts.sort((a, b) => order.indexOf(a.user.key) - order.indexOf(b.user.key));
  }

  /**
   * The year 2019: the plan's records, each replayed step by step through the state machine (and the rights rule
   * and the proposal shape the routes apply), so every row written is the machine's output; then one bulk insert.
   */
  private async import2019(): Promise<{ cases2019: number; records2019: number }> {
    const plan = planLeniency2019({
      courts: DEMO_COURTS.map((c) => ({
        id: this.orgs.get(c.key)!,
        code: c.code,
        judgeIds: c.users.filter((u) => u.role === 'judge').map((u) => this.id(u.key)),
      })),
      prosecutorIds: DEMO_PROCURATORATE.users.map((u) => this.id(u.key)),
      centerIds: DEMO_CENTERS.map((c) => this.orgs.get(c.key)!),
      lawyerIds: DEMO_LAW_FIRMS.filter((f) => !f.duty).flatMap((f) => f.users.map((u) => this.id(u.key))),
      dutyLawyerIds: DEMO_LAW_FIRMS.filter((f) => f.duty).flatMap((f) => f.users.map((u) => this.id(u.key))),
    });
    const procuratorateId = this.orgs.get(DEMO_PROCURATORATE.key)!;
    const roles = new Map([...this.users.values()].map((u) => [u.id, u.user.role]));
    const cases: ImportedCase[] = plan.map((c) => ({
      caseNumber: c.caseNumber,
      courtId: c.courtId,
      procuratorateId,
      prosecutorId: c.prosecutorId,
      procedure: c.procedure,
      createdAt: new Date(Math.min(...c.defendants.map((d) => instantOf(d.steps[0].step).getTime()))),
      defendants: c.defendants.map((d) => ({
        name: d.name,
        detentionCenterId: d.centerId,
        defenseLawyerId: d.defenseLawyerId,
        charges: d.charges,
      })),
    }));
    // Replayed before anything is written: a plan the rules refuse stops the seed here.
    const replays = plan.map((c) => c.defendants.map((d) => replayed(c, d, procuratorateId, roles)));
    const leniency = this.app.get(LeniencyRepository);
    await this.app.get(TransactionRunner).run(async (tx) => {
      const ids = await this.demo.importCases(tx, cases, procuratorateId);
      await leniency.importRecords(
        tx,
        replays.flatMap((records, i) =>
          records.map((r, j) => ({ ...r, caseId: ids[i].caseId, defendantId: ids[i].defendantIds[j] })),
        ),
      );
    });
    return { cases2019: plan.length, records2019: replays.flat().length };
  }

  /** The coming weeks, through the services: a concentrated court sitting, a plea signing, three single hearings. */
  private async upcoming(): Promise<SeedSummary['upcoming']> {
    const admin = this.ctxOf(DEMO_ADMIN.key);
    const prosecutor = this.ctxOf('prosecutor.ma');
    const days = upcomingDays(DateTime.now(), DEMO_ZONE);
    const defendants = this.app.get(DefendantsService);
    const casesService = this.app.get(CasesService);
    const leniency = this.app.get(LeniencyService);
    const center = this.orgs.get('yinchuan')!;
    const procuratorateId = this.orgs.get(DEMO_PROCURATORATE.key)!;
    const year = DateTime.now().setZone(DEMO_ZONE).year;
    const names = [
      '韩立',
      '罗小军',
      '宋海涛',
      '唐丽华',
      '冯刚',
      '于洋',
      '董明',
      '程志',
      '曹伟',
      '袁芳',
      '邓强',
      '许静',
      '傅斌',
      '沈红',
      '曾亮',
      '彭飞',
    ];
    let serial = 0;
    const newCase = async (courtKey: string, charge: string, procedure: 'speedy' | 'summary' | 'ordinary') => {
      const d = await defendants.create(admin, { name: names[serial % names.length], detentionCenterId: center });
      serial++;
      const court = DEMO_COURTS.find((c) => c.key === courtKey)!;
      const c = await casesService.create(admin, {
        caseNumber: `(${year})${court.code}刑初${900 + serial}号`,
        courtId: this.orgs.get(courtKey)!,
        procuratorateId,
        prosecutorId: this.id('prosecutor.ma'),
        procedure,
        defendants: [{ defendantId: d.id, charges: [charge] }],
      });
      return { caseId: c.id, defendantId: d.id };
    };
    const ago = (days: number) => DateTime.utc().minus({ days }).toISO()!;
    /** Informed, accepted and a proposal made in the last days; the affidavit is signed at the plea signing. */
    const readyToSign = async (c: { caseId: string; defendantId: string }, months: number) => {
      await leniency.inform(prosecutor, c.caseId, c.defendantId, { at: ago(6) });
      await leniency.accept(prosecutor, c.caseId, c.defendantId, { at: ago(5) });
      await leniency.proposal(prosecutor, c.caseId, c.defendantId, {
        kind: 'definite',
        penalty: months <= 6 ? 'criminal_detention' : 'fixed_term',
        termMonths: months,
        probation: months <= 6,
        proposedAt: ago(4),
      });
    };
    /** Signed and concluded with leniency: the court rules on the proposal at the hearing. */
    const readyForTrial = async (
      c: { caseId: string; defendantId: string },
      months: number,
      procedure: 'speedy' | 'summary' | 'ordinary',
    ) => {
      await readyToSign(c, months);
      await leniency.affidavit(prosecutor, c.caseId, c.defendantId, {
        signedAt: ago(3),
        witnessLawyerId: this.id('duty.lawyer.yang'),
        procedure,
      });
      await leniency.conclude(prosecutor, c.caseId, c.defendantId, { concludedAt: ago(2), leniencyApplied: true });
    };

    const out: SeedSummary['upcoming'] = [];
    const local = (iso: string) => DateTime.fromISO(iso).setZone(DEMO_ZONE).toFormat('ccc yyyy-MM-dd HH:mm');

    // A concentrated sitting of speedy trials (速裁) at Xingqing: eight cases back to back on Tuesday morning.
    const sittingCases = [];
    for (let i = 0; i < 8; i++) {
      const c = await newCase('xingqing', i % 2 ? '盗窃罪' : '危险驾驶罪', 'speedy');
      await readyForTrial(c, 3 + i, 'speedy');
      sittingCases.push(c);
    }
    const sitting = await this.app.get(SittingsService).create(this.ctxOf('clerk.xingqing'), {
      courtId: this.orgs.get('xingqing')!,
      courtroomId: this.rooms.get('xingqing/速裁法庭')!,
      judgeId: this.id('judge.xingqing'),
      prosecutorId: this.id('prosecutor.ma'),
      startsAt: `${days.nextWeek[1]}T09:00`,
      endsAt: `${days.nextWeek[1]}T12:00`,
      gapMinutes: 5,
      kind: 'speedy_trial',
      cases: sittingCases.map((c) => ({ caseId: c.caseId, durationMinutes: 15 })),
    });
    if ('id' in sitting && sitting.id) {
      out.push({
        when: local(sitting.hearings[0].startsAt),
        what: `concentrated sitting, ${sitting.hearings.length} speedy trials, 兴庆区人民法院 速裁法庭`,
        hearings: sitting.hearings.length,
      });
    }

    // A concentrated plea signing (second concentration) on Monday afternoon: five suspects, one duty lawyer.
    const signingCases = [];
    for (let i = 0; i < 5; i++) {
      const c = await newCase('jinfeng', '危险驾驶罪', 'speedy');
      await readyToSign(c, 2 + i);
      signingCases.push(c);
    }
    const signing = await this.app.get(SittingsService).create(prosecutor, {
      kind: 'plea_signing',
      procuratorateId,
      prosecutorId: this.id('prosecutor.ma'),
      dutyLawyerId: this.id('duty.lawyer.yang'),
      startsAt: `${days.nextWeek[0]}T14:30`,
      endsAt: `${days.nextWeek[0]}T17:00`,
      cases: signingCases.map((c) => ({ caseId: c.caseId, durationMinutes: 20 })),
    });
    if ('id' in signing && signing.id) {
      out.push({
        when: local(signing.hearings[0].startsAt),
        what: `concentrated plea signing, ${signing.hearings.length} suspects, duty lawyer 杨秀英`,
        hearings: signing.hearings.length,
      });
    }

    // Single hearings at three courts, later that week and the next.
    const hearings = this.app.get(HearingsService);
    const singles = [
      {
        court: 'jinfeng',
        room: '第一审判庭',
        kind: 'arraignment' as const,
        at: `${days.nextWeek[2]}T09:30`,
        minutes: 45,
        charge: '诈骗罪',
      },
      {
        court: 'dawukou',
        room: '第一审判庭',
        kind: 'trial' as const,
        at: `${days.nextWeek[3]}T14:30`,
        minutes: 90,
        charge: '故意伤害罪',
      },
      {
        court: 'litong',
        room: '第一审判庭',
        kind: 'sentencing' as const,
        at: `${days.weekAfter[1]}T10:00`,
        minutes: 30,
        charge: '寻衅滋事罪',
      },
    ];
    for (const s of singles) {
      const procedure = s.kind === 'trial' ? 'ordinary' : 'summary';
      const c = await newCase(s.court, s.charge, procedure);
      await readyForTrial(c, 10, procedure);
      const h = await hearings.create(this.ctxOf(`clerk.${s.court}`), {
        caseId: c.caseId,
        kind: s.kind,
        startsAt: s.at,
        durationMinutes: s.minutes,
        courtroomId: this.rooms.get(`${s.court}/${s.room}`)!,
        judgeId: this.id(`judge.${s.court}`),
      });
      const court = DEMO_COURTS.find((x) => x.key === s.court)!;
      out.push({ when: local(h.startsAt), what: `${s.kind}, ${court.name} ${s.room}`, hearings: 1 });
    }
    return out.sort((a, b) => a.when.slice(4).localeCompare(b.when.slice(4)));
  }
}

function video(name: string) {
  return { name, kind: 'video_room' as const };
}
function courtroom(name: string) {
  return { name, kind: 'courtroom' as const };
}

/**
 * One planned record, replayed: each step through the rights rule (the role of who records it) and the state
 * machine, each proposal checked for its shape as the route checks it. Throws on the first refusal: a plan the
 * rules do not accept is never written.
 */
function replayed(
  c: PlannedCase,
  d: PlannedCase['defendants'][number],
  procuratorateId: string,
  roles: Map<string, DemoUser['role']>,
): Omit<ImportedLeniencyRecord, 'caseId' | 'defendantId'> {
  let state: LeniencyRecordState = NEW_LENIENCY_RECORD;
  // As the service decides it: the defendant's own lawyer in the case, else a duty lawyer.
  let witnessRole: ImportedLeniencyRecord['witnessRole'] = null;
  const steps: ImportedLeniencyRecord['steps'] = [];
  const proposedBy: string[] = [];
  for (const { step, actorId } of d.steps) {
    const role = roles.get(actorId)!;
    const refusal = leniencyStepRefusal(role, step.action, state.state);
    if (refusal) throw new Error(`demo plan: ${c.caseNumber}: a ${role} may not ${step.action}: ${refusal}`);
    if (step.action === 'proposal') {
      const errors = proposalErrors(step.proposal);
      if (errors.length > 0) throw new Error(`demo plan: ${c.caseNumber}: proposal ${JSON.stringify(errors)}`);
      proposedBy.push(actorId);
    }
    if (step.action === 'affidavit') {
      witnessRole = step.witnessLawyerId === d.defenseLawyerId ? 'defense_lawyer' : 'duty_lawyer';
    }
    state = applyLeniencyAction(state, step);
    steps.push({ action: step.action, actorId, recordedAt: instantOf(step), payload: payloadOf(step, witnessRole) });
  }
  return {
    next: state,
    witnessRole,
    proposedBy,
    steps,
  };
}
