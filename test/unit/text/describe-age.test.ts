import { describeAge } from '../../../lib/text/describe-age';

describe('describeAge', () => {
  test.each([
    [0, '0 min ago'],
    [45, '45 min ago'],
    [60, '1 h 0 min ago'],
    [312, '5 h 12 min ago'],
    [47 * 60 + 59, '47 h 59 min ago'],
    [3 * 1440 + 2 * 60 + 5, '3 d 2 h ago'],
  ])('%d minutes read "%s"', (minutes, text) => {
    expect(describeAge(minutes)).toBe(text);
  });

  test('a negative age (clock skew) reads as 0 min ago', () => {
    expect(describeAge(-7)).toBe('0 min ago');
  });
});
