import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';

/**
 * The fields that name who attends a hearing and where (booking-input's PartySelection), declared once for every
 * request that names them: booking and changing a hearing, a sitting and its cases, the slot search. Each request
 * says how a field may be left out and words its own description; the checks, the list limits and the OpenAPI
 * shape are the same everywhere.
 *
 * How a field is left out:
 * - `required`: it must be given (a sitting's judge, courtroom and prosecutor);
 * - `optional` (the default): absent means the case's default; an explicit null is refused naming the field;
 * - `nullable`: a change (PATCH) where null clears the choice or lets it default again;
 * - `query`: a query parameter; a list is comma-separated (`?ids=a,b` or `?ids=a&ids=b`).
 */
type Presence = 'required' | 'optional' | 'nullable' | 'query';
type ListPresence = 'optional' | 'query';

export interface PartyFieldOptions {
  presence?: Presence;
  description?: string;
}

export interface PartyListFieldOptions {
  presence?: ListPresence;
  /** In a query, "Comma-separated ... ids." goes before it. */
  description?: string;
}

/** The most ids a list of lawyers or defendants may name. */
export const MAX_PARTY_LIST = 50;

/** The descriptions of what a party left out defaults to, for the requests that default it the same way. */
export const PARTY_DEFAULTS = {
  prosecutorId: "Default: the case's prosecutor",
  defenseLawyerIds: 'Default: the lawyers of the attending defendants',
  defendantIds: "Default: all the case's defendants",
} as const;

/**
 * `?ids=a,b` and `?ids=a&ids=b` both give ['a', 'b'], and `?ids=` an empty list. An empty item (`a,,b`, `,,,`)
 * is kept, so that the list is refused naming it rather than read as fewer ids than were meant.
 */
const commaSeparated = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v !== 'string' ? [v] : v.trim() === '' ? [] : v.split(',')))
    .map((p) => (typeof p === 'string' ? p.trim() : p));

/**
 * Applies decorators as if they were written one above the other in this order (the last one first, as
 * TypeScript does), so that the validation messages keep the order they had when the fields were written out.
 */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of [...decorators].reverse()) decorator(target, key);
  };
}

function described(description: string | undefined): Pick<ApiPropertyOptions, 'description'> {
  return description === undefined ? {} : { description };
}

function uuidField({ presence = 'optional', description }: PartyFieldOptions): PropertyDecorator {
  switch (presence) {
    case 'required':
      return stacked(ApiProperty({ format: 'uuid', ...described(description) }), IsUUID());
    case 'optional':
      return stacked(ApiPropertyOptional({ format: 'uuid', ...described(description) }), OptionalField(), IsUUID());
    case 'nullable':
      return stacked(
        ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, ...described(description) }),
        IsOptional(),
        IsUUID(),
      );
    case 'query':
      return stacked(ApiPropertyOptional({ format: 'uuid', ...described(description) }), IsOptional(), IsUUID());
  }
}

function uuidListField(
  noun: string,
  minSize: number,
  { presence = 'optional', description }: PartyListFieldOptions,
): PropertyDecorator {
  const checks = [
    IsArray(),
    ...(minSize > 0 ? [ArrayMinSize(minSize)] : []),
    ArrayMaxSize(MAX_PARTY_LIST),
    IsUUID(undefined, { each: true }),
  ];
  switch (presence) {
    case 'optional':
      return stacked(
        ApiPropertyOptional({ type: [String], format: 'uuid', ...described(description) }),
        OptionalField(),
        ...checks,
      );
    case 'query':
      return stacked(
        ApiPropertyOptional({
          type: String,
          description: `Comma-separated ${noun} ids.${description === undefined ? '' : ` ${description}`}`,
        }),
        IsOptional(),
        Transform(commaSeparated),
        ...checks,
      );
  }
}

export const CourtroomIdField = (options: PartyFieldOptions = {}): PropertyDecorator => uuidField(options);
export const JudgeIdField = (options: PartyFieldOptions = {}): PropertyDecorator => uuidField(options);
export const ProsecutorIdField = (options: PartyFieldOptions = {}): PropertyDecorator => uuidField(options);
export const VideoRoomIdField = (options: PartyFieldOptions = {}): PropertyDecorator => uuidField(options);
/** Lawyers: up to MAX_PARTY_LIST; an empty list is accepted. */
export const DefenseLawyerIdsField = (options: PartyListFieldOptions = {}): PropertyDecorator =>
  uuidListField('lawyer', 0, options);
/** Defendants: at least one, at most MAX_PARTY_LIST. */
export const DefendantIdsField = (options: PartyListFieldOptions = {}): PropertyDecorator =>
  uuidListField('defendant', 1, options);
