/**
 * The sandbox's state: what the FLA holds, in memory, with deterministic identifiers (`TR-000001`...).
 *
 * Stored records carry their owner (`enterpriseNumber` of the employer, `providerEnterpriseNumber` of a training
 * provider) next to the fields of the API (statement.ts); the API shows those fields only.
 */
import { HOURS_PER_DAY, IDS, OPT_OUT_FIELDS, PARTICIPANT_FIELDS, PROVIDER_TRAINING_FIELDS, TRAINING_FIELDS, TRAINING_RIGHT_FIELDS, type FieldSpec } from './statement';
import { checkRecord, isEnterpriseNumber } from './checks';

export type Fields = Record<string, unknown>;

export interface StoredTraining extends Fields {
	enterpriseNumber: string;
	trainingId: string;
	createdAt: string;
	updatedAt: string;
}

export interface StoredTrainingRight extends Fields {
	enterpriseNumber: string;
	trainingRightId: string;
	createdAt: string;
	updatedAt: string;
}

export interface StoredOptOut {
	enterpriseNumber: string;
	year: number;
	/** Absent for a company-wide opt-out. */
	ssin?: string;
	createdAt: string;
}

export interface Participant {
	ssin: string;
	employerEnterpriseNumber?: string;
}

export interface StoredProviderTraining extends Fields {
	providerEnterpriseNumber: string;
	trainingId: string;
	participants: Participant[];
	createdAt: string;
	updatedAt: string;
}

/** Everything the sandbox holds, as `GET /__admin/data` returns it. */
export interface SandboxData {
	trainings: StoredTraining[];
	trainingRights: StoredTrainingRight[];
	optOuts: StoredOptOut[];
	providerTrainings: StoredProviderTraining[];
}

/** Data to load: the API's fields plus the owner; ids and timestamps are assigned when absent. */
export interface SeedData {
	trainings?: Array<Fields & { enterpriseNumber: string; trainingId?: string }>;
	trainingRights?: Array<Fields & { enterpriseNumber: string; trainingRightId?: string }>;
	optOuts?: Array<{ enterpriseNumber: string; year: number; ssin?: string }>;
	providerTrainings?: Array<Fields & { providerEnterpriseNumber: string; participants: Participant[]; trainingId?: string }>;
}

/**
 * Records by id, with an index by owner (an employer's or a training provider's enterprise number) kept up to date by
 * `set`, `delete` and `clear`, so that one employer's listing does not scan every employer's records: the sandbox
 * holds tens of thousands of employers for the archive tests and benchmarks. The owner of a record never changes.
 */
export class OwnedRecords<T extends Fields> extends Map<string, T> {
	private readonly byOwner = new Map<string, Map<string, T>>();

	constructor(private readonly ownerField: string) {
		super();
	}

	override set(id: string, record: T): this {
		const before = super.get(id);
		if (before && before !== record) this.byOwner.get(String(before[this.ownerField]))?.delete(id);
		super.set(id, record);
		const owner = String(record[this.ownerField]);
		let mine = this.byOwner.get(owner);
		if (!mine) this.byOwner.set(owner, (mine = new Map()));
		mine.set(id, record);
		return this;
	}

	override delete(id: string): boolean {
		const before = super.get(id);
		if (before) this.byOwner.get(String(before[this.ownerField]))?.delete(id);
		return super.delete(id);
	}

	override clear(): void {
		super.clear();
		this.byOwner?.clear();
	}

	/** The records of one owner, in the order they were stored. */
	of(owner: string): IterableIterator<T> {
		return (this.byOwner.get(owner) ?? new Map<string, T>()).values();
	}
}

export const ID_PREFIXES = { training: 'TR', trainingRight: 'TRR', providerTraining: 'PTR' } as const;
type Kind = keyof typeof ID_PREFIXES;

/** The stored record without the owner: what the API answers with. Id first, then the API's fields. */
export function present(stored: Fields, specs: readonly FieldSpec[], idName: string): Fields {
	const out: Fields = { [idName]: stored[idName] };
	for (const spec of specs) if (stored[spec.name] !== undefined) out[spec.name] = stored[spec.name];
	if (stored.participants !== undefined) out.participants = stored.participants;
	out.createdAt = stored.createdAt;
	out.updatedAt = stored.updatedAt;
	return out;
}

const round = (value: number) => Math.round(value * 100) / 100;

export interface TrainingCredit {
	ssin: string;
	year: number;
	rightHours: number;
	usedHours: number;
	remainingHours: number;
}

export class Store {
	readonly trainings = new OwnedRecords<StoredTraining>('enterpriseNumber');
	readonly trainingRights = new OwnedRecords<StoredTrainingRight>('enterpriseNumber');
	optOuts: StoredOptOut[] = [];
	readonly providerTrainings = new OwnedRecords<StoredProviderTraining>('providerEnterpriseNumber');
	private counters: Record<Kind, number> = { training: 0, trainingRight: 0, providerTraining: 0 };

	nextId(kind: Kind): string {
		this.counters[kind] += 1;
		return `${ID_PREFIXES[kind]}-${String(this.counters[kind]).padStart(6, '0')}`;
	}

	/** Keeps the counter above an id loaded from seed data. */
	private noteId(kind: Kind, id: string): void {
		const match = new RegExp(`^${ID_PREFIXES[kind]}-(\\d+)$`).exec(id);
		if (match) this.counters[kind] = Math.max(this.counters[kind], Number(match[1]));
	}

	clear(): void {
		this.trainings.clear();
		this.trainingRights.clear();
		this.optOuts = [];
		this.providerTrainings.clear();
		this.counters = { training: 0, trainingRight: 0, providerTraining: 0 };
	}

	snapshot(): SandboxData {
		return structuredClone({
			trainings: [...this.trainings.values()],
			trainingRights: [...this.trainingRights.values()],
			optOuts: this.optOuts,
			providerTrainings: [...this.providerTrainings.values()],
		});
	}

	/** An employer's opt-outs (of one year, when given). */
	optOutsOf(enterpriseNumber: string, year?: number): StoredOptOut[] {
		return (this.optOutIndex().get(enterpriseNumber) ?? []).filter((o) => year === undefined || o.year === year);
	}

	private indexed: { list: StoredOptOut[]; length: number; first?: StoredOptOut; last?: StoredOptOut; byEmployer: Map<string, StoredOptOut[]> } | undefined;

	/**
	 * The opt-outs by employer, rebuilt when the list changed (the API pushes and splices it): checked by identity,
	 * length and both ends, which every push, splice or replacement of the list changes.
	 */
	private optOutIndex(): Map<string, StoredOptOut[]> {
		const list = this.optOuts;
		const i = this.indexed;
		if (i && i.list === list && i.length === list.length && i.first === list[0] && i.last === list[list.length - 1]) return i.byEmployer;
		const byEmployer = new Map<string, StoredOptOut[]>();
		for (const o of list) {
			let mine = byEmployer.get(o.enterpriseNumber);
			if (!mine) byEmployer.set(o.enterpriseNumber, (mine = []));
			mine.push(o);
		}
		this.indexed = { list, length: list.length, first: list[0], last: list[list.length - 1], byEmployer };
		return byEmployer;
	}

	/** The training right of a worker for a year and type, if any (one at most per employer). */
	findRight(enterpriseNumber: string, ssin: unknown, year: unknown, rightType: unknown, except?: string) {
		for (const right of this.trainingRights.of(enterpriseNumber)) {
			if (
				right.ssin === ssin &&
				right.year === year &&
				right.rightType === rightType &&
				right.trainingRightId !== except
			) {
				return right;
			}
		}
		return undefined;
	}

	/**
	 * A worker's credit for a year: rights in hours (days x HOURS_PER_DAY) minus the hours of that year's trainings
	 * that count towards the right and are completed (or have no status). Undefined when the worker has neither a
	 * right nor a training that year.
	 */
	credit(enterpriseNumber: string, ssin: string, year: number): TrainingCredit | undefined {
		let found = false;
		let rightHours = 0;
		let usedHours = 0;
		for (const right of this.trainingRights.of(enterpriseNumber)) {
			if (right.ssin !== ssin || right.year !== year) continue;
			found = true;
			const amount = right.amount as number;
			rightHours += right.unit === 'days' ? amount * HOURS_PER_DAY : amount;
		}
		for (const training of this.trainings.of(enterpriseNumber)) {
			if (training.ssin !== ssin) continue;
			if (String(training.startDate).slice(0, 4) !== String(year)) continue;
			found = true;
			const counts = training.countsTowardsTrainingRight !== false;
			const done = training.status === undefined || training.status === 'completed';
			if (counts && done) usedHours += training.durationHours as number;
		}
		if (!found) return undefined;
		rightHours = round(rightHours);
		usedHours = round(usedHours);
		return { ssin, year, rightHours, usedHours, remainingHours: round(rightHours - usedHours) };
	}

	/** The workers (sorted by NISS) that have a right or a training in a year at an employer. */
	workersOf(enterpriseNumber: string, year: number): string[] {
		const workers = new Set<string>();
		for (const right of this.trainingRights.of(enterpriseNumber)) {
			if (right.year === year) workers.add(right.ssin as string);
		}
		for (const training of this.trainings.of(enterpriseNumber)) {
			if (String(training.startDate).slice(0, 4) === String(year)) {
				workers.add(training.ssin as string);
			}
		}
		return [...workers].sort();
	}

	/**
	 * Adds seed data after checking it as strictly as the API would, except the REST channel's own rules on texts: the
	 * seed stands for what any channel may have registered, such as a title that starts with `=` (checks.ts `Origin`).
	 * Throws an Error listing what is wrong, and loads nothing in that case.
	 */
	load(seed: SeedData): { trainings: number; trainingRights: number; optOuts: number; providerTrainings: number } {
		const errors: string[] = [];
		const check = (what: string, specs: readonly FieldSpec[], record: Fields, owner: string, extra: string[]) => {
			if (typeof record[owner] !== 'string' || !isEnterpriseNumber(record[owner])) {
				errors.push(`${what}: ${owner} ${JSON.stringify(record[owner])} is not a valid enterprise number`);
			}
			const body: Fields = { ...record };
			for (const key of [owner, ...extra]) delete body[key];
			const { problems, unknown } = checkRecord(specs, body, false, 'otherChannel');
			for (const p of problems) errors.push(`${what}: ${p.field} ${p.message}`);
			for (const key of unknown) errors.push(`${what}: unknown property ${key}`);
		};
		const stamp = new Date().toISOString();
		(seed.trainings ?? []).forEach((t, i) =>
			check(`trainings[${i}]`, TRAINING_FIELDS, t, 'enterpriseNumber', [IDS.training, 'createdAt', 'updatedAt']),
		);
		const pendingRights = new Set<string>();
		(seed.trainingRights ?? []).forEach((r, i) => {
			check(`trainingRights[${i}]`, TRAINING_RIGHT_FIELDS, r, 'enterpriseNumber', [
				IDS.trainingRight,
				'createdAt',
				'updatedAt',
			]);
			const key = JSON.stringify([r.enterpriseNumber, r.ssin, r.year, r.rightType]);
			const twin = this.findRight(r.enterpriseNumber, r.ssin, r.year, r.rightType) ?? pendingRights.has(key);
			if (twin) errors.push(`trainingRights[${i}]: a ${String(r.rightType)} right of ${String(r.ssin)} in ${String(r.year)} already exists`);
			pendingRights.add(key);
		});
		(seed.optOuts ?? []).forEach((o, i) => check(`optOuts[${i}]`, OPT_OUT_FIELDS, o, 'enterpriseNumber', ['createdAt']));
		(seed.providerTrainings ?? []).forEach((t, i) => {
			check(`providerTrainings[${i}]`, PROVIDER_TRAINING_FIELDS, t, 'providerEnterpriseNumber', [
				IDS.providerTraining,
				'participants',
				'createdAt',
				'updatedAt',
			]);
			if (!Array.isArray(t.participants) || t.participants.length === 0) {
				errors.push(`providerTrainings[${i}]: participants must be a non-empty list`);
			} else {
				t.participants.forEach((p, j) => {
					const { problems, unknown } = checkRecord(PARTICIPANT_FIELDS, p, false, 'otherChannel');
					for (const problem of problems) errors.push(`providerTrainings[${i}].participants[${j}]: ${problem.field} ${problem.message}`);
					for (const key of unknown) errors.push(`providerTrainings[${i}].participants[${j}]: unknown property ${key}`);
				});
			}
		});
		const taken = (what: string, ids: Array<string | undefined>, map: Map<string, unknown>) => {
			const seen = new Set<string>();
			for (const id of ids) {
				if (id === undefined) continue;
				if (map.has(id) || seen.has(id)) errors.push(`${what}: the id ${id} is already taken`);
				seen.add(id);
			}
		};
		taken('trainings', (seed.trainings ?? []).map((t) => t.trainingId), this.trainings);
		taken('trainingRights', (seed.trainingRights ?? []).map((r) => r.trainingRightId), this.trainingRights);
		taken('providerTrainings', (seed.providerTrainings ?? []).map((t) => t.trainingId), this.providerTrainings);
		if (errors.length) throw new Error(`invalid seed data:\n${errors.slice(0, 50).join('\n')}`);

		for (const t of seed.trainings ?? []) {
			const trainingId = t.trainingId ?? this.nextId('training');
			this.noteId('training', trainingId);
			this.trainings.set(trainingId, { createdAt: stamp, updatedAt: stamp, ...structuredClone(t), trainingId });
		}
		for (const r of seed.trainingRights ?? []) {
			const trainingRightId = r.trainingRightId ?? this.nextId('trainingRight');
			this.noteId('trainingRight', trainingRightId);
			this.trainingRights.set(trainingRightId, { createdAt: stamp, updatedAt: stamp, ...structuredClone(r), trainingRightId });
		}
		const optOutKey = (o: { enterpriseNumber: string; year: number; ssin?: string }) => JSON.stringify([o.enterpriseNumber, o.year, o.ssin ?? null]);
		const optedOut = new Set(this.optOuts.map(optOutKey));
		for (const o of seed.optOuts ?? []) {
			if (optedOut.has(optOutKey(o))) continue;
			optedOut.add(optOutKey(o));
			this.optOuts.push({ createdAt: stamp, ...structuredClone(o) });
		}
		for (const t of seed.providerTrainings ?? []) {
			const trainingId = t.trainingId ?? this.nextId('providerTraining');
			this.noteId('providerTraining', trainingId);
			this.providerTrainings.set(trainingId, { createdAt: stamp, updatedAt: stamp, ...structuredClone(t), trainingId });
		}
		return {
			trainings: seed.trainings?.length ?? 0,
			trainingRights: seed.trainingRights?.length ?? 0,
			optOuts: seed.optOuts?.length ?? 0,
			providerTrainings: seed.providerTrainings?.length ?? 0,
		};
	}
}
