import { createHash } from 'node:crypto';
import type { EmulatorState, GitHead } from './state';

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function headKey(url: string, branch: string): string {
  return `${url}#${branch}`;
}

/**
 * The current head commit of `branch` in the remote `url`. Heads are deterministic 40-hex ids derived from the
 * URL, the branch and how often the branch was advanced, so two emulators agree on them.
 */
export function currentHead(state: EmulatorState, url: string, branch: string): string {
  return state.gitHeads[headKey(url, branch)]?.commit ?? sha1(`${url}\n${branch}\n0`);
}

/** Moves `branch` of `url` one commit forward (as a push would) and returns the new head. */
export function advanceHead(state: EmulatorState, url: string, branch: string): GitHead {
  const previous = state.gitHeads[headKey(url, branch)];
  const generation = (previous?.generation ?? 0) + 1;
  const head: GitHead = { url, branch, generation, commit: sha1(`${url}\n${branch}\n${generation}`) };
  state.gitHeads[headKey(url, branch)] = head;
  return head;
}

/** The commit a tag points to; tags never move. */
export function tagCommit(url: string, tag: string): string {
  return sha1(`${url}\ntag:${tag}`);
}
