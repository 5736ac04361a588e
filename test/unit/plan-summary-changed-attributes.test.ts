import fc from 'fast-check';
import {
  changedAttributes,
  formatPath,
  shortPair,
  shortValue,
} from '../../ops/plan-summary/changed-attributes';

describe('changedAttributes', () => {
  test('lists nested leaves whose values differ, by path', () => {
    const changes = changedAttributes({
      actions: ['update'],
      before: { name: 'a', task: [{ max_retries: 1, key: 'k' }] },
      after: { name: 'a', task: [{ max_retries: 3, key: 'k' }] },
    });
    expect(changes).toEqual([
      { path: 'task[0].max_retries', before: '1', after: '3', forcesReplacement: false },
    ]);
  });

  test('shows values known only after apply as such', () => {
    const [change] = changedAttributes({
      actions: ['update'],
      before: { url: 'https://old' },
      after: {},
      after_unknown: { url: true },
    });
    expect(change).toMatchObject({ path: 'url', before: '"https://old"', after: '(known after apply)' });
  });

  test('masks a sensitive value on both sides', () => {
    const [change] = changedAttributes({
      actions: ['update'],
      before: { conf: { token: 'fake-old' } },
      after: { conf: { token: 'fake-new' } },
      before_sensitive: { conf: { token: true } },
      after_sensitive: { conf: { token: true } },
    });
    expect(change).toEqual({
      path: 'conf.token',
      before: '(sensitive)',
      after: '(sensitive)',
      forcesReplacement: false,
    });
  });

  test('masks a whole list when one of its items is sensitive and the list changes length', () => {
    const [change] = changedAttributes({
      actions: ['update'],
      before: { env: ['fake-a'] },
      after: { env: ['fake-a', 'fake-b'] },
      after_sensitive: { env: [false, true] },
    });
    expect(change).toMatchObject({ path: 'env', before: '(sensitive)', after: '(sensitive)' });
  });

  test('treats null and zero values as equal (the provider SDK cannot tell them apart)', () => {
    const changes = changedAttributes({
      actions: ['update'],
      before: { description: null, retries: null, tags: null, flag: null },
      after: { description: '', retries: 0, tags: {}, flag: false },
    });
    expect(changes).toEqual([]);
  });

  test('marks attributes under a replace path as forcing the replacement', () => {
    const changes = changedAttributes({
      actions: ['delete', 'create'],
      before: { url: 'a', branch: 'x' },
      after: { url: 'b', branch: 'y' },
      replace_paths: [['url']],
    });
    expect(changes.map((c) => [c.path, c.forcesReplacement])).toEqual([
      ['branch', false],
      ['url', true],
    ]);
  });

  test('property: no value marked sensitive ever appears in the output', () => {
    const secret = fc.string({ minLength: 1 }).map((s) => `SECRET<${s}>`);
    fc.assert(
      fc.property(secret, secret, fc.boolean(), (before, after, nested) => {
        const change = nested
          ? {
              actions: ['update'] as const,
              before: { a: { b: [before] } },
              after: { a: { b: [after, after] } },
              before_sensitive: { a: { b: [true] } },
              after_sensitive: { a: { b: [true, true] } },
            }
          : {
              actions: ['update'] as const,
              before: { v: before },
              after: { v: after },
              before_sensitive: { v: true },
              after_sensitive: { v: true },
            };
        expect(JSON.stringify(changedAttributes(change))).not.toContain('SECRET<');
      }),
    );
  });
});

describe('short values', () => {
  test('cuts long values with an ellipsis', () => {
    expect(shortValue('x'.repeat(100))).toHaveLength(40);
    expect(shortValue('x'.repeat(100)).endsWith('…')).toBe(true);
    expect(shortValue(null)).toBe('null');
    expect(shortValue({ a: 1 })).toBe('{"a":1}');
  });

  test('two long strings keep the part where they differ', () => {
    expect(
      shortPair(
        'https://github.com/example/analytics.git',
        'https://github.com/example/analytics-platform.git',
      ),
    ).toEqual(['"…le/analytics.git"', '"…le/analytics-platform.git"']);
  });

  test('paths read like HCL references', () => {
    expect(formatPath(['task', 0, 'notebook_task', 0, 'notebook_path'])).toBe(
      'task[0].notebook_task[0].notebook_path',
    );
  });
});
