import { Construct } from 'constructs';
import { AssetNotebookJob, AssetNotebookJobProps } from './asset-notebook-job';
import { PinnedEnvironment } from './pinned-environment';
import { DEFAULT_DISALLOWED_LICENSES } from './vocabulary';

/** Props of {@link SecurityScanJob}. */
export interface SecurityScanJobProps extends AssetNotebookJobProps {
  /** The pinned environment whose lock is scanned; the job's compute should run it too. */
  readonly pinnedEnvironment: PinnedEnvironment;
  /**
   * Licences that fail the scan.
   * @default ['GPL', 'LGPL', 'AGPL']
   */
  readonly disallowedLicenses?: readonly string[];
}

/**
 * The blueprint's weekly live scan: pip-audit and a licence check of the environment's lock, run on
 * a cluster of that pinned environment; a finding fails the run and so notifies.
 */
export class SecurityScanJob extends AssetNotebookJob {
  /** The notebook's name: its task key, and `ops/<name>` in the environment's folder. */
  static readonly NOTEBOOK_NAME = 'security_scan';

  constructor(scope: Construct, id: string, props: SecurityScanJobProps) {
    super(
      scope,
      id,
      SecurityScanJob.NOTEBOOK_NAME,
      {
        lock_path: `/Workspace${props.pinnedEnvironment.lockPath}`,
        disallowed_licenses: (props.disallowedLicenses ?? DEFAULT_DISALLOWED_LICENSES).join(','),
      },
      props,
    );
  }
}
