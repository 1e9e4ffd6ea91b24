/**
 * `time-travel`: moves an activity `days` days into the past through the platforms' dev routes —
 * core moves its window, entries, purchases and reservations and republishes its Redis state;
 * analytics moves its behaviour events and their rollups — so a finished campaign, its cohort and
 * its LTV windows can be looked at today. Refused in production, here and by both routes.
 */
import type { PlatformClient } from './platform-client'

export async function simulateTimeTravel(client: PlatformClient, options: { activityId: number; days: number; env: string; progress: (line: string) => void }) {
  if (options.env === 'production') throw new Error('time travel rewrites history: it is refused in production (AXON_ENV=production)')
  const body = { activityId: options.activityId, days: options.days }
  options.progress(`time-travel: moving activity ${options.activityId} ${options.days} days into the past`)
  const core = await client.admin('POST', '/dev/time-travel', body)
  const analytics = await client.analytics('POST', '/api/v1/dev/time-travel', body)
  return { simulation: 'time-travel' as const, activityId: options.activityId, days: options.days, core, analytics }
}
