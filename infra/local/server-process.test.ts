/** The embedded-server lifecycle against a real redis-server in a folder and on a port of its own. */
import { afterAll, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Redis from 'ioredis'
import { freePorts } from '../../test/support/free-ports'
import { embeddedRedisUrl, redisAnswers, startEmbeddedRedis } from './redis'
import { SetupError } from './report'
import { isAlive, readRecord, recordPath } from './server-process'

async function appendFsyncOf(url: string) {
  const client = new Redis(url)
  try {
    return ((await client.config('GET', 'appendfsync')) as string[])[1]
  } finally {
    client.disconnect()
  }
}

const dir = mkdtempSync(join(tmpdir(), 'axon-server-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('a server is started, found again from its record, refused on another port, and stopped', async () => {
  const [port] = (await freePorts(1)) as [number]
  const options = { dir, port, portSetting: 'TEST_PORT', exclusive: false, fsync: 'always' as const }
  const redis = await startEmbeddedRedis(options)
  try {
    expect(await redisAnswers(embeddedRedisUrl(port))).toBe(true)
    expect(await appendFsyncOf(embeddedRedisUrl(port))).toBe('always')
    expect(readRecord(dir)).toEqual({ pid: redis.pid, port, owner: process.pid })

    const again = await startEmbeddedRedis(options)
    expect({ pid: again.pid, owned: again.owned }).toEqual({ pid: redis.pid, owned: false })
    const elsewhere = startEmbeddedRedis({ ...options, port: port + 1 })
    await expect(elsewhere).rejects.toThrow(SetupError)
    await expect(elsewhere).rejects.toThrow(`already runs on port ${port}, but TEST_PORT asks for ${port + 1}`)
  } finally {
    await redis.stop()
  }
  expect(isAlive(redis.pid)).toBe(false)
  expect(existsSync(recordPath(dir))).toBe(false)
  expect(existsSync(join(dir, 'appendonlydir'))).toBe(true)
})
