import { ConfigError } from '../../../app/config/config-error';
import { loadConfig } from '../../../app/config/load-config';
import { BROKEN_CONFIGS } from '../../fixtures/configs/broken/cases';
import { configErrorOf, copyDefaultConfig, issueLines } from '../../helpers/config-dir';

describe('the broken config corpus', () => {
  it('has at least 40 cases with distinct names', () => {
    expect(BROKEN_CONFIGS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BROKEN_CONFIGS.map((c) => c.name)).size).toBe(BROKEN_CONFIGS.length);
  });

  it('starts from a default config that loads', () => {
    expect(() => loadConfig(copyDefaultConfig())).not.toThrow();
  });

  describe.each(BROKEN_CONFIGS.map((c) => [c.name, c] as const))('loadConfig', (name, brokenCase) => {
    it(`fails when ${name}`, () => {
      const dir = copyDefaultConfig();
      brokenCase.breakConfig(dir);
      const error = configErrorOf(() => loadConfig(dir));
      expect(issueLines(error, dir)).toEqual(brokenCase.expected);
      // The message a user sees lists the same problems, one per line, after a count.
      const count = brokenCase.expected.length;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message.split('\n')[0]).toBe(
        `Invalid configuration (${count === 1 ? '1 problem' : `${count} problems`}):`,
      );
      expect(error.message.split('\n')).toHaveLength(count + 1);
    });
  });
});
