/**
 * The Gemini adapter of the `AssistantModel` port, the only file that imports
 * `@google/generative-ai` (deprecated upstream for `@google/genai`: the swap is this file). It maps
 * tool declarations to Gemini's OpenAPI subset, turns to contents with function calls and
 * responses, streams text and function calls, and turns SDK errors into `ModelUnavailable`.
 */
import {
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIResponseError,
  type Content,
  type FunctionDeclaration,
  type GenerateContentResponse,
  type Schema,
} from '@google/generative-ai'
import { config } from '../../common/config'
import { ModelUnavailable, type AssistantModel, type ModelChunk, type ModelFailure, type ToolDeclaration, type Turn } from './port'

type Json = Record<string, any>

/** JSON Schema → Gemini's schema: type, description, enum, properties, required, items; bounds go into the description. */
export function geminiSchema(schema: Json): Schema {
  const bounds = [schema.minimum !== undefined && `at least ${schema.minimum}`, schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER && `at most ${schema.maximum}`].filter(Boolean)
  const description = [schema.description, bounds.length ? `(${bounds.join(', ')})` : ''].filter(Boolean).join(' ') || undefined
  const common = description ? { description } : {}
  switch (schema.type) {
    case 'object':
      return {
        type: 'object' as Schema['type'],
        properties: Object.fromEntries(Object.entries((schema.properties ?? {}) as Json).map(([k, v]) => [k, geminiSchema(v)])),
        ...(schema.required?.length ? { required: schema.required } : {}),
        ...common,
      } as Schema
    case 'array':
      return { type: 'array', items: geminiSchema(schema.items ?? { type: 'string' }), ...common } as Schema
    case 'integer':
    case 'number':
    case 'boolean':
      return { type: schema.type, ...common } as Schema
    default:
      return (schema.enum ? { type: 'string', format: 'enum', enum: schema.enum.map(String), ...common } : { type: 'string', ...common }) as Schema
  }
}

export function geminiDeclarations(tools: readonly ToolDeclaration[]): FunctionDeclaration[] {
  return tools.map((tool) => {
    const parameters = geminiSchema(tool.parameters) as Json
    // Gemini refuses an object schema without properties: a tool without arguments declares none
    return Object.keys(parameters.properties ?? {}).length ? { name: tool.name, description: tool.description, parameters: parameters as FunctionDeclaration['parameters'] } : { name: tool.name, description: tool.description }
  })
}

/** The conversation as Gemini contents: user text, model text with function calls, function responses. */
export function geminiContents(turns: readonly Turn[]): Content[] {
  return turns.map((turn): Content => {
    if (turn.role === 'user') return { role: 'user', parts: [{ text: turn.text }] }
    if (turn.role === 'model') {
      const parts = [...(turn.text ? [{ text: turn.text }] : []), ...turn.toolCalls.map((call) => ({ functionCall: { name: call.name, args: call.args } }))]
      return { role: 'model', parts: parts.length ? parts : [{ text: '' }] }
    }
    return {
      role: 'function',
      parts: turn.results.map(({ id: _, name, ...outcome }) => ({ functionResponse: { name, response: outcome } })),
    }
  })
}

/** One streamed response's chunks; `nextId` names each function call (Gemini's have no id). */
export function geminiChunks(response: GenerateContentResponse, nextId: () => string): ModelChunk[] {
  const blocked = response.promptFeedback?.blockReason
  if (blocked) throw new ModelUnavailable('refused', `the model refused the question (${blocked})`)
  const candidate = response.candidates?.[0]
  if (candidate?.finishReason === 'SAFETY' || candidate?.finishReason === 'PROHIBITED_CONTENT' || candidate?.finishReason === 'BLOCKLIST')
    throw new ModelUnavailable('refused', `the model stopped its answer (${candidate.finishReason})`)
  const chunks: ModelChunk[] = []
  for (const part of candidate?.content?.parts ?? []) {
    if (part.text) chunks.push({ type: 'text', text: part.text })
    if (part.functionCall) chunks.push({ type: 'toolCall', call: { id: nextId(), name: part.functionCall.name, args: (part.functionCall.args ?? {}) as Record<string, unknown> } })
  }
  const usage = response.usageMetadata
  if (usage) chunks.push({ type: 'usage', inputTokens: usage.promptTokenCount ?? 0, outputTokens: usage.candidatesTokenCount ?? 0 })
  return chunks
}

/** Why a Gemini call failed, as the port says it. */
export function modelFailureOf(error: unknown): ModelUnavailable {
  if (error instanceof ModelUnavailable) return error
  const message = error instanceof Error ? error.message : String(error)
  const failed = (reason: ModelFailure) => new ModelUnavailable(reason, message)
  if (error instanceof GoogleGenerativeAIAbortError || (error as Error)?.name === 'AbortError' || (error as Error)?.name === 'TimeoutError') return failed('timeout')
  if (error instanceof GoogleGenerativeAIFetchError) {
    const status = error.status ?? 0
    if (status === 429) return failed('quota')
    if (status === 401 || status === 403 || status === 404 || (status === 400 && /api key|api_key|permission/i.test(message))) return failed('misconfigured')
    if (status === 408 || status === 504) return failed('timeout')
    if (status >= 400 && status < 500) return failed('refused')
    return failed('unreachable')
  }
  if (error instanceof GoogleGenerativeAIResponseError) return failed('refused')
  if (error instanceof GoogleGenerativeAIError) return failed('unreachable')
  return failed('unreachable')
}

export interface GeminiOptions {
  apiKey: string
  model: string
  /** another endpoint (a proxy) instead of Google's */
  baseUrl?: string
}

export function geminiModel(options: GeminiOptions): AssistantModel {
  const client = new GoogleGenerativeAI(options.apiKey)
  let calls = 0
  return {
    name: options.model,
    async *generate(request) {
      const model = client.getGenerativeModel(
        { model: options.model, systemInstruction: request.system, generationConfig: { maxOutputTokens: request.maxOutputTokens, temperature: 0.2 } },
        options.baseUrl ? { baseUrl: options.baseUrl } : undefined,
      )
      try {
        const tools = request.tools.length ? [{ functionDeclarations: geminiDeclarations(request.tools) }] : undefined
        const { stream } = await model.generateContentStream({ contents: geminiContents(request.turns), tools }, { signal: request.signal })
        for await (const response of stream) yield* geminiChunks(response, () => `gemini-${++calls}`)
      } catch (error) {
        throw modelFailureOf(error)
      }
    },
  }
}

/** The Gemini model when GEMINI_API_KEY is set, else undefined (the built-in analyst answers). */
export function configuredModel(): AssistantModel | undefined {
  return config.geminiApiKey ? geminiModel({ apiKey: config.geminiApiKey, model: config.geminiModel }) : undefined
}
