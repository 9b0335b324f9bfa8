import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './problem';

/** What the faults suite meets when PostgreSQL restarts under load: each must be a 503, not a 500. */
describe('isDatabaseUnavailable', () => {
  it('takes the ways a lost connection surfaces for "the database is away"', () => {
    const pg = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code }));
    expect(
      [
        pg('57P01'), // admin shutdown
        pg('08006'),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        new Error('Connection terminated unexpectedly'),
        new QueryRunnerProviderAlreadyReleasedError(),
        new QueryRunnerAlreadyReleasedError(),
      ].map(isDatabaseUnavailable),
    ).toEqual([true, true, true, true, true, true]);
  });

  it('leaves other failures to be 500s or 4xx', () => {
    const pg = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code }));
    expect([pg('23505'), pg('42P01'), new TypeError('x is undefined'), null].map(isDatabaseUnavailable)).toEqual([false, false, false, false]);
  });
});
