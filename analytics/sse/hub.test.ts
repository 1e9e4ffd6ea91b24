import { expect, test } from 'bun:test'
import { LiveHub, type Snapshot } from './hub'

const options = { intervalMs: 20, heartbeatMs: 60_000, retryMs: 1000 }

/** A topic whose numbers change on every read, counting reads per topic. */
function countingRead() {
  const reads = new Map<number, number>()
  const read = async (topic: number): Promise<Snapshot> => {
    const n = (reads.get(topic) ?? 0) + 1
    reads.set(topic, n)
    return { html: `<p>${topic}:${n}</p>\n<p>x</p>`, fingerprint: String(n) }
  }
  return { reads, read }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function take(stream: AsyncGenerator<Uint8Array>, n: number): Promise<string[]> {
  const frames: string[] = []
  for (let i = 0; i < n; i++) frames.push(new TextDecoder().decode((await stream.next()).value!))
  return frames
}

test('reads per tick do not grow with viewers: 1,000 viewers of one activity cost what one costs', async () => {
  const { reads, read } = countingRead()
  const hub = new LiveHub(read, options)
  const controller = new AbortController()
  const viewers = Array.from({ length: 1000 }, () => hub.watch(1, controller.signal))
  const first = await Promise.all(viewers.map((v) => take(v, 3)))
  expect(hub.stats()).toEqual({ producers: 1, viewers: 1000 })
  // every viewer saw the same frames, and each frame was read once
  expect(new Set(first.map((frames) => frames.join('|'))).size).toBe(1)
  expect(reads.get(1)).toBeLessThanOrEqual(4)
  expect(first[0]![0]).toMatch(/^id: \S+\nretry: 1000\ndata: <p>1:1<\/p>\ndata: <p>x<\/p>\n\n$/)
  controller.abort()
  await Promise.all(viewers.map((v) => v.next()))
  expect(hub.stats()).toEqual({ producers: 0, viewers: 0 })
})

test('a viewer that goes away is released at once; the producer stops with the last one and reads no more', async () => {
  const { reads, read } = countingRead()
  const hub = new LiveHub(read, options)
  const a = new AbortController()
  const b = new AbortController()
  const viewerA = hub.watch(7, a.signal)
  const viewerB = hub.watch(7, b.signal)
  await take(viewerA, 1)
  await take(viewerB, 1)
  const pendingA = viewerA.next()
  a.abort()
  expect((await pendingA).done).toBe(true)
  expect(hub.stats()).toEqual({ producers: 1, viewers: 1 })
  const pendingB = viewerB.next()
  b.abort()
  expect((await pendingB).done).toBe(true)
  expect(hub.stats()).toEqual({ producers: 0, viewers: 0 })
  const readsAtStop = reads.get(7)!
  await sleep(options.intervalMs * 5)
  expect(reads.get(7)).toBe(readsAtStop)
})

test('a reconnect gets the latest frame at once, unless its Last-Event-ID is that frame', async () => {
  let n = 0
  const hub = new LiveHub(async () => ({ html: 'same', fingerprint: n < 2 ? String(++n) : 'steady' }), options)
  const first = new AbortController()
  const viewer = hub.watch(1, first.signal)
  const frames = await take(viewer, 3)
  const lastId = /^id: (\S+)/.exec(frames[2]!)![1]!
  // a second viewer keeps the producer alive while the first reconnects
  const keeper = new AbortController()
  const kept = hub.watch(1, keeper.signal)
  await take(kept, 1)
  first.abort()
  await viewer.next()

  const again = new AbortController()
  const resumed = hub.watch(1, again.signal, 'an-old-id')
  expect((await take(resumed, 1))[0]).toContain(`id: ${lastId}\n`)
  const upToDate = hub.watch(1, again.signal, lastId)
  const waiting = upToDate.next()
  const outcome = await Promise.race([waiting.then(() => 'sent'), sleep(options.intervalMs * 4).then(() => 'waited')])
  expect(outcome).toBe('waited')
  again.abort()
  keeper.abort()
  await Promise.all([waiting, resumed.next(), kept.next()])
  expect(hub.stats().viewers).toBe(0)
})

test('unchanged numbers send nothing but a heartbeat comment; a failing read keeps the stream and the last numbers', async () => {
  let fail = false
  const hub = new LiveHub(
    async () => {
      if (fail) throw new Error('store down')
      return { html: 'steady', fingerprint: 'steady' }
    },
    { ...options, heartbeatMs: 50 },
  )
  const controller = new AbortController()
  const viewer = hub.watch(1, controller.signal)
  const [message, heartbeat] = await take(viewer, 2)
  expect(message).toContain('data: steady')
  expect(heartbeat).toBe(': still here\n\n')
  fail = true
  await sleep(options.intervalMs * 3)
  expect(hub.stats()).toEqual({ producers: 1, viewers: 1 })
  fail = false
  expect((await take(viewer, 1))[0]).toBe(': still here\n\n')
  hub.close()
  expect((await viewer.next()).done).toBe(true)
})
