/**
 * `./axon up`: the whole platform on this machine with demo data. Servers first (or the user's),
 * then the schema, the demo seed, the per-installation secrets, the first admin of the marketer's
 * app (its one-time password printed once), and the three processes; then, once
 * each answers /health, the demo traffic (demo-traffic.ts). Ctrl-C stops the processes, then the
 * servers, and exits 0.
 */
import { config, type Config } from '../../common/config'
import { childEnvironment } from '../../common/config/child-env'
import { appSpecs, runSeed, seedScriptExists, startApp, waitHealthy, type RunningApp } from '../local/apps'
import { requireFreePort } from '../local/ports'
import { SetupError, say, warn } from '../local/report'
import { installationSecrets } from '../local/secrets'
import { loadDemoTraffic } from './demo-traffic'
import { localPlatform } from './simulate'
import type { Command } from './support/command'
import { developmentServers } from './support/servers'
import { firstAdmin } from './user'
import { stopWhenDone } from './support/session'

function signInText(c: Config, admin: { email: string; password: string } | null): string[] {
  const at = `http://localhost:${c.analyticsPort}/login`
  if (!admin) return [`Log in at ${at} (more accounts: ./axon user add <email> --role admin|analyst [--campaigns 1,2]).`]
  return [
    `Log in at ${at} as the first admin, with this password (shown this once, keep it):`,
    `  ${admin.email}`,
    `  ${admin.password}`,
    'More accounts: ./axon user add <email> --role admin|analyst [--campaigns 1,2]',
  ]
}

function readyText(c: Config, seconds: string, admin: { email: string; password: string } | null): string {
  return [
    '',
    `Axon is up (ready in ${seconds} s).`,
    `  marketers    http://localhost:${c.analyticsPort}         (campaigns, dashboards, jobs)`,
    `  gateway      http://localhost:${c.gatewayPort}        (shopper API, /collect, /axon.js)`,
    `  core admin   http://localhost:${c.corePort}        (campaigns and activities)`,
    `  analytics    http://localhost:${c.analyticsPort}/metrics  (behaviour sink and store)`,
    '',
    ...signInText(c, admin),
    '',
    'Reserve on the open demo activity as shopper 1:',
    '  TOKEN=$(./axon token 1)',
    `  curl -X POST -H "Authorization: Bearer $TOKEN" http://localhost:${c.gatewayPort}/api/v1/activities/1/reservations`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n')
}

async function seedDemoData(env: Record<string, string>) {
  if (!seedScriptExists()) return warn('core/cli/seed.ts not found: starting without demo data')
  say('loading demo data (skipped when the database already has some)')
  await runSeed(env)
}

/** Resolves when the first process ends on its own: a crash, since nothing else stops them. */
async function firstExit(apps: readonly RunningApp[]): Promise<never> {
  const { app, code } = await Promise.race(apps.map((app) => app.exited.then((code) => ({ app, code }))))
  throw new SetupError(`${app.spec.name} stopped unexpectedly (exit code ${code}); its output is above. Stopping everything.`)
}

export const up: Command = {
  name: 'up',
  summary: 'start everything (Redis, MariaDB, gateway, core, analytics) with demo data and traffic; Ctrl-C stops it all',
  interruptedExitCode: 0,
  async run() {
    const startedAt = performance.now()
    const specs = appSpecs(config)
    // before any server starts, so a taken port costs nothing to fix
    for (const spec of specs) await requireFreePort(spec.port, spec.name, spec.portSetting)
    const servers = await developmentServers(config)
    const secrets = installationSecrets(config.dataDir, config)
    const env = childEnvironment({ redisUrl: servers.redisUrl, mysqlUrl: servers.mysqlUrl, ...secrets })
    await seedDemoData(env)
    const admin = await firstAdmin(servers.mysqlUrl)

    say(`starting ${specs.map((s) => s.name).join(', ')}`)
    const apps = specs.map((spec) => startApp(spec, env))
    for (const app of apps) stopWhenDone(app.spec.name, app.stop)
    await Promise.race([Promise.all(apps.map(waitHealthy)), firstExit(apps)])
    await Promise.race([loadDemoTraffic(localPlatform()), firstExit(apps)])
    process.stdout.write(readyText(config, ((performance.now() - startedAt) / 1000).toFixed(1), admin))
    return firstExit(apps)
  },
}
