import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../app/config/load-config';
import { checkDataRepoLayout } from '../../../app/data-repo/data-repo-layout';
import { DEFAULT_CONFIG_DIR, editYaml } from '../../helpers/config-dir';
import { scaffoldedProject } from '../../helpers/data-project';

/** The layout problems of a scaffolded project after `change`, as "file: path: message" lines. */
function problems(change: (repo: string) => void = () => undefined): string[] {
  const repo = scaffoldedProject();
  change(repo);
  return checkDataRepoLayout(loadConfig(path.join(repo, 'config'))).map((i) =>
    [path.relative(repo, i.file), i.path, i.message].filter(Boolean).join(': '),
  );
}

const write = (repo: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  fs.writeFileSync(path.join(repo, rel), text);
};
const NOTEBOOK = '# Databricks notebook source\nprint(1)\n';

describe('checkDataRepoLayout', () => {
  it('finds nothing wrong in a freshly scaffolded project', () => {
    expect(problems()).toEqual([]);
  });

  it('checks nothing when the config names no data repository (the default config)', () => {
    expect(checkDataRepoLayout(loadConfig(DEFAULT_CONFIG_DIR))).toEqual([]);
  });

  it('fails when a job names a notebook that does not exist', () => {
    expect(
      problems((repo) => fs.rmSync(path.join(repo, 'notebooks/workflows/train_churn_model.py'))),
    ).toEqual([
      expect.stringMatching(
        /^config\/project\.yaml: workflows\[1\]\.notebook: expected a notebook at notebooks\/workflows\/train_churn_model in the data repository .*found none; add the notebook or fix the path$/,
      ),
    ]);
  });

  it('fails when a job names a plain Python file, not a notebook, and says which header to add', () => {
    const out = problems((repo) => write(repo, 'notebooks/workflows/ingest_orders.py', 'print(1)\n'));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(
      'workflows[0].notebook: expected a notebook at notebooks/workflows/ingest_orders',
    );
    expect(out[0]).toContain('a plain file; add "# Databricks notebook source" as its first line');
  });

  it('fails when a workflow notebook has no job, naming the notebook and both fixes', () => {
    expect(problems((repo) => write(repo, 'notebooks/workflows/score/score_customers.py', NOTEBOOK))).toEqual(
      [
        expect.stringMatching(
          /^notebooks\/workflows\/score\/score_customers\.py: expected exactly one job for this workflow notebook, found none; add a workflows entry with notebook: notebooks\/workflows\/score\/score_customers to .*project\.yaml, or move the notebook to notebooks\/eda\/ if it is exploratory$/,
        ),
      ],
    );
  });

  it('does not count plain Python helpers under notebooks/workflows as notebooks', () => {
    expect(problems((repo) => write(repo, 'notebooks/workflows/helpers.py', 'X = 1\n'))).toEqual([]);
  });

  it('fails when a workflow notebook has two jobs, naming both', () => {
    const out = problems((repo) =>
      editYaml(path.join(repo, 'config'), 'project.yaml', (p) => {
        p.workflows.push({ ...p.workflows[0], name: 'ingest-orders-again' });
      }),
    );
    expect(out).toEqual([
      expect.stringContaining(
        'notebooks/workflows/ingest_orders.py: expected exactly one job for this workflow notebook, found 2 (ingest-orders, ingest-orders-again)',
      ),
    ]);
  });

  it('fails when a notebook under notebooks/eda is scheduled, in project.yaml or by an environment', () => {
    const out = problems((repo) => {
      const config = path.join(repo, 'config');
      editYaml(config, 'project.yaml', (p) => {
        p.workflows.push(
          { name: 'explore', notebook: 'notebooks/eda/explore_orders', schedule: { cron: '0 0 1 * * ?' } },
          { name: 'explore-adhoc', notebook: 'notebooks/eda/explore_orders' },
        );
      });
      editYaml(config, 'staging.yaml', (s) => {
        s.workflows = { 'explore-adhoc': { schedule: { cron: '0 0 5 * * ?' } } };
      });
    });
    expect(out).toEqual([
      'config/project.yaml: workflows[2].schedule: expected no schedule for notebooks/eda/explore_orders (under notebooks/eda/), found "0 0 1 * * ?"; EDA notebooks are never scheduled: move the notebook to notebooks/workflows/ or remove the schedule',
      'config/staging.yaml: workflows.explore-adhoc.schedule: expected no schedule for notebooks/eda/explore_orders (under notebooks/eda/), found "0 0 5 * * ?"; EDA notebooks are never scheduled: move the notebook to notebooks/workflows/ or remove the schedule',
    ]);
  });

  it('fails when a smoke notebook does not exist', () => {
    expect(
      problems((repo) => fs.rmSync(path.join(repo, 'notebooks/smoke_tests'), { recursive: true })),
    ).toEqual([
      expect.stringMatching(
        /^config\/project\.yaml: smokeTests\.notebooks\[0\]: expected a notebook at notebooks\/smoke_tests\/run_smoke_tests .*found none; add the smoke notebook/,
      ),
    ]);
  });

  it('fails when deep_project_core imports dbutils, pyspark.dbutils or databricks, one problem per line with the line number', () => {
    const out = problems((repo) =>
      write(
        repo,
        'deep_project_core/secrets.py',
        [
          '"""Reads settings."""',
          'import os',
          'from pyspark import dbutils as du',
          'from databricks.sdk import (',
          '    WorkspaceClient,',
          ')',
          'def f():',
          '    import dbutils.widgets',
          'from pyspark.sql import functions',
        ].join('\n'),
      ),
    );
    const fix = 'keep dbutils, secrets and the SDK in the notebook and pass their values into the function';
    expect(out).toEqual([
      `deep_project_core/secrets.py: line 3: expected no import from dbutils, pyspark.dbutils, databricks in deep_project_core (it stays portable), found pyspark.dbutils; ${fix}`,
      `deep_project_core/secrets.py: line 4: expected no import from dbutils, pyspark.dbutils, databricks in deep_project_core (it stays portable), found databricks.sdk; ${fix}`,
      `deep_project_core/secrets.py: line 8: expected no import from dbutils, pyspark.dbutils, databricks in deep_project_core (it stays portable), found dbutils.widgets; ${fix}`,
    ]);
  });

  it('fails when deep_project_core is missing', () => {
    expect(problems((repo) => fs.rmSync(path.join(repo, 'deep_project_core'), { recursive: true }))).toEqual([
      expect.stringMatching(
        /^deep_project_core: expected the package folder deep_project_core\/ .*create it/,
      ),
    ]);
  });

  it('reports every problem at once', () => {
    const out = problems((repo) => {
      fs.rmSync(path.join(repo, 'notebooks/workflows/train_churn_model.py'));
      write(repo, 'notebooks/workflows/orphan.py', NOTEBOOK);
      write(repo, 'deep_project_core/bad.py', 'import databricks\n');
      fs.rmSync(path.join(repo, 'notebooks/smoke_tests'), { recursive: true });
    });
    expect(out).toHaveLength(4);
  });
});
