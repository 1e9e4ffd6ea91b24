import { expect, test } from 'bun:test'
import { acquisitionCosts } from './acquisition-cost'

test('own budget when set; the rest of the campaign budget shared equally, to the cent, never below 0', () => {
  const three = [{ id: 1, budget: 400 }, { id: 2, budget: null }, { id: 3, budget: null }]
  expect([...acquisitionCosts(1_000, three)]).toEqual([[1, 400], [2, 300], [3, 300]])
  expect([...acquisitionCosts(1_000.01, [...three, { id: 4, budget: null }])]).toEqual([[1, 400], [2, 200], [3, 200], [4, 200]])
  expect([...acquisitionCosts(300, three)]).toEqual([[1, 400], [2, 0], [3, 0]])
})
