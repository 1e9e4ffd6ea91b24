/**
 * What every dashboard service function checks its parameters with: the same TypeBox schema the
 * JSON route declares (and the assistant's tools will hand it), so a bad parameter answers 400
 * INVALID_PARAMETER naming it however the function was called.
 */
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { t, type Static, type TSchema } from 'elysia'
import { invalidParameter } from '../../common/http/errors'
import { fieldErrors, type ValueErrorLike } from '../../common/schemas/check'
import '../../common/schemas/formats'

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>()

/** `value` when it fits `schema`; otherwise throws INVALID_PARAMETER for its first bad parameter. */
export function parseParams<S extends TSchema>(schema: S, value: unknown): Static<S> {
  let check = compiled.get(schema)
  if (!check) {
    check = TypeCompiler.Compile(schema)
    compiled.set(schema, check)
  }
  if (check.Check(value)) return value as Static<S>
  const [first] = fieldErrors(undefined, [check.Errors(value).First()].filter(Boolean) as ValueErrorLike[])
  throw invalidParameter(first?.field ?? '(parameters)', first?.message ?? 'is invalid')
}

/** An activity's or campaign's id as a service function takes it. */
export const entityId = (description: string) => t.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description })

/** A date a marketer types: ISO-8601 with or without a zone (none = UTC), or date-only. */
export const dashboardDate = (description: string) => t.String({ format: 'dashboard-date', description })
