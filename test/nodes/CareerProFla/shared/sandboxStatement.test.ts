/**
 * The node's contract (nodes/CareerProFla/shared/contract.ts) and the sandbox's own statement of the API
 * (test/sandbox/statement.ts) are written apart, so that a mistake in one is caught by tests against the other. Here
 * they must agree on what is on the wire: paths, field names and kinds, required fields, enumerations, bounds,
 * paging, query parameters, identifiers, the years the FLA holds, and which records are the same (natural keys).
 * Labels, hints and the node's input rules are each side's own and are not compared.
 */
import * as node from '../../../../nodes/CareerProFla/shared/contract';
import * as sandbox from '../../../sandbox/statement';

type Spec = { name: string; kind: string; required?: boolean; values?: readonly string[]; maxLength?: number; max?: number };

/** What of a field shows on the wire. Texts without a maxLength are 200 long at most on both sides. */
const wire = (specs: readonly Spec[]) =>
	specs.map((s) => ({
		name: s.name,
		kind: s.kind,
		required: s.required === true,
		values: s.values ? [...s.values] : undefined,
		maxLength: s.kind === 'text' ? (s.maxLength ?? 200) : undefined,
		max: s.max,
	}));

const EN = '0202239951';
const SSIN = '85073003328';

describe('The node and the sandbox agree on the API', () => {
	it('on every path', () => {
		expect(Object.keys(sandbox.PATHS).sort()).toEqual(Object.keys(node.PATHS).sort());
		const samples: Record<keyof typeof node.PATHS, () => [string, string]> = {
			status: () => [node.PATHS.status(), sandbox.PATHS.status()],
			trainings: () => [node.PATHS.trainings(EN), sandbox.PATHS.trainings(EN)],
			training: () => [node.PATHS.training(EN, 'TR 1/2'), sandbox.PATHS.training(EN, 'TR 1/2')],
			trainingRights: () => [node.PATHS.trainingRights(EN), sandbox.PATHS.trainingRights(EN)],
			trainingRight: () => [node.PATHS.trainingRight(EN, '17'), sandbox.PATHS.trainingRight(EN, '17')],
			trainingCredits: () => [node.PATHS.trainingCredits(EN), sandbox.PATHS.trainingCredits(EN)],
			trainingCredit: () => [node.PATHS.trainingCredit(EN, SSIN, 2025), sandbox.PATHS.trainingCredit(EN, SSIN, 2025)],
			optOuts: () => [node.PATHS.optOuts(EN), sandbox.PATHS.optOuts(EN)],
			optOut: () => [node.PATHS.optOut(EN, 2026), sandbox.PATHS.optOut(EN, 2026)],
			providerTrainings: () => [node.PATHS.providerTrainings(), sandbox.PATHS.providerTrainings()],
			providerTraining: () => [node.PATHS.providerTraining('PTR-000001'), sandbox.PATHS.providerTraining('PTR-000001')],
		};
		for (const [name, sample] of Object.entries(samples)) {
			const [fromNode, fromSandbox] = sample();
			expect({ name, path: fromSandbox }).toEqual({ name, path: fromNode });
		}
	});

	it.each([
		['trainings', node.TRAINING_FIELDS, sandbox.TRAINING_FIELDS],
		['training rights', node.TRAINING_RIGHT_FIELDS, sandbox.TRAINING_RIGHT_FIELDS],
		['training credits', node.TRAINING_CREDIT_FIELDS, sandbox.TRAINING_CREDIT_FIELDS],
		['opt-outs', node.OPT_OUT_FIELDS, sandbox.OPT_OUT_FIELDS],
		['participants', node.PARTICIPANT_FIELDS, sandbox.PARTICIPANT_FIELDS],
		['provider trainings', node.PROVIDER_TRAINING_FIELDS, sandbox.PROVIDER_TRAINING_FIELDS],
		['the employer in the path', [node.ENTERPRISE_NUMBER], [sandbox.ENTERPRISE_NUMBER]],
	])('on the fields of %s: names, kinds, required, values and bounds', (_what, fromNode, fromSandbox) => {
		expect(wire(fromSandbox)).toEqual(wire(fromNode));
	});

	it('on the query parameters of every listing', () => {
		expect(Object.keys(sandbox.FILTERS).sort()).toEqual(Object.keys(node.FILTERS).sort());
		for (const listing of Object.keys(node.FILTERS) as Array<keyof typeof node.FILTERS>) {
			const filters = (side: Record<string, Spec>) => Object.fromEntries(Object.entries(side).map(([key, spec]) => [key, wire([spec])[0]]));
			expect({ listing, filters: filters(sandbox.FILTERS[listing]) }).toEqual({ listing, filters: filters(node.FILTERS[listing]) });
		}
	});

	it('on paging, identifiers, years, hours per day and participants', () => {
		expect(sandbox.PAGING).toEqual(node.PAGING);
		expect(sandbox.IDS).toEqual(node.IDS);
		expect(sandbox.YEAR_RANGE).toEqual(node.YEAR_RANGE);
		expect(sandbox.HOURS_PER_DAY).toBe(node.HOURS_PER_DAY);
		expect(sandbox.MAX_PARTICIPANTS).toBe(node.MAX_PARTICIPANTS);
	});

	it('on the fields of each natural key', () => {
		expect(Object.keys(sandbox.NATURAL_KEYS).sort()).toEqual(Object.keys(node.NATURAL_KEYS).sort());
		for (const resource of Object.keys(node.NATURAL_KEYS) as Array<keyof typeof node.NATURAL_KEYS>) {
			const names = (key: { fields: readonly Spec[] }) => key.fields.map((f) => f.name).sort();
			expect({ resource, fields: names(sandbox.NATURAL_KEYS[resource]) }).toEqual({ resource, fields: names(node.NATURAL_KEYS[resource]) });
		}
	});

	it('on which records are the same: text compared without case, Unicode form and runs of spaces', () => {
		const training = { ssin: SSIN, title: 'Basic fire safety', startDate: '2026-03-02', endDate: '2026-03-02' };
		const variants: Array<Record<string, unknown>> = [
			training,
			{ ...training, title: '  BASIC   fire\tsafety ' },
			{ ...training, title: 'Basic fire safety 2' },
			{ ...training, startDate: '2026-03-03' },
			{ ...training, ssin: '88022999297' },
			{ ...training, title: 'Cafe\u0301 talk' },
			{ ...training, title: 'Café talk' },
			{ ...training, endDate: '2026-03-09' },
			{ ...training, title: '' },
			{ ...training, title: undefined },
		];
		// Sessions of one course on one day: the same participants in another order are the same training, others not.
		const people = (...ssins: string[]) => ssins.map((ssin) => ({ ssin }));
		const sessions: Array<Record<string, unknown>> = [
			...variants.map((v) => ({ ...v, participants: people(SSIN) })),
			{ ...training, participants: people(SSIN, '88022999297') },
			{ ...training, participants: people('88022999297', SSIN) },
			{ ...training, participants: people('88022999297') },
			{ ...training, participants: [] },
		];
		const optOuts: Array<Record<string, unknown>> = [{ year: 2025 }, { year: 2025, ssin: SSIN }, { year: 2025, ssin: '' }, { year: 2026 }];
		const rights: Array<Record<string, unknown>> = [
			{ ssin: SSIN, year: 2025, rightType: 'individual', amount: 5 },
			{ ssin: SSIN, year: 2025, rightType: 'individual', amount: 4 },
			{ ssin: SSIN, year: 2025, rightType: 'sectoral' },
			{ ssin: SSIN, year: 2026, rightType: 'individual' },
		];
		const cases: Array<[keyof typeof node.NATURAL_KEYS, Array<Record<string, unknown>>]> = [
			['training', variants],
			['providerTraining', sessions],
			['optOut', optOuts],
			['trainingRight', rights],
		];
		for (const [resource, records] of cases) {
			const same = (keyOf: (r: Record<string, unknown>) => string) => records.map((a) => records.map((b) => keyOf(a) === keyOf(b)));
			const fromNode = same((r) => node.keyOf(node.NATURAL_KEYS[resource], r));
			const fromSandbox = same((r) => sandbox.keyOf(sandbox.NATURAL_KEYS[resource], r));
			expect({ resource, same: fromSandbox }).toEqual({ resource, same: fromNode });
			// The comparison proves something only if some records are the same and some are not.
			expect(fromNode.flat().filter((x) => !x).length).toBeGreaterThan(0);
		}
		expect(node.keyOf(node.NATURAL_KEYS.training, variants[0])).toBe(node.keyOf(node.NATURAL_KEYS.training, variants[1]));
	});
});
