import { expect, test } from 'bun:test'
import { Type } from '@sinclair/typebox'
import { compileSchema } from './check'

const campaign = compileSchema(
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 10 }),
    budget: Type.Number({ minimum: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 100 }),
    price: Type.Number({ exclusiveMinimum: 0 }),
    grades: Type.Array(Type.String(), { minItems: 1 }),
    productId: Type.Union([Type.Integer(), Type.Null()]),
  }),
)

test('bounds read as a marketer says them next to the field, not in schema words', () => {
  const problems = (value: object) => campaign.describe({ name: 'Sale', budget: 0, limit: 1, price: 1, grades: ['GOLD'], productId: null, ...value })
  expect(problems({ budget: -10 })).toBe('budget must be at least 0')
  expect(problems({ limit: 0 })).toBe('limit must be at least 1')
  expect(problems({ limit: 101 })).toBe('limit must be at most 100')
  expect(problems({ price: 0 })).toBe('price must be more than 0')
  expect(problems({ name: '' })).toBe('name must not be empty')
  expect(problems({ name: 'a much longer name' })).toBe('name must be at most 10 characters')
  expect(problems({ grades: [] })).toBe('grades must have at least 1 item')
  expect(problems({ limit: 1.5 })).toBe('limit must be a whole number')
  expect(problems({ budget: 'lots' })).toBe('budget must be a number')
  expect(problems({ productId: 'x' })).toBe('productId must be a whole number or null')
})
