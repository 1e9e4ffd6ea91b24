/**
 * CPU time of the three parties that share the machine during a run — the target process, Redis
 * and wrk — so a figure comes with where its cores went (a target at 100 % of a core is the limit;
 * one at 60 % is waiting on something else).
 */
import { readFileSync } from 'node:fs'
import type { Redis } from 'ioredis'

/** Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const ticksPerSecond = 100

/** user + system CPU seconds of a live process, from /proc/<pid>/stat (fields 14 and 15). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // the command name (field 2) may hold spaces; the fields after its closing parenthesis do not
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond
}

/** user + system CPU seconds of the Redis server, from INFO: works for a server we did not start. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu')
  const value = (name: string) => Number(new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1] ?? 0)
  return value('used_cpu_sys') + value('used_cpu_user')
}

export interface CpuShare {
  /** percent of one core over the run */
  target: number
  redis: number
  wrk: number
}
