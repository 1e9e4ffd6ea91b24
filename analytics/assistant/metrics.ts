/** What the assistant reports at analytics' /metrics. */
import type { Registry } from 'prom-client'
import { counter, histogram } from '../../common/metrics'
import type { Answerer, ModelFailure } from './port'

const answerers: Answerer[] = ['model', 'analyst']
const failures: ModelFailure[] = ['unreachable', 'timeout', 'quota', 'refused', 'misconfigured']

export function assistantMetrics(registry: Registry) {
  const metrics = {
    questions: counter(registry, { name: 'axon_assistant_questions_total', help: 'Questions asked, by who answered them: the model or the built-in analyst; rate_limited ones were refused', labelNames: ['answerer'] }),
    toolCalls: counter(registry, { name: 'axon_assistant_tool_calls_total', help: 'Tool calls of the model and the built-in analyst, by tool and whether they answered figures (ok) or an error', labelNames: ['tool', 'result'] }),
    modelSeconds: histogram(registry, { name: 'axon_assistant_model_seconds', help: 'Time of one model turn, from the request to its last chunk', buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60] }),
    modelErrors: counter(registry, { name: 'axon_assistant_model_errors_total', help: 'Model turns that failed, by reason', labelNames: ['reason'] }),
    fallbacks: counter(registry, { name: 'axon_assistant_fallbacks_total', help: 'Questions the built-in analyst answered instead of the model, by reason (no_key or the model failure)', labelNames: ['reason'] }),
  }
  for (const answerer of [...answerers, 'rate_limited']) metrics.questions.inc({ answerer }, 0)
  for (const reason of failures) metrics.modelErrors.inc({ reason }, 0)
  for (const reason of [...failures, 'no_key']) metrics.fallbacks.inc({ reason }, 0)
  return metrics
}

export type AssistantMetrics = ReturnType<typeof assistantMetrics>
