import { targetParts, targetsOverlap } from '../../lib/data-target';

describe('targetsOverlap', () => {
  it.each([
    ['prod', 'prod.sales'],
    ['Prod.Sales', 'prod.sales.orders'],
    ['s3://Acme-DR/simple-project', 's3://acme-dr/simple-project/uc-exports/'],
    ['s3://acme-dr/x/', 's3://acme-dr/x'],
  ])('finds %j and %j overlapping', (a, b) => {
    expect(targetsOverlap(a, b)).toBe(true);
    expect(targetsOverlap(b, a)).toBe(true);
  });

  it.each([
    ['prod.sales', 'staging.sales'],
    ['prod_dr', 'prod'],
    ['s3://acme-data-prod/p', 's3://acme-data-staging/p'],
    ['s3://acme/prod', 's3://acme/prod-old'],
    ['prod', 's3://prod'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(targetsOverlap(a, b)).toBe(false);
  });

  it('splits storage URLs into bucket and path, Unity Catalog names into parts', () => {
    expect(targetParts('S3://Bucket/a//b/')).toEqual(['s3://bucket', 'a', 'b']);
    expect(targetParts('`Main`.Sales')).toEqual(['main', 'sales']);
  });
});
