import * as fs from 'node:fs';
import * as path from 'node:path';

/** The files a plan leaves: the saved plan and its summaries. */
export const PLAN_ARTEFACTS = [
  'plan.tfplan',
  'destroy.tfplan',
  'plan-summary.md',
  'plan-summary.json',
] as const;

/**
 * Where an environment's last plan and its summaries are kept: `cdktf.out.plans/<env>/` beside the
 * synth output (`$CDKTF_OUTDIR.plans/<env>/`). Synth replaces the whole output folder, stack
 * folders of every environment included, so a plan of `dev` would otherwise delete the plan and
 * summary of `prod`; this folder only a run of the same environment replaces.
 */
export function planDirOf(programDir: string, environment: string, env: NodeJS.ProcessEnv): string {
  return path.resolve(programDir, `${env.CDKTF_OUTDIR || 'cdktf.out'}.plans`, environment);
}

/** Forgets the environment's previous plan, so that a failed plan leaves none that looks current. */
export function clearPlanArtefacts(planDir: string): void {
  for (const name of PLAN_ARTEFACTS) fs.rmSync(path.join(planDir, name), { force: true });
}

/** Copies the plan artefacts present in the stack folder into the environment's plan folder. */
export function keepPlanArtefacts(stackDir: string, planDir: string): void {
  fs.mkdirSync(planDir, { recursive: true });
  for (const name of PLAN_ARTEFACTS) {
    const from = path.join(stackDir, name);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(planDir, name));
  }
}
