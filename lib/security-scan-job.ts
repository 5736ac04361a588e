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
  constructor(scope: Construct, id: string, props: SecurityScanJobProps) {
    super(
      scope,
      id,
      'security_scan',
      {
        lock_path: `/Workspace${props.pinnedEnvironment.lockPath}`,
        disallowed_licenses: (props.disallowedLicenses ?? DEFAULT_DISALLOWED_LICENSES).join(','),
      },
      props,
    );
  }
}
