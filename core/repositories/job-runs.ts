/** Runs of core's scheduled jobs (core/jobs/every.ts): what the jobs API shows. */
import type { ResultSetHeader, RowDataPacket } from '../../common/clients/mysql'
import type { Db } from './db'

export async function insertJobRun(db: Db, job: string, startedAt: Date): Promise<number> {
  const [result] = await db.query<ResultSetHeader>('INSERT INTO job_runs (job, started_at) VALUES (?, ?)', [job, startedAt])
  return result.insertId
}

export async function finishJobRun(db: Db, id: number, run: { finishedAt: Date; rows: number; error: string | null }): Promise<void> {
  await db.query('UPDATE job_runs SET finished_at = ?, rows_processed = ?, error = ? WHERE id = ?', [
    run.finishedAt,
    run.rows,
    run.error?.slice(0, 2000) ?? null,
    id,
  ])
}

/** Forgets a job's runs started before `before`, a page at a time (called after each run). */
export async function pruneJobRuns(db: Db, job: string, before: Date): Promise<void> {
  await db.query('DELETE FROM job_runs WHERE job = ? AND started_at < ? ORDER BY started_at LIMIT 1000', [job, before])
}

export interface JobRun {
  job: string
  startedAt: Date
  finishedAt: Date | null
  rows: number
  error: string | null
}

/** The latest run of every job that has run, by job name. */
export async function lastJobRuns(db: Db): Promise<JobRun[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT r.job, r.started_at, r.finished_at, r.rows_processed, r.error
       FROM job_runs r JOIN (SELECT job, MAX(id) AS id FROM job_runs GROUP BY job) latest ON latest.id = r.id
      ORDER BY r.job`,
  )
  return rows.map((r) => ({ job: r.job, startedAt: r.started_at, finishedAt: r.finished_at, rows: Number(r.rows_processed), error: r.error }))
}
