import { Alert } from '@cdktf/provider-databricks/lib/alert';
import { Query } from '@cdktf/provider-databricks/lib/query';
import { Construct } from 'constructs';
import { SloCheck } from './slo-checks';

/** Props of {@link SloAlert}. */
export interface SloAlertProps {
  /** The kind of objective: its query and the column read. */
  readonly check: SloCheck;
  /** Display name of the query and the alert, e.g. `Prod – SLO: failure-rate`. */
  readonly displayName: string;
  /** The SQL warehouse the query runs on. */
  readonly warehouseId: string;
  /**
   * Workspace folder of the query and the alert; they inherit its permissions. Pass a token of the
   * folder resource so that Terraform creates the folder first.
   */
  readonly parentPath: string;
  /** Seconds before a still-triggered alert notifies again. @default 86400 (a day) */
  readonly secondsToRetrigger?: number;
}

/**
 * One kind of service-level objective as a Databricks SQL query (`databricks_query`) and an alert
 * (`databricks_alert`) that triggers when any workflow is past its own objective (the query's
 * `breaching_workflows` above 0; its `breaches` column names them).
 * Alerts carry no subscribers of their own: a job's SQL alert task evaluates them and notifies
 * (see {@link SloAlertJob}).
 */
export class SloAlert extends Construct {
  readonly query: Query;
  readonly alert: Alert;
  readonly alertId: string;
  readonly check: SloCheck;

  constructor(scope: Construct, id: string, props: SloAlertProps) {
    super(scope, id);
    this.check = props.check;
    this.query = new Query(this, 'Query', {
      displayName: props.displayName,
      description: `SLO: ${props.check.description}`,
      queryText: props.check.sql,
      warehouseId: props.warehouseId,
      parentPath: props.parentPath,
    });
    this.alert = new Alert(this, 'Alert', {
      displayName: props.displayName,
      queryId: this.query.id,
      parentPath: props.parentPath,
      secondsToRetrigger: props.secondsToRetrigger ?? 86_400,
      notifyOnOk: true,
      condition: {
        op: 'GREATER_THAN',
        operand: { column: { name: props.check.column } },
        threshold: { value: { doubleValue: 0 } },
        emptyResultState: 'OK',
      },
    });
    this.alertId = this.alert.id;
  }
}
