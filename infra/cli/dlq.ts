/**
 * `./axon dlq list [topic]` and `./axon dlq replay <topic> <ids…|--all>`: the dead letters of the
 * bus AXON_BUS names (the Redis of `./axon up` or REDIS_URL; KAFKA_BROKERS), each with why, where,
 * when and after how many deliveries it was given up, and a replay that publishes chosen ones back
 * onto their topic as they first came. The listing goes to stdout, progress to stderr.
 */
import { busSettingsFromConfig, createBus } from '../../common/bus'
import type { Bus, StoredDeadLetter } from '../../common/bus/port'
import { config } from '../../common/config'
import { createLogger } from '../../common/log'
import { topics } from '../../common/topics'
import { SetupError } from '../local/report'
import type { Command } from './support/command'
import { developmentRedis } from './support/servers'

const usage = 'usage: ./axon dlq list [topic]   |   ./axon dlq replay <topic> <dead-letter ids…|--all>'
const shownValueChars = 300

type Output = { write(text: string): unknown }

/** The topic a name means: the topic itself, or its `_dlq` as a log line shows it. */
const sourceTopic = (name: string) => name.replace(/_dlq$/, '')

function describe(letter: StoredDeadLetter): string {
  const value = letter.value.length > shownValueChars ? `${letter.value.slice(0, shownValueChars)}… (${letter.value.length} chars)` : letter.value
  const lines = [
    `  ${letter.id}  ${letter.time}  step ${letter.step}  deliveries ${letter.deliveries}${letter.key === undefined ? '' : `  key ${letter.key}`}`,
    `    reason:  ${letter.reason}`,
    `    value:   ${value}`,
  ]
  if (Object.keys(letter.headers).length > 0) lines.push(`    headers: ${JSON.stringify(letter.headers)}`)
  return lines.join('\n')
}

async function listDeadLetters(bus: Bus, args: readonly string[], out: Output): Promise<number> {
  if (args.length > 1) throw new SetupError(usage, 2)
  const names = args.length === 1 ? [sourceTopic(args[0]!)] : Object.values(topics)
  for (const topic of names) {
    const letters = await bus.deadLetters(topic)
    out.write(`${topic}_dlq: ${letters.length} dead letter${letters.length === 1 ? '' : 's'}\n`)
    for (const letter of letters) out.write(`${describe(letter)}\n`)
    if (letters.length > 0) out.write(`  replay: ./axon dlq replay ${topic} <id…> | --all\n`)
  }
  return 0
}

async function replayDeadLetters(bus: Bus, args: readonly string[], out: Output): Promise<number> {
  const [name, ...ids] = args
  const all = ids.length === 1 && ids[0] === '--all'
  if (!name || ids.length === 0 || (!all && ids.includes('--all'))) throw new SetupError(usage, 2)
  const topic = sourceTopic(name)
  const { replayed, notFound } = await bus.replayDeadLetters(topic, all ? 'all' : ids)
  out.write(`replayed ${replayed.length} dead letter${replayed.length === 1 ? '' : 's'} onto ${topic}${replayed.length ? `: ${replayed.join(' ')}` : ''}\n`)
  if (notFound.length > 0) out.write(`not dead letters of ${topic} (unknown, or replayed already): ${notFound.join(' ')}\n`)
  return notFound.length > 0 ? 1 : 0
}

const actions: Record<string, (bus: Bus, args: readonly string[], out: Output) => Promise<number>> = {
  list: listDeadLetters,
  replay: replayDeadLetters,
}

export const dlq: Command = {
  name: 'dlq',
  args: 'list [topic] | replay <topic> <ids…|--all>',
  summary: "list dead letters (reason, step, time, deliveries), or replay them onto their topic with their original key, value and headers",
  interruptedExitCode: 130,
  async run([action = '', ...args]) {
    const run = actions[action]
    if (!run) throw new SetupError(usage, 2)
    const settings = config.bus === 'kafka' ? busSettingsFromConfig() : { kind: 'redis' as const, redisUrl: await developmentRedis(config) }
    const bus = createBus({ log: createLogger({ process: 'axon-dlq' }, 'warn'), settings })
    try {
      return await run(bus, args, process.stdout)
    } finally {
      await bus.close()
    }
  },
}
