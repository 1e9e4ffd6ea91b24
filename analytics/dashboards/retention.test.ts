import { describe, expect, test } from 'bun:test'
import { percent, retentionMatrix, round2 } from './retention'

describe('retention figures', () => {
  test('rates round half away from zero to 2 decimals, whatever the binary fraction', () => {
    expect([round2(1.005), round2(2.675), round2(1.875), round2(-1.005), round2(0)]).toEqual([1.01, 2.68, 1.88, -1.01, 0])
    expect([percent(1, 3), percent(2, 3), percent(0, 0)]).toEqual([33.33, 66.67, 0])
  })

  test('the matrix has a column per day elapsed since each acquisition day; a day with no repurchase is 0', () => {
    const days = [{ day: '2025-03-01', customers: 3 }, { day: '2025-03-04', customers: 2 }, { day: '2025-03-05', customers: 1 }]
    const repurchasers = [
      { day: '2025-03-01', offset: 2, customers: 1 },
      { day: '2025-03-01', offset: 4, customers: 3 },
      // an offset past the days elapsed (a purchase dated ahead of the clock) makes no column
      { day: '2025-03-04', offset: 2, customers: 1 },
    ]
    expect(retentionMatrix(days, repurchasers, '2025-03-05')).toEqual([
      { acquisitionDay: '2025-03-01', customers: 3, days: [0, 33.33, 0, 100] },
      { acquisitionDay: '2025-03-04', customers: 2, days: [0] },
      { acquisitionDay: '2025-03-05', customers: 1, days: [] },
    ])
  })
})
