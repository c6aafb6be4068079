/**
 * A scripted OpenAI-compatible chat model (test only): `POST <url>/chat/completions` as n8n's OpenAI Chat Model node
 * (`@n8n/n8n-nodes-langchain.lmChatOpenAi`, 'Use Responses API' off) sends it through the OpenAI SDK, with the
 * credential's Base URL (`openAiApi.url`) pointing at `url`.
 *
 * Each request is answered by the script, a function of what the model was given (the conversation and the tools):
 * it returns the tool calls a real model would make, or a final answer. A script reads the tool results it received
 * from the conversation (OpenAI's `role: 'tool'` messages), so an answer built from them proves the result reached
 * the model. Every request is recorded, for the test to check what the model was given: the tools' names,
 * descriptions and parameter schemas, and the tool results.
 *
 * Answers are plain JSON (`chat.completion`), or server-sent events (`chat.completion.chunk`) when the request asks
 * for `stream: true`.
 */
import * as http from 'node:http';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: { type?: string; properties?: Record<string, { type?: string; description?: string }>; required?: string[] } };
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
	[key: string]: unknown;
}

/** What the script answers: tool calls (name and arguments), or a final text. */
export type ScriptReply = { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> } | { content: string };

/** The script: called once per request, with the request and how many requests came before it. */
export type Script = (request: ChatRequest, turn: number) => ScriptReply;

export interface ScriptedModel {
	/** The base URL to give the credential (`…/v1`). */
	url: string;
	/** Every request received, in order (the parsed body). */
	requests: ChatRequest[];
	/** Replaces the script (one model server serves several checks, one after the other). */
	setScript(script: Script): void;
	close(): Promise<void>;
}

/** The text of a message's content (a string, or the text parts of a list). */
export function textOf(message: ChatMessage | undefined): string {
	if (!message || message.content === null || message.content === undefined) return '';
	if (typeof message.content === 'string') return message.content;
	return message.content.map((part) => part.text ?? '').join('');
}

/** The tool results of a conversation, in order: the tool call's name and arguments, and the result's text. */
export function toolResults(request: ChatRequest): Array<{ name: string; arguments: Record<string, unknown>; content: string }> {
	const calls = new Map<string, { name: string; arguments: Record<string, unknown> }>();
	for (const message of request.messages) {
		for (const call of message.tool_calls ?? []) {
			let args: Record<string, unknown> = {};
			try {
				args = JSON.parse(call.function.arguments) as Record<string, unknown>;
			} catch {
				// left empty: the script sees no arguments
			}
			calls.set(call.id, { name: call.function.name, arguments: args });
		}
	}
	return request.messages
		.filter((m) => m.role === 'tool')
		.map((m) => ({ ...(calls.get(m.tool_call_id ?? '') ?? { name: '?', arguments: {} }), content: textOf(m) }));
}

/** The first user message: the question the agent was given. */
export const questionOf = (request: ChatRequest) => textOf(request.messages.find((m) => m.role === 'user'));

export async function startScriptedModel(script: Script): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	let current = script;
	let callCounter = 0;
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			const fail = (status: number, message: string) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
			};
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url ?? '')) {
				return fail(404, `the scripted model answers POST /v1/chat/completions only, not ${req.method} ${req.url}`);
			}
			let request: ChatRequest;
			try {
				request = JSON.parse(body) as ChatRequest;
			} catch {
				return fail(400, 'the body is not JSON');
			}
			requests.push(request);
			let reply: ScriptReply;
			try {
				reply = current(request, requests.length - 1);
			} catch (error) {
				// The script could not go on (an unexpected conversation): an error the agent reports, with the reason.
				return fail(400, `scripted model: ${(error as Error).message}`);
			}
			const created = Math.floor(Date.now() / 1000);
			const id = `chatcmpl-scripted-${requests.length}`;
			const toolCalls =
				'toolCalls' in reply
					? reply.toolCalls.map((call) => ({ id: `call_${++callCounter}`, type: 'function' as const, function: { name: call.name, arguments: JSON.stringify(call.arguments) } }))
					: undefined;
			const message = toolCalls ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: (reply as { content: string }).content };
			const finish = toolCalls ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!request.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ id, object: 'chat.completion', created, model: request.model, choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage }));
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
			const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) =>
				res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra })}\n\n`);
			if (toolCalls) chunk({ role: 'assistant', content: null, tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, null);
			else chunk({ role: 'assistant', content: message.content }, null);
			chunk({}, finish, { usage });
			res.end('data: [DONE]\n\n');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		setScript(script: Script) {
			current = script;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
