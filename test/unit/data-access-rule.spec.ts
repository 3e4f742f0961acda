import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * README, "Data access": only repositories (and the entity classes that declare the schema) speak TypeORM; services,
 * controllers, DTOs and rules see plain records and the project's own Transaction. The features listed here follow
 * the rule; hearings, availability and sittings join the list as they are brought to it.
 */
const FEATURES = ['audit', 'directory', 'users', 'auth', 'cases', 'calendars', 'housekeeping', 'health'];
const SRC = join(__dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the data-access rule', () => {
  it('keeps TypeORM inside repositories and entity classes', () => {
    const offenders = FEATURES.flatMap((f) => filesUnder(join(SRC, 'modules', f)))
      .concat(filesUnder(join(SRC, 'kernel')))
      .filter((file) => !/\.(repository|entity)\.ts$/.test(file))
      .filter((file) => /from 'typeorm'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
