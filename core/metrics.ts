/**
 * Core's Prometheus metrics, served at /metrics. Command workers run in other threads, so they
 * report a tally per batch to the main thread (see workers/pool.ts), which owns these counters.
 */
import { counter, createRegistry, histogram } from '../common/metrics'

/** What one worker thread reports after a batch. */
export interface CommandTally {
  applied: number
  duplicate: number
  deadLettered: number
  retried: number
  /** dead-lettered because another entry of the shopper, or the order, was already recorded */
  conflicts: number
  /** seconds each applied command's transaction took */
  applySeconds: number[]
}

export function createCoreMetrics() {
  const registry = createRegistry('core')
  const metrics = {
    registry,
    commandsApplied: counter(registry, { name: 'axon_core_commands_applied_total', help: 'confirmed entries written to MySQL' }),
    commandsDuplicate: counter(registry, {
      name: 'axon_core_commands_duplicate_total',
      help: 'commands delivered again after they were applied (acknowledged, nothing written)',
    }),
    commandsDeadLettered: counter(registry, {
      name: 'axon_core_commands_dead_lettered_total',
      help: 'commands sent to the DLQ: invalid, conflicting, or out of deliveries',
    }),
    commandConflicts: counter(registry, {
      name: 'axon_core_command_conflicts_total',
      help: 'paid entries dead-lettered because the shopper already had an entry or the order was already recorded (each needs a refund or a fix by hand; the error log names them)',
    }),
    commandsRetried: counter(registry, { name: 'axon_core_commands_retried_total', help: 'command deliveries that failed and will be retried' }),
    outboxPublished: counter(registry, { name: 'axon_core_outbox_published_total', help: 'outbox rows published to the bus' }),
    applySeconds: histogram(registry, {
      name: 'axon_core_command_apply_seconds',
      help: 'time to apply one command in its MySQL transaction',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
  }
  return {
    ...metrics,
    recordCommands(tally: CommandTally) {
      metrics.commandsApplied.inc(tally.applied)
      metrics.commandsDuplicate.inc(tally.duplicate)
      metrics.commandsDeadLettered.inc(tally.deadLettered)
      metrics.commandsRetried.inc(tally.retried)
      metrics.commandConflicts.inc(tally.conflicts)
      for (const seconds of tally.applySeconds) metrics.applySeconds.observe(seconds)
    },
  }
}

export type CoreMetrics = ReturnType<typeof createCoreMetrics>
