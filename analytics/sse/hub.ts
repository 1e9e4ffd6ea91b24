/**
 * Live fan-out: one producer per topic (an activity) reads its numbers once per tick and renders
 * one frame that every viewer of that topic receives, so the stores' load does not grow with
 * viewers. The producer starts with the first viewer and stops when the last one leaves; a viewer
 * is a set entry released when its generator ends (the client went away or the server stops).
 * A (re)connecting viewer gets the latest frame at once unless its Last-Event-ID says it has it.
 */
import type { Logger } from '../../common/log'
import { heartbeatFrame, messageFrame, type SseChunk } from './frame'

/** What a producer makes each tick: the HTML to send and what identifies its numbers (equal: nothing new to send). */
export interface Snapshot {
  html: string
  fingerprint: string
}

export interface HubOptions {
  intervalMs: number
  /** a quiet stream gets a comment this often */
  heartbeatMs: number
  /** how long a browser waits before reconnecting (the SSE `retry` field) */
  retryMs: number
  log?: Logger
}

/** What a viewer gets: a frame (with its id when it is a message) or null when it should end. */
type Delivery = { chunk: SseChunk; id?: string } | null
type Waiter = (delivery: Delivery) => void

interface Latest {
  id: string
  fingerprint: string
  frame: SseChunk
}

class Producer {
  latest: Latest | undefined
  readonly waiters = new Set<Waiter>()
  viewers = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private stopped = false
  private seq = 0
  private lastSentAt = Date.now()
  private readonly epoch = Date.now().toString(36)

  constructor(
    private readonly read: () => Promise<Snapshot>,
    private readonly options: HubOptions,
    private readonly name: string,
  ) {
    void this.tick()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    for (const wake of this.waiters) wake(null)
    this.waiters.clear()
  }

  /** What a viewer that last saw message `seen` gets next; null when `signal` aborts first. */
  next(seen: string | undefined, signal: AbortSignal): Promise<Delivery> {
    if (this.latest && this.latest.id !== seen) return Promise.resolve({ chunk: this.latest.frame, id: this.latest.id })
    if (signal.aborted || this.stopped) return Promise.resolve(null)
    return new Promise((resolve) => {
      const onAbort = () => wake(null)
      const wake: Waiter = (delivery) => {
        this.waiters.delete(wake)
        signal.removeEventListener('abort', onAbort)
        resolve(delivery)
      }
      this.waiters.add(wake)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private broadcast(delivery: NonNullable<Delivery>): void {
    this.lastSentAt = Date.now()
    for (const wake of [...this.waiters]) wake(delivery)
  }

  private async tick(): Promise<void> {
    const started = Date.now()
    try {
      const snapshot = await this.read()
      if (this.stopped) return
      if (snapshot.fingerprint !== this.latest?.fingerprint) {
        const id = `${this.epoch}-${++this.seq}`
        this.latest = { id, fingerprint: snapshot.fingerprint, frame: messageFrame(id, snapshot.html, this.options.retryMs) }
        this.broadcast({ chunk: this.latest.frame, id })
      } else if (Date.now() - this.lastSentAt >= this.options.heartbeatMs) this.broadcast({ chunk: heartbeatFrame })
    } catch (error) {
      // the read renders its own error state; this is a bug, and the viewers keep the last numbers
      this.options.log?.error('live producer failed', { topic: this.name, error: String(error) })
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), Math.max(0, this.options.intervalMs - (Date.now() - started)))
  }
}

export class LiveHub<Topic extends string | number> {
  private readonly producers = new Map<Topic, Producer>()

  /** `read(topic)` makes one tick's snapshot of a topic; it runs once per tick whatever the number of viewers. */
  constructor(
    private readonly read: (topic: Topic) => Promise<Snapshot>,
    private readonly options: HubOptions,
  ) {}

  /** One viewer's stream of `topic`: the latest frame (unless `lastEventId` is it), then every new one, until `signal` aborts. */
  async *watch(topic: Topic, signal: AbortSignal, lastEventId?: string): AsyncGenerator<SseChunk> {
    const producer = this.join(topic)
    try {
      let seen = lastEventId
      for (;;) {
        const delivery = await producer.next(seen, signal)
        if (delivery === null) return
        if (delivery.id !== undefined) seen = delivery.id
        yield delivery.chunk
      }
    } finally {
      this.leave(topic, producer)
    }
  }

  /** True while `topic` has a producer (someone watches it). */
  isWatched(topic: Topic): boolean {
    return this.producers.has(topic)
  }

  /** Viewers and producers now: what the benchmark and the metrics report. */
  stats(): { producers: number; viewers: number } {
    let viewers = 0
    for (const producer of this.producers.values()) viewers += producer.viewers
    return { producers: this.producers.size, viewers }
  }

  /** Ends every stream (the process is stopping). */
  close(): void {
    for (const producer of this.producers.values()) producer.stop()
    this.producers.clear()
  }

  private join(topic: Topic): Producer {
    let producer = this.producers.get(topic)
    if (!producer) {
      producer = new Producer(() => this.read(topic), this.options, String(topic))
      this.producers.set(topic, producer)
    }
    producer.viewers++
    return producer
  }

  private leave(topic: Topic, producer: Producer): void {
    producer.viewers--
    if (producer.viewers > 0 || this.producers.get(topic) !== producer) return
    producer.stop()
    this.producers.delete(topic)
  }
}
