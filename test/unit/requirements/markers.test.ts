import fc from 'fast-check';
import {
  databricksMarkerEnvironment,
  evaluateMarker,
  formatMarker,
  Marker,
  MARKER_VARIABLES,
  parseMarker,
} from '../../../lib/requirements/markers';

const runtime = databricksMarkerEnvironment('3.12.3');
const holds = (text: string) => evaluateMarker(parseMarker(text), runtime);

describe('evaluateMarker on a Databricks runtime (Linux, x86_64, CPython 3.12.3)', () => {
  test('compares python versions as versions, not strings', () => {
    expect(holds('python_version >= "3.9"')).toBe(true);
    expect(holds('python_version < "3.13"')).toBe(true);
    expect(holds('python_version > "3.12"')).toBe(false);
    expect(holds('python_full_version == "3.12.*"')).toBe(true);
    expect(holds("python_version ~= '3.10'")).toBe(true);
  });

  test('compares platform variables as strings', () => {
    expect(holds('sys_platform == "linux"')).toBe(true);
    expect(holds('sys_platform == "win32"')).toBe(false);
    expect(holds('platform_machine != "aarch64"')).toBe(true);
    expect(holds('"linux" in sys_platform')).toBe(true);
    expect(holds('"win" not in sys_platform')).toBe(true);
  });

  test('combines with and / or / parentheses, and binding tighter than or', () => {
    expect(holds('sys_platform == "win32" or python_version >= "3.8" and os_name == "posix"')).toBe(true);
    expect(holds('(sys_platform == "win32" or python_version >= "3.8") and os_name == "nt"')).toBe(false);
  });

  test('treats extra as empty: requirement files request no extras through markers', () => {
    expect(holds('extra == "test"')).toBe(false);
  });
});

describe('parseMarker', () => {
  test('fails when a variable is unknown', () => {
    expect(() => parseMarker('python_versoin >= "3"')).toThrow(/"python_versoin" is not a marker variable/);
  });

  test('fails when a string is unterminated, an operator or a parenthesis is missing', () => {
    expect(() => parseMarker('os_name == "posix')).toThrow(/unterminated/);
    expect(() => parseMarker('os_name "posix"')).toThrow(/expected a comparison operator/);
    expect(() => parseMarker('(os_name == "posix"')).toThrow(/missing "\)"/);
    expect(() => parseMarker('   ')).toThrow(/empty/);
  });
});

describe('formatMarker', () => {
  test('prints canonically, keeping needed parentheses', () => {
    expect(
      formatMarker(parseMarker(" ( os_name=='posix' or os_name == 'nt' )and python_version<'3.13'")),
    ).toBe('(os_name == "posix" or os_name == "nt") and python_version < "3.13"');
  });

  const value = fc.oneof(
    fc.constantFrom(...MARKER_VARIABLES).map((variable) => ({ variable })),
    fc.stringMatching(/^[a-z0-9. ]{0,6}$/).map((literal) => ({ literal })),
  );
  const op = fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'in', 'not in' as const);
  const marker: fc.Arbitrary<Marker> = fc.letrec<{ m: Marker }>((tie) => ({
    m: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('compare' as const), left: value, op, right: value }),
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('m'), right: tie('m') }),
    ),
  })).m;

  test('printing is idempotent and preserves meaning (property)', () => {
    fc.assert(
      fc.property(marker, (m) => {
        const printed = formatMarker(m);
        const reparsed = parseMarker(printed);
        expect(formatMarker(reparsed)).toBe(printed);
        expect(evaluateMarker(reparsed, runtime)).toBe(evaluateMarker(m, runtime));
      }),
    );
  });
});
