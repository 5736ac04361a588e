import { formatPath } from '../../../lib/text/field-path';
import { SECRET_SHAPES, secretCore } from '../../helpers/secret-shapes';

describe('formatPath', () => {
  it('renders keys and indices the way a user finds them in the file', () => {
    expect(formatPath(['clusters', 0, 'autoterminationMinutes'])).toBe('clusters[0].autoterminationMinutes');
    expect(formatPath(['workflows', 'ingest-orders', 'parameters', 'target.schema'])).toBe(
      'workflows.ingest-orders.parameters.target.schema',
    );
  });

  it('writes control characters of a key as escapes, never as themselves', () => {
    expect(formatPath(['tags', 'a\u0000b'])).toBe('tags.a\\u0000b');
  });

  it.each(SECRET_SHAPES)(
    'masks %s pasted as a key: no message built from the path shows it',
    (_what, shape) => {
      for (const at of [[shape], ['workflows', 0, 'parameters', shape], ['tags', `team_${shape}`]]) {
        const shown = formatPath(at);
        expect(shown).not.toContain(secretCore(shape));
        expect(shown).toContain('masked');
      }
    },
  );
});
