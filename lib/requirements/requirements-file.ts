import * as fs from 'fs';
import * as path from 'path';
import { quoteValue, shortenQuotes } from '../text/quote-value';
import { decodeUtf8 } from '../text/decode-utf8';
import { findSecretsInText } from '../text/secret-scan';
import { displayPath, RequirementsIoError, RequirementsProblem } from './problem';
import { LineContent, parseRequirementLine, Requirement } from './requirement-line';

/** One logical line: continuation lines joined, the comment split off. */
export interface LogicalLine {
  /** 1-based number of the first physical line. */
  readonly line: number;
  /** The content without the comment, trimmed; empty for blank and comment-only lines. */
  readonly text: string;
  /** The comment text after `#` (trimmed), if any. */
  readonly comment?: string;
}

/** A requirement with where it was written. */
export interface RequirementEntry {
  readonly requirement: Requirement;
  /** Absolute path of the file that holds the line. */
  readonly file: string;
  readonly line: number;
  /** The trailing comment of the line, e.g. `override: needs the 0.50 API`. */
  readonly comment?: string;
  /** Whether the entry came through a `-c` constraints file (limits versions, adds no requirement). */
  readonly constraint: boolean;
}

/** A global option line such as `--index-url https://…`, with where it was written. */
export interface OptionEntry {
  readonly option: string;
  readonly value?: string;
  readonly file: string;
  readonly line: number;
  /** The trailing comment of the line, e.g. `source: internal mirror of PyPI`. */
  readonly comment?: string;
}

/** A requirements file read with its includes. */
export interface RequirementsFile {
  /** Absolute path of the top file. */
  readonly file: string;
  /** Every requirement, in reading order (includes expanded in place). */
  readonly entries: ReadonlyArray<RequirementEntry>;
  readonly options: ReadonlyArray<OptionEntry>;
  /** The comment lines before the first content line of the top file (the header), without `#`. */
  readonly header: ReadonlyArray<LogicalLine>;
  /** Every file read (the top file first, then includes in reading order, each once), absolute. */
  readonly files: ReadonlyArray<string>;
  /** Lines that could not be parsed, include cycles, editable installs. */
  readonly problems: ReadonlyArray<RequirementsProblem>;
}

/** pip's comment rule: `#` at the start of the line or after whitespace starts a comment. */
const COMMENT = /(^|\s+)#(.*)$/s;

/**
 * Splits file content into logical lines the way pip does: a line ending in `\` continues on the next
 * one; a comment starts at `#` at the start of a line or after whitespace (so URL fragments survive).
 */
export function splitLogicalLines(content: string): LogicalLine[] {
  const physical = content.split(/\r?\n/);
  if (physical.length > 0 && physical[physical.length - 1] === '') {
    physical.pop();
  }
  const lines: LogicalLine[] = [];
  let buffer = '';
  let start = 0;
  physical.forEach((raw, index) => {
    if (buffer === '') {
      start = index + 1;
    }
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith('\\') && !isComment && index < physical.length - 1) {
      buffer += `${raw.slice(0, -1)} `;
      return;
    }
    // A backslash on the last line continues into nothing (pip drops it).
    const joined = buffer + (raw.endsWith('\\') && !isComment ? raw.slice(0, -1) : raw);
    buffer = '';
    const match = COMMENT.exec(joined);
    const text = (match === null ? joined : joined.slice(0, match.index)).trim();
    const comment = match === null ? undefined : match[2].trim();
    lines.push(comment === undefined ? { line: start, text } : { line: start, text, comment });
  });
  return lines;
}

/** Requirement files larger than this are refused unread (a requirements file is a few kB). */
export const MAX_REQUIREMENTS_BYTES = 1024 * 1024;

/** Why `file` may not be read as a requirements file (outside the folder, not a regular file, too big), or undefined. */
function unreadable(real: string, requirementsDir: string): string | undefined {
  let root: string;
  try {
    root = fs.realpathSync(requirementsDir);
  } catch {
    root = path.resolve(requirementsDir);
  }
  const inside = path.relative(root, real);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    return 'is outside the requirements folder (links are followed before the check); keep requirement files inside it';
  }
  const stat = fs.statSync(real);
  if (!stat.isFile()) {
    return 'is not a regular file (a folder, device or pipe); include only requirement files';
  }
  if (stat.size > MAX_REQUIREMENTS_BYTES) {
    return `is larger than ${MAX_REQUIREMENTS_BYTES} bytes (${stat.size}); a requirements file lists packages, one a line`;
  }
  return undefined;
}

/**
 * Reads a file of the requirements folder: only a regular file inside the folder (after resolving
 * links), of bounded size, in UTF-8. Anything else is a {@link RequirementsIoError} that names the
 * file and the fix, and never shows its content.
 */
export function readTextFile(file: string, requirementsDir: string, context = ''): string {
  const shown = `${context}${displayPath(requirementsDir, file)}`;
  let bytes: Buffer;
  try {
    const real = fs.realpathSync(file);
    const why = unreadable(real, requirementsDir);
    if (why !== undefined) throw new RequirementsIoError(`${shown} ${why}`);
    bytes = fs.readFileSync(real);
  } catch (error) {
    if (error instanceof RequirementsIoError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
    throw new RequirementsIoError(`${shown} ${what}`);
  }
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) throw new RequirementsIoError(`${shown} ${decoded.error}`);
  return decoded.text;
}

/** Why an include path is refused before anything is read (absolute, home-relative, NUL), or undefined. */
function refusedIncludePath(target: string): string | undefined {
  if (target.includes('\0')) return 'holds a NUL byte';
  if (path.isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(target) || target.startsWith('~')) {
    return 'is an absolute path; write it relative to this file, inside the requirements folder';
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    return 'is a URL; include only files of the requirements folder';
  }
  return undefined;
}

/**
 * Why a line may not be read: it holds secret-shaped text (a token as a package name, a password in
 * an index URL, a key in a comment). Such a line is a problem and is left out, so that nothing
 * copies it on (combine writes its lines and header into the combined file, which is locked,
 * uploaded to the workspace and kept in Git).
 */
function secretProblem(logical: LogicalLine): string | undefined {
  const secret = findSecretsInText(`${logical.text} # ${logical.comment ?? ''}`, { randomRuns: true })[0];
  return (
    secret &&
    `holds secret-shaped text (${secret.kind}: ${secret.masked}), which would be committed and copied into the combined file and the workspace. Remove it (and rotate it if it is real); give pip a credential from a secret (PIP_INDEX_URL or keyring), never in the file.`
  );
}

/**
 * Reads a requirements file and the files it includes with `-r` / `-c` (paths relative to the including
 * file). Parse errors, include cycles and lines holding secret-shaped text become problems; a missing file throws {@link RequirementsIoError}.
 * @param requirementsDir the requirements folder, used only to show paths in messages
 */
export function readRequirementsFile(file: string, requirementsDir: string): RequirementsFile {
  const top = path.resolve(file);
  const entries: RequirementEntry[] = [];
  const options: OptionEntry[] = [];
  const problems: RequirementsProblem[] = [];
  const files: string[] = [];
  const show = (f: string) => displayPath(requirementsDir, f);
  let header: LogicalLine[] = [];

  const visit = (current: string, stack: string[], constraint: boolean, context: string) => {
    const shownCurrent = show(current);
    const lines = splitLogicalLines(readTextFile(current, requirementsDir, context)).filter((logical) => {
      const problem = secretProblem(logical);
      if (problem) problems.push({ file: shownCurrent, line: logical.line, message: problem });
      return !problem;
    });
    if (!files.includes(current)) {
      files.push(current);
    }
    if (current === top) {
      const firstContent = lines.findIndex((l) => l.text !== '');
      header = (firstContent < 0 ? lines : lines.slice(0, firstContent)).filter(
        (l) => l.comment !== undefined,
      );
    }
    for (const logical of lines) {
      if (logical.text === '') {
        continue;
      }
      const parsed = parseRequirementLine(logical.text);
      const at = { file: shownCurrent, line: logical.line };
      if (!parsed.ok) {
        // Never the whole line: it may be a secret someone pasted, or a file that is no requirements file at all.
        problems.push({
          ...at,
          message: `cannot parse ${quoteValue(logical.text, 60)}: ${shortenQuotes(parsed.error, 60)}.`,
        });
        continue;
      }
      const content: LineContent = parsed.content;
      switch (content.kind) {
        case 'requirement':
          entries.push({
            requirement: content.requirement,
            file: current,
            line: logical.line,
            comment: logical.comment,
            constraint,
          });
          break;
        case 'option':
          options.push({
            option: content.option,
            value: content.value,
            file: current,
            line: logical.line,
            comment: logical.comment,
          });
          break;
        case 'editable':
          problems.push({
            ...at,
            message: `editable install "-e ${content.target}" cannot be pinned or reproduced. Replace it with a pinned requirement (name==version).`,
          });
          break;
        case 'include': {
          const refused = refusedIncludePath(content.path);
          if (refused !== undefined) {
            problems.push({ ...at, message: `include ${quoteValue(content.path, 60)} ${refused}.` });
            break;
          }
          const target = path.resolve(path.dirname(current), content.path);
          if (stack.includes(target)) {
            const cycle = [...stack.slice(stack.indexOf(target)), target].map(show).join(' -> ');
            problems.push({
              ...at,
              message: `includes ${show(target)}, which is already being read (cycle: ${cycle}). Remove one of the includes in the cycle.`,
            });
            break;
          }
          try {
            visit(
              target,
              [...stack, target],
              constraint || content.constraint,
              `${at.file}:${at.line}: included file `,
            );
          } catch (error) {
            // A missing include stops the run (as a missing top file does); a refused one is a
            // problem of the including line, and reading goes on.
            if (!(error instanceof RequirementsIoError) || /does not exist$/.test(error.message)) throw error;
            const why = error.message.slice(`${at.file}:${at.line}: `.length);
            problems.push({ ...at, message: `${why}.` });
          }
          break;
        }
      }
    }
  };

  visit(top, [top], false, '');
  return { file: top, entries, options, header, files, problems };
}
