import { describe, expect, test } from 'bun:test'
import { ConfigError, loadConfig } from './index'

describe('AXON_VERDICT_TTL_SECONDS', () => {
  // 0 used to pass and made every reservation of a rules-gated activity answer 500 (SET … EX 0)
  test.each(['0', '-5', '1.5'])('%p is refused at start, naming the setting', (value) => {
    expect(() => loadConfig({ AXON_VERDICT_TTL_SECONDS: value })).toThrow(ConfigError)
    expect(() => loadConfig({ AXON_VERDICT_TTL_SECONDS: value })).toThrow(/AXON_VERDICT_TTL_SECONDS must be a whole number of seconds, at least 1/)
  })

  test('1 and more are taken', () => {
    expect(loadConfig({ AXON_VERDICT_TTL_SECONDS: '1' }).verdictTtlSeconds).toBe(1)
    expect(loadConfig({}).verdictTtlSeconds).toBe(600)
  })
})

test('the old AXON_TRUST_PROXY is refused at start with what replaces it, rather than silently ignored', () => {
  expect(() => loadConfig({ AXON_TRUST_PROXY: 'true' })).toThrow('AXON_TRUSTED_PROXY_HOPS')
})

test('trusted proxy hops and the event window are checked', () => {
  expect(loadConfig({})).toMatchObject({ trustedProxyHops: 0, eventMaxAgeHours: 720, eventMaxAheadSeconds: 3600, userJwtAudience: '', userJwtIssuer: '' })
  expect(loadConfig({ AXON_TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2)
  expect(() => loadConfig({ AXON_TRUSTED_PROXY_HOPS: '-1' })).toThrow('AXON_TRUSTED_PROXY_HOPS')
  expect(() => loadConfig({ AXON_TRUSTED_PROXY_HOPS: '1.5' })).toThrow('AXON_TRUSTED_PROXY_HOPS')
  expect(() => loadConfig({ AXON_EVENT_MAX_AGE_HOURS: '0' })).toThrow('AXON_EVENT_MAX_AGE_HOURS')
})

test("the assistant's bounds are checked at start, naming the setting", () => {
  expect(loadConfig({})).toMatchObject({ assistantMaxRounds: 6, assistantMaxOutputTokens: 1024, assistantHistoryQuestions: 6, assistantQuestionsPerHour: 60 })
  expect(() => loadConfig({ AXON_ASSISTANT_MAX_ROUNDS: '0' })).toThrow('AXON_ASSISTANT_MAX_ROUNDS must be a whole number, at least 1')
  expect(() => loadConfig({ AXON_ASSISTANT_QUESTIONS_PER_HOUR: '2.5' })).toThrow('AXON_ASSISTANT_QUESTIONS_PER_HOUR')
  expect(() => loadConfig({ AXON_ASSISTANT_MODEL_TIMEOUT_SECONDS: '0' })).toThrow('AXON_ASSISTANT_MODEL_TIMEOUT_SECONDS')
  expect(loadConfig({ AXON_ASSISTANT_HISTORY_QUESTIONS: '0' }).assistantHistoryQuestions).toBe(0)
})
