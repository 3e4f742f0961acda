import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A body that only gives a reason (cancelling a hearing or a sitting, overriding hours); it is audited. */
export class ReasonDto {
  @ApiProperty({ maxLength: 500, description: 'Why (kept in the audit log)' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason: string;
}
