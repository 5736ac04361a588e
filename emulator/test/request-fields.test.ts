import fc from 'fast-check';
import type { JsonObject } from '../json';
import { paginate } from '../request-fields';

describe('paginate', () => {
  it('returns every item exactly once across pages, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 7 }), (items, size) => {
        const seen: number[] = [];
        let token: string | undefined;
        do {
          const args: JsonObject = { page_size: size };
          if (token) args.page_token = token;
          const result = paginate(items, args, 'page_size', 100);
          seen.push(...result.page);
          token = result.nextPageToken;
        } while (token);
        expect(seen).toEqual(items);
      }),
    );
  });
});
