/**
 * The Gemini adapter's mapping, without Google: schemas, turns and streamed parts both ways, and
 * SDK errors to the port's failure reasons. The last tests run the real SDK against a local
 * stand-in of Gemini's streaming endpoint (the only double is of Google's API).
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { GoogleGenerativeAIAbortError, GoogleGenerativeAIError, GoogleGenerativeAIFetchError, GoogleGenerativeAIResponseError } from '@google/generative-ai'
import { cohortParams } from '../dashboards/cohort'
import { declarationSchema } from './declaration'
import { geminiChunks, geminiContents, geminiDeclarations, geminiModel, geminiSchema, modelFailureOf } from './gemini'
import { ModelUnavailable, type ModelChunk, type ModelFailure, type ToolDeclaration } from './port'

const cohortTool: ToolDeclaration = { name: 'cohort_analysis', description: 'LTV and CAC', parameters: declarationSchema(cohortParams) }

describe('declarations', () => {
  test("a tool's JSON Schema becomes Gemini's: types, enums, required, bounds in words", () => {
    const [declaration] = geminiDeclarations([cohortTool])
    expect(declaration!.name).toBe('cohort_analysis')
    const parameters = declaration!.parameters as any
    expect(parameters.type).toBe('object')
    expect(parameters.required).toEqual(['activityId', 'startDate', 'endDate'])
    expect(parameters.properties.activityId).toEqual({ type: 'integer', description: expect.stringContaining('(at least 1)') })
    expect(parameters.properties.retention).toMatchObject({ type: 'string', format: 'enum', enum: ['rolling', 'calendar'] })
    expect(parameters.properties.startDate).toEqual({ type: 'string', description: expect.stringContaining('2025-11-28') })
    // Gemini's schema has no minimum, maximum, anyOf or custom formats
    expect(JSON.stringify(parameters)).not.toMatch(/minimum|maximum|anyOf|dashboard-date/)
  })

  test('a tool without arguments declares no parameters (Gemini refuses an empty object)', () => {
    expect(geminiDeclarations([{ name: 'list_all', description: 'x', parameters: { type: 'object', properties: {} } }])).toEqual([{ name: 'list_all', description: 'x' }])
    expect(geminiSchema({ type: 'array', items: { type: 'integer' } })).toEqual({ type: 'array', items: { type: 'integer' } } as any)
  })
})

describe('turns and chunks', () => {
  test('turns become contents: user text, model text with function calls, function responses with the outcome', () => {
    const contents = geminiContents([
      { role: 'user', text: 'how is activity 12?' },
      { role: 'model', text: 'Looking.', toolCalls: [{ id: 'c1', name: 'activity_dashboard', args: { activityId: 12 } }] },
      { role: 'tool', results: [{ id: 'c1', name: 'activity_dashboard', ok: false, error: { code: 'NOT_FOUND', message: 'activity 12 does not exist' } }] },
    ])
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'how is activity 12?' }] },
      { role: 'model', parts: [{ text: 'Looking.' }, { functionCall: { name: 'activity_dashboard', args: { activityId: 12 } } }] },
      { role: 'function', parts: [{ functionResponse: { name: 'activity_dashboard', response: { ok: false, error: { code: 'NOT_FOUND', message: 'activity 12 does not exist' } } } }] },
    ])
  })

  test('a streamed response becomes text, tool calls with ids and usage', () => {
    let n = 0
    const chunks = geminiChunks(
      {
        candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Purchases ' }, { functionCall: { name: 'segments', args: { activityId: 3 } } }] } }],
        usageMetadata: { promptTokenCount: 50, candidatesTokenCount: 7, totalTokenCount: 57 },
      },
      () => `id-${++n}`,
    )
    expect(chunks).toEqual([
      { type: 'text', text: 'Purchases ' },
      { type: 'toolCall', call: { id: 'id-1', name: 'segments', args: { activityId: 3 } } },
      { type: 'usage', inputTokens: 50, outputTokens: 7 },
    ])
  })

  test('a blocked prompt or a stopped answer is refused', () => {
    expect(() => geminiChunks({ promptFeedback: { blockReason: 'SAFETY' as any, safetyRatings: [] } }, () => 'x')).toThrow(ModelUnavailable)
    const stopped = () => geminiChunks({ candidates: [{ index: 0, finishReason: 'SAFETY' as any, content: { role: 'model', parts: [] } }] }, () => 'x')
    expect(stopped).toThrow('SAFETY')
  })
})

describe('errors', () => {
  const cases: [string, ModelFailure, { error: unknown }][] = [
    ['429', 'quota', { error: new GoogleGenerativeAIFetchError('[429 Too Many Requests] Resource has been exhausted', 429) }],
    ['400 bad key', 'misconfigured', { error: new GoogleGenerativeAIFetchError('[400 Bad Request] API key not valid. Please pass a valid API key.', 400) }],
    ['403', 'misconfigured', { error: new GoogleGenerativeAIFetchError('[403 Forbidden] permission denied', 403) }],
    ['404 unknown model', 'misconfigured', { error: new GoogleGenerativeAIFetchError('[404 Not Found] models/gemini-9 is not found', 404) }],
    ['503', 'unreachable', { error: new GoogleGenerativeAIFetchError('[503 Service Unavailable] overloaded', 503) }],
    ['other 400', 'refused', { error: new GoogleGenerativeAIFetchError('[400 Bad Request] invalid argument', 400) }],
    ['an abort', 'timeout', { error: new GoogleGenerativeAIAbortError('Request aborted when fetching') }],
    ['a network failure', 'unreachable', { error: new GoogleGenerativeAIError('Error fetching from https://generativelanguage.googleapis.com: fetch failed') }],
    ['a blocked candidate', 'refused', { error: new GoogleGenerativeAIResponseError('Candidate was blocked due to SAFETY') }],
    ['a bare fetch failure', 'unreachable', { error: new TypeError('fetch failed') }],
  ]
  test.each(cases)('%s is %s', (_, expected, { error }) => {
    expect(modelFailureOf(error).reason).toBe(expected)
  })
})

describe('through the real SDK against a local stand-in of the streaming endpoint', () => {
  const seen: { path: string; body: any }[] = []
  let status = 200
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      seen.push({ path: new URL(request.url).pathname, body: await request.json() })
      if (status !== 200) return Response.json({ error: { code: status, message: 'Resource has been exhausted (e.g. check quota).' } }, { status })
      const events = [
        { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Activity 12 sold ' }] } }] },
        { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: '40 units.' }, { functionCall: { name: 'hourly_inflow', args: { activityId: 12 } } }] } }], usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 4, totalTokenCount: 13 } },
      ]
      return new Response(events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join(''), { headers: { 'content-type': 'text/event-stream' } })
    },
  })
  afterAll(() => server.stop(true))
  const model = geminiModel({ apiKey: 'test-key', model: 'gemini-test', baseUrl: `http://127.0.0.1:${server.port}` })
  const request = { system: 'answer from tools', turns: [{ role: 'user' as const, text: 'how is 12?' }], tools: [cohortTool], maxOutputTokens: 256, signal: new AbortController().signal }

  test('streams text and function calls; sends the system prompt, the declarations and the token bound', async () => {
    const chunks: ModelChunk[] = []
    for await (const chunk of model.generate(request)) chunks.push(chunk)
    expect(chunks.filter((c) => c.type !== 'usage')).toEqual([
      { type: 'text', text: 'Activity 12 sold ' },
      { type: 'text', text: '40 units.' },
      { type: 'toolCall', call: { id: expect.any(String), name: 'hourly_inflow', args: { activityId: 12 } } },
    ])
    const sent = seen.at(-1)!
    expect(sent.path).toBe('/v1beta/models/gemini-test:streamGenerateContent')
    expect(sent.body.systemInstruction.parts[0].text).toBe('answer from tools')
    expect(sent.body.tools[0].functionDeclarations.map((d: { name: string }) => d.name)).toEqual(['cohort_analysis'])
    expect(sent.body.generationConfig.maxOutputTokens).toBe(256)
  })

  test('a 429 is the quota', async () => {
    status = 429
    const run = async () => {
      for await (const _ of model.generate(request));
    }
    await expect(run()).rejects.toMatchObject({ name: 'ModelUnavailable', reason: 'quota' })
  })
})
