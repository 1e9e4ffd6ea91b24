import { afterAll, expect, test } from 'bun:test'
import { createLogger } from '../../common/log'
import { closeTestClients, testPool } from '../../test/support/clients'
import { testCoreApp } from '../../test/support/core-app'
import { waitFor } from '../../test/support/wait'
import { every } from './every'
import { mysqlJobRuns } from './job-runs'

const log = createLogger({}, 'error')
const jobRuns = mysqlJobRuns(testPool(), log)
const { call } = testCoreApp({ jobRuns })
afterAll(closeTestClients)

interface JobItem {
  job: string
  intervalMs: number | null
  lastRun: { startedAt: string; finishedAt: string | null; durationMs: number | null; rows: number; error: string | null } | null
  nextDueAt: string | null
}

const jobsNamed = async (...names: string[]) =>
  ((await call('GET', '/api/v1/admin/jobs')).body.items as JobItem[]).filter((j) => names.includes(j.job))

test('each run is recorded with its rows or its error; the jobs API shows the last one, its duration and when the next is due', async () => {
  const ok = `rows job ${crypto.randomUUID()}`
  const failing = `failing job ${crypto.randomUUID()}`
  let okRuns = 0
  let failingRuns = 0
  const jobs = [
    every(60_000, ok, log, async () => {
      okRuns++
      await Bun.sleep(30)
      return { written: 7 * okRuns }
    }, { runs: jobRuns, rows: (r) => r.written }),
    every(3_600_000, failing, log, async () => {
      failingRuns++
      throw new Error('MySQL said no')
    }, { runs: jobRuns }),
  ]
  await waitFor(async () => (await jobsNamed(ok, failing)).filter((j) => j.lastRun?.finishedAt).length === 2, { what: 'both runs recorded' })
  await Promise.all(jobs.map((j) => j.stop()))

  const [failed, succeeded] = (await jobsNamed(ok, failing)) as [JobItem, JobItem]
  expect(succeeded).toMatchObject({ job: ok, intervalMs: 60_000, lastRun: { rows: 7, error: null } })
  const run = succeeded.lastRun!
  expect(run.durationMs).toBeGreaterThanOrEqual(25)
  expect(run.durationMs).toBe(Date.parse(run.finishedAt!) - Date.parse(run.startedAt))
  expect(Date.parse(succeeded.nextDueAt!)).toBe(Date.parse(run.finishedAt!) + 60_000)
  expect(failed).toMatchObject({ job: failing, intervalMs: 3_600_000, lastRun: { rows: 0, error: 'MySQL said no' } })
  expect([okRuns, failingRuns]).toEqual([1, 1])
})

test('a run in progress is listed without its end, duration or next time, and with them once it ends', async () => {
  const slow = `slow job ${crypto.randomUUID()}`
  let release = () => {}
  const job = every(60_000, slow, log, () => new Promise<number>((resolve) => (release = () => resolve(3))), { runs: jobRuns })
  await waitFor(async () => (await jobsNamed(slow))[0]?.lastRun != null, { what: 'the run started' })
  expect(await jobsNamed(slow)).toEqual([
    { job: slow, intervalMs: 60_000, lastRun: { startedAt: expect.any(String), finishedAt: null, durationMs: null, rows: 0, error: null }, nextDueAt: null },
  ])
  release()
  await job.stop()
  expect((await jobsNamed(slow))[0]!.lastRun).toMatchObject({ rows: 3, error: null })
})
