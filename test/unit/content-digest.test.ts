import { createHash } from 'node:crypto';
import { contentDigest } from '../../lib/content-digest';

describe('contentDigest', () => {
  it('is 12 lowercase hex digits', () => {
    expect(contentDigest('hello')).toMatch(/^[0-9a-f]{12}$/);
  });

  it('is stable: the same content gives the same digest', () => {
    expect(contentDigest('numpy==1.26.4\n')).toBe(contentDigest('numpy==1.26.4\n'));
  });

  it('changes when the content changes by one byte', () => {
    expect(contentDigest('numpy==1.26.4\n')).not.toBe(contentDigest('numpy==1.26.5\n'));
  });

  it('separates its parts, so moving text from one part to the next changes the digest', () => {
    expect(contentDigest('ab', 'c')).not.toBe(contentDigest('a', 'bc'));
    expect(contentDigest('abc')).not.toBe(contentDigest('ab', 'c'));
  });

  it('is the start of the SHA-256 of the parts each followed by a NUL byte', () => {
    expect(contentDigest('abc')).toBe(createHash('sha256').update('abc\0').digest('hex').slice(0, 12));
  });
});
