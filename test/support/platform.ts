/**
 * The platform as production runs it: gateway, core and analytics as processes (`bun gateway/main.ts`
 * …) on free ports, against the Redis, MySQL and bus the test names, with the calls fault tests
 * make through their HTTP APIs. Each process's output is kept (not printed) for a failing test to show.
 */
import { shopperTokens } from '../../common/auth/shopper-token'
import { projectRoot } from '../../common/config'
import { childEnvironment, type SettingValues } from '../../common/config/child-env'
import type { BehaviorEvent } from '../../common/schemas/behavior-event'
import { freePorts } from './free-ports'
import { waitFor } from './wait'

export type ProcessName = 'core' | 'gateway' | 'analytics'

export interface PlatformProcess {
  url: string
  child: Bun.Subprocess<'ignore', 'pipe', 'pipe'>
  exited: Promise<number>
  /** everything the process printed so far */
  output(): string
}

/** The settings every process gets; `settings` adds to or overrides them (the bus, timings). */
export interface PlatformOptions {
  redisUrl: string
  mysqlUrl: string
  settings?: SettingValues
}

function spawnProcess(name: ProcessName, port: number, env: Record<string, string>): PlatformProcess {
  const child = Bun.spawn([process.execPath, `${name}/main.ts`], { cwd: projectRoot, env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  let printed = ''
  const keep = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader()
    const decoder = new TextDecoder()
    for (let read = await reader.read(); !read.done; read = await reader.read()) printed += decoder.decode(read.value, { stream: true })
  }
  const copied = Promise.all([keep(child.stdout), keep(child.stderr)])
  return { url: `http://127.0.0.1:${port}`, child, exited: copied.then(() => child.exited), output: () => printed }
}

async function healthy(process: PlatformProcess, name: string) {
  let exit: number | undefined
  void process.exited.then((code) => (exit = code))
  await waitFor(
    async () => {
      if (exit !== undefined) throw new Error(`${name} exited with ${exit} before it was healthy:\n${process.output()}`)
      return fetch(`${process.url}/health`).then((r) => r.ok, () => false)
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `${name} to answer /health` },
  )
}

export async function startPlatform(options: PlatformOptions) {
  const [gatewayPort, corePort, analyticsPort] = (await freePorts(3)) as [number, number, number]
  const internalToken = `internal-${crypto.randomUUID()}`
  const userJwtSecret = `${crypto.randomUUID()}${crypto.randomUUID()}`
  const env = childEnvironment({
    env: 'test',
    logLevel: 'warn',
    redisUrl: options.redisUrl,
    mysqlUrl: options.mysqlUrl,
    gatewayPort,
    corePort,
    analyticsPort,
    coreUrl: `http://127.0.0.1:${corePort}`,
    internalToken,
    userJwtSecret,
    collectRateLimit: 0,
    ...options.settings,
  })
  const ports: Record<ProcessName, number> = { core: corePort, gateway: gatewayPort, analytics: analyticsPort }
  const processes = {} as Record<ProcessName, PlatformProcess>
  // core first: it migrates the domain schema and answers the gateway's eligibility questions
  for (const name of ['core', 'gateway', 'analytics'] as const) {
    processes[name] = spawnProcess(name, ports[name], env)
    await healthy(processes[name], name)
  }
  const tokens = shopperTokens(userJwtSecret)

  async function admin(method: string, path: string, body?: unknown) {
    const response = await fetch(`${processes.core.url}/api/v1/admin${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-axon-internal-token': internalToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const answer = (await response.json()) as Record<string, any>
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`)
    return answer
  }

  const shopperCall = (path: string, userId: number, body?: unknown) =>
    fetch(`${processes.gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.sign(userId)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    })

  return {
    processes,
    /** core's admin token, for clients of the admin API other than `openActivity` */
    internalToken,
    /** a campaign, a product and an activity open from an hour ago for a day */
    async openActivity(fields: Record<string, unknown> = {}) {
      const campaign = await admin('POST', '/campaigns', { name: 'Fault campaign', budget: 1_000_000 })
      const product = await admin('POST', '/products', { name: 'Fault product', price: 100 })
      return admin('POST', `/campaigns/${campaign.id}/activities`, {
        name: 'Fault activity',
        productId: product.id,
        price: 80,
        limit: 10,
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        status: 'ACTIVE',
        ...fields,
      })
    },
    reserve: (activityId: number, userId: number) => shopperCall(`/api/v1/activities/${activityId}/reservations`, userId),
    confirm: (token: string, userId: number, amount: number) => shopperCall('/api/v1/payments/confirm', userId, { token, amount }),
    collect: (events: readonly BehaviorEvent[]) =>
      fetch(`${processes.gateway.url}/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) }),
    /** SIGTERM to one process; resolves with its exit code */
    async terminate(name: ProcessName): Promise<number> {
      processes[name].child.kill('SIGTERM')
      return processes[name].exited
    },
    /** starts a process again (after terminate) on the same port and settings */
    async restart(name: ProcessName) {
      processes[name] = spawnProcess(name, ports[name], env)
      await healthy(processes[name], name)
    },
    /** SIGTERM to every process still running; resolves with their exit codes */
    async stop(): Promise<Record<ProcessName, number>> {
      const names = Object.keys(processes) as ProcessName[]
      for (const name of names) processes[name].child.kill('SIGTERM')
      const codes = await Promise.all(names.map((name) => processes[name].exited))
      return Object.fromEntries(names.map((name, i) => [name, codes[i]!])) as Record<ProcessName, number>
    },
    /** what every process printed, for a failing test to show */
    output: () => (Object.keys(processes) as ProcessName[]).map((name) => `--- ${name}\n${processes[name].output()}`).join('\n'),
  }
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>
