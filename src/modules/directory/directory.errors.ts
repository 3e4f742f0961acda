import { ConflictError } from '../../common/errors/domain-error';

export class RoomNameTakenError extends ConflictError {
  override readonly code = 'ROOM_NAME_TAKEN';
  override readonly title = 'Room name already used';
  constructor(name: string) {
    super(`This organization already has a room named "${name}"`);
  }
}

export class DefendantLookupAmbiguousError extends ConflictError {
  override readonly code = 'DEFENDANT_LOOKUP_AMBIGUOUS';
  override readonly title = 'Several defendants have this identity number';
  constructor() {
    super(
      'Several defendants have this identity number: give detentionCenterId, the center that holds the one you mean',
    );
  }
}
