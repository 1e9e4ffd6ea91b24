/**
 * `./axon dlq` as an operator runs it (a child process on the test Redis, the bus of AXON_BUS):
 * dead letters listed with reason, step, time and deliveries; replayed onto their topic once, as
 * they first came.
 */
import { afterAll, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { createBus } from '../../common/bus'
import { dlq, ok } from '../../common/bus/port'
import { projectRoot } from '../../common/config'
import { createLogger } from '../../common/log'
import { dlqTopic } from '../../common/topics'
import { recordingSubscription } from '../../test/support/recording-subscription'
import { waitFor } from '../../test/support/wait'

const bus = createBus({ log: createLogger({}, 'error') })
afterAll(() => bus.close())

async function axon(...args: string[]) {
  const child = Bun.spawn([process.execPath, 'infra/cli/main.ts', ...args], { cwd: projectRoot, stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
  return { stdout, stderr, code }
}

test('dlq list shows each dead letter with its reason, step, time and deliveries; replay puts chosen ones back onto the topic once, as they first came', async () => {
  const topic = `test.dlq-cli.${randomUUID()}`
  const refused = [
    { key: 'user-7', value: '{"commandId":"c-7"}', headers: { 'x-trace': 'trace-7' } },
    { key: 'user-8', value: '{"commandId":"c-8"}' },
  ]
  const deadLetters = await recordingSubscription(bus, { topic: dlqTopic(topic) })
  const refuser = await recordingSubscription(bus, { topic, answer: () => dlq('activity 7 is closed', 'apply') })
  await bus.publish(topic, refused)
  await waitFor(() => deadLetters.handed.length === 2, { what: 'two dead letters' })
  await Promise.all([refuser.stop(), deadLetters.stop()])
  const [first, second] = deadLetters.handed.map((m) => m.id) as [string, string]

  const listed = await axon('dlq', 'list', topic)
  expect(listed.code).toBe(0)
  expect(listed.stdout).toContain(`${topic}_dlq: 2 dead letters`)
  expect(listed.stdout).toMatch(new RegExp(`${first}  \\d{4}-\\d\\d-\\d\\dT[^ ]+Z  step apply  deliveries 1  key user-7`))
  expect(listed.stdout).toContain('reason:  activity 7 is closed')
  expect(listed.stdout).toContain('value:   {"commandId":"c-7"}')
  expect(listed.stdout).toContain('headers: {"x-trace":"trace-7"}')

  const replayed = await axon('dlq', 'replay', topic, first, 'no-such-id')
  expect([replayed.code, replayed.stdout]).toEqual([
    1,
    `replayed 1 dead letter onto ${topic}: ${first}\nnot dead letters of ${topic} (unknown, or replayed already): no-such-id\n`,
  ])
  expect((await axon('dlq', 'replay', topic, first)).code).toBe(1)
  expect((await axon('dlq', 'list', `${topic}_dlq`)).stdout).toStartWith(`${topic}_dlq: 1 dead letter\n  ${second}  `)
  expect(await axon('dlq', 'replay', `${topic}_dlq`, '--all')).toMatchObject({ code: 0, stdout: `replayed 1 dead letter onto ${topic}: ${second}\n` })
  expect((await axon('dlq', 'list', topic)).stdout).toBe(`${topic}_dlq: 0 dead letters\n`)

  // a fresh group reads the topic: the two originals, then each replayed once with its key, value and headers
  const reader = await recordingSubscription(bus, { topic, answer: () => ok })
  await waitFor(() => reader.handed.length >= 4, { what: 'originals and replays' })
  await reader.stop()
  const shape = ({ key, value, headers }: { key?: string; value: string; headers?: Record<string, string> }) => ({ key, value, headers: headers ?? {} })
  expect(reader.handed.map(shape)).toEqual([...refused, ...refused].map(shape))
})

test('dlq without an action, or replay without ids, says how to use it (exit 2); help lists it', async () => {
  expect(await axon('dlq')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: ./axon dlq list [topic]') })
  expect(await axon('dlq', 'replay', 'axon.event.raw')).toMatchObject({ code: 2 })
  expect((await axon('help')).stdout).toContain('./axon dlq list [topic] | replay <topic> <ids…|--all>')
})
