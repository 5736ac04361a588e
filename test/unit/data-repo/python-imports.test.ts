import fc from 'fast-check';
import { pythonImports } from '../../../app/data-repo/python-imports';

const modules = (source: string) => pythonImports(source).map((i) => i.module);

describe('pythonImports', () => {
  it('reads plain imports with dotted names, aliases and several modules per statement', () => {
    expect(modules('import os\nimport pyspark.dbutils as du, databricks\n')).toEqual([
      'os',
      'pyspark.dbutils',
      'databricks',
    ]);
  });

  it('reads from-imports as the module and each module.name (from pyspark import dbutils is pyspark.dbutils)', () => {
    expect(modules('from pyspark import dbutils as d, sql\n')).toEqual([
      'pyspark',
      'pyspark.dbutils',
      'pyspark.sql',
    ]);
  });

  it('joins multiline imports in brackets or with backslashes, and gives the first line', () => {
    const source =
      'x = 1\nfrom databricks.sdk import (\n    WorkspaceClient,\n    dbutils as du,\n)\nimport os, \\\n  dbutils\n';
    expect(pythonImports(source)).toEqual([
      { module: 'databricks.sdk', line: 2 },
      { module: 'databricks.sdk.WorkspaceClient', line: 2 },
      { module: 'databricks.sdk.dbutils', line: 2 },
      { module: 'os', line: 6 },
      { module: 'dbutils', line: 6 },
    ]);
  });

  it('finds imports inside functions, after a semicolon, on a one-line if/try, and by __import__ or import_module', () => {
    const source = [
      'def f():',
      '    import databricks.connect',
      'import os; import dbutils',
      'try: from databricks import sdk',
      'except ImportError: pass',
      "m = importlib.import_module('pyspark.dbutils')",
      'n = __import__("databricks")',
    ].join('\n');
    expect(modules(source)).toEqual(
      expect.arrayContaining([
        'databricks.connect',
        'os',
        'dbutils',
        'databricks',
        'databricks.sdk',
        'pyspark.dbutils',
      ]),
    );
    expect(pythonImports(source).find((i) => i.module === 'pyspark.dbutils')?.line).toBe(6);
  });

  it('ignores comments, strings, docstrings and relative imports', () => {
    const source = [
      '"""Never import databricks here.',
      'import databricks',
      '"""',
      '# import dbutils',
      "s = 'from databricks import sdk'",
      'from . import orders',
      'from .churn import features',
      'important = 1',
      'import_me = 2',
    ].join('\n');
    expect(modules(source)).toEqual([]);
  });

  it('keeps line numbers right after a multi-line string', () => {
    expect(pythonImports('x = """a\nb\nc"""\nimport dbutils\n')).toEqual([{ module: 'dbutils', line: 4 }]);
  });

  it('finds an import of any module name however it is spaced or aliased (property)', () => {
    const ident = fc
      .stringMatching(/^[a-z_][a-z0-9_]{0,8}$/)
      .filter((s) => !['import', 'from', 'as'].includes(s));
    fc.assert(
      fc.property(
        fc.array(ident, { minLength: 1, maxLength: 3 }),
        ident,
        fc.constantFrom(' ', '  ', '\t'),
        fc.boolean(),
        (parts, alias, space, useFrom) => {
          const dotted = parts.join('.');
          const source = useFrom
            ? `from${space}${dotted}${space}import${space}(\n  ${alias} as x,\n)\n`
            : `import${space}${dotted}${space}as${space}${alias}\n`;
          expect(modules(source)).toContain(dotted);
        },
      ),
    );
  });
});
