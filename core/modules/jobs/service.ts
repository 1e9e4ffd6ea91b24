/** Core's scheduled jobs as the admin sees them: each one's last run, and when it is due next. */
import type { Pool } from '../../../common/clients/mysql'
import type { JobRuns } from '../../jobs/job-runs'
import { lastJobRuns, type JobRun } from '../../repositories/job-runs'

export interface JobDeps {
  pool: Pool
  /** the jobs this process schedules (their intervals); absent: only what job_runs holds */
  jobRuns?: JobRuns
}

function describeRun(run: JobRun) {
  return {
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    rows: run.rows,
    error: run.error,
  }
}

export async function listJobs(deps: JobDeps) {
  const runs = new Map((await lastJobRuns(deps.pool)).map((run) => [run.job, run]))
  const intervals = deps.jobRuns?.intervals() ?? new Map<string, number>()
  const names = [...new Set([...intervals.keys(), ...runs.keys()])].sort()
  return {
    items: names.map((job) => {
      const last = runs.get(job)
      const intervalMs = intervals.get(job) ?? null
      // every() waits intervalMs after a run ends; a run in progress has no next time yet
      const nextDueAt = last?.finishedAt && intervalMs !== null ? new Date(last.finishedAt.getTime() + intervalMs).toISOString() : null
      return { job, intervalMs, lastRun: last ? describeRun(last) : null, nextDueAt }
    }),
  }
}
