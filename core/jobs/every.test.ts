import { expect, test } from 'bun:test'
import { createLogger } from '../../common/log'
import { waitFor } from '../../test/support/wait'
import { every } from './every'

const log = createLogger({}, 'error')

test('runs at once and again after each run, never two at a time, and goes on after a failure', async () => {
  let runs = 0
  let inFlight = 0
  let most = 0
  const job = every(5, 'test', log, async () => {
    runs++
    inFlight++
    most = Math.max(most, inFlight)
    await Bun.sleep(10)
    inFlight--
    if (runs === 2) throw new Error('a bad run')
  })
  await waitFor(() => runs >= 4, { what: 'four runs' })
  await job.stop()
  const stoppedAt = runs
  expect(inFlight).toBe(0)
  expect(most).toBe(1)
  await Bun.sleep(30)
  expect(runs).toBe(stoppedAt)
})
