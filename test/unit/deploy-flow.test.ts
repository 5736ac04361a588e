import { applyPlanned, PlannedEnvironment } from '../../ops/deploy-flow';
import { TerraformRunner } from '../../ops/terraform-runner';

describe('applyPlanned', () => {
  test('fails when the plan is a preview made without refresh, before touching terraform', async () => {
    const untouchable = new Proxy({} as TerraformRunner, {
      get: (_, name) => {
        throw new Error(`terraform touched: ${String(name)}`);
      },
    });
    const preview: PlannedEnvironment = {
      runner: untouchable,
      stackDir: '/nowhere/cdktf.out/stacks/dev',
      planFile: '/nowhere/cdktf.out/stacks/dev/plan.tfplan',
      planDir: '/nowhere/cdktf.out.plans/dev',
      plannedAt: '2026-11-29T12:00:00.000Z',
      markdown: '',
      summary: {
        environment: 'dev',
        counts: { create: 0, update: 1, replace: 0, delete: 0 },
        resources: [],
        outputs: [],
        drift: [],
        destroyGuard: { blocked: [], allowed: [], unused: [] },
        hasChanges: true,
        refresh: { refreshed: false, lastFullRefresh: '2026-11-29T04:00:00.000Z', ageMinutes: 480 },
      },
    };
    await expect(applyPlanned(preview)).rejects.toThrow(
      'Refusing to apply the plan of dev: it is a preview planned without refresh, for review only. ' +
        'Plan it again without --preview (npm run deploy does).',
    );
  });
});
