import type { PgSession } from './client.js';
import type { LearnedModel } from '../../core/churn-model.js';
import { churnModelColumns, type ChurnModelToSave, type LatestChurnModel, type SavedModelInfo } from '../churn-models.js';

/** Churn models on PostgreSQL (issue 25): churn-models.ts's statements, the same columns and values. */

export async function pgSaveChurnModel(session: PgSession, input: ChurnModelToSave): Promise<SavedModelInfo> {
  const { info, model, figures } = churnModelColumns(input);
  const [row] = await session.query<{ id: number }>(
    `INSERT INTO churn_models (saved_at, as_of, trained_from, trained_to, horizon_days, cases, churned, cv_auc, rule_auc, model, figures, csops_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [info.saved_at, info.as_of, info.trained_from, info.trained_to, info.horizon_days, info.cases, info.churned, info.cv_auc, info.rule_auc, model, figures, input.version],
  );
  return { id: row!.id, ...info };
}

/** The model saved last among those learned as of the day or before, and the earliest day any was (churn-models.ts latestChurnModel). */
export async function pgLatestChurnModel(session: PgSession, asOf: string): Promise<LatestChurnModel> {
  const [row] = await session.query<SavedModelInfo & { model: string }>(
    'SELECT id, saved_at, as_of, trained_from, trained_to, horizon_days, cases, churned, cv_auc, rule_auc, model FROM churn_models WHERE as_of <= $1::date ORDER BY as_of DESC, id DESC LIMIT 1',
    [asOf],
  );
  const earliestAsOf = (await session.query<{ day: string | null }>('SELECT min(as_of) AS day FROM churn_models'))[0]?.day ?? null;
  return { model: row && { ...row, model: JSON.parse(row.model) as LearnedModel }, earliestAsOf };
}
