/**
 * Waiting for core's scheduled jobs (`GET /api/v1/admin/jobs`) to have run since a moment: numbers
 * a job keeps (the cohort summaries) include what was loaded before that moment only after a run
 * that began later has finished.
 */
import type { PlatformClient } from './platform-client'

interface JobRow {
  job: string
  lastRun: { startedAt: string; finishedAt: string | null } | null
}

/** Resolves with a line saying which jobs ran, or which had not within the timeout. */
export async function jobsRanSince(client: PlatformClient, since: number, options: { jobs?: readonly string[]; timeoutMs: number; progress: (line: string) => void }): Promise<string> {
  const deadline = Date.now() + options.timeoutMs
  for (let asked = 0; ; asked++) {
    const all = (await client.admin('GET', '/jobs')).items as JobRow[]
    const unknown = (options.jobs ?? []).filter((name) => !all.some((j) => j.job === name))
    if (unknown.length) return `core lists no job ${unknown.join(', ')} (GET /api/v1/admin/jobs): not waited for`
    const listed = all.filter((j) => !options.jobs || options.jobs.includes(j.job))
    const pending = listed.filter((j) => !j.lastRun?.finishedAt || Date.parse(j.lastRun.startedAt) < since).map((j) => j.job)
    if (!pending.length) return `core's jobs ran after the load: ${listed.map((j) => j.job).join(', ')}`
    if (Date.now() > deadline) return `core's jobs ${pending.join(', ')} had not run after the load within ${options.timeoutMs / 1000} s`
    if (asked % 10 === 0) options.progress(`waiting for core's jobs to run after the load: ${pending.join(', ')}`)
    await Bun.sleep(2_000)
  }
}
