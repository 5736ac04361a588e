import fc from 'fast-check';
import type { JsonObject } from '../json';
import { pageArrayProperties, paginate } from '../request-fields';

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

describe('pageArrayProperties', () => {
  it('returns every element of every array exactly once, at most 100 per page, following one shared token', () => {
    fc.assert(
      fc.property(fc.nat({ max: 350 }), fc.nat({ max: 350 }), (tasks, clusters) => {
        const full = {
          name: 'big',
          tasks: Array.from({ length: tasks }, (_, i) => i),
          job_clusters: Array.from({ length: clusters }, (_, i) => -i),
        };
        const seen: { tasks: number[]; job_clusters: number[] } = { tasks: [], job_clusters: [] };
        let token: string | undefined;
        let pages = 0;
        do {
          const page: JsonObject = structuredClone(full);
          const result = pageArrayProperties(
            page,
            ['tasks', 'job_clusters'],
            token ? { page_token: token } : {},
          );
          for (const field of ['tasks', 'job_clusters'] as const) {
            const items = (page[field] as number[] | undefined) ?? [];
            expect(items.length).toBeLessThanOrEqual(100);
            seen[field].push(...items);
          }
          expect(page.name).toBe('big');
          expect(result.hasMore).toBe(result.nextPageToken !== undefined);
          token = result.nextPageToken;
          pages += 1;
        } while (token);
        expect(seen).toEqual({ tasks: full.tasks, job_clusters: full.job_clusters });
        expect(pages).toBe(Math.max(1, Math.ceil(Math.max(tasks, clusters) / 100)));
      }),
      { numRuns: 50 },
    );
  });
});
