/**
 * One Redis Streams subscription: a loop that reads new entries (XREADGROUP ... BLOCK), and every
 * so often reclaims entries left pending too long (XAUTOCLAIM) — by a consumer that died, or by a
 * `retry` outcome, which is simply not acknowledged. Reclaimed entries carry their real delivery
 * count (XPENDING); those handed out more than maxDeliveries times without an answer (a message
 * that kills its consumer every time) go to the DLQ without reaching the handler again.
 *
 * Outcomes are settled in one MULTI: dead letters XADDed to `<topic>_dlq` and everything finished
 * XACKed together, so a message is never both dead-lettered and left pending, or acked and lost.
 */
import { join } from 'node:path'
import type { Redis } from '../clients/redis'
import { config } from '../config'
import type { Logger } from '../log'
import { defineScript, loadScripts, type ScriptCall } from '../redis/scripts'
import { dlqTopic } from '../topics'
import { backoffMs, holdFor, persist, type Holding } from './backoff'
import { busStep, deadLetterHeaders, sortOutcomes, type DeadLetter } from './outcomes'
import type { IncomingMessage, SubscribeOptions, Subscription } from './port'
import { decodeEntry, entriesOfAutoClaim, entriesOfRead, entryFields, execAll, type DecodedEntry } from './redis-stream-entries'
import type { RedisFactory } from './redis-streams'
import { defaultBlockMs } from './subscriptions'

const scripts = loadScripts(join(import.meta.dir, 'lua'))

interface ConsumeContext {
  options: SubscribeOptions
  commands: Redis
  connect: RedisFactory
  log: Logger
}

/** Creates the group if needed, from id 0 so that entries written before it existed are read. */
async function ensureGroup(commands: Redis, topic: string, group: string) {
  try {
    await commands.xgroup('CREATE', topic, group, '0', 'MKSTREAM')
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error
  }
}

export async function consumeStream({ options, commands, connect, log }: ConsumeContext): Promise<Subscription> {
  await ensureGroup(commands, options.topic, options.group)
  // CLIENT SETNAME refuses spaces
  const reader = connect({ name: `bus-${options.group}-${options.consumer}`.replace(/\s/g, '_'), blocking: true })
  const consumer = new StreamConsumer(options, commands, reader, log)
  await consumer.trackReaderId()
  const running = consumer.run()
  return {
    async stop() {
      await consumer.interrupt()
      await running
      await consumer.forgetIfIdle().catch((error) => log.warn('could not remove the idle consumer from its group', { error }))
      await reader.quit().catch(() => reader.disconnect())
    },
  }
}

class StreamConsumer {
  private readonly topic: string
  private readonly group: string
  private readonly name: string
  private readonly batchSize: number
  private readonly maxDeliveries: number
  private readonly reclaimIdleMs: number
  private readonly blockMs: number
  /** how often to look for entries idle longer than reclaimIdleMs */
  private readonly reclaimEveryMs: number
  private readonly stopping = new AbortController()
  private readonly trimAcknowledged: ScriptCall
  private readerId = 0
  private cursor = '0-0'
  private nextReclaimAt = 0

  constructor(
    private readonly options: SubscribeOptions,
    private readonly commands: Redis,
    private readonly reader: Redis,
    private readonly log: Logger,
  ) {
    this.topic = options.topic
    this.group = options.group
    this.name = options.consumer
    this.batchSize = options.batchSize ?? config.busBatchSize
    this.maxDeliveries = options.maxDeliveries ?? config.busMaxDeliveries
    this.reclaimIdleMs = options.reclaimIdleMs ?? config.busReclaimIdleMs
    this.blockMs = options.blockMs ?? defaultBlockMs
    this.reclaimEveryMs = Math.min(5000, Math.max(10, this.reclaimIdleMs / 2))
    this.trimAcknowledged = defineScript(commands, scripts.get('trimAcknowledged'))
  }

  /** stop() wakes a blocked XREADGROUP with CLIENT UNBLOCK, which needs the reader's current id. */
  async trackReaderId() {
    this.reader.on('ready', () => void this.reader.client('ID').then((id) => (this.readerId = Number(id)), () => {}))
    this.readerId = Number(await this.reader.client('ID'))
  }

  async interrupt() {
    this.stopping.abort()
    // the blocked read returns as if it timed out; a batch already read is still handled and acked
    await this.commands.client('UNBLOCK', this.readerId).catch(() => {})
  }

  async run() {
    for (let failures = 0; !this.stopping.signal.aborted; ) {
      try {
        const batch = Date.now() >= this.nextReclaimAt ? await this.reclaim() : await this.readNew()
        if (batch.length > 0) await this.handle(batch)
        failures = 0
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('NOGROUP')) await ensureGroup(this.commands, this.topic, this.group).catch(() => {})
        const delayMs = backoffMs(failures++)
        this.log.warn('reading the stream failed; retrying', { error, delayMs })
        await holdFor(delayMs, this.holding([]))
      }
    }
  }

  private async readNew(): Promise<DecodedEntry[]> {
    const blockMs = Math.max(1, Math.min(this.blockMs, this.nextReclaimAt - Date.now()))
    if (this.stopping.signal.aborted) return []
    const reply = await this.reader.xreadgroup(
      'GROUP', this.group, this.name, 'COUNT', this.batchSize, 'BLOCK', blockMs, 'STREAMS', this.topic, '>',
    )
    return entriesOfRead(reply).map((entry) => decodeEntry(this.topic, entry, 1))
  }

  /** One step of a pass over the pending entries; trims acknowledged history when a pass ends. */
  private async reclaim(): Promise<DecodedEntry[]> {
    const reply = await this.commands.xautoclaim(this.topic, this.group, this.name, this.reclaimIdleMs, this.cursor, 'COUNT', this.batchSize)
    const { cursor, entries } = entriesOfAutoClaim(reply)
    this.cursor = cursor
    const passDone = cursor === '0-0'
    this.nextReclaimAt = passDone ? Date.now() + this.reclaimEveryMs : Date.now()
    if (passDone) await this.trimAcknowledged([this.topic], []).catch((error) => this.log.warn('trimming the stream failed', { error }))
    if (entries.length === 0) return []
    const counts = await this.deliveryCounts(entries.map(([id]) => id))
    // an entry missing from the pending list was acknowledged meanwhile by its previous holder
    return entries.filter(([id]) => counts.has(id)).map((entry) => decodeEntry(this.topic, entry, counts.get(entry[0])!))
  }

  /** Delivery counts from XPENDING's extended form, one exact range per id, in one round trip. */
  private async deliveryCounts(ids: string[]): Promise<Map<string, number>> {
    const pipeline = this.commands.pipeline()
    for (const id of ids) pipeline.xpending(this.topic, this.group, id, id, 1)
    const counts = new Map<string, number>()
    for (const reply of await execAll(pipeline, 'reading delivery counts')) {
      const [row] = reply as [id: string, consumer: string, idleMs: number, deliveries: number][]
      if (row) counts.set(row[0], row[3])
    }
    return counts
  }

  private async handle(batch: DecodedEntry[]) {
    const holding = this.holding(batch.map((d) => d.message.id))
    const refused = batch.filter((d) => d.problem !== undefined || d.message.deliveryCount > this.maxDeliveries)
    const offered = batch.filter((d) => !refused.includes(d)).map((d) => d.message)
    const outcomes = offered.length > 0 ? await persist(() => this.options.handler(offered), 'handler (dependency unavailable?)', holding, this.log) : []
    if (outcomes === undefined) return
    const sorted = sortOutcomes(offered, outcomes, this.maxDeliveries)
    const deadLetters = [...sorted.deadLetters, ...refused.map(refusal)]
    await persist(() => this.settle(sorted.done, deadLetters), 'acknowledging', holding, this.log)
  }

  /** Dead letters and acknowledgements in one MULTI. */
  private async settle(done: IncomingMessage[], deadLetters: DeadLetter[]) {
    const ids = [...done, ...deadLetters.map((d) => d.message)].map((m) => m.id)
    if (ids.length === 0) return
    const transaction = this.commands.multi()
    for (const letter of deadLetters) {
      const { key, value } = letter.message
      transaction.xadd(dlqTopic(this.topic), '*', ...entryFields({ key, value, headers: deadLetterHeaders(letter) }))
    }
    transaction.xack(this.topic, this.group, ...ids)
    await execAll(transaction, 'acknowledging')
  }

  /**
   * While we wait out a failing dependency, XCLAIM ... JUSTID keeps the batch ours: it resets
   * the entries' idle time without counting a delivery, so no other consumer reclaims them and
   * the outage does not push them toward the DLQ.
   */
  private holding(ids: string[]): Holding {
    return {
      signal: this.stopping.signal,
      keepAliveEveryMs: Math.max(10, this.reclaimIdleMs / 3),
      keepAlive: async () => {
        if (ids.length > 0) await this.commands.xclaim(this.topic, this.group, this.name, 0, ...ids, 'JUSTID')
      },
    }
  }

  /** Consumers live in the group until deleted; one that left nothing pending can go. */
  async forgetIfIdle() {
    const pending = await this.commands.xpending(this.topic, this.group, '-', '+', 1, this.name)
    if ((pending as unknown[]).length === 0) await this.commands.xgroup('DELCONSUMER', this.topic, this.group, this.name)
  }
}

function refusal({ message, problem }: DecodedEntry): DeadLetter {
  if (problem !== undefined) return { message, reason: problem, step: busStep, deliveries: message.deliveryCount }
  const deliveries = message.deliveryCount - 1
  return { message, reason: `handed out ${deliveries} times without an outcome (its consumer died or stalled each time)`, step: busStep, deliveries }
}
