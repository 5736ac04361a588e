import * as path from 'path';
import { flavorFiles, flavorSuffix, FLAVORS, isFlavor } from '../../../lib/requirements/flavor';

describe('flavorFiles', () => {
  test('standard files have no suffix, as in the blueprint layout', () => {
    expect(flavorFiles('/repo/requirements', 'standard')).toEqual({
      baseline: path.resolve('/repo/requirements/runtime-baseline.in'),
      additions: path.resolve('/repo/requirements/additional-packages.in'),
      combined: path.resolve('/repo/requirements/requirements-combined.in'),
      lock: path.resolve('/repo/requirements/requirements.txt'),
    });
  });

  test('ml and gpu files carry -ml and -gpu', () => {
    expect(flavorFiles('/r', 'ml').baseline).toBe(path.resolve('/r/runtime-baseline-ml.in'));
    expect(flavorFiles('/r', 'gpu').lock).toBe(path.resolve('/r/requirements-gpu.txt'));
    expect(flavorSuffix('ml')).toBe('-ml');
  });

  test('paths are absolute even for a relative folder', () => {
    expect(path.isAbsolute(flavorFiles('requirements', 'ml').combined)).toBe(true);
  });
});

describe('isFlavor', () => {
  test('accepts exactly the three flavors', () => {
    expect(FLAVORS.every(isFlavor)).toBe(true);
    expect(isFlavor('cpu')).toBe(false);
    expect(isFlavor('ML')).toBe(false);
  });
});
