import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROOM_KINDS, type RoomKind } from '../room.entity';
import type { RoomRecord } from '../rooms.repository';

export class CreateRoomDto {
  @ApiProperty({ example: 'Video room 1', maxLength: 100, description: 'Unique within the organization' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(100)
  name: string;
  @ApiProperty({
    enum: ROOM_KINDS,
    description: 'courtroom: courts only; video_room: detention centers, courts, procuratorates',
  })
  @IsIn(ROOM_KINDS)
  kind: RoomKind;
}

export class ListRoomsQuery {
  @ApiPropertyOptional({ enum: ROOM_KINDS }) @IsOptional() @IsIn(ROOM_KINDS) kind?: RoomKind;
}

export class RoomResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROOM_KINDS }) kind: RoomKind;
}

export function toRoomResponse(r: RoomRecord): RoomResponse {
  return { id: r.id, organizationId: r.organizationId, name: r.name, kind: r.kind };
}

export function roomAuditSnapshot(r: RoomRecord): Record<string, unknown> {
  return { organizationId: r.organizationId, name: r.name, kind: r.kind };
}
