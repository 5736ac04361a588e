/**
 * Environment promotion (blueprint section 3): the version arithmetic as pure functions, and the
 * git-driving `promote` against a temporary repository whose `origin` is a bare repository.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  nextCandidate,
  parseReleaseBranch,
  pinEnvironmentBranch,
  planPromotion,
  promote,
  PromotionError,
} from '../../ops/promotion';

describe('parseReleaseBranch', () => {
  test('reads final releases and candidates', () => {
    expect(parseReleaseBranch('release/1.3')).toEqual({
      name: 'release/1.3',
      major: 1,
      minor: 3,
      candidate: false,
    });
    expect(parseReleaseBranch('release/2.10-RC')).toEqual({
      name: 'release/2.10-RC',
      major: 2,
      minor: 10,
      candidate: true,
    });
  });

  test.each([
    'main',
    'release/1',
    'release/1.3.1',
    'release/1.3-rc',
    'release/01.3',
    'hotfix/1.3',
    'release/1.3-RC2',
  ])('ignores %s', (name) => expect(parseReleaseBranch(name)).toBeUndefined());
});

describe('nextCandidate', () => {
  test('is one minor version above the newest final release', () => {
    expect(nextCandidate(['main', 'release/1.2', 'release/1.3'])).toBe('release/1.4-RC');
  });

  test('supersedes an unpromoted candidate instead of reusing it', () => {
    expect(nextCandidate(['main', 'release/1.3', 'release/1.4-RC'])).toBe('release/1.5-RC');
  });

  test('compares versions numerically, not as text', () => {
    expect(nextCandidate(['release/1.9', 'release/1.10', 'release/1.2-RC'])).toBe('release/1.11-RC');
  });

  test('counts on from a major version cut by hand', () => {
    expect(nextCandidate(['release/1.7', 'release/2.0-RC'])).toBe('release/2.1-RC');
  });

  test('starts at release/1.0-RC when there is no release branch', () => {
    expect(nextCandidate(['main', 'feature/x'])).toBe('release/1.0-RC');
  });

  test('is always a new candidate above every release branch', () => {
    const branch = fc
      .tuple(fc.nat(30), fc.nat(30), fc.boolean())
      .map(([major, minor, rc]) => `release/${major}.${minor}${rc ? '-RC' : ''}`);
    fc.assert(
      fc.property(fc.array(branch, { maxLength: 12 }), (names) => {
        const next = parseReleaseBranch(nextCandidate(names))!;
        expect(next.candidate).toBe(true);
        expect(names).not.toContain(next.name);
        for (const n of names.map((x) => parseReleaseBranch(x)!)) {
          expect(next.major * 1000 + next.minor).toBeGreaterThan(n.major * 1000 + n.minor);
        }
      }),
    );
  });
});

describe('planPromotion', () => {
  test('staging cuts the next candidate from main', () => {
    expect(planPromotion('staging', ['main', 'release/1.3'])).toEqual({
      environment: 'staging',
      source: 'main',
      target: 'release/1.4-RC',
    });
  });

  test('prod cuts the final release from the newest candidate', () => {
    expect(planPromotion('prod', ['main', 'release/1.3', 'release/1.4-RC', 'release/1.5-RC'])).toEqual({
      environment: 'prod',
      source: 'release/1.5-RC',
      target: 'release/1.5',
    });
  });

  test('fails when the remote has no main', () => {
    expect(() => planPromotion('staging', ['trunk'])).toThrow('The remote has no branch "main"');
  });

  test('fails when there is no candidate to promote to prod', () => {
    expect(() => planPromotion('prod', ['main', 'release/1.3'])).toThrow(
      /no release candidate.*npm run promote -- staging/,
    );
  });

  test('fails when the newest candidate was promoted already', () => {
    expect(() => planPromotion('prod', ['main', 'release/1.4-RC', 'release/1.4'])).toThrow(
      'release/1.4-RC was promoted already (release/1.4 exists)',
    );
  });
});

describe('pinEnvironmentBranch', () => {
  const file =
    '# staging: dress rehearsal\ngit:\n  branch: release/1.4-RC # the candidate\nmount:\n  owner: a@b.c\n';

  test('sets git.branch and keeps comments and the rest of the file', () => {
    expect(pinEnvironmentBranch(file, 'release/1.5-RC')).toBe(
      '# staging: dress rehearsal\ngit:\n  branch: release/1.5-RC # the candidate\nmount:\n  owner: a@b.c\n',
    );
  });

  test('replaces a tag with the branch', () => {
    expect(pinEnvironmentBranch('git:\n  tag: v1.3\n', 'release/1.4')).toBe('git:\n  branch: release/1.4\n');
  });

  test('is undefined when the file names that branch already', () => {
    expect(pinEnvironmentBranch(file, 'release/1.4-RC')).toBeUndefined();
  });

  test('fails when the file has no git section', () => {
    expect(() => pinEnvironmentBranch('mount: {}\n', 'release/1.4', 'config/prod.yaml')).toThrow(
      'config/prod.yaml has no "git" section',
    );
  });
});

describe('promote (temporary repository, bare origin)', () => {
  let root: string;
  let repo: string;
  let origin: string;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }
  const remoteBranches = () =>
    git(origin, 'for-each-ref', '--format=%(refname:lstrip=2)', 'refs/heads')
      .split('\n')
      .filter(Boolean)
      .sort();
  const fileAt = (ref: string, file: string) => git(origin, 'show', `${ref}:${file}`);

  beforeEach(() => {
    lines.length = 0;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-promote-test-'));
    origin = path.join(root, 'origin.git');
    repo = path.join(root, 'work');
    git(root, 'init', '-q', '--bare', '-b', 'main', origin);
    git(root, 'init', '-q', '-b', 'main', repo);
    git(repo, 'config', 'user.email', 'promote-test@example.com');
    git(repo, 'config', 'user.name', 'promote test');
    git(repo, 'remote', 'add', 'origin', origin);
    fs.mkdirSync(path.join(repo, 'config'));
    fs.writeFileSync(
      path.join(repo, 'config', 'staging.yaml'),
      '# staging\ngit:\n  branch: release/1.3-RC\n',
    );
    fs.writeFileSync(path.join(repo, 'config', 'prod.yaml'), '# prod\ngit:\n  branch: release/1.2\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'program');
    git(repo, 'push', '-q', 'origin', 'main', 'main:release/1.2', 'main:release/1.3-RC');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a dry run says what it would push and pushes nothing', () => {
    const result = promote({ repoDir: repo, environment: 'staging', log });
    expect(result).toMatchObject({ source: 'main', target: 'release/1.4-RC', pushed: false });
    expect(remoteBranches()).toEqual(['main', 'release/1.2', 'release/1.3-RC']);
    expect(lines.join('\n')).toContain('new branch release/1.4-RC from main');
    expect(lines.join('\n')).toContain('config/staging.yaml git.branch = release/1.4-RC');
    expect(lines.at(-1)).toBe('Dry run: nothing pushed. Re-run with --yes to push.');
  });

  test('staging: pushes release/x.y-RC as main plus one commit pinning staging to it', () => {
    const main = git(repo, 'rev-parse', 'HEAD');
    const result = promote({ repoDir: repo, environment: 'staging', yes: true, log });
    expect(result).toMatchObject({ target: 'release/1.4-RC', pushed: true, sourceCommit: main });
    expect(remoteBranches()).toContain('release/1.4-RC');
    expect(git(origin, 'rev-parse', 'release/1.4-RC')).toBe(result.commit);
    expect(git(origin, 'rev-parse', 'release/1.4-RC^')).toBe(main);
    expect(fileAt('release/1.4-RC', 'config/staging.yaml')).toBe('# staging\ngit:\n  branch: release/1.4-RC');
    expect(git(origin, 'log', '-1', '--format=%s', 'release/1.4-RC')).toBe(
      'promote: staging runs release/1.4-RC',
    );
    // The working tree and the current branch are untouched.
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(main);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  test('prod: pushes release/x.y from the newest candidate, pinning prod to it', () => {
    promote({ repoDir: repo, environment: 'staging', yes: true, log });
    const result = promote({ repoDir: repo, environment: 'prod', yes: true, log });
    expect(result).toMatchObject({ source: 'release/1.4-RC', target: 'release/1.4', pushed: true });
    expect(git(origin, 'rev-parse', 'release/1.4^')).toBe(git(origin, 'rev-parse', 'release/1.4-RC'));
    expect(fileAt('release/1.4', 'config/prod.yaml')).toBe('# prod\ngit:\n  branch: release/1.4');
    expect(fileAt('release/1.4', 'config/staging.yaml')).toContain('release/1.4-RC');
  });

  test('the next staging promotion counts on from the new release', () => {
    promote({ repoDir: repo, environment: 'staging', yes: true, log });
    promote({ repoDir: repo, environment: 'prod', yes: true, log });
    expect(promote({ repoDir: repo, environment: 'staging', log }).target).toBe('release/1.5-RC');
  });

  test('fails when the working tree has uncommitted changes', () => {
    fs.appendFileSync(path.join(repo, 'config', 'prod.yaml'), '# edited\n');
    expect(() => promote({ repoDir: repo, environment: 'staging', yes: true, log })).toThrow(
      /uncommitted changes; commit or stash them first:\n ?M config\/prod.yaml/,
    );
    expect(remoteBranches()).toEqual(['main', 'release/1.2', 'release/1.3-RC']);
  });

  test('fails when there is no remote origin', () => {
    git(repo, 'remote', 'remove', 'origin');
    expect(() => promote({ repoDir: repo, environment: 'staging', log })).toThrow(
      new PromotionError('This repository has no remote "origin" to promote on.'),
    );
  });

  test('fails when the remote has no main', () => {
    git(origin, 'branch', '-m', 'main', 'trunk');
    expect(() => promote({ repoDir: repo, environment: 'staging', log })).toThrow(
      'The remote has no branch "main"',
    );
  });

  test('fails when there is no candidate to promote to prod', () => {
    git(origin, 'branch', '-D', 'release/1.3-RC');
    expect(() => promote({ repoDir: repo, environment: 'prod', yes: true, log })).toThrow(
      /no release candidate/,
    );
    expect(remoteBranches()).toEqual(['main', 'release/1.2']);
  });

  test('fails when the candidate was promoted already', () => {
    git(origin, 'branch', 'release/1.3', 'release/1.3-RC');
    expect(() => promote({ repoDir: repo, environment: 'prod', yes: true, log })).toThrow(
      'release/1.3-RC was promoted already',
    );
  });

  test("fails when the source has no file for the environment's branch", () => {
    git(repo, 'rm', '-q', 'config/staging.yaml');
    git(repo, 'commit', '-qm', 'drop staging');
    git(repo, 'push', '-q', 'origin', 'main');
    expect(() => promote({ repoDir: repo, environment: 'staging', yes: true, log })).toThrow(
      'config/staging.yaml does not exist on main',
    );
    expect(remoteBranches()).not.toContain('release/1.4-RC');
  });
});
