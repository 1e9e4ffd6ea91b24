/**
 * The environment of a child process a launcher starts (`./axon up` starting gateway/core/analytics,
 * a test starting `./axon up`): this process's own environment, so PATH and HOME still work, with
 * settings replaced by name. Lives beside the config because only this folder reads the environment.
 */
import type { Config } from './index'
import { envName } from './index'

export type SettingValues = { [K in keyof Config]?: Config[K] }

/**
 * `settings` are keyed by setting name (`redisUrl`), written under their variable (`REDIS_URL`);
 * `extra` is for variables that are not Axon settings (`DEBIAN_FRONTEND` for apt-get).
 */
export function childEnvironment(settings: SettingValues = {}, extra: Record<string, string> = {}): Record<string, string> {
  const environment: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) environment[name] = value
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) environment[envName[key as keyof Config]] = String(value)
  }
  return { ...environment, ...extra }
}
