import { Construct } from 'constructs';
import { DataQualityTaskProps, dataQualityTasks } from './data-quality';
import { NotebookJob, NotebookJobProps } from './notebook-job';
import { RepoMount } from './repo-mount';

/** Props of {@link SmokeTestJob}. */
export interface SmokeTestJobProps extends Omit<NotebookJobProps, 'tasks' | 'schedule'> {
  /** The environment's Git folder. */
  readonly repoMount: RepoMount;
  /** Smoke-test notebooks relative to the repository root; they run in order. */
  readonly notebooks: readonly string[];
  /** Data-quality checks run after the smoke notebooks. @default - no check */
  readonly dataQuality?: DataQualityTaskProps;
}

/**
 * The environment's smoke-test job (the top of the blueprint's testing pyramid): runs the smoke
 * notebooks from the environment's Git folder on the environment's compute, proving the notebook
 * entry points, job wrapper, permissions, init scripts and cluster config. Unscheduled: it is
 * triggered after every deploy (`npm run smoke -- <env>`). With data-quality checks declared, it
 * ends by checking every declared output table.
 */
export class SmokeTestJob extends NotebookJob {
  constructor(scope: Construct, id: string, props: SmokeTestJobProps) {
    if (props.notebooks.length === 0)
      throw new Error(`${scope.node.path}/${id}: at least one smoke notebook is needed`);
    super(scope, id, {
      ...props,
      maxRetries: props.maxRetries ?? 0,
      tasks: [
        ...props.notebooks.map((nb, i) => ({
          taskKey: `smoke_${i + 1}_${nb
            .split('/')
            .pop()!
            .replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 100),
          notebookPath: props.repoMount.notebookPath(nb),
        })),
        ...dataQualityTasks(`${scope.node.path}/${id}`, props.dataQuality),
      ],
    });
  }
}
