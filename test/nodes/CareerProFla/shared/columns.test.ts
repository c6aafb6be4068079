/**
 * 'Columns' of node version 3 (shared/columns.ts): the record of a Create or Update mapped automatically from the
 * item's own columns, or field by field, run through the n8n engine against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../../../nodes/CareerProFla/resources';
import { columnNames, comparableHeader, mappedFieldsOf, matchColumns } from '../../../../nodes/CareerProFla/shared/columns';
import { ENTERPRISE_NUMBER, TRAINING_FIELDS } from '../../../../nodes/CareerProFla/shared/contract';
import { loadedNode } from '../../../support/loader';
import { mappedTrainingCreate, spreadsheetRow } from '../../../support/spreadsheet';
import { ENTERPRISES, startWorld, WORKERS, type Client, type World } from '../../../support/world';

/** The fields 'Columns' lists in a form, from the operations' files. */
const mapperFields = mappedFieldsOf(RESOURCES);

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

/** Map Automatically, as the editor saves it. */
const AUTO = { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false };

const runV3 = (client: Client, parameters: IDataObject, items: IDataObject[], typeVersion = 3) =>
	world.engine.runNode({ parameters, credentialId: client.credentialId, typeVersion, continueOnFail: true }, items);

/** The example sheet's rows (test/fixtures/trainings-sample.csv) as n8n's Extract From File gives them. */
const sheetRow = (overrides: IDataObject = {}): IDataObject => ({
	NISS: '85.07.30-033.28',
	Title: 'Forklift safety',
	Type: 'formal',
	Start: '02/03/2026',
	End: '03/03/2026',
	Hours: '7,5',
	...overrides,
});

const trainingCreate = (overrides: IDataObject = {}) => ({
	resource: 'training',
	operation: 'create',
	enterpriseNumber: ENTERPRISES.employer,
	columns: AUTO,
	ifAlreadyRegistered: 'create',
	...overrides,
});

describe('Matching column names', () => {
	it('ignores case, accents, spaces, underscores and punctuation', () => {
		expect(comparableHeader('Date de début')).toBe('datededebut');
		expect(comparableHeader(' start_date ')).toBe('startdate');
		expect(comparableHeader('Numéro d’entreprise')).toBe('numerodentreprise');
		const { columnOf } = matchColumns({ 'DATE DE DEBUT': 1, 'Einde': 2, 'N.I.S.S.': 3, 'durée': 4, titre: 5 }, TRAINING_FIELDS);
		expect(columnOf).toEqual({ startDate: 'DATE DE DEBUT', endDate: 'Einde', ssin: 'N.I.S.S.', durationHours: 'durée', title: 'titre' });
	});

	it('gives every column name to one field only, in every mapped record (with the enterprise number)', () => {
		const mapped = RESOURCES.flatMap((resource) => resource.operations.flatMap((operation) => operation.mappedFields ?? []));
		expect(mapped.length).toBeGreaterThan(0);
		for (const resource of RESOURCES) {
			for (const { mappedFields: specs } of resource.operations.filter((operation) => operation.mappedFields)) {
				const seen = new Map<string, string>();
				for (const spec of [...specs!, ENTERPRISE_NUMBER]) {
					for (const name of columnNames(spec)) {
						const key = comparableHeader(name);
						expect({ name, fields: [seen.get(key) ?? spec.label, spec.label] }).toEqual({ name, fields: [spec.label, spec.label] });
						seen.set(key, spec.label);
					}
				}
			}
		}
	});

	it("lists the record's fields for the editor, with their labels and required flags", () => {
		const fields = mapperFields('training', 'create');
		expect(fields.map((f) => f.id)).toEqual(TRAINING_FIELDS.map((f) => f.parameter));
		expect(fields.find((f) => f.id === 'ssin')).toMatchObject({ displayName: 'Worker NISS/INSZ', required: true, type: 'string' });
		expect(fields.find((f) => f.id === 'trainingType')).toMatchObject({ type: 'options', required: true });
		expect(fields.find((f) => f.id === 'description')).toMatchObject({ required: false });
		expect(mapperFields('training', 'update').every((f) => !f.required)).toBe(true);
	});
});

describe('Version 3, Map Automatically', () => {
	it("registers the example sheet's rows from their columns NISS;Title;Type;Start;End;Hours, with the Belgian formats", async () => {
		const { items, error } = await runV3(world.employer, trainingCreate(), [sheetRow(), sheetRow({ Title: 'First aid', Hours: '3:30', Start: '10-03-2026', End: '10/03/2026' })]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toMatchObject([
			{ ssin: '85073003328', title: 'Forklift safety', trainingType: 'formal', startDate: '2026-03-02', endDate: '2026-03-03', durationHours: 7.5 },
			{ title: 'First aid', startDate: '2026-03-10', durationHours: 3.5 },
		]);
		expect(items[0].json).not.toHaveProperty('unmappedColumns');
		expect(items[0].json.trainingId).toBeTruthy();
	});

	it('reads Dutch and French headers, optional fields included', async () => {
		const { items } = await runV3(world.employer, trainingCreate(), [
			{ INSZ: '85.07.30-033.28', Titel: 'Heftruck', Soort: 'formal', Startdatum: '02/03/2026', Einddatum: '03/03/2026', Uren: '7,5', Opleider: 'Safety Academy', Statut: 'completed' },
			{ Rijksregisternummer: WORKERS[1], Titre: 'Secourisme', 'Type de formation': 'Formal', 'Date de début': '2026-04-01', 'Date de fin': '01/04/2026', Heures: '4' },
		]);
		expect(items.map((i) => i.json.error)).toEqual([undefined, undefined]);
		expect(items[0].json).toMatchObject({ title: 'Heftruck', trainingType: 'formal', durationHours: 7.5, providerName: 'Safety Academy', status: 'completed' });
		expect(items[1].json).toMatchObject({ ssin: WORKERS[1], title: 'Secourisme', trainingType: 'formal', startDate: '2026-04-01' });
	});

	it('lists a column that matches no field in the item\'s output, and still registers the row', async () => {
		const { items } = await runV3(world.employer, trainingCreate(), [sheetRow({ Remarks: 'room 2', 'Cost centre': 'B12' })]);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json).toMatchObject({ title: 'Forklift safety', unmappedColumns: ['Remarks', 'Cost centre'] });
	});

	it('refuses an item without a column for a required field, naming the field and the names looked for; the other items go on', async () => {
		const withoutHours = sheetRow();
		delete withoutHours.Hours;
		const before = world.sandbox.data?.();
		const { items } = await runV3(world.employer, trainingCreate(), [withoutHours, sheetRow({ Title: 'Still registered' })]);
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toBe(
			`'Duration (Hours)' has no column: the item has none of the columns "Duration (Hours)", "hours", "uren", "heures", "duur", "durée", "duration", "aantal uren", "nombre d'heures", "number of hours", "uur", "heure", "duur in uren", "durée en heures" (case, accents, spaces and punctuation do not matter); rename a column, or map the fields manually [item 1]`,
		);
		expect(items[0].json.description).toMatch(/^Nothing was sent/);
		expect(items[1].json).toMatchObject({ title: 'Still registered' });
		expect(before).toBeDefined();
	});

	it('refuses a bad value with the validators\' message, naming the column it came from', async () => {
		const { items } = await runV3(world.employer, trainingCreate(), [sheetRow({ NISS: '85.07.30-033.29' }), sheetRow({ Start: '20/04/2026', End: '18/04/2026' })]);
		expect(items[0].json.error).toMatch(/^'Worker NISS\/INSZ' \(column "NISS"\) /);
		expect(items[1].json.error).toMatch(/^'End Date' /);
	});

	// n8n refuses to run a workflow whose required 'Enterprise Number' is literally empty; an expression may give nothing.
	it('takes the enterprise number from a KBO/BCE column when the parameter gives none, and refuses naming both when neither has it', async () => {
		const { items } = await runV3(world.employer, trainingCreate({ enterpriseNumber: '={{ $json.employer ?? "" }}' }), [
			sheetRow({ KBO: 'BE 0202.239.951', Title: 'From the KBO column' }),
			sheetRow({ Title: 'No employer' }),
		]);
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ title: 'From the KBO column' });
		expect(items[0].json).not.toHaveProperty('unmappedColumns');
		expect(items[1].json.error).toMatch(/^'Enterprise Number' is empty and the item has no column for it: fill in 'Enterprise Number', or give the item a column named "Enterprise Number", "KBO", "BCE", "KBO-nummer"/);
	});

	it('registers a training right from Dutch headers', async () => {
		const { items } = await runV3(
			world.employer,
			{ resource: 'trainingRight', operation: 'create', enterpriseNumber: ENTERPRISES.employer, columns: AUTO, ifAlreadyRegistered: 'create' },
			[{ INSZ: WORKERS[0], Jaar: '2026', Soort: 'individual', Eenheid: 'days', Aantal: '2,5', PC: '200' }],
		);
		expect(items[0].json).toMatchObject({ ssin: WORKERS[0], year: 2026, rightType: 'individual', unit: 'days', amount: 2.5, jointCommittee: '200' });
	});

	it("creates opt-outs from a year and a worker's column; for all workers, a NISS is refused rather than ignored", async () => {
		const optOutCreate = (optOutScope: string) => ({ resource: 'optOut', operation: 'create', enterpriseNumber: ENTERPRISES.employer, optOutScope, columns: AUTO, ifAlreadyRegistered: 'create' });
		const worker = await runV3(world.employer, optOutCreate('worker'), [{ Jaar: '2026', INSZ: WORKERS[0], Opmerking: 'x' }, { Année: '2026' }]);
		expect(worker.items[0].json.error).toBeUndefined();
		expect(worker.items[0].json).toMatchObject({ year: 2026, unmappedColumns: ['Opmerking'] });
		expect(JSON.stringify(worker.items[0].json)).toContain(WORKERS[0]);
		expect(worker.items[1].json.error).toBe("'Worker NISS/INSZ' is required when 'Applies To' is 'One Worker' but the item gives none [item 2]");
		const company = await runV3(world.employer, optOutCreate('company'), [{ Year: '2025', NISS: WORKERS[1] }, { Year: '' }]);
		expect(company.items[0].json.error).toMatch(/^'Worker NISS\/INSZ' holds \d{11}, but 'Applies To' is 'All Workers'/);
		expect(company.items[1].json.error).toBe("'Year' is required but empty [item 2]");
	});

	it("registers a training provider's training from French headers, its participants from their own parameter", async () => {
		const { items } = await runV3(
			world.trainingProvider,
			{ resource: 'providerTraining', operation: 'create', columns: AUTO, participantsInput: 'json', participantsJson: '={{ $json.participants }}', ifAlreadyRegistered: 'create' },
			[{ Titre: 'Cariste', Type: 'formal', Début: '02/03/2026', Fin: '03/03/2026', Heures: '7,5', participants: [{ ssin: WORKERS[0] }] }],
		);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json).toMatchObject({ title: 'Cariste', startDate: '2026-03-02', durationHours: 7.5, participants: [{ ssin: WORKERS[0] }], unmappedColumns: ['participants'] });
	});

	it('updates a training with the columns the item has, leaving the others', async () => {
		const created = await runV3(world.employer, trainingCreate(), [sheetRow({ Title: 'To update' })]);
		const trainingId = created.items[0].json.trainingId as string;
		const { items } = await runV3(
			world.employer,
			{ resource: 'training', operation: 'update', enterpriseNumber: ENTERPRISES.employer, trainingId, columns: AUTO },
			[{ Uren: '8', Statut: 'completed', trainingId }],
		);
		expect(items[0].json).toMatchObject({ trainingId, title: 'To update', durationHours: 8, status: 'completed', unmappedColumns: ['trainingId'] });
	});
});

describe('Version 3, Map Each Column Manually', () => {
	it('sends the values of the expressions, checked and normalised as in earlier versions', async () => {
		const columns = {
			mappingMode: 'defineBelow',
			value: {
				ssin: '={{ $json.ssin }}',
				title: '={{ $json.title }}',
				trainingType: '={{ $json.type }}',
				startDate: '={{ $json.start }}',
				endDate: '={{ $json.end }}',
				durationHours: '={{ $json.hours }}',
				providerName: 'Safety Academy',
			},
			matchingColumns: [],
			schema: mapperFields('training', 'create'),
		};
		const { items } = await runV3(world.employer, trainingCreate({ enterpriseNumber: '={{ $json.enterpriseNumber }}', columns }), [spreadsheetRow(), spreadsheetRow({ hours: '' })]);
		expect(items[0].json).toMatchObject({ ssin: '85073003328', startDate: '2026-03-02', durationHours: 7.5, providerName: 'Safety Academy' });
		expect(items[0].json).not.toHaveProperty('unmappedColumns');
		expect(items[1].json.error).toBe("'Duration (Hours)' is required but empty [item 2]");
	});
});

describe('How often a mapped value is read', () => {
	/** An item whose Title counts its reads (the engine hands the node the item itself). */
	const countingItem = () => {
		const reads = { count: 0 };
		const item = { ...spreadsheetRow() } as IDataObject;
		Object.defineProperty(item, 'title', { enumerable: true, get: () => (reads.count++, 'Counted course') });
		return { item, reads };
	};

	it("reads a manual mapping's expression no more often than version 2 reads the same field, and an automatic mapping's column once", async () => {
		const v2 = countingItem();
		await runV3(world.employer, { ...mappedTrainingCreate(), ifAlreadyRegistered: 'create' }, [v2.item], 2);
		const manual = countingItem();
		const columns = { mappingMode: 'defineBelow', value: { ssin: '={{ $json.ssin }}', title: '={{ $json.title }}', trainingType: '={{ $json.type }}', startDate: '={{ $json.start }}', endDate: '={{ $json.end }}', durationHours: '={{ $json.hours }}' }, matchingColumns: [], schema: [] };
		const mappedRun = await runV3(world.employer, trainingCreate({ columns }), [manual.item]);
		expect(mappedRun.items[0].json).toMatchObject({ title: 'Counted course' });
		const auto = countingItem();
		const autoRun = await runV3(world.employer, trainingCreate(), [auto.item]);
		// Its columns are the fields' parameter names (and the employer's number): each matches.
		expect(autoRun.items[0].json).toMatchObject({ title: 'Counted course' });
		expect(autoRun.items[0].json).not.toHaveProperty('unmappedColumns');
		// Printed for the report: evaluations of one mapped field per item in n8n-core's engine.
		console.log(`reads of one field per item: version 2 ${v2.reads.count}, version 3 manual ${manual.reads.count}, version 3 automatic ${auto.reads.count}`);
		expect(auto.reads.count).toBe(1);
		expect(manual.reads.count).toBeLessThanOrEqual(v2.reads.count);
	});
});

describe('Earlier versions', () => {
	it('runs a version 2 Training > Create as before, with its fields mapped by expressions', async () => {
		const { items, error } = await runV3(world.employer, { ...mappedTrainingCreate(), ifAlreadyRegistered: 'create' }, [spreadsheetRow()], 2);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ ssin: '85073003328', title: 'Forklift safety', durationHours: 7.5 });
		expect(items[0].json.error).toBeUndefined();
	});

	it("keeps the forms of versions 1 and 2: 'Columns' shows in version 3 only, and the fields it replaces in 1 and 2 only", () => {
		const { description } = loadedNode();
		const shown = (version: number, resource: string, operation: string) => {
			const parameters = { resource, operation };
			const node = { typeVersion: version, parameters } as never;
			return description.properties
				.filter((p) => require('n8n-workflow').NodeHelpers.displayParameter(parameters, p, node, description))
				.map((p) => p.name);
		};
		for (const version of [1, 2]) {
			expect(shown(version, 'training', 'create')).toEqual(expect.arrayContaining(['enterpriseNumber', 'ssin', 'title', 'durationHours', 'additionalFields']));
			expect(shown(version, 'training', 'create')).not.toContain('columns');
			expect(shown(version, 'training', 'update')).toEqual(expect.arrayContaining(['updateFields', 'clearFields']));
		}
		expect(shown(3, 'training', 'create')).toEqual(expect.arrayContaining(['enterpriseNumber', 'columns', 'ifAlreadyRegistered']));
		expect(shown(3, 'training', 'create')).not.toEqual(expect.arrayContaining(['ssin']));
		expect(shown(3, 'training', 'create').filter((n) => ['ssin', 'title', 'durationHours', 'additionalFields'].includes(n))).toEqual([]);
		expect(shown(3, 'trainingRight', 'create').filter((n) => ['ssin', 'year', 'amount', 'additionalFields'].includes(n))).toEqual([]);
		expect(shown(3, 'training', 'update')).toEqual(expect.arrayContaining(['trainingId', 'columns', 'clearFields']));
		expect(shown(3, 'training', 'get')).not.toContain('columns');
		const optOutCreate = (version: number) => shown(version, 'optOut', 'create').filter((n) => ['year', 'optOutScope', 'columns'].includes(n));
		expect(optOutCreate(2)).toEqual(['year', 'optOutScope']);
		expect(optOutCreate(3)).toEqual(['columns', 'optOutScope']);
		expect(shown(3, 'optOut', 'delete')).toEqual(expect.arrayContaining(['year', 'optOutScope']));
		expect(shown(3, 'optOut', 'get')).toContain('year');
		expect(shown(3, 'providerTraining', 'create')).toEqual(expect.arrayContaining(['columns', 'participantsInput']));
	});
});
