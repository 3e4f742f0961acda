import { ConflictError, located, ValidationFailedError } from '../../../src/common/errors/domain-error';

describe('errors located in a larger request', () => {
  it('prefixes every bad field with the item it came from, step by step', async () => {
    const err = await located('leniency[2]', () =>
      located('decision', () =>
        Promise.reject(
          new ValidationFailedError([
            { field: 'decidedAt', message: 'must not be in the future' },
            { field: 'sentenceMonths', message: 'must be an integer' },
          ]),
        ),
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailedError);
    const v = err as ValidationFailedError;
    expect(v.extra.errors).toEqual([
      { field: 'leniency[2].decision.decidedAt', message: 'must not be in the future' },
      { field: 'leniency[2].decision.sentenceMonths', message: 'must be an integer' },
    ]);
    expect(v.detail).toBe(
      'leniency[2].decision.decidedAt: must not be in the future; leniency[2].decision.sentenceMonths: must be an integer',
    );
  });

  it('says where any other refusal lies, in `field` and at the head of the detail', async () => {
    const err = (await located('leniency[1]', () =>
      located('affidavit', () => Promise.reject(new ConflictError('Cannot sign an affidavit of a withdrawn record'))),
    ).catch((e: unknown) => e)) as ConflictError;
    expect([err.extra.field, err.detail]).toEqual([
      'leniency[1].affidavit',
      'leniency[1].affidavit: Cannot sign an affidavit of a withdrawn record',
    ]);
  });

  it('passes through what is not a domain error, and the result when nothing fails', async () => {
    const bug = new TypeError('x is undefined');
    await expect(located('leniency[0]', () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(located('leniency[0]', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
