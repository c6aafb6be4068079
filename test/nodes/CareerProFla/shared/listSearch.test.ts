/**
 * Training ID, Training Right ID and a provider's Training ID as resource locators: the editor's lists (the node's
 * `methods.listSearch`, called as n8n's server calls it: a LoadOptionsContext of n8n-core over a one-node workflow,
 * the form's parameters as `currentNodeParameters`) against the sandbox, and runs in the real engine with a value
 * picked from the list, given 'By ID' (also by expression), or saved as a plain string by an earlier version.
 */
import { randomUUID } from 'node:crypto';
import { LoadOptionsContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeListSearchResult,
	type INodeParameters,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { QUALITY_NAMES } from '../../../../credentials/gateway';
import { listSearch } from '../../../../nodes/CareerProFla/shared/listSearch';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../../../support/engine';
import { providerTrainingCreate } from '../../../support/parameters';
import { mark, sentSince } from '../../../support/sandboxStats';
import { ENTERPRISES, startWorld, WORKERS, type Client, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const EMPLOYER = ENTERPRISES.employer;

/** What n8n's server does for the editor's 'From List': the method of `methods.listSearch`, on a one-node workflow. */
async function searchList(
	client: Client,
	method: keyof typeof listSearch,
	parameters: INodeParameters,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const node: INode = {
		id: randomUUID(),
		name: 'CareerPro FLA',
		type: NODE_TYPE,
		typeVersion: 2,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: client.credentialId, name: 'FLA' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: world.engine.types });
	const additionalData = {
		credentialsHelper: world.engine.credentials,
		currentNodeParameters: parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.trainingId');
	const type = world.engine.types.getByNameAndVersion(NODE_TYPE);
	const found = type.methods?.listSearch?.[method];
	if (!found) throw new Error(`the node has no listSearch method ${method}`);
	return await found.call(context, filter, paginationToken);
}

async function createTraining(row: { ssin: string; title: string; start: string; end?: string }): Promise<string> {
	const { items, error } = await world.run(world.employer, {
		resource: 'training',
		operation: 'create',
		enterpriseNumber: EMPLOYER,
		ssin: row.ssin,
		title: row.title,
		trainingType: 'formal',
		startDate: row.start,
		endDate: row.end ?? row.start,
		durationHours: '7.5',
		additionalFields: {},
		ifAlreadyRegistered: 'fail',
	});
	expect(error).toBeUndefined();
	return items[0].json.trainingId as string;
}

const trainingForm = (extra: IDataObject = {}) =>
	({ resource: 'training', operation: 'get', enterpriseNumber: 'BE 0202.239.951', ...extra }) as INodeParameters;

describe('Training ID from a list', () => {
	let forklift: string;
	let firstAid: string;
	let welding: string;

	beforeAll(async () => {
		forklift = await createTraining({ ssin: WORKERS[0], title: 'Forklift safety', start: '2026-03-02' });
		firstAid = await createTraining({ ssin: WORKERS[1], title: 'First aid', start: '2026-03-02' });
		welding = await createTraining({ ssin: WORKERS[0], title: 'Welding basics', start: '2025-11-20' });
	});

	it("lists the employer's trainings with names a person recognises", async () => {
		const since = mark(world.sandbox);
		const { results, paginationToken } = await searchList(world.employer, 'searchTrainings', trainingForm());
		expect(paginationToken).toBeUndefined();
		expect(results).toEqual([
			{ name: 'Forklift safety — 85.07.30-033.28 — 2026-03-02', value: forklift },
			{ name: 'First aid — 88.02.29-992.97 — 2026-03-02', value: firstAid },
			{ name: 'Welding basics — 85.07.30-033.28 — 2025-11-20', value: welding },
		]);
		expect(sentSince(world.sandbox, since)).toEqual([`GET /employers/${EMPLOYER}/trainings 200`]);
	});

	it('searches by worker (sent to the gateway), by title and by date', async () => {
		const byWorker = await searchList(world.employer, 'searchTrainings', trainingForm(), '85.07.30-033.28');
		expect(byWorker.results.map((r) => r.value)).toEqual([forklift, welding]);
		expect(world.sandbox.requests().at(-1)?.query).toMatch(new RegExp(`ssin=${WORKERS[0]}`));

		const byTitle = await searchList(world.employer, 'searchTrainings', trainingForm(), '  forklift ');
		expect(byTitle.results.map((r) => r.value)).toEqual([forklift]);

		const byDate = await searchList(world.employer, 'searchTrainings', trainingForm(), '20/11/2025');
		expect(byDate.results.map((r) => r.value)).toEqual([welding]);
		expect(world.sandbox.requests().at(-1)?.query).toMatch(/startDateFrom=2025-11-20/);

		const byYear = await searchList(world.employer, 'searchTrainings', trainingForm(), '2026');
		expect(byYear.results.map((r) => r.value).sort()).toEqual([forklift, firstAid].sort());

		const none = await searchList(world.employer, 'searchTrainings', trainingForm(), 'no such course');
		expect(none).toEqual({ results: [] });
	});

	it('says what to fill in when the employer is missing or wrong, and refuses a credential of another quality', async () => {
		await expect(searchList(world.employer, 'searchTrainings', trainingForm({ enterpriseNumber: '' }))).rejects.toMatchObject({
			message: "Fill in 'Enterprise Number' to see the trainings",
			description: expect.stringMatching(/choose 'By ID' and give the 'Training ID'/),
		});
		await expect(searchList(world.employer, 'searchTrainings', trainingForm({ enterpriseNumber: '0202.239.952' }))).rejects.toMatchObject({
			message: expect.stringMatching(/^'Enterprise Number' .*check digits/),
		});
		await expect(searchList(world.trainingProvider, 'searchTrainings', trainingForm())).rejects.toMatchObject({
			message: `The list of trainings needs a credential with the quality '${QUALITY_NAMES.employer}' or '${QUALITY_NAMES.provider}'`,
			description: expect.stringMatching(`has the quality '${QUALITY_NAMES.trainingProvider}'`),
		});
	});

	it("shows the gateway's refusal in the list: a mandatary without a mandate for the employer", async () => {
		const refused = searchList(world.provider, 'searchTrainings', trainingForm({ enterpriseNumber: ENTERPRISES.notAClient }));
		await expect(refused).rejects.toMatchObject({
			httpCode: '403',
			message: expect.stringMatching(/No active Federal Learning Account mandate for enterprise 0203201340/),
			description: expect.stringMatching(/while reading the list for 'Training ID'/),
		});
	});

	it('pages: each call reads up to the wanted number, the token reads on, and the pages add up', async () => {
		const rows = Array.from({ length: 130 }, (_, i) => ({
			enterpriseNumber: EMPLOYER,
			ssin: WORKERS[2],
			title: `Course ${i}`,
			start: '2024-05-06',
		}));
		const created = await world.run(
			world.employer,
			{
				resource: 'training',
				operation: 'create',
				enterpriseNumber: '={{ $json.enterpriseNumber }}',
				ssin: '={{ $json.ssin }}',
				title: '={{ $json.title }}',
				trainingType: 'formal',
				startDate: '={{ $json.start }}',
				endDate: '={{ $json.start }}',
				durationHours: '2',
				additionalFields: {},
				ifAlreadyRegistered: 'fail',
			},
			rows,
		);
		expect(created.error).toBeUndefined();
		const ids = created.items.map((i) => i.json.trainingId as string);

		const first = await searchList(world.employer, 'searchTrainings', trainingForm(), WORKERS[2]);
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await searchList(world.employer, 'searchTrainings', trainingForm(), WORKERS[2], first.paginationToken as string);
		expect(second.paginationToken).toBeUndefined();
		expect([...first.results, ...second.results].map((r) => r.value)).toEqual(ids);

		// A title searched in the names: read page after page until enough are found or the listing ends.
		const since = mark(world.sandbox);
		const course12 = await searchList(world.employer, 'searchTrainings', trainingForm(), 'course 12');
		expect(course12.results.map((r) => r.name)).toEqual(
			['Course 12', ...Array.from({ length: 10 }, (_, i) => `Course 12${i}`)].map((t) => `${t} — 20.07.01-999.22 — 2024-05-06`),
		);
		expect(course12.paginationToken).toBeUndefined();
		expect(sentSince(world.sandbox, since)).toHaveLength(2);
	});
});

describe('Training Right ID and a provider training from a list', () => {
	it("lists the employer's training rights, by worker and by year", async () => {
		const right = await world.run(world.employer, {
			resource: 'trainingRight',
			operation: 'create',
			enterpriseNumber: EMPLOYER,
			ssin: WORKERS[3],
			year: '2025',
			rightType: 'individual',
			unit: 'days',
			amount: '5',
			additionalFields: {},
		});
		expect(right.error).toBeUndefined();
		const id = right.items[0].json.trainingRightId as string;
		const form = { resource: 'trainingRight', operation: 'delete', enterpriseNumber: EMPLOYER };
		const all = await searchList(world.employer, 'searchTrainingRights', form);
		expect(all.results).toContainEqual({ name: 'Individual 2025 — 90.04.15-123.84 — 5 days', value: id });
		const byYear = await searchList(world.employer, 'searchTrainingRights', form, '2024');
		expect(byYear.results.map((r) => r.value)).not.toContain(id);
		expect((await searchList(world.employer, 'searchTrainingRights', form, '90041512384')).results.map((r) => r.value)).toEqual([id]);
	});

	it("lists a training provider's own trainings for the resource Provider Training", async () => {
		const created = await world.run(world.trainingProvider, providerTrainingCreate({ title: 'Crane operation' }));
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.trainingId as string;
		const { results } = await searchList(world.trainingProvider, 'searchTrainings', { resource: 'providerTraining', operation: 'get' }, 'crane');
		expect(results).toEqual([{ name: 'Crane operation — 2026-04-01 to 2026-04-02 — 1 participant', value: id }]);
	});
});

describe('Training ID in a run', () => {
	let id: string;
	beforeAll(async () => {
		id = await createTraining({ ssin: WORKERS[4], title: 'Ladder safety', start: '2026-01-12' });
	});

	const get = (trainingId: unknown, typeVersion = 2) =>
		world.engine.runNode(
			{
				parameters: { resource: 'training', operation: 'get', enterpriseNumber: EMPLOYER, trainingId } as IDataObject,
				credentialId: world.employer.credentialId,
				typeVersion,
			},
			[{ id }],
		);

	it('sends the id picked from the list, given By ID, or by an expression in By ID', async () => {
		for (const value of [
			{ __rl: true, mode: 'list', value: id, cachedResultName: 'Ladder safety — 72.12.05-361.18 — 2026-01-12' },
			{ __rl: true, mode: 'id', value: ` ${id} ` },
			{ __rl: true, mode: 'id', value: '={{ $json.id }}' },
		]) {
			const since = mark(world.sandbox);
			const { items, error } = await get(value);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ trainingId: id, title: 'Ladder safety' });
			expect(sentSince(world.sandbox, since)).toEqual([`GET /employers/${EMPLOYER}/trainings/${id} 200`]);
		}
	});

	it('still reads a plain string id saved by an earlier version of the node (versions 1 and 2)', async () => {
		for (const typeVersion of [1, 2]) {
			const since = mark(world.sandbox);
			const { items, error } = await get(id, typeVersion);
			expect(error).toBeUndefined();
			expect(items[0].json.trainingId).toBe(id);
			expect(sentSince(world.sandbox, since)).toEqual([`GET /employers/${EMPLOYER}/trainings/${id} 200`]);
		}
	});

	it('refuses a bad or empty id before sending, naming the field (and the item, for an expression)', async () => {
		const since = mark(world.sandbox);
		// A bad value typed By ID: n8n checks it against the mode's validation and does not run the workflow.
		const typed = await get({ __rl: true, mode: 'id', value: 'TR 1/2' }).catch((error: Error) => ({ error, items: [] }));
		expect(typed.error?.message).toMatch(/node has issues/);
		expect(JSON.stringify(typed.error)).toMatch(/'Training ID' is not an identifier: it has no spaces, slashes/);
		// By an expression, per item: the node refuses the item, naming the field and the item.
		const bad = await world.engine.runNode(
			{
				parameters: { resource: 'training', operation: 'get', enterpriseNumber: EMPLOYER, trainingId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				credentialId: world.employer.credentialId,
				typeVersion: 2,
			},
			[{ id }, { id: 'TR 1/2' }],
		);
		expect(bad.error?.message).toBe(
			`'Training ID' "TR 1/2" is not an identifier (it may not be "." or ".." nor hold spaces, slashes, "?" or "#"): pick it from the list, or copy the Training ID from the gateway's answer [item 2]`,
		);
		const rightDots = await world.engine.runNode(
			{
				parameters: { resource: 'trainingRight', operation: 'get', enterpriseNumber: EMPLOYER, trainingRightId: { __rl: true, mode: 'id', value: '..' } },
				credentialId: world.employer.credentialId,
				typeVersion: 2,
			},
		);
		expect(rightDots.error?.message).toMatch(/^'Training Right ID' "\.\." is not an identifier .*\[item 1\]$/);
		const empty = await world.engine.runNode(
			{
				parameters: { resource: 'training', operation: 'get', enterpriseNumber: EMPLOYER, trainingId: { __rl: true, mode: 'id', value: '={{ $json.none }}' } },
				credentialId: world.employer.credentialId,
				typeVersion: 2,
			},
		);
		expect(empty.error?.message).toBe(`'Training ID' is required but empty [item 1]`);
		// Only the good item of the expression run was sent.
		expect(sentSince(world.sandbox, since)).toEqual([`GET /employers/${EMPLOYER}/trainings/${id} 200`]);
	});

	it('describes the three ids as resource locators: From List (searchable) and By ID (checked in the editor)', () => {
		const type = world.engine.types.getByNameAndVersion(NODE_TYPE);
		for (const [name, method] of [
			['trainingId', 'searchTrainings'],
			['trainingRightId', 'searchTrainingRights'],
		]) {
			const property = type.description.properties.filter((p) => p.name === name);
			expect(property).toHaveLength(1);
			expect(property[0]).toMatchObject({
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				typeOptions: { loadOptionsDependsOn: ['enterpriseNumber'] },
				modes: [
					{ name: 'list', type: 'list', typeOptions: { searchListMethod: method, searchable: true } },
					{ name: 'id', type: 'string' },
				],
			});
			const regex = property[0].modes![1].validation![0] as unknown as { properties: { regex: string } };
			const valid = (value: string) => new RegExp(`^${regex.properties.regex}$`).test(value);
			expect([valid('TR-000001'), valid('TR 1'), valid('a/b'), valid('x?y')]).toEqual([true, false, false, false]);
		}
	});
});
