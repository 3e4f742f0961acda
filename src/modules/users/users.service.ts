import { Injectable, Logger } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { RequestContext, Role } from '../../common/http/request-context';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../../common/crypto/password';
import { OrganizationsRepository } from '../directory/organizations.repository';
import { CreateUserDto, UpdateUserDto, userAuditSnapshot } from './dto/user.dto';
import { roleOrganizationMismatch } from './roles';
import { EmailTakenError } from './users.errors';
import { UserChanges, UserRecord, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async checkRoleAndOrganization(tx: Transaction, role: Role, organizationId: string | null): Promise<void> {
    let kind = null;
    if (organizationId) {
      const org = await this.organizations.findById(organizationId, tx);
      if (!org) throw ValidationFailedError.field('organizationId', 'no organization has this id');
      kind = org.kind;
    }
    const mismatch = roleOrganizationMismatch(role, kind);
    if (mismatch) throw ValidationFailedError.field('organizationId', mismatch);
  }

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserRecord> {
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(async (tx) => {
      await this.checkRoleAndOrganization(tx, dto.role, dto.organizationId ?? null);
      const user = await this.users.insert(tx, {
        email: dto.email.trim(),
        name: dto.name.trim(),
        role: dto.role,
        organizationId: dto.organizationId ?? null,
        passwordHash,
      });
      await this.audit.record(tx, ctx, {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        after: userAuditSnapshot(user),
      });
      return user;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateUserDto): Promise<UserRecord> {
    return this.tx.run(async (tx) => {
      const before = await this.users.findById(id, tx);
      if (!before) throw new NotFoundError('User', id);
      if (id === ctx.actor.id && (dto.active === false || (dto.role && dto.role !== before.role))) {
        throw new ForbiddenError('You cannot deactivate yourself or change your own role');
      }
      const role = dto.role ?? before.role;
      const organizationId = dto.organizationId ?? (role === 'admin' ? null : before.organizationId);
      if (dto.role !== undefined || dto.organizationId !== undefined) {
        await this.checkRoleAndOrganization(tx, role, role === 'admin' ? null : organizationId);
      }
      const patch = changedFields(before, {
        name: dto.name?.trim(),
        role: dto.role,
        organizationId: role === 'admin' ? null : organizationId,
        active: dto.active,
      });
      // A change that changes nothing writes nothing: no update, no audit row, the tokens stay valid.
      if (Object.keys(patch).length === 0) return before;
      const after = await this.users.update(tx, id, patch);
      await this.audit.record(tx, ctx, {
        action: 'update',
        entityType: 'user',
        entityId: id,
        before: userAuditSnapshot(before),
        after: userAuditSnapshot(after),
      });
      return after;
    });
  }

  async get(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  list(ctx: RequestContext, filter: { role?: Role; organizationId?: string }): Promise<UserRecord[]> {
    return this.users.list({ ...filter, activeOnly: ctx.actor.role !== 'admin' });
  }

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the users table is empty. */
  async ensureBootstrapAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const passwordHash = await hashPassword(this.config.adminPassword);
    await this.tx
      .run(async (tx) => {
        const user = await this.users.insert(tx, {
          email: this.config.adminEmail,
          name: 'Administrator',
          role: 'admin',
          organizationId: null,
          passwordHash,
        });
        await this.audit.record(
          tx,
          { actor: null, requestId: 'bootstrap' },
          {
            action: 'create',
            entityType: 'user',
            entityId: user.id,
            after: userAuditSnapshot(user),
          },
        );
      })
      .catch((err: unknown) => {
        // Another instance created it at the same moment.
        if (err instanceof EmailTakenError) return;
        throw err;
      });
    if (this.config.adminPasswordIsDefault && this.config.nodeEnv !== 'test') {
      this.logger.warn(
        // The documented development default, printed once when the admin is created (never in production,
        // where ADMIN_PASSWORD is required).
        `Created the bootstrap admin ${this.config.adminEmail} with the development default password ` +
          `"${this.config.adminPassword}" (see README, "Set-up"). Set ADMIN_PASSWORD before real use.`,
      );
    }
  }
}

/** The fields of `wanted` that differ from the user as they are (undefined: not asked for). */
function changedFields(user: UserRecord, wanted: UserChanges): UserChanges {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (value !== undefined && value !== user[field as keyof UserChanges]) patch[field] = value;
  }
  return patch as UserChanges;
}
