import { outputsSchema, outputTableSchema } from '../../../app/config/data-quality-schema';
import { projectFileSchema } from '../../../app/config/schema';
import { DEFAULT_CONFIG_DIR, readYaml } from '../../helpers/config-dir';

const messages = (value: unknown) => {
  const result = outputTableSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('outputsSchema (workflows[].outputs)', () => {
  it('defaults to no output table', () => {
    expect(outputsSchema.parse(undefined)).toEqual([]);
  });

  it('reads the checks of the default project as declared', () => {
    const project = projectFileSchema.parse(readYaml(DEFAULT_CONFIG_DIR, 'project.yaml'));
    expect(project.workflows[0].outputs).toEqual([
      {
        table: 'main.sales.orders',
        rowCount: { min: 1 },
        nullRate: [
          { column: 'order_id', max: 0 },
          { column: 'customer_id', max: 0.01 },
        ],
        distinctCount: [{ column: 'status', min: 2, max: 12 }],
        freshness: { column: 'ingested_at', maxAgeHours: 26 },
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'the table is not three-part',
      { table: 'orders', rowCount: { min: 1 } },
      'table: a three-part Unity Catalog',
    ],
    ['no check is declared', { table: 'a.b.c' }, ': declares no check'],
    [
      'a range is reversed',
      { table: 'a.b.c', rowCount: { min: 3, max: 1 } },
      'rowCount: min must not exceed max',
    ],
    [
      'a distinct range is reversed',
      { table: 'a.b.c', distinctCount: [{ column: 's', min: 9, max: 2 }] },
      'distinctCount.0: min must not exceed max',
    ],
    ['a null rate is above 1', { table: 'a.b.c', nullRate: [{ column: 'x', max: 2 }] }, 'nullRate.0.max:'],
    ['a row count is fractional', { table: 'a.b.c', rowCount: { min: 0.5 } }, 'rowCount.min:'],
    ['a key is misspelt', { table: 'a.b.c', rowcount: { min: 1 } }, 'Unrecognized key'],
    ['freshness has no column', { table: 'a.b.c', freshness: { maxAgeHours: 1 } }, 'freshness.column:'],
  ])('fails when %s', (_, value, message) => {
    expect(messages(value).join('\n')).toContain(message);
  });
});
