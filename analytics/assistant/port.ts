/**
 * The marketing assistant's contracts (issue 10), shared by its parts:
 *
 * - `AssistantModel` — the port a language model sits behind. The Gemini adapter
 *   (`gemini.ts`, the only file that imports `@google/generative-ai`) implements it; tests drive the
 *   tool loop through a scripted double of the same port. The model never sees SQL or a store: it
 *   can only ask for the read-only tools it is offered, by name, with arguments the loop validates.
 * - `AssistantEvent` — what one answer streams to the page (SSE), in order: `start`, then any of
 *   `tool` / `text` / `notice`, then `done` or `error`.
 * - `Assistant` — the service the page, the panel and the JSON route call.
 */
import type { SignedInAccount } from '../accounts/model'

/** A tool as the model is told about it: its name, what it answers, and the JSON Schema of its arguments. */
export interface ToolDeclaration {
  /** a-z, 0-9 and `_` (Gemini's rule), e.g. `activity_dashboard` */
  name: string
  description: string
  /** JSON Schema (an object schema), derived from the TypeBox schema that validates the API's parameters */
  parameters: Record<string, unknown>
}

export interface ToolCall {
  /** unique within one answer; the loop pairs each result with its call */
  id: string
  name: string
  args: Record<string, unknown>
}

/** What a tool answered: its figures, or an error given back to the model as data. */
export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }

export type Turn =
  | { role: 'user'; text: string }
  | { role: 'model'; text: string; toolCalls: ToolCall[] }
  | { role: 'tool'; results: (ToolOutcome & { id: string; name: string })[] }

export interface ModelRequest {
  system: string
  turns: readonly Turn[]
  tools: readonly ToolDeclaration[]
  maxOutputTokens: number
  signal: AbortSignal
}

/** A model's answer streams as text pieces and tool calls; usage when the model reports it. */
export type ModelChunk =
  | { type: 'text'; text: string }
  | { type: 'toolCall'; call: ToolCall }
  | { type: 'usage'; inputTokens: number; outputTokens: number }

/** Why a model could not answer: the user sees a clear message, and the built-in analyst answers instead. */
export type ModelFailure = 'unreachable' | 'timeout' | 'quota' | 'refused' | 'misconfigured'

export class ModelUnavailable extends Error {
  constructor(
    readonly reason: ModelFailure,
    message: string,
  ) {
    super(message)
    this.name = 'ModelUnavailable'
  }
}

export interface AssistantModel {
  /** e.g. `gemini-2.0-flash`; shown to the user as who answered */
  readonly name: string
  /** One model turn. Throws `ModelUnavailable` (or the iterator does) when the model cannot answer. */
  generate(request: ModelRequest): AsyncIterable<ModelChunk>
}

/** What is open when the question is asked ("how's this one doing?" needs no id). */
export interface AskContext {
  campaignId?: number
  activityId?: number
}

export interface AskInput {
  account: SignedInAccount
  question: string
  context?: AskContext
}

export type Answerer = 'model' | 'analyst'

export type AssistantEvent =
  | { type: 'start'; answerer: Answerer; model?: string }
  /** one tool call: a short label ("funnel of activity 12, last 7 days"), its arguments and the figures it returned */
  | { type: 'tool'; id: string; tool: string; label: string; args: Record<string, unknown>; outcome: ToolOutcome }
  /** a piece of the answer's text (markdown-free plain text; the page escapes it) */
  | { type: 'text'; text: string }
  /** something the user should know that is not the answer, e.g. the model is unreachable so the built-in analyst answers */
  | { type: 'notice'; code: string; message: string }
  | { type: 'done'; rounds: number; toolCalls: number }
  /** why there is no answer; `retryAfterSeconds` when asking again later will work (a rate limit) */
  | { type: 'error'; code: string; message: string; retryAfterSeconds?: number }

export interface Assistant {
  ask(input: AskInput, signal: AbortSignal): AsyncIterable<AssistantEvent>
}

/**
 * The read-only tools one signed-in account may use — the model's and the built-in analyst's only
 * way to the numbers. Built by `assistantTools(deps, account)` in `tools.ts`: each tool is a dashboard
 * service function, declared from the same TypeBox schema that validates its API's parameters.
 */
export interface AssistantTools {
  readonly declarations: readonly ToolDeclaration[]
  /** Validates `args` against the tool's schema, refuses what the account may not see, runs it. Never throws: an error is an outcome. */
  call(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutcome>
  /** A short label for the user ("funnel of activity 12, last 7 days"). */
  label(name: string, args: Record<string, unknown>): string
}

/** The rules-based analyst that answers when there is no model key or the model fails; labelled as such, never as the model. */
export interface BuiltInAnalyst {
  /** Streams `tool` and `text` events (no `start`/`done`: the service frames the answer). */
  answer(input: { question: string; context?: AskContext }, tools: AssistantTools, signal: AbortSignal): AsyncIterable<AssistantEvent>
}
