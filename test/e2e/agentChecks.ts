/**
 * End-to-end checks of the node as a tool of n8n's AI Agent, in the real n8n CLI (2.x), called by run.ts.
 *
 * One workflow, as the README's "Use with n8n's AI Agent" sets it up: Manual Trigger → AI Agent, with n8n's OpenAI
 * Chat Model node (Responses API off) whose credential's Base URL points at a scripted OpenAI-compatible model
 * (test/support/scriptedModel.ts), and two tools made of this node (`n8n-nodes-careerpro-fla.careerProFlaTool`,
 * the type n8n's loader gives a node with `usableAsTool`): `FLA_trainings` (Training > Get Many, employer
 * credential) and `FLA_register_training` (Training > Create, mandatary credential), their fields filled by
 * `$fromAI()` with the node's own field hints as descriptions. The scripted model answers with the tool calls a real
 * model would make, then a final answer built from the tool results it received. The checks:
 * - the read: "How many trainings did employer 0202.239.951 register in 2025?" answered with the sandbox's count;
 *   the model was given both tools, each described by its operation (not n8n's generic "Get many trainings in …"),
 *   with the `$fromAI` parameters and their descriptions;
 * - the write: a 7.5-hour formal training "Forklift safety" on 2 March 2026 for NISS 85.07.30-033.28, registered
 *   once, with those values on the wire;
 * - a refused input: the model first sends a NISS with a typing error and a date written out in words; n8n hands the
 *   node's error to the model as a tool result `[{"error": <message>}]` (the message alone, not the description), so
 *   the message names both fields and the form to use; the model corrects the fields it names, and the write lands
 *   once, nothing having been sent for the refused call;
 * - node version 3 (what a new node is): the write tool's 'Columns' mapped field by field, each a `$fromAI`; the model
 *   is given the same parameters with the same descriptions, and the write lands once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { RESOURCES } from '../../nodes/CareerProFla/resources';
import { mappedFieldsOf } from '../../nodes/CareerProFla/shared/columns';
import { ENTERPRISE_NUMBER, TRAINING_FIELDS } from '../../nodes/CareerProFla/shared/contract';
import { questionOf, startScriptedModel, toolResults, type ChatRequest, type Script, type ScriptedModel } from '../support/scriptedModel';
import { CREDENTIAL_IDS, CREDENTIAL_NAMES, ENTERPRISES, Missing, REPO_DIR, newId, nodeOutput, seconds, type ExecuteResult, type N8nSession, type SandboxWorld } from './n8n';

type Check = (name: string, fn: () => Promise<string | string[] | void>) => Promise<boolean>;

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

const short = (value: unknown, max = 300) => {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max)}...` : text;
};

export const AGENT = '@n8n/n8n-nodes-langchain.agent';
export const CHAT_MODEL = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
/** The type n8n's loader gives this node's tool variant (`usableAsTool`): the node's name with `Tool`. */
export const FLA_TOOL = 'n8n-nodes-careerpro-fla.careerProFlaTool';

const READ_TOOL = 'FLA_trainings';
const WRITE_TOOL = 'FLA_register_training';
const MODEL_CREDENTIAL = { id: 'e2eScriptedModel', name: 'Scripted model (OpenAI-compatible)' };

const hint = (parameter: string) => {
	const spec = [ENTERPRISE_NUMBER, ...TRAINING_FIELDS].find((s) => s.parameter === parameter);
	assert(spec?.hint, `the contract has no hint for ${parameter}`);
	return spec.hint;
};

/** `$fromAI(key, description, type)`, the description in backticks (the hints hold quotes, never a backtick). */
const fromAI = (key: string, description: string, type = 'string') => `$fromAI('${key}', \`${description}\`, '${type}')`;

/** What the model is told of each `$fromAI` parameter: the node's own field hints (the contract's), one home. */
export const PARAMETER_DESCRIPTIONS = {
	enterpriseNumber: hint('enterpriseNumber'),
	year: 'The calendar year whose trainings to list (by start date), as 2025',
	ssin: hint('ssin'),
	title: hint('title'),
	trainingType: 'formal or informal. Formal: organised by or for the employer with a trainer. Informal: learning on the job.',
	startDate: hint('startDate'),
	endDate: hint('endDate'),
	durationHours: hint('durationHours'),
};

type NodeJson = { id: string; name: string; type: string; typeVersion: number; position: [number, number]; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> };

/** The fields of Training > Create as 'Columns' lists them (node version 3), from the operation's file. */
const trainingColumns = () => mappedFieldsOf(RESOURCES)('training', 'create');

/**
 * Manual Trigger → AI Agent, with the chat model and the two tools. `writeVersion` 3: the write tool's record in
 * 'Columns', mapped field by field, each field a `$fromAI` (what a new node offers since version 3).
 */
function agentWorkflow(prompt: string, writeVersion: 2 | 3 = 2) {
	const d = PARAMETER_DESCRIPTIONS;
	const employer = { careerProFlaApi: { id: CREDENTIAL_IDS.employer, name: CREDENTIAL_NAMES.employer } };
	const mandatary = { careerProFlaApi: { id: CREDENTIAL_IDS.provider, name: CREDENTIAL_NAMES.provider } };
	const year = fromAI('year', d.year, 'number');
	const record = {
		ssin: `={{ ${fromAI('ssin', d.ssin)} }}`,
		title: `={{ ${fromAI('title', d.title)} }}`,
		trainingType: `={{ ${fromAI('trainingType', d.trainingType)} }}`,
		startDate: `={{ ${fromAI('startDate', d.startDate)} }}`,
		endDate: `={{ ${fromAI('endDate', d.endDate)} }}`,
		durationHours: `={{ ${fromAI('durationHours', d.durationHours)} }}`,
	};
	const nodes: NodeJson[] = [
		{ id: 'agent-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'agent-agent', name: 'AI Agent', type: AGENT, typeVersion: 3.1, position: [220, 0], parameters: { promptType: 'define', text: prompt, options: {} } },
		{
			id: 'agent-model',
			name: 'Chat Model',
			type: CHAT_MODEL,
			typeVersion: 1.3,
			position: [100, 220],
			parameters: { model: { __rl: true, mode: 'id', value: 'scripted-fla' }, responsesApiEnabled: false, options: {} },
			credentials: { openAiApi: MODEL_CREDENTIAL },
		},
		{
			id: 'agent-read',
			name: READ_TOOL,
			type: FLA_TOOL,
			typeVersion: 2,
			position: [260, 220],
			parameters: {
				resource: 'training',
				operation: 'getAll',
				enterpriseNumber: `={{ ${fromAI('enterpriseNumber', d.enterpriseNumber)} }}`,
				returnAll: true,
				filters: { startDateFrom: `={{ ${year} }}-01-01`, startDateTo: `={{ ${year} }}-12-31` },
			},
			credentials: employer,
		},
		{
			id: 'agent-write',
			name: WRITE_TOOL,
			type: FLA_TOOL,
			typeVersion: writeVersion,
			position: [420, 220],
			parameters: {
				resource: 'training',
				operation: 'create',
				enterpriseNumber: `={{ ${fromAI('enterpriseNumber', d.enterpriseNumber)} }}`,
				...(writeVersion === 3
					? { columns: { mappingMode: 'defineBelow', value: record, matchingColumns: [], schema: trainingColumns(), attemptToConvertTypes: false, convertFieldsToString: true } }
					: { ...record, additionalFields: {} }),
			},
			credentials: mandatary,
		},
	];
	const to = (node: string, type: string) => [[{ node, type, index: 0 }]];
	return {
		id: newId('agent'),
		name: 'e2e AI Agent with CareerPro FLA tools',
		nodes,
		connections: {
			Start: { main: to('AI Agent', 'main') },
			'Chat Model': { ai_languageModel: to('AI Agent', 'ai_languageModel') },
			[READ_TOOL]: { ai_tool: to('AI Agent', 'ai_tool') },
			[WRITE_TOOL]: { ai_tool: to('AI Agent', 'ai_tool') },
		},
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

/** The `action` of an operation of the built node: n8n describes a tool by it ("<action> in CareerPro FLA"). */
function actionOf(resource: string, operation: string): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { CareerProFla } = require(path.join(REPO_DIR, 'dist', 'nodes', 'CareerProFla', 'CareerProFla.node.js')) as { CareerProFla: new () => { description: { properties: Array<{ name: string; displayOptions?: { show?: { resource?: string[] } }; options?: Array<{ value: string; action?: string }> }> } } };
	const selector = new CareerProFla().description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
	const action = selector?.options?.find((o) => o.value === operation)?.action;
	assert(action, `no action for ${resource} > ${operation} in the built node`);
	return action;
}

/** The tool's arguments in one call of the conversation, or throws with what the conversation holds. */
function lastToolResult(request: ChatRequest) {
	const results = toolResults(request);
	const last = results[results.length - 1];
	assert(last, `the model got no tool result: ${short(request.messages)}`);
	return last;
}

function parseResult(content: string): unknown {
	try {
		return JSON.parse(content);
	} catch {
		return content;
	}
}

/** The output text of the AI Agent node, or throws with the run's error. */
function agentAnswer(run: ExecuteResult): string {
	assert(run.exitCode === 0 && run.json?.status === 'success', `the run failed (exit ${run.exitCode}): ${run.error ? `node "${run.error.node?.name ?? '?'}": ${run.error.message ?? ''} ${run.error.description ?? ''}` : (run.stdout + run.stderr).trim().split('\n').slice(-15).join('\n')}`);
	const [out] = nodeOutput(run.json, 'AI Agent');
	assert(typeof out?.output === 'string', `the AI Agent node gave ${short(out)}`);
	return out.output;
}

const WRITE = {
	title: 'Forklift safety',
	trainingType: 'formal',
	startDate: '2026-03-02',
	endDate: '2026-03-02',
	durationHours: 7.5,
	ssin: '85073003328',
};

/** n8n 2.x only (AI Agent 3.1): run.ts does not call it for n8n 1.x. */
export async function agentChecks(check: Check, s: N8nSession, world: SandboxWorld | undefined, workDir: string, credentialsImported: boolean) {
	let model: ScriptedModel | undefined;
	let ready = false;
	const run = async (prompt: string, script: Script, writeVersion: 2 | 3 = 2) => {
		// The script counts the requests of this run only.
		const before = model!.requests.length;
		model!.setScript((request, turn) => script(request, turn - before));
		const workflow = agentWorkflow(prompt, writeVersion);
		const file = path.join(workDir, `${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
		const imported = await s.importWorkflow(file);
		assert(imported.exitCode === 0, `import:workflow: ${(imported.stdout + imported.stderr).trim().split('\n').slice(-8).join('\n')}`);
		const executed = await s.executeWorkflow(workflow.id, { timeoutMs: 180_000 });
		return { executed, requests: model!.requests.slice(before), timing: `import ${seconds(imported.ms)}, execute ${seconds(executed.ms)}` };
	};

	try {
		await check('AI Agent: a scripted OpenAI-compatible model, its openAiApi credential imported', async () => {
			if (!credentialsImported || !world) throw new Missing('the careerProFlaApi credentials are not imported');
			model = await startScriptedModel(() => ({ content: 'no script yet' }));
			const file = path.join(workDir, 'openai-credential.json');
			// Not a secret: the scripted model accepts any key.
			fs.writeFileSync(file, JSON.stringify([{ ...MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'scripted-model-accepts-any-key', url: model.url, header: false } }]));
			const imported = await s.importCredentials(file);
			fs.rmSync(file);
			assert(imported.exitCode === 0 && /Successfully imported 1 credential/.test(imported.stdout), `import:credentials: ${(imported.stdout + imported.stderr).trim().split('\n').slice(-5).join('\n')}`);
			ready = true;
			return `${model.url}; ${seconds(imported.ms)}`;
		});

		await check('AI Agent: "How many trainings did employer 0202.239.951 register in 2025?" answered with the sandbox\'s count through the tool FLA_trainings', async () => {
			if (!ready) throw new Missing('the scripted model is not set up');
			const employer = ENTERPRISES.employer;
			const truth = (world!.sandbox.data?.().trainings ?? []).filter((t) => t.enterpriseNumber === employer && String(t.startDate).startsWith('2025')).length;
			assert(truth > 0, 'the sandbox holds no training of 2025 for the employer: the check would prove nothing');
			const question = 'How many trainings did employer 0202.239.951 register in 2025?';
			const { executed, requests, timing } = await run(question, (request, turn) => {
				if (turn === 0) {
					const match = /employer ([\d.]+) register in (\d{4})/.exec(questionOf(request));
					assert(match, `the question reached the model as ${short(questionOf(request))}`);
					return { toolCalls: [{ name: READ_TOOL, arguments: { enterpriseNumber: match[1], year: Number(match[2]) } }] };
				}
				const result = parseResult(lastToolResult(request).content);
				assert(Array.isArray(result), `the tool result is not a list of trainings: ${short(result)}`);
				return { content: `Employer 0202.239.951 registered ${result.length} trainings in 2025.` };
			});
			const answer = agentAnswer(executed);
			assert(answer === `Employer 0202.239.951 registered ${truth} trainings in 2025.`, `the agent answered ${JSON.stringify(answer)}; the sandbox holds ${truth} trainings of 2025 for ${employer}`);
			assert(requests.length === 2, `the model was asked ${requests.length} times, expected 2 (a tool call, then the answer)`);

			// What the model was given: both tools, described by their operations, with the $fromAI parameters.
			const tools = requests[0].tools ?? [];
			const byName = new Map(tools.map((t) => [t.function.name, t.function]));
			const read = byName.get(READ_TOOL);
			const write = byName.get(WRITE_TOOL);
			assert(read && write, `the model was given the tools ${short([...byName.keys()])}`);
			const expected = { read: `${actionOf('training', 'getAll')} in CareerPro FLA`, write: `${actionOf('training', 'create')} in CareerPro FLA` };
			// n8n's own words for a tool without a described action: what the issue found the model was given.
			assert(read.description !== 'Get many trainings in CareerPro FLA', `${READ_TOOL} is described by n8n's generic words only`);
			assert(read.description === expected.read, `${READ_TOOL} is described as ${JSON.stringify(read.description)}, expected ${JSON.stringify(expected.read)}`);
			assert(write.description === expected.write, `${WRITE_TOOL} is described as ${JSON.stringify(write.description)}, expected ${JSON.stringify(expected.write)}`);
			const schema = (fn: typeof read) => fn.parameters?.properties ?? {};
			const keys = (fn: typeof read) => Object.keys(schema(fn)).sort();
			assert(short(keys(read)) === short(['enterpriseNumber', 'year']), `${READ_TOOL}'s parameters: ${short(keys(read))}`);
			assert(short(keys(write)) === short(['durationHours', 'endDate', 'enterpriseNumber', 'ssin', 'startDate', 'title', 'trainingType']), `${WRITE_TOOL}'s parameters: ${short(keys(write))}`);
			for (const [key, description] of Object.entries(PARAMETER_DESCRIPTIONS)) {
				const given = schema(key === 'year' ? read : write)[key];
				assert(given?.description === description, `the model was told of '${key}': ${short(given)}, expected the description ${JSON.stringify(description)}`);
			}
			assert(schema(read).year?.type === 'number', `'year' is given to the model as ${short(schema(read).year)}`);

			// The tool result the model received: the employer's 2025 trainings, each with its identifier.
			const received = parseResult(lastToolResult(requests[1]).content) as Array<Record<string, unknown>>;
			const ids = (world!.sandbox.data?.().trainings ?? []).filter((t) => t.enterpriseNumber === employer && String(t.startDate).startsWith('2025')).map((t) => t.trainingId).sort();
			assert(short(received.map((r) => r.trainingId).sort(), 10_000) === short(ids, 10_000), `the model received the trainings ${short(received.map((r) => r.trainingId))}, the sandbox holds ${short(ids)}`);
			return [
				`answer: ${answer}; ${timing}`,
				`tools given to the model: ${READ_TOOL}: "${read.description}"; ${WRITE_TOOL}: "${write.description}"`,
				`parameters: ${READ_TOOL} (${keys(read).join(', ')}), ${WRITE_TOOL} (${keys(write).join(', ')}), each with the node's field hint`,
				`the model received ${received.length} trainings, the sandbox's 2025 trainings of ${employer}`,
			];
		});

		const clientA = ENTERPRISES.clientA;
		const stored = (title: string) => (world!.sandbox.data?.().trainings ?? []).filter((t) => t.enterpriseNumber === clientA && t.ssin === WRITE.ssin && t.title === title);
		const posts = () => (world!.sandbox.requests?.() ?? []).filter((r) => r.method === 'POST' && r.path.endsWith(`/employers/${clientA}/trainings`)).length;
		/** The one training the sandbox holds with these values, or throws naming what it holds. */
		const storedOnce = (expected: Record<string, unknown>) => {
			const records = stored(String(expected.title));
			assert(records.length === 1, `the sandbox holds ${records.length} such trainings: ${short(records)}`);
			const [record] = records;
			for (const [field, value] of Object.entries(expected)) assert(record[field] === value, `the stored training's ${field} is ${JSON.stringify(record[field])}, expected ${JSON.stringify(value)}: ${short(record)}`);
			return record;
		};

		await check("AI Agent: registers 'a 7.5-hour formal training Forklift safety on 2 March 2026 for NISS 85.07.30-033.28' once through the tool FLA_register_training (Training > Create)", async () => {
			if (!ready) throw new Missing('the scripted model is not set up');
			assert(stored(WRITE.title).length === 0, `the sandbox already holds ${short(stored(WRITE.title))}: the check would prove nothing`);
			const postsBefore = posts();
			const prompt = `For employer 0403.170.701, register a 7.5-hour formal training 'Forklift safety' on 2 March 2026 for NISS 85.07.30-033.28.`;
			const { executed, requests, timing } = await run(prompt, (request, turn) => {
				if (turn === 0) {
					return { toolCalls: [{ name: WRITE_TOOL, arguments: { enterpriseNumber: '0403.170.701', ssin: '85.07.30-033.28', title: 'Forklift safety', trainingType: 'formal', startDate: '2026-03-02', endDate: '2026-03-02', durationHours: '7.5' } }] };
				}
				const [result] = parseResult(lastToolResult(request).content) as Array<Record<string, unknown>>;
				assert(typeof result?.trainingId === 'string', `the tool result holds no trainingId: ${short(lastToolResult(request).content)}`);
				return { content: `Registered: training ${result.trainingId} (${String(result.outcome ?? 'created')}).` };
			});
			const answer = agentAnswer(executed);
			const record = storedOnce(WRITE);
			assert(answer === `Registered: training ${String(record.trainingId)} (created).`, `the agent answered ${JSON.stringify(answer)}; the sandbox stored ${String(record.trainingId)}`);
			assert(posts() - postsBefore === 1, `the sandbox received ${posts() - postsBefore} POSTs of trainings of ${clientA}, expected 1`);
			assert(requests.length === 2, `the model was asked ${requests.length} times, expected 2`);
			return [`answer: ${answer}; ${timing}`, `stored once: ${short(record)}`];
		});

		await check('AI Agent: a refused input comes back to the model as text naming the field; the model corrects it and the write lands once', async () => {
			if (!ready) throw new Missing('the scripted model is not set up');
			const title = 'Reach truck refresher';
			assert(stored(title).length === 0, `the sandbox already holds ${short(stored(title))}: the check would prove nothing`);
			const postsBefore = posts();
			const prompt = `For employer 0403.170.701, register a 4-hour informal training '${title}' on 3 March 2026 for NISS 85.07.30-033.28.`;
			// The model's first attempt: a typing error in the NISS and the date written out. It corrects the fields a
			// refusal names, as a model reading the text would; a refusal that names no field it sent ends the script.
			const attempt: Record<string, unknown> = { enterpriseNumber: '0403.170.701', ssin: '85.07.30-033.29', title, trainingType: 'informal', startDate: '3 March 2026', endDate: '2026-03-03', durationHours: 4 };
			const corrections: Record<string, { label: RegExp; value: unknown }> = {
				ssin: { label: /'Worker NISS\/INSZ'/, value: '85.07.30-033.28' },
				startDate: { label: /'Start Date'/, value: '03/03/2026' },
			};
			const refusals: string[] = [];
			const { executed, requests, timing } = await run(prompt, (request, turn) => {
				if (turn === 0) return { toolCalls: [{ name: WRITE_TOOL, arguments: { ...attempt } }] };
				const { content } = lastToolResult(request);
				const result = parseResult(content) as Array<Record<string, unknown>>;
				if (typeof result?.[0]?.trainingId === 'string') return { content: `Registered: training ${result[0].trainingId}.` };
				refusals.push(content);
				const named = Object.entries(corrections).filter(([, c]) => c.label.test(content));
				assert(named.length > 0, `the refusal names no field the model sent: ${content}`);
				for (const [field, correction] of named) {
					attempt[field] = correction.value;
					delete corrections[field];
				}
				return { toolCalls: [{ name: WRITE_TOOL, arguments: { ...attempt } }] };
			});
			const answer = agentAnswer(executed);
			// n8n 2.41 hands the model the error's message alone ([{"error": message}]): it must name both fields.
			assert(refusals.length === 1, `the model received ${refusals.length} refusals, expected 1 naming both fields: ${short(refusals, 800)}`);
			assert(/'Worker NISS\/INSZ'.*check digits.*'Start Date'.*YYYY-MM-DD/.test(refusals[0]), `the refusal says ${short(refusals[0], 800)}`);
			const records = stored(title);
			assert(records.length === 1 && records[0].startDate === '2026-03-03' && records[0].durationHours === 4, `the sandbox holds ${short(records)}`);
			assert(answer === `Registered: training ${String(records[0].trainingId)}.`, `the agent answered ${JSON.stringify(answer)}`);
			assert(posts() - postsBefore === 1, `the sandbox received ${posts() - postsBefore} POSTs, expected 1: a refused call must send nothing`);
			assert(requests.length === 3, `the model was asked ${requests.length} times, expected 3 (a call, a corrected call, the answer)`);
			return [`answer: ${answer}; ${timing}`, `the refusal as the model received it: ${refusals[0]}`, `one POST; stored once: ${short(records[0])}`];
		});

		await check("AI Agent: node version 3, its 'Columns' mapped field by field with $fromAI, registers a training once through FLA_register_training", async () => {
			if (!ready) throw new Missing('the scripted model is not set up');
			const title = 'Pallet jack basics';
			assert(stored(title).length === 0, `the sandbox already holds ${short(stored(title))}: the check would prove nothing`);
			const postsBefore = posts();
			const prompt = `For employer 0403.170.701, register a 6-hour formal training '${title}' on 4 March 2026 for NISS 85.07.30-033.28.`;
			const call = { enterpriseNumber: '0403.170.701', ssin: '85.07.30-033.28', title, trainingType: 'formal', startDate: '2026-03-04', endDate: '2026-03-04', durationHours: '6' };
			const { executed, requests, timing } = await run(
				prompt,
				(request, turn) => {
					if (turn === 0) return { toolCalls: [{ name: WRITE_TOOL, arguments: call }] };
					const [result] = parseResult(lastToolResult(request).content) as Array<Record<string, unknown>>;
					assert(typeof result?.trainingId === 'string', `the tool result holds no trainingId: ${short(lastToolResult(request).content)}`);
					return { content: `Registered: training ${result.trainingId}.` };
				},
				3,
			);
			const answer = agentAnswer(executed);
			// The model is given the same parameters, with the same descriptions, as from version 2's fields.
			const write = (requests[0].tools ?? []).find((t) => t.function.name === WRITE_TOOL)?.function;
			const schema = write?.parameters?.properties ?? {};
			assert(short(Object.keys(schema).sort()) === short(['durationHours', 'endDate', 'enterpriseNumber', 'ssin', 'startDate', 'title', 'trainingType']), `${WRITE_TOOL}'s parameters at version 3: ${short(Object.keys(schema))}`);
			for (const [key, description] of Object.entries(PARAMETER_DESCRIPTIONS).filter(([key]) => key !== 'year')) {
				assert(schema[key]?.description === description, `at version 3 the model was told of '${key}': ${short(schema[key])}, expected ${JSON.stringify(description)}`);
			}
			const record = storedOnce({ ssin: '85073003328', title, trainingType: 'formal', startDate: '2026-03-04', endDate: '2026-03-04', durationHours: 6 });
			assert(answer === `Registered: training ${String(record.trainingId)}.`, `the agent answered ${JSON.stringify(answer)}`);
			assert(posts() - postsBefore === 1, `the sandbox received ${posts() - postsBefore} POSTs, expected 1`);
			return [`answer: ${answer}; ${timing}`, `parameters: ${Object.keys(schema).sort().join(', ')}, each with the node's field hint`, `stored once: ${short(record)}`];
		});
	} finally {
		await model?.close();
	}
}
