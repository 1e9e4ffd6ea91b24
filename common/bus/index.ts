/**
 * The composition roots' one way to get a bus: the adapter named by `AXON_BUS`, connected as the
 * config says. `settings` can be given explicitly (tests, child processes handed a bus by JSON).
 */
import { redisUrl } from '../clients/redis'
import { config } from '../config'
import type { Logger } from '../log'
import { createKafkaBus } from './kafka'
import type { Bus } from './port'
import { createRedisStreamsBus } from './redis-streams'

/** Plain data, so a test can hand the same bus to a child process. */
export type BusSettings =
  | { kind: 'redis'; redisUrl: string }
  | { kind: 'kafka'; brokers: string[]; clientId: string }

export function busSettingsFromConfig(): BusSettings {
  if (config.bus === 'kafka')
    return { kind: 'kafka', brokers: config.kafkaBrokers.split(',').map((b) => b.trim()).filter(Boolean), clientId: config.kafkaClientId }
  return { kind: 'redis', redisUrl: redisUrl() }
}

export function createBus({ log, settings = busSettingsFromConfig() }: { log: Logger; settings?: BusSettings }): Bus {
  return settings.kind === 'kafka'
    ? createKafkaBus({ brokers: settings.brokers, clientId: settings.clientId }, log)
    : createRedisStreamsBus(settings.redisUrl, log)
}
