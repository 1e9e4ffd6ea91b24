/**
 * The compat runner as users run it (a `bun loadtest/k6-compat/run.ts` process): the flash-sale
 * script against a real gateway and Redis, k6's API against a small server, and k6's exit codes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../common/config'
import { activityKeys } from '../../common/redis/keys'
import { publishTestActivity, takenPlusFree } from '../../test/support/activity-state'
import { closeTestClients, testRedis } from '../../test/support/clients'
import { entryCommandsOn } from '../../test/support/commands'
import { startTestGateway } from '../../test/support/gateway'
import { exitCodes } from './run'

const redis = testRedis('k6-compat-test')
const outbox = `test.commands.${crypto.randomUUID()}`
const eventTopic = `test.events.${crypto.randomUUID()}`
const scratch = mkdtempSync(join(tmpdir(), 'k6-compat-test-'))
let gateway: ReturnType<typeof startTestGateway>

beforeAll(() => {
  gateway = startTestGateway({ redis, commandOutbox: outbox, eventTopic })
})
afterAll(async () => {
  await gateway.stop()
  await redis.del(outbox, eventTopic)
  await closeTestClients()
  rmSync(scratch, { recursive: true, force: true })
})

interface Summary {
  runner: string
  checks: Record<string, { passes: number; fails: number }>
  iterationErrors: number
  metrics: { iterations: { count: number }; http_req_failed: { rate: number } }
  thresholds: { metric: string; expression: string; actual: number; ok: boolean }[]
}

async function runCompat(script: string, args: string[]) {
  const summaryFile = join(scratch, `${crypto.randomUUID()}.json`)
  const child = Bun.spawn([process.execPath, 'loadtest/k6-compat/run.ts', script, ...args, '--summary-json', summaryFile], {
    cwd: projectRoot,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  const file = Bun.file(summaryFile)
  const summary = (await file.exists()) ? ((await file.json()) as Summary) : null
  return { code, stdout, stderr, summary }
}

const failedChecks = (s: Summary) => Object.entries(s.checks).filter(([, c]) => c.fails > 0)

describe('reservation-spike.js through the compat runner', () => {
  test('40 units, 120 shoppers in 8 VUs: the run passes, 40 pay, nobody gets a unit twice', async () => {
    const id = await publishTestActivity(redis, { limit: 40 })
    const env = { BASE_URL: gateway.url, ACTIVITY_ID: id, VUS: 8, ITERATIONS: 120, PAY_SECONDS: 0, FIRST_USER_ID: 500_000 }
    const run = await runCompat('loadtest/k6/reservation-spike.js', Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]))

    expect(run.code, run.stdout + run.stderr).toBe(exitCodes.passed)
    expect(run.stdout).toContain('NOT k6')
    const summary = run.summary!
    expect(summary.runner).toContain('not k6')
    expect(failedChecks(summary)).toEqual([])
    expect(summary.checks['confirm: 200 CONFIRMED']).toEqual({ passes: 40, fails: 0 })
    expect(summary.metrics.iterations.count).toBe(120)
    expect(summary.iterationErrors).toBe(0)
    expect(summary.thresholds.every((t) => t.ok)).toBe(true)

    const k = activityKeys(id)
    expect(await redis.get(k.stock)).toBe('0')
    expect(await redis.zcard(k.holds)).toBe(0)
    expect(await redis.scard(k.confirmed)).toBe(40)
    expect(await takenPlusFree(redis, id)).toBe(40)
    // every payment reached the command outbox, once
    expect((await entryCommandsOn(redis, outbox)).length).toBe(40)
  })
})

describe('collect.js through the compat runner', () => {
  test('100 tracker batches of 20 events, 10 % malformed, 20 % of batches resent: the run passes and only valid events reach the bus', async () => {
    const env = { BASE_URL: gateway.url, VUS: 5, ITERATIONS: 100, BATCH: 20, MALFORMED_SHARE: 0.1, RESEND_SHARE: 0.2 }
    const run = await runCompat('loadtest/k6/collect.js', Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]))

    expect(run.code, run.stdout + run.stderr).toBe(exitCodes.passed)
    const summary = run.summary!
    expect(failedChecks(summary)).toEqual([])
    expect(summary.metrics.iterations.count).toBe(100)
    const requests = summary.checks['collect: 200']!.passes
    expect(requests).toBeGreaterThan(100)

    // what the gateway put on the bus: valid events only, each batch once or, when resent, twice
    const entries = await redis.xrange(eventTopic, '-', '+')
    const events = entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('value') + 1]!) as { eventId: string; triggerType: string })
    expect(events.filter((e) => e.triggerType === 'HOVER')).toEqual([])
    const copies = new Map<string, number>()
    for (const e of events) copies.set(e.eventId, (copies.get(e.eventId) ?? 0) + 1)
    const batchOf = (eventId: string) => eventId.split('-').slice(0, -1).join('-')
    const batchCopies = new Map<string, number>()
    for (const [eventId, n] of copies) batchCopies.set(batchOf(eventId), Math.max(batchCopies.get(batchOf(eventId)) ?? 0, n))
    expect(batchCopies.size).toBe(100)
    expect([...batchCopies.values()].filter((n) => n === 2).length).toBe(requests - 100)
    // about 10 % of 2,000 events were malformed and stayed out
    expect(copies.size).toBeGreaterThan(1_650)
    expect(copies.size).toBeLessThan(1_950)
  })
})

describe('the k6 API subset', () => {
  test('k6/http: methods, bodies, batch, json selectors, canonical headers, expected statuses', async () => {
    const server = Bun.serve({
      port: 0,
      async fetch(request) {
        const url = new URL(request.url)
        const status = /^\/status\/(\d+)$/.exec(url.pathname)
        if (status) return new Response('', { status: Number(status[1]) })
        const body = await request.text()
        return Response.json({ method: request.method, url: request.url, body, headers: { probe: request.headers.get('x-probe') } })
      },
    })
    try {
      const run = await runCompat('loadtest/k6-compat/fixtures/http-api.js', ['-e', `BASE_URL=http://127.0.0.1:${server.port}`])
      expect(run.code, run.stdout + run.stderr).toBe(exitCodes.passed)
      expect(failedChecks(run.summary!)).toEqual([])
      expect(Object.keys(run.summary!.checks).length).toBe(11)
    } finally {
      server.stop(true)
    }
  })

  test('__VU, __ITER, __ENV, per-VU module state and sleep, over a duration', async () => {
    const run = await runCompat('loadtest/k6-compat/fixtures/globals.js', ['-e', 'GREETING=hello=world'])
    expect(run.code, run.stdout + run.stderr).toBe(exitCodes.passed)
    expect(failedChecks(run.summary!)).toEqual([])
    // 2 VUs sleeping 0.2 s for about 1 s: about 10 iterations, never many more
    expect(run.summary!.metrics.iterations.count).toBeGreaterThanOrEqual(4)
    expect(run.summary!.metrics.iterations.count).toBeLessThanOrEqual(14)
  })
})

describe("k6's exit codes", () => {
  test('a crossed threshold exits 99 and says which', async () => {
    const run = await runCompat('loadtest/k6-compat/fixtures/failing-check.js', [])
    expect(run.code).toBe(exitCodes.thresholdsCrossed)
    expect(run.summary!.thresholds).toEqual([{ metric: 'checks', expression: 'rate>0.99', actual: 0, ok: false }])
    expect(run.stdout).toContain('✗ checks: rate>0.99')
    expect(run.stdout).toContain('result: FAILED')
  })

  test('a setup() that throws exits 107 with its message', async () => {
    const run = await runCompat('loadtest/k6-compat/fixtures/setup-throws.js', [])
    expect(run.code).toBe(exitCodes.scriptError)
    expect(run.stderr).toContain('no tokens for you')
  })

  test('options it cannot honour (stages) exit 104 instead of running something else', async () => {
    const run = await runCompat('loadtest/k6-compat/fixtures/stages.js', [])
    expect(run.code).toBe(exitCodes.invalidOptions)
    expect(run.stderr).toContain('options.stages is not supported')
  })

  test('command-line flags override the script: --iterations below --vus is refused as k6 does', async () => {
    const run = await runCompat('loadtest/k6-compat/fixtures/failing-check.js', ['--vus', '5', '--iterations', '2'])
    expect(run.code).toBe(exitCodes.invalidOptions)
    expect(run.stderr).toContain('must not be fewer than vus')
  })
})
