/**
 * The demo traffic `./axon up` loads once the processes are healthy, through the simulators (the
 * platform's public HTTP APIs): full-funnel on the demo campaign's open activities, so every
 * number of a demo dashboard — live ones included — has something to show. Loaded once per
 * database: a finished campaign the simulator made (full-funnel's history) means it was done.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { config } from '../../common/config'
import { demoCampaign } from '../../core/cli/demo-data'
import { historyCampaignPrefix, simulateFullFunnel } from '../../loadtest/simulators/full-funnel'
import { platformClient, type PlatformAddress } from '../../loadtest/simulators/platform-client'
import { say, warn } from '../local/report'
import { simulationSettings } from './simulate'

const demoVisitors = 300

export async function loadDemoTraffic(address: PlatformAddress): Promise<void> {
  const client = platformClient(address)
  const campaigns = (await client.admin('GET', '/campaigns?limit=500')).items as { id: number; name: string }[]
  const demo = campaigns.find((c) => c.name === demoCampaign.name)
  if (!demo) return
  if (campaigns.some((c) => c.name.startsWith(historyCampaignPrefix))) return say('demo traffic: loaded before (a simulated history campaign exists)')
  const activities = (await client.admin('GET', `/campaigns/${demo.id}/activities`)).items as { id: number; status: string }[]
  const activityIds = activities.filter((a) => a.status === 'ACTIVE').map((a) => a.id)
  say(`demo traffic: ${demoVisitors} visitors on activities ${activityIds.join(', ')}, regular orders, and last year's campaign with its repurchases (./axon simulate full-funnel)`)
  const startedAt = performance.now()
  try {
    const result = await simulateFullFunnel(client, {
      ...simulationSettings(), activityIds, visitors: demoVisitors, days: 400, seed: 1, progress: (line) => say(`demo traffic: ${line}`),
    })
    const file = join(config.dataDir, 'demo-traffic.json')
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
    say(`demo traffic: loaded in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; what it did (the ground truth) is in ${file}`)
  } catch (error) {
    warn(`demo traffic stopped: ${(error as Error).message}. The dashboards show what was loaded before that.`)
  }
}
