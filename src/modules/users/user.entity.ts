import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../common/http/request-context';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  /** normalizeEmail(email): what the login look-up and the unique index use (see email-address.ts). */
  @Column('text', { name: 'email_normalized' }) emailNormalized: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'organization_id', nullable: true }) organizationId: string | null;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('boolean', { default: true }) active: boolean;
  /** Bumped by a trigger on a change of active, role, organization or password: older tokens stop working. */
  @Column('integer', { name: 'token_version', default: 0 }) tokenVersion: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
