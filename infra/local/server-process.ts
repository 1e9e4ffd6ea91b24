/**
 * The lifecycle shared by the project-owned servers (Redis, MariaDB): one instance per data folder,
 * recorded in `<dir>/axon-server.json` with its pid, port and the axon command that owns it.
 *
 * Servers run in their own process group, so a Ctrl-C in the terminal reaches only `./axon`, which
 * then stops the platform's processes before the servers they write to. If an `./axon` command
 * died without stopping its server, the next one finds the record and adopts the server.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { requireFreePort } from './ports'
import { SetupError, say, tail } from './report'

export interface ServerSpec {
  /** what users read: "Redis", "MariaDB" */
  name: string
  /** the executable's name as /proc shows it, to tell our server from a reused pid */
  programName: string
  command: string[]
  dir: string
  port: number
  /** the variable that moves the port, and the other way out, for the "port in use" error */
  portSetting: string
  alternative: string
  logFile: string
  /** answers true once the server takes connections */
  ready: () => Promise<boolean>
  /** refuse (instead of share) an instance that another live axon command owns */
  exclusive: boolean
}

export interface RunningServer {
  name: string
  pid: number
  /** false when another live axon command started it and will stop it */
  owned: boolean
  stop(): Promise<void>
}

interface ServerRecord {
  pid: number
  port: number
  owner: number
}

const startTimeoutMs = 60_000
const stopTimeoutMs = 30_000

export function recordPath(dir: string): string {
  return join(dir, 'axon-server.json')
}

export function readRecord(dir: string): ServerRecord | null {
  try {
    return JSON.parse(readFileSync(recordPath(dir), 'utf8')) as ServerRecord
  } catch {
    return null
  }
}

/** A zombie (dead, not yet reaped by its parent) counts as gone: it holds no port and no files. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
  const stat = `/proc/${pid}/stat`
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'))
}

/**
 * True when `pid` runs `programName`, so a pid reused by another program is not taken for our
 * server. /proc/<pid>/comm, not cmdline: redis-server rewrites its command line. Where /proc is
 * missing, being alive has to do.
 */
export function runsProgram(pid: number, programName: string): boolean {
  if (!isAlive(pid)) return false
  const comm = `/proc/${pid}/comm`
  if (!existsSync(comm)) return true
  // the kernel keeps 15 characters of the name
  return readFileSync(comm, 'utf8').trim() === programName.slice(0, 15)
}

function writeRecord(dir: string, record: ServerRecord) {
  writeFileSync(recordPath(dir), JSON.stringify(record) + '\n')
}

/** Starts the server described by `spec`, or reuses/adopts the one already running from its folder. */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  mkdirSync(spec.dir, { recursive: true })
  const record = readRecord(spec.dir)
  if (record && runsProgram(record.pid, spec.programName)) return reuseServer(spec, record)
  rmSync(recordPath(spec.dir), { force: true })
  await requireFreePort(spec.port, `the embedded ${spec.name}`, spec.portSetting, spec.alternative)

  const child = Bun.spawn(spec.command, { cwd: spec.dir, stdio: ['ignore', 'ignore', 'ignore'], detached: true })
  writeRecord(spec.dir, { pid: child.pid, port: spec.port, owner: process.pid })
  let exitCode: number | null = null
  void child.exited.then((code) => (exitCode = code))
  const deadline = Date.now() + startTimeoutMs
  while (!(await spec.ready())) {
    if (exitCode !== null || Date.now() > deadline) {
      if (exitCode === null) child.kill('SIGKILL')
      rmSync(recordPath(spec.dir), { force: true })
      const why = exitCode === null ? `did not answer within ${startTimeoutMs / 1000} s` : `exited with code ${exitCode}`
      throw new SetupError(`the embedded ${spec.name} ${why}. Last lines of ${spec.logFile}:\n${await tail(spec.logFile)}`)
    }
    await Bun.sleep(100)
  }
  return ownedServer(spec, child.pid, child.exited)
}

async function reuseServer(spec: ServerSpec, record: ServerRecord): Promise<RunningServer> {
  const where = `the ${spec.name} in ${spec.dir} (pid ${record.pid})`
  if (record.port !== spec.port)
    throw new SetupError(`${where} already runs on port ${record.port}, but ${spec.portSetting} asks for ${spec.port}. Stop it (kill ${record.pid}) or use port ${record.port}.`)
  const ownerAlive = record.owner !== process.pid && isAlive(record.owner)
  if (ownerAlive && spec.exclusive)
    throw new SetupError(`${where} is in use by another axon command (pid ${record.owner}). Wait for it to finish, or stop it.`)
  if (!(await spec.ready())) throw new SetupError(`${where} runs but does not answer on port ${record.port}. Stop it (kill ${record.pid}) and try again.`)
  // asked twice by this command: the first handle stops it
  if (record.owner === process.pid) return sharedServer(spec, record)
  if (ownerAlive) {
    say(`${spec.name}: sharing ${where}, started by axon command pid ${record.owner} (it stops it)`)
    return sharedServer(spec, record)
  }
  say(`${spec.name}: adopting ${where}, left running by an earlier axon command`)
  writeRecord(spec.dir, { ...record, owner: process.pid })
  return ownedServer(spec, record.pid, null)
}

function sharedServer(spec: ServerSpec, record: ServerRecord): RunningServer {
  return { name: spec.name, pid: record.pid, owned: false, stop: async () => {} }
}

function ownedServer(spec: ServerSpec, pid: number, exited: Promise<number> | null): RunningServer {
  return {
    name: spec.name,
    pid,
    owned: true,
    async stop() {
      await terminate(pid, exited)
      rmSync(recordPath(spec.dir), { force: true })
    },
  }
}

/** SIGTERM (both servers then flush and shut down cleanly), SIGKILL if that takes too long. */
async function terminate(pid: number, exited: Promise<number> | null) {
  if (!isAlive(pid)) return
  process.kill(pid, 'SIGTERM')
  const gone = exited ?? waitUntil(() => !isAlive(pid))
  const late = await Promise.race([gone.then(() => false), Bun.sleep(stopTimeoutMs).then(() => true)])
  if (late && isAlive(pid)) process.kill(pid, 'SIGKILL')
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await Bun.sleep(50)
}
