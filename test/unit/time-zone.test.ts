import fc from 'fast-check';
import { closestTimeZone, isTimeZone, timeZoneProblem } from '../../lib/time-zone';

describe('isTimeZone', () => {
  it.each([
    'UTC',
    'Europe/Berlin',
    'Asia/Kolkata',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT+2',
    'US/Pacific',
  ])('accepts %j', (id) => {
    expect(isTimeZone(id)).toBe(true);
  });

  it.each(['Europe/Berln', 'europe/berlin', 'UTC+1', '../etc', 'Europe/', '', 'Mars/Olympus_Mons'])(
    'fails when the id is %j',
    (id) => {
      expect(isTimeZone(id)).toBe(false);
    },
  );

  it('accepts every zone Intl lists', () => {
    fc.assert(fc.property(fc.constantFrom(...Intl.supportedValuesOf('timeZone')), (id) => isTimeZone(id)));
  });
});

describe('timeZoneProblem', () => {
  it('suggests the zone a typo was meant to be', () => {
    expect(closestTimeZone('Europe/Berln')).toBe('Europe/Berlin');
    expect(timeZoneProblem('Europe/Berln')).toBe(
      'expected an IANA time zone id such as UTC or Europe/Berlin (did you mean Europe/Berlin?), found "Europe/Berln"',
    );
  });

  it('says nothing for a valid zone', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
  });
});
