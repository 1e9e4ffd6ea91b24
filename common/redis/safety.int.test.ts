import { afterAll, expect, test } from 'bun:test'
import Redis from 'ioredis'
import { recordingLog } from '../../test/support/recording-log'
import { ownRedis as startOwnRedis } from '../../test/support/own-servers'
import { reportRedisSafety, UnsafeRedis } from './safety'

const own = await startOwnRedis()
const admin = new Redis(own.url)
afterAll(async () => {
  admin.disconnect()
  await own.remove()
})

test('the embedded Redis (AOF fsync always, noeviction) is reported safe', async () => {
  const { log, problems } = recordingLog()
  expect(await reportRedisSafety(admin, log, { refuseUnsafe: true })).toEqual({ checked: true, unsafe: [], weaker: [] })
  expect(problems()).toEqual([])
})

test('eviction or no AOF is unsafe: logged, and refused when asked to (production); everysec is only reported', async () => {
  await admin.config('SET', 'appendfsync', 'everysec')
  const weaker = recordingLog()
  expect(await reportRedisSafety(admin, weaker.log, { refuseUnsafe: true })).toMatchObject({ unsafe: [], weaker: [expect.stringContaining('everysec')] })
  expect(weaker.problems().map((p) => p.level)).toEqual(['warn'])

  await admin.config('SET', 'maxmemory-policy', 'allkeys-lru')
  await admin.config('SET', 'appendonly', 'no')
  const unsafe = recordingLog()
  const refused = reportRedisSafety(admin, unsafe.log, { refuseUnsafe: true })
  await expect(refused).rejects.toBeInstanceOf(UnsafeRedis)
  await expect(refused).rejects.toThrow('maxmemory-policy is allkeys-lru')
  const allowed = await reportRedisSafety(admin, recordingLog().log, { refuseUnsafe: false })
  expect(allowed).toMatchObject({ checked: true, unsafe: [expect.stringContaining('noeviction'), expect.stringContaining('appendonly is no')] })
  expect(unsafe.problems().filter((p) => p.level === 'error').length).toBe(2)
})

test('a Redis that refuses CONFIG (as managed services do) is reported as not checked, and not refused', async () => {
  await admin.acl('SETUSER', 'shopfront', 'on', '>secret', '~*', '+@all', '-config')
  const limited = new Redis(own.url, { username: 'shopfront', password: 'secret' })
  try {
    const { log, problems } = recordingLog()
    expect(await reportRedisSafety(limited, log, { refuseUnsafe: true })).toMatchObject({ checked: false, reason: expect.stringContaining('NOPERM') })
    expect(problems()[0]?.msg).toContain('could not check Redis')
  } finally {
    limited.disconnect()
  }
})
