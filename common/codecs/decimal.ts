/**
 * Ids and money as decimal text: how they cross Lua, whose cjson keeps 14 significant digits (a
 * 16-digit shopper id or a 15-digit amount would come out rounded). A JS number of up to 15
 * significant digits prints back as the decimal it was read from, so `String(n)` is the one
 * canonical text of an id or a DECIMAL(15,2) amount, and two amounts are equal when their texts are.
 */
import { FormatRegistry, Type } from '@sinclair/typebox'

const idPattern = /^[1-9][0-9]{0,15}$/
/** DECIMAL(15,2) as String(number) writes it: up to 13 integer digits, no trailing zero in the fraction */
const amountPattern = /^(0|[1-9][0-9]{0,12})(\.[0-9]?[1-9])?$/

if (!FormatRegistry.Has('id-text')) FormatRegistry.Set('id-text', (v) => idPattern.test(v) && Number.isSafeInteger(Number(v)))
if (!FormatRegistry.Has('amount-text')) FormatRegistry.Set('amount-text', (v) => amountPattern.test(v))

/** A positive safe integer carried as its decimal text; decodes to the number. */
export const idAsText = () =>
  Type.Transform(Type.String({ format: 'id-text', description: 'a positive integer id as decimal text' }))
    .Decode((text) => Number(text))
    .Encode((id) => String(id))

/** A DECIMAL(15,2) amount carried as its canonical decimal text; decodes to the number. */
export const amountAsText = () =>
  Type.Transform(Type.String({ format: 'amount-text', description: 'an amount as decimal text, at most 2 decimals' }))
    .Decode((text) => Number(text))
    .Encode((amount) => String(amount))

/**
 * The text an amount is compared by: equal to a published price's text exactly when equal in
 * value. Any number that is not a DECIMAL(15,2) amount (3 decimals, 1e21) matches no price.
 */
export const amountText = (amount: number) => String(amount)

/** Epoch milliseconds as decimal text (as Lua formats a time or Redis a whole score); decodes to the Date. */
export const epochMsAsText = () =>
  Type.Transform(Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch milliseconds as decimal text' }))
    .Decode((text) => new Date(Number(text)))
    .Encode((at) => String(at.getTime()))
