/**
 * The batch handler command workers subscribe with: each message becomes one outcome (see the bus
 * port). Invalid commands are dead-lettered at once; an activity unknown to MySQL is retried until
 * the bus dead-letters it after `maxDeliveries`; a dependency that is down fails the whole batch
 * so the bus retries it in place without counting toward dead-lettering. The shoppers a batch
 * credited get their eligibility verdicts re-checked before it is acknowledged (a purchase counts
 * toward `minPastPurchases` from their next attempt); if that fails the batch is retried, and the
 * entries come back as duplicates to be re-checked again.
 * A command that conflicts with an entry or order already recorded is a payment taken without an
 * entry to show for it: it is dead-lettered loudly (an error log with its ids, and its own count).
 * Reservation life events on the same topic are recorded in `reservations` (apply-life.ts).
 */
import type { Pool } from '../../common/clients/mysql'
import { dlq, drop, ok, retry, type BatchHandler, type IncomingMessage, type Outcome } from '../../common/bus/port'
import { isTransient } from '../../common/errors'
import { decodeEntryCommand } from '../../common/codecs/entry-command'
import { decodeReservationLife, type ReservationLife } from '../../common/codecs/reservation-life'
import type { Logger } from '../../common/log'
import type { CommandTally } from '../metrics'
import { applyEntryConfirmed } from './apply-entry'
import { applyReservationLife } from './apply-life'
import { mapBounded } from './bounded'

export interface CommandHandlerOptions {
  pool: Pool
  /** where PURCHASE events go (through the outbox) */
  eventTopic: string
  /** most commands of one batch applied at once */
  concurrency: number
  maxDeliveries: number
  log: Logger
  /** called once per batch with what happened, for metrics and to nudge the outbox relay */
  onTally?: (tally: CommandTally) => void
  /** re-checks the eligibility of shoppers whose purchase history changed (markVerdictsForRecheck) */
  recheckVerdicts: (userIds: number[]) => Promise<void>
}

export function createCommandHandler(options: CommandHandlerOptions): BatchHandler {
  return async (messages) => {
    const tally: CommandTally = { applied: 0, duplicate: 0, deadLettered: 0, retried: 0, conflicts: 0, applySeconds: [] }
    const credited: number[] = []
    const outcomes = await mapBounded(messages, options.concurrency, (message) => applyMessage(options, message, tally, credited))
    await options.recheckVerdicts(credited)
    options.onTally?.(tally)
    return outcomes
  }
}

async function applyMessage(
  options: CommandHandlerOptions,
  message: IncomingMessage,
  tally: CommandTally,
  credited: number[],
): Promise<Outcome> {
  const outcome = await decide(options, message, tally, credited)
  count(tally, outcome, message.deliveryCount >= options.maxDeliveries)
  return outcome
}

/** `credited` collects the shoppers whose entry is in MySQL now (applied, or applied before). */
async function decide(
  options: CommandHandlerOptions,
  message: IncomingMessage,
  tally: CommandTally,
  credited: number[],
): Promise<Outcome> {
  const life = decodeReservationLife(message.value)
  if (life) return life.ok ? recordLife(options, life.event) : dlq(life.reason, 'parse')
  const parsed = decodeEntryCommand(message.value)
  if (!parsed.ok) return dlq(parsed.reason, 'parse')
  const command = parsed.command
  const started = performance.now()
  try {
    const result = await applyEntryConfirmed(options.pool, command, options.eventTopic)
    if (result.kind === 'applied') tally.applySeconds.push((performance.now() - started) / 1000)
    if (result.kind === 'applied' || result.kind === 'duplicate') credited.push(command.userId)
    if (result.kind === 'applied') return ok
    if (result.kind === 'duplicate') return drop('already applied')
    if (result.kind === 'conflict') {
      tally.conflicts++
      const { commandId, activityId, userId, orderId, reservationToken } = command
      options.log.error('a paid entry conflicts with one already recorded: dead-lettered, the payment needs a refund or a fix by hand', {
        reason: result.reason, commandId, activityId, userId, orderId, reservationToken, messageId: message.id,
      })
      return dlq(result.reason, 'apply')
    }
    return retry(`activity ${command.activityId} is not in MySQL`, 'apply')
  } catch (error) {
    if (isTransient(error)) throw error
    return retry(error instanceof Error ? error.message : String(error), 'apply')
  }
}

async function recordLife(options: CommandHandlerOptions, event: ReservationLife): Promise<Outcome> {
  try {
    await applyReservationLife(options.pool, event)
    return ok
  } catch (error) {
    if (isTransient(error)) throw error
    return retry(error instanceof Error ? error.message : String(error), 'apply')
  }
}

function count(tally: CommandTally, outcome: Outcome, lastDelivery: boolean) {
  if (outcome.kind === 'ok') tally.applied++
  else if (outcome.kind === 'drop') tally.duplicate++
  else if (outcome.kind === 'dlq' || lastDelivery) tally.deadLettered++
  else tally.retried++
}
