import { pinnedClusterSpec } from '../../lib/cluster-size';
import { constructFixture, REQUIRED_TAGS } from '../helpers/construct-fixture';

const tags = { ...REQUIRED_TAGS, team: 'data' };

describe('pinnedClusterSpec', () => {
  it('takes runtime, access mode, init script and pinned_env tag from the policy, size from the caller', () => {
    const f = constructFixture();
    const policy = f.policy('standard');
    const env = f.pinned('standard');
    expect(pinnedClusterSpec('here', policy, { nodeTypeId: 'i3.xlarge', numWorkers: 2 }, tags)).toEqual({
      sparkVersion: env.sparkVersion,
      nodeTypeId: 'i3.xlarge',
      numWorkers: 2,
      policyId: policy.policyId,
      customTags: { ...tags, pinned_env: env.digest },
      dataSecurityMode: 'SINGLE_USER',
      initScripts: [{ workspace: { destination: env.initScriptPath } }],
    });
  });

  it('passes an autoscale range instead of a fixed size', () => {
    const f = constructFixture();
    const spec = pinnedClusterSpec(
      'here',
      f.policy(),
      { nodeTypeId: 'i3.xlarge', autoscale: { minWorkers: 1, maxWorkers: 4 } },
      tags,
    );
    expect(spec.autoscale).toEqual({ minWorkers: 1, maxWorkers: 4 });
    expect(spec).not.toHaveProperty('numWorkers');
  });

  it('allows a single-node cluster (0 workers)', () => {
    const f = constructFixture();
    expect(
      pinnedClusterSpec('here', f.policy(), { nodeTypeId: 'i3.xlarge', numWorkers: 0 }, tags).numWorkers,
    ).toBe(0);
  });

  it('overrides a caller pinned_env tag with the real digest', () => {
    const f = constructFixture();
    const spec = pinnedClusterSpec(
      'here',
      f.policy(),
      { nodeTypeId: 'i3.xlarge', numWorkers: 1 },
      { ...tags, pinned_env: 'forged' },
    );
    expect(spec.customTags.pinned_env).toBe(f.pinned().digest);
  });

  it('adds the container image, with its credentials, when the environment has one', () => {
    const f = constructFixture();
    const image = {
      url: 'acme.azurecr.io/demo/ml:1.4.0',
      basicAuth: { username: '{{secrets/s/u}}', password: '{{secrets/s/p}}' },
    };
    const withImage = Object.assign(Object.create(Object.getPrototypeOf(f.pinned('ml'))), f.pinned('ml'), {
      containerImage: image,
    });
    const policy = f.policy('ml', { pinnedEnvironment: withImage });
    expect(
      pinnedClusterSpec('here', policy, { nodeTypeId: 'i3.xlarge', numWorkers: 1 }, tags).dockerImage,
    ).toEqual(image);
  });

  it('fails when both or neither of numWorkers and autoscale are set', () => {
    const f = constructFixture();
    expect(() =>
      pinnedClusterSpec(
        'here',
        f.policy(),
        { nodeTypeId: 'i3.xlarge', numWorkers: 1, autoscale: { minWorkers: 1, maxWorkers: 2 } },
        tags,
      ),
    ).toThrow('here: set exactly one of numWorkers or autoscale');
    expect(() => pinnedClusterSpec('here', f.policy(), { nodeTypeId: 'i3.xlarge' }, tags)).toThrow(
      'here: set exactly one of numWorkers or autoscale',
    );
  });

  it('fails when the node type is not allowed by the policy, listing the allowed ones', () => {
    const f = constructFixture();
    expect(() =>
      pinnedClusterSpec('here', f.policy(), { nodeTypeId: 'p4d.24xlarge', numWorkers: 1 }, tags),
    ).toThrow('here: node type p4d.24xlarge is not allowed by the policy (allowed: i3.xlarge, i3.2xlarge)');
  });

  it('fails when there are more workers than the policy allows', () => {
    const f = constructFixture();
    expect(() =>
      pinnedClusterSpec('here', f.policy(), { nodeTypeId: 'i3.xlarge', numWorkers: 5 }, tags),
    ).toThrow("here: 5 workers exceed the policy's maximum of 4");
    expect(() =>
      pinnedClusterSpec(
        'here',
        f.policy(),
        { nodeTypeId: 'i3.xlarge', autoscale: { minWorkers: 1, maxWorkers: 9 } },
        tags,
      ),
    ).toThrow("here: 9 workers exceed the policy's maximum of 4");
  });

  it.each([
    [{ numWorkers: -1 }, '-1..-1'],
    [{ numWorkers: 1.5 }, '1.5..1.5'],
    [{ autoscale: { minWorkers: 3, maxWorkers: 2 } }, '3..2'],
    [{ autoscale: { minWorkers: -1, maxWorkers: 2 } }, '-1..2'],
  ])('fails when the worker counts are %j', (size, shown) => {
    const f = constructFixture();
    expect(() => pinnedClusterSpec('here', f.policy(), { nodeTypeId: 'i3.xlarge', ...size }, tags)).toThrow(
      `here: worker counts must be whole numbers with 0 <= min <= max, found ${shown}`,
    );
  });

  it('fails when a tag the policy requires is missing or different', () => {
    const f = constructFixture();
    const size = { nodeTypeId: 'i3.xlarge', numWorkers: 1 };
    expect(() =>
      pinnedClusterSpec('here', f.policy(), size, { project: 'demo', environment: 'dev' }),
    ).toThrow('here: the policy requires tag cost_centre=cc-1, found no such tag');
    expect(() => pinnedClusterSpec('here', f.policy(), size, { ...tags, environment: 'prod' })).toThrow(
      'here: the policy requires tag environment=dev, found prod',
    );
  });
});
