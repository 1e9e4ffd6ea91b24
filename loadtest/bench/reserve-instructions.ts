/**
 * What one reservation costs Redis, counted in instructions: runs the reserve script of a checkout
 * (this one by default) against a redis-server under Valgrind's callgrind and prints the
 * instructions Redis executed per RESERVED call. Unlike time, an instruction count does not move
 * with the machine's other work, so two versions of the script compare exactly on a shared, noisy
 * machine (`reserve-script.ts` gives the same run's time, AOF bytes and memory).
 *
 *   bun loadtest/bench/reserve-instructions.ts [--checkout DIR] [--calls 2000] [--concurrency 64]
 *
 * DIR: another checkout's root, e.g. `git archive <commit> | tar -x -C /tmp/before`; its
 * `gateway/lua/scripts.ts` is called as its own gateway calls it, with tokens as it makes them. Each figure is the difference
 * between a run of 2×calls and one of calls, divided by calls, so start-up, the activity's
 * publication and the dumps themselves cancel out. Needs `valgrind` (with callgrind_control) and
 * redis-server on PATH; the server is started on a free port in a temporary folder, AOF on, with
 * appendfsync as AXON_REDIS_FSYNC, and stopped at the end.
 *
 * For this checkout it also counts what core's hold recorder costs Redis per hold: the same holds
 * read once as new (with their owners), and read again as already recorded (by the window about
 * slack ÷ interval times, and by each sweep while the hold lives).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createRedis } from '../../common/clients/redis'
import { config, projectRoot } from '../../common/config'
import { SetupError } from '../../infra/local/report'
import { benchActivities } from './activity'
import { benchMain, progress } from './bench-main'
import { noHoldsSeen, readNewHolds, type SeenHolds } from '../../core/activity-state/hold-recorder'
import { checkoutDir, checkoutReserve, reserveMany } from './reserve-calls'

const usage = 'usage: bun loadtest/bench/reserve-instructions.ts [--checkout DIR] [--calls 2000] [--concurrency 64]'

interface Options {
  checkout: string
  calls: number
  concurrency: number
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { checkout: { type: 'string', default: projectRoot }, calls: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '64' } },
  })
  const [calls, concurrency] = [Number(values.calls), Number(values.concurrency)]
  if (![calls, concurrency].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--calls and --concurrency take whole numbers above 0')
  const checkout = checkoutDir(values.checkout)
  return { checkout, calls, concurrency }
}

function needProgram(name: string) {
  if (!Bun.which(name)) throw new SetupError(`${name} is not on PATH: install Valgrind (apt-get install valgrind) and redis-server`, 3)
}

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const { port } = server
  server.stop(true)
  return port
}

const listening = (port: number) =>
  Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } }).then(
    (socket) => (socket.end(), true),
    () => false,
  )

async function run(options: Options): Promise<number> {
  needProgram('valgrind')
  needProgram('callgrind_control')
  needProgram('redis-server')
  const { reservationScripts, token } = await checkoutReserve(options.checkout)
  const dir = mkdtempSync(join(tmpdir(), 'axon-reserve-instructions-'))
  const port = await freePort()
  const server = Bun.spawn(
    ['valgrind', '--tool=callgrind', `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
      'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--hz', '1',
      '--appendonly', 'yes', '--appendfsync', config.redisFsync],
    { stdout: 'ignore', stderr: 'ignore' },
  )
  progress(`redis-server under callgrind on port ${port}, starting (Valgrind runs it ~50× slower)`)
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 600 || server.exitCode !== null) {
      server.kill()
      throw new SetupError('redis-server under valgrind did not start', 3)
    }
    await Bun.sleep(100)
  }
  const redis = createRedis({ name: 'bench-reserve-instructions', url: `redis://127.0.0.1:${port}` })
  try {
    const scripts = reservationScripts(redis, { outbox: `bench.reserve-instructions.${crypto.randomUUID()}` })
    const activities = benchActivities(redis)
    const id = await activities.publish(3 * options.calls + options.concurrency)
    const { concurrency } = options
    let firstUserId = 1
    const reserve = async (calls: number) => {
      await reserveMany(scripts, token, id, { firstUserId, calls, concurrency })
      firstUserId += calls
    }
    await reserve(concurrency) // loads the script and the activity's keys
    let dumps = 0
    /** Redis instructions while `work` runs */
    const counted = async (work: () => Promise<unknown>) => {
      await callgrind(['-z', String(server.pid)])
      await work()
      await callgrind(['-d', String(server.pid)])
      return instructionsDumped(join(dir, `callgrind.out.${++dumps}`))
    }
    progress(`${options.calls} calls, then ${2 * options.calls}`)
    const once = await counted(() => reserve(options.calls))
    const twice = await counted(() => reserve(2 * options.calls))
    const perCall = Math.round((twice - once) / options.calls)
    console.log(`| checkout | reserve calls | Redis instructions per RESERVED call |\n|---|---:|---:|`)
    console.log(`| ${options.checkout} | ${options.calls.toLocaleString('en')} + ${(2 * options.calls).toLocaleString('en')} | ${perCall.toLocaleString('en')} |`)
    if (options.checkout === projectRoot) {
      // the reads core's hold recorder makes of those same holds (core/activity-state/hold-recorder.ts)
      progress('the hold recorder reading them: new, then again')
      const firstRead = noHoldsSeen()
      const count = (seen: SeenHolds) => readNewHolds(redis as never, id, seen, { slackMs: 0, sweepPage: 1e9 }, async () => {})
      await count(noHoldsSeen()) // an uncounted read first, so the counted ones are like any other
      const recorded = await counted(async () => count(firstRead))
      const reread = await counted(async () => count(firstRead))
      const holds = firstUserId - 1
      const [x, y] = [recorded / holds, reread / holds].map(Math.round) as [number, number]
      console.log(`\n| the hold recorder, per live hold | Redis instructions |\n|---|---:|`)
      console.log(`| read and its owner asked, once (${holds.toLocaleString('en')} holds) | ${x.toLocaleString('en')} |`)
      console.log(`| read again, already recorded (by each walk while it lives) | ${y.toLocaleString('en')} |`)
      console.log(`| its windowed reads at the defaults (1 + slack 250 ms ÷ interval 500 ms) | ${Math.round(x + 0.5 * y).toLocaleString('en')} |`)
    }
    return 0
  } finally {
    redis.disconnect()
    server.kill()
    await server.exited
    rmSync(dir, { recursive: true, force: true })
  }
}

async function callgrind(args: string[]): Promise<void> {
  const child = Bun.spawn(['callgrind_control', ...args], { stdout: 'pipe', stderr: 'pipe' })
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
  if (code !== 0) throw new Error(`callgrind_control ${args.join(' ')} failed: ${out}`)
}

/** The total (`summary:` or `totals:` line) of dump `file`, once callgrind has written it whole. */
async function instructionsDumped(file: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const total = existsSync(file) && /^(?:summary|totals): (\d+)/m.exec(readFileSync(file, 'utf8'))?.[1]
    if (total) return Number(total)
    await Bun.sleep(100)
  }
  throw new Error(`callgrind wrote no ${file}`)
}

process.exit(await benchMain(Bun.argv.slice(2), usage, parse, run))
