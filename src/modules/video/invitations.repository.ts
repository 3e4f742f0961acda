import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import type { InvitationRole } from './video-participants';

/** A join link as the service sees it (never its code: only the hash is kept). */
export interface InvitationRecord {
  id: string;
  hearingId: string;
  role: InvitationRole;
  userId: string | null;
  /** The guest's name, or the invited user's. Null once erased. */
  name: string | null;
  email: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  erasedAt: Date | null;
}

const COLUMNS = `i.id, i.hearing_id AS "hearingId", i.role, i.user_id AS "userId",
  COALESCE(i.name, (SELECT u.name FROM users u WHERE u.id = i.user_id)) AS name, i.email,
  i.created_by AS "createdBy", i.created_at AS "createdAt", i.revoked_at AS "revokedAt", i.erased_at AS "erasedAt"`;

/** The rows of `hearing_invitations` (migration Invitations). */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(tx?: Transaction): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  async insert(
    tx: Transaction,
    i: {
      hearingId: string;
      role: InvitationRole;
      userId: string | null;
      name: string | null;
      email: string | null;
      codeHash: string;
      createdBy: string;
    },
  ): Promise<InvitationRecord> {
    const rows: InvitationRecord[] = await managerOf(tx).query(
      `WITH i AS (
         INSERT INTO hearing_invitations (hearing_id, role, user_id, name, email, code_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
       SELECT ${COLUMNS} FROM i`,
      [i.hearingId, i.role, i.userId, i.name, i.email, i.codeHash, i.createdBy],
    );
    return rows[0];
  }

  async list(hearingId: string): Promise<InvitationRecord[]> {
    return this.m().query(
      `SELECT ${COLUMNS} FROM hearing_invitations i WHERE i.hearing_id = $1 ORDER BY i.created_at, i.id`,
      [hearingId],
    );
  }

  async find(tx: Transaction, hearingId: string, id: string): Promise<InvitationRecord | null> {
    const rows: InvitationRecord[] = await managerOf(tx).query(
      `SELECT ${COLUMNS} FROM hearing_invitations i WHERE i.hearing_id = $1 AND i.id = $2 FOR UPDATE`,
      [hearingId, id],
    );
    return rows[0] ?? null;
  }

  async revoke(tx: Transaction, id: string, by: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE hearing_invitations SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [id, by],
    );
  }

  /** The live invitation of a code's hash: not revoked (a cancelled hearing's are, by its trigger). */
  async findLiveByCodeHash(codeHash: string, tx?: Transaction): Promise<InvitationRecord | null> {
    const rows: InvitationRecord[] = await this.m(tx).query(
      `SELECT ${COLUMNS} FROM hearing_invitations i WHERE i.code_hash = $1 AND i.revoked_at IS NULL`,
      [codeHash],
    );
    return rows[0] ?? null;
  }

  /** A user's role and whether they are active, to check whom an invitation names. */
  async userRole(userId: string, tx: Transaction): Promise<string | null> {
    const rows: { role: string }[] = await managerOf(tx).query(`SELECT role FROM users WHERE id = $1 AND active`, [
      userId,
    ]);
    return rows[0]?.role ?? null;
  }

  /**
   * Erases the names and e-mails of guests of hearings that ended more than `days` days ago (their scheduled end,
   * or their cancellation); returns how many.
   */
  async eraseGuestData(days: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE hearing_invitations i SET name = NULL, email = NULL, erased_at = now()
         FROM hearings h
        WHERE h.id = i.hearing_id AND i.erased_at IS NULL
          AND (i.name IS NOT NULL OR i.email IS NOT NULL)
          AND COALESCE(LEAST(h.cancelled_at, h.ends_at), h.ends_at) < now() - make_interval(days => $1)`,
      [days],
    );
    return count;
  }

  /**
   * Invites the hearing's parties who have an account with an e-mail and no live invitation yet: its defense
   * lawyers and its prosecutor, each as their role, by the user who booked it. Their codes are random and held by
   * nobody: whoever sends the invitation issues the link (`reissue`). Serialized on the hearing's video row, so two
   * runs invite each party once. Returns the invitations made.
   */
  async inviteParties(tx: Transaction, hearingId: string, codeHashes: () => string): Promise<InvitationRecord[]> {
    const m = managerOf(tx);
    await m.query(`SELECT 1 FROM hearing_video WHERE hearing_id = $1 FOR UPDATE`, [hearingId]);
    const parties: { userId: string; role: InvitationRole; email: string; createdBy: string }[] = await m.query(
      `SELECT u.id AS "userId", p.role, u.email, COALESCE(h.created_by, u.id) AS "createdBy"
         FROM hearings h
         CROSS JOIN LATERAL (
           SELECT hl.lawyer_id AS user_id, 'defense_lawyer' AS role FROM hearing_lawyers hl WHERE hl.hearing_id = h.id
           UNION ALL SELECT h.prosecutor_id, 'prosecutor' WHERE h.prosecutor_id IS NOT NULL
         ) p
         JOIN users u ON u.id = p.user_id AND u.active
        WHERE h.id = $1 AND h.status = 'scheduled'
          AND NOT EXISTS (SELECT 1 FROM hearing_invitations i
                           WHERE i.hearing_id = h.id AND i.user_id = u.id AND i.revoked_at IS NULL)
        ORDER BY p.role, u.id`,
      [hearingId],
    );
    const made: InvitationRecord[] = [];
    for (const p of parties)
      made.push(
        await this.insert(tx, {
          hearingId,
          role: p.role,
          userId: p.userId,
          name: null,
          email: p.email,
          codeHash: codeHashes(),
          createdBy: p.createdBy,
        }),
      );
    return made;
  }

  /** A new code for a live invitation (its old link stops working): for whoever sends it. */
  async reissue(tx: Transaction, invitationId: string, codeHash: string): Promise<boolean> {
    const [, count]: [unknown, number] = await managerOf(tx).query(
      `UPDATE hearing_invitations SET code_hash = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [invitationId, codeHash],
    );
    return count > 0;
  }
}
