import * as path from 'path';
import {
  flavorFiles,
  flavorSuffix,
  FLAVORS,
  isFlavor,
  resolveFlavorFiles,
} from '../../../lib/requirements/flavor';

describe('flavorFiles', () => {
  test('standard files have no suffix, as in the blueprint layout', () => {
    expect(flavorFiles('/repo/requirements', 'standard')).toEqual({
      dir: path.resolve('/repo/requirements'),
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

describe('resolveFlavorFiles', () => {
  test('lays out a folder as flavorFiles does', () => {
    expect(resolveFlavorFiles('/r', 'gpu')).toEqual(flavorFiles('/r', 'gpu'));
  });

  test('takes files given one by one as they are', () => {
    const files = { dir: '/d', baseline: '/d/a', additions: '/d/b', combined: '/d/c', lock: '/d/e' };
    expect(resolveFlavorFiles(files, 'ml')).toBe(files);
  });
});

describe('isFlavor', () => {
  test('accepts exactly the three flavors', () => {
    expect(FLAVORS.every(isFlavor)).toBe(true);
    expect(isFlavor('cpu')).toBe(false);
    expect(isFlavor('ML')).toBe(false);
  });
});
