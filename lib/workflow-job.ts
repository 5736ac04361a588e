import { Construct } from 'constructs';
import { DataQualityTaskProps, dataQualityTasks } from './data-quality';
import { NotebookJob, NotebookJobProps } from './notebook-job';
import { RepoMount } from './repo-mount';

/** Props of {@link WorkflowJob}. */
export interface WorkflowJobProps extends Omit<NotebookJobProps, 'tasks'> {
  /** The environment's Git folder the notebook is run from. */
  readonly repoMount: RepoMount;
  /** Notebook path relative to the repository root, e.g. `notebooks/workflows/ingest_orders`. */
  readonly notebook: string;
  /** @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Checks of the workflow's output tables, run as a task after the notebook. @default - no check */
  readonly dataQuality?: DataQualityTaskProps;
}

/**
 * One workflow notebook of the repository as a job (the blueprint's 1:1 mapping of workflow
 * notebooks to jobs). The notebook runs from the environment's own Git folder, so a job in prod
 * can only ever run the code of the prod ref. Declared data-quality checks of its output tables run
 * as a second task, so a breach fails the run (and notifies like any failure).
 */
export class WorkflowJob extends NotebookJob {
  /** Workspace path of the notebook the job runs. */
  readonly notebookPath: string;

  constructor(scope: Construct, id: string, props: WorkflowJobProps) {
    const notebookPath = props.repoMount.notebookPath(props.notebook);
    super(scope, id, {
      ...props,
      tasks: [
        { taskKey: 'main', notebookPath, parameters: props.parameters },
        ...dataQualityTasks(`${scope.node.path}/${id}`, props.dataQuality),
      ],
    });
    this.notebookPath = notebookPath;
  }
}
