import { ConflictError } from '../../common/errors/domain-error';

export class RoomNameTakenError extends ConflictError {
  override readonly code = 'ROOM_NAME_TAKEN';
  override readonly title = 'Room name already used';
  constructor(name: string) {
    super(`This organization already has a room named "${name}"`);
  }
}
