/**
 * Records each run of a scheduled job in `job_runs` (started, finished, rows, error) and
 * remembers the interval of every job this process schedules, so the jobs API can say when one is
 * due next. Recording never stops a job: a failed write is logged and the job runs on.
 */
import type { Pool } from '../../common/clients/mysql'
import type { Logger } from '../../common/log'
import { finishJobRun, insertJobRun, pruneJobRuns } from '../repositories/job-runs'

/** Runs older than this are forgotten. */
const retentionMs = 30 * 86_400_000

export interface JobRuns {
  /** called once per job when it is scheduled */
  schedule(job: string, intervalMs: number): void
  /** the interval of each job scheduled in this process */
  intervals(): ReadonlyMap<string, number>
  /** records the start of a run; resolves to a handle for its end, or undefined when not recorded */
  started(job: string, at: Date): Promise<number | undefined>
  finished(job: string, id: number, run: { finishedAt: Date; rows: number; error: string | null }): Promise<void>
}

export function mysqlJobRuns(pool: Pool, log: Logger): JobRuns {
  const intervals = new Map<string, number>()
  return {
    schedule: (job, intervalMs) => void intervals.set(job, intervalMs),
    intervals: () => intervals,
    async started(job, at) {
      try {
        return await insertJobRun(pool, job, at)
      } catch (error) {
        log.warn('job run not recorded', { job, error })
        return undefined
      }
    },
    async finished(job, id, run) {
      try {
        await finishJobRun(pool, id, run)
        await pruneJobRuns(pool, job, new Date(run.finishedAt.getTime() - retentionMs))
      } catch (error) {
        log.warn('job run end not recorded', { job, error })
      }
    },
  }
}
