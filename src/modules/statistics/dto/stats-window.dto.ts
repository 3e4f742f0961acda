import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches } from 'class-validator';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a local date YYYY-MM-DD';

/** The window of every statistics query: local dates, both inclusive (checked further by stats-window.ts). */
export class StatsWindowQuery {
  @ApiProperty({ example: '2019-01-01', description: "First local date, inclusive (the organization's time zone)" })
  @IsString()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'must be a real calendar date' })
  from: string;
  @ApiProperty({ example: '2019-12-31', description: 'Last local date, inclusive; the window spans under 5 years' })
  @IsString()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'must be a real calendar date' })
  to: string;
}
