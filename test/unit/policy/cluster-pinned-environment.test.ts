import { clusterPinnedEnvironment } from '../../../lib/policy/rules/cluster-pinned-environment';
import { PinnedEnvironment } from '../../../lib/pinned-environment';
import { projectPinnedFiles } from '../../helpers/construct-fixture';
import { policyKit } from './policy-kit';

describe('DBX-C3 every cluster runs a pinned environment of the stack', () => {
  it('passes all-purpose and job clusters built on the policy (init script and pinned_env tag)', () => {
    const kit = policyKit('dev');
    kit.cluster();
    kit.job();
    expect(kit.violations(clusterPinnedEnvironment)).toEqual([]);
  });

  it('passes a cluster whose flavor uses a container image instead of the init script', () => {
    const kit = policyKit('dev');
    const gpu = new PinnedEnvironment(kit.stack, 'PinnedGpu', {
      ...projectPinnedFiles('gpu'),
      folder: kit.folder,
      containerImage: { url: 'acme.azurecr.io/demo/gpu:1.0.0' },
    });
    const c = kit.cluster();
    c.resource.addOverride('init_scripts', undefined);
    c.resource.addOverride('docker_image', { url: 'acme.azurecr.io/demo/gpu:1.0.0' });
    c.resource.addOverride('custom_tags.pinned_env', gpu.digest);
    expect(kit.violations(clusterPinnedEnvironment)).toEqual([]);
  });

  it('fails when a cluster runs an init script that is not a pinned environment of the stack', () => {
    const kit = policyKit('dev');
    kit.cluster().resource.addOverride('init_scripts.0.workspace.destination', '/Shared/my-own-script.sh');
    expect(kit.violations(clusterPinnedEnvironment)).toEqual([
      {
        path: 'Cluster/Resource',
        message: expect.stringContaining(
          "DBX-C3: the cluster runs none of the stack's pinned environments (init scripts: /Shared/my-own-script.sh)",
        ),
      },
    ]);
  });

  it("fails when a job cluster's pinned_env tag does not match its init script's environment", () => {
    const kit = policyKit('dev');
    kit.job().resource.addOverride('job_cluster.0.new_cluster.custom_tags.pinned_env', 'stale');
    expect(kit.violations(clusterPinnedEnvironment).map((v) => v.message)).toEqual([
      expect.stringContaining(
        `DBX-C3: job_cluster[0].new_cluster has pinned_env tag "stale", expected "${kit.pinned.digest}" (standard)`,
      ),
    ]);
  });
});
