/**
 * The participants of a training provider's training: typed one by one, or given as a list from earlier nodes
 * (`[{ "ssin": "...", "employerEnterpriseNumber": "..." }]`).
 */
import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_PARTICIPANTS, PARTICIPANT_FIELDS } from '../../shared/contract';
import { fieldProperty } from '../../shared/descriptions';
import { inputError } from '../../shared/errors';
import { parseRecord, type FieldProblem } from '../../shared/validation';

export const participantProperties: INodeProperties[] = [
	{
		displayName: 'Participants Input',
		name: 'participantsInput',
		type: 'options',
		options: [
			{ name: 'Fields Below', value: 'fields', description: 'Type each participant' },
			{ name: 'List (JSON)', value: 'json', description: 'A list of participants from earlier nodes' },
		],
		default: 'fields',
	},
	{
		displayName: 'Participants',
		name: 'participants',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Participant',
		default: {},
		displayOptions: { show: { participantsInput: ['fields'] } },
		options: [
			{
				displayName: 'Participant',
				name: 'participant',
				values: PARTICIPANT_FIELDS.map((spec) => fieldProperty(spec)),
			},
		],
	},
	{
		displayName: 'Participants (JSON)',
		name: 'participantsJson',
		type: 'json',
		default: '[]',
		description:
			'A list of participants, e.g. [{"ssin": "85.07.30-033.28", "employerEnterpriseNumber": "0202.239.951"}]',
		displayOptions: { show: { participantsInput: ['json'] } },
	},
];

export function readParticipants(context: IExecuteSingleFunctions): IDataObject {
	const source = context.getNodeParameter('participantsInput', 'fields') as string;
	const fail = (problems: FieldProblem[]) => inputError(context.getNode(), context.getItemIndex(), problems);
	let list: unknown;
	if (source === 'json') {
		list = context.getNodeParameter('participantsJson', '[]');
		if (typeof list === 'string') {
			try {
				list = JSON.parse(list);
			} catch {
				throw fail([{ field: 'participants', label: 'Participants (JSON)', message: 'is not valid JSON' }]);
			}
		}
	} else {
		list = (context.getNodeParameter('participants', {}) as { participant?: IDataObject[] }).participant ?? [];
	}
	if (!Array.isArray(list)) {
		throw fail([{ field: 'participants', label: 'Participants', message: 'must be a list of participants' }]);
	}
	if (list.length === 0 || list.length > MAX_PARTICIPANTS) {
		throw fail([
			{
				field: 'participants',
				label: 'Participants',
				message: `has ${list.length} participants; give between 1 and ${MAX_PARTICIPANTS}`,
			},
		]);
	}
	const problems: FieldProblem[] = [];
	/** The first participant of each NISS: the gateway refuses a worker listed twice in one training. */
	const first = new Map<unknown, number>();
	const participants = list.map((entry, index) => {
		const raw = entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as IDataObject) : {};
		const { record, problems: found } = parseRecord(PARTICIPANT_FIELDS, raw);
		problems.push(...found.map((p) => ({ ...p, label: `Participant ${index + 1}: ${p.label}` })));
		const ssinSpec = PARTICIPANT_FIELDS.find((f) => f.name === 'ssin')!;
		if (record.ssin !== undefined && first.has(record.ssin)) {
			problems.push({
				field: 'participants',
				label: `Participant ${index + 1}: ${ssinSpec.label}`,
				message: `${String(record.ssin)} is already participant ${first.get(record.ssin)! + 1}`,
			});
		} else if (record.ssin !== undefined) {
			first.set(record.ssin, index);
		}
		return record;
	});
	if (problems.length) throw fail(problems);
	return { participants };
}
