import { expect, test } from 'bun:test'
import { createCoreMetrics } from './metrics'

test('core metrics keep their names and carry the process label, as the other processes do', async () => {
  const metrics = createCoreMetrics()
  metrics.recordCommands({ applied: 2, duplicate: 1, deadLettered: 0, retried: 3, conflicts: 0, applySeconds: [0.004] })
  metrics.outboxPublished.inc()
  const text = await metrics.registry.metrics()
  for (const line of [
    'axon_core_commands_applied_total{process="core"} 2',
    'axon_core_commands_duplicate_total{process="core"} 1',
    'axon_core_commands_dead_lettered_total{process="core"} 0',
    'axon_core_commands_retried_total{process="core"} 3',
    'axon_core_outbox_published_total{process="core"} 1',
    'axon_core_command_apply_seconds_bucket{le="0.005",process="core"} 1',
    'process_cpu_seconds_total{process="core"}',
  ])
    expect(text).toContain(line)
})
