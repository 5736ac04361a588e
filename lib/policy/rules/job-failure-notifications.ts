import { blocks } from '../resource-parts';
import { COMPLIANT, nonCompliant, PolicyRule } from '../rule';

/** DBX-J3: someone hears about every failed staging or prod run. */
export const jobFailureNotifications: PolicyRule = {
  id: 'DBX-J3',
  description:
    'Jobs in staging and prod notify on failure (email_notifications.on_failure or webhook_notifications.on_failure).',
  fix: 'Set notifications.emails (and notifications.slackDestinationId) in project.yaml, or pass notifications to the job.',
  scope: 'staging/prod',
  resourceTypes: ['databricks_job'],
  evaluate({ config }) {
    const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
    const email = blocks(config.email_notifications)[0]?.on_failure;
    const webhook = blocks(config.webhook_notifications)[0]?.on_failure;
    if (nonEmpty(email) || nonEmpty(webhook)) return COMPLIANT;
    return nonCompliant([
      { message: 'has no failure notification: a failed run goes unnoticed', setting: 'email_notifications' },
    ]);
  },
};
