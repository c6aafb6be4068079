/**
 * Data at a social secretariat's scale, for the archive tests and benchmarks: many client employers, each with
 * `trainingsPerEmployer` trainings and `rightsPerEmployer` training rights of `workersPerEmployer` workers over
 * `years`, so that each employer has training credits in every one of those years, and an opt-out in each of them
 * (company-wide in the first, one worker in the others). Deterministic: the same options give the same data, and
 * every record passes the gateway's strict checks, except that the first employer has trainings titled like spreadsheet
 * formulas (FORMULA_TITLES), as other channels may register. Also the records a complete archive of one employer must hold,
 * computed from the data itself, so that tests compare files against the sandbox rather than against constants.
 */
import { RIGHT_TYPES, TRAINING_TYPES } from './statement';
import { enterpriseNumberFrom, ssinFrom } from './seed';
import type { SeedData } from './store';

export interface ArchiveDataOptions {
	employers: number;
	trainingsPerEmployer?: number;
	rightsPerEmployer?: number;
	workersPerEmployer?: number;
	/** The years of the rights, trainings, credits and opt-outs (default 2025 and 2026). */
	years?: number[];
	/** Where the employers' numbers start (8 leading digits of the first; default 04000000). */
	firstNumber?: number;
}

export interface ArchiveData extends Required<Pick<SeedData, 'trainings' | 'trainingRights' | 'optOuts'>> {
	/** The client employers' enterprise numbers, in order. */
	employers: string[];
	years: number[];
}

const TITLES = ['Basic fire safety', 'VCA Basisveiligheid', 'Excel avancé', 'First aid at work', 'Forklift driver certificate', 'GDPR awareness'];

/**
 * Titles that a spreadsheet reads as a formula, as another channel (the web application, batch files) may have
 * registered them although the REST channel refuses them. The first employer's trainings 2 to 5 carry them, so that
 * the archive's CSV files can be checked to neutralise them.
 */
export const FORMULA_TITLES = ['=HYPERLINK("http://x","y")', '- module 1', '+32 first aid', '@risk workshop'] as const;

/** `count` distinct valid enterprise numbers (KBO/BCE) from `first` on, 7 apart. */
export function enterpriseNumbers(count: number, first = 4_000_000): string[] {
	return Array.from({ length: count }, (_, i) => enterpriseNumberFrom(String(first + i * 7).padStart(8, '0')));
}

export function archiveData(options: ArchiveDataOptions): ArchiveData {
	const trainingsPerEmployer = options.trainingsPerEmployer ?? 30;
	const rightsPerEmployer = options.rightsPerEmployer ?? 5;
	const workersPerEmployer = options.workersPerEmployer ?? 3;
	const years = options.years ?? [2025, 2026];
	const employers = enterpriseNumbers(options.employers, options.firstNumber);
	const data: ArchiveData = { employers, years, trainings: [], trainingRights: [], optOuts: [] };
	employers.forEach((enterpriseNumber, e) => {
		const workers = Array.from({ length: workersPerEmployer }, (_, w) =>
			ssinFrom(`19${60 + ((e + w) % 40)}-${String(1 + (w % 12)).padStart(2, '0')}-${String(1 + (e % 28)).padStart(2, '0')}`, 1 + ((e * 7 + w) % 997)),
		);
		// Rights: worker by worker, year by year (one individual right each), then sectoral rights if more are asked.
		for (let r = 0; r < rightsPerEmployer; r++) {
			const slot = r % (workers.length * years.length);
			const rightType = RIGHT_TYPES[Math.floor(r / (workers.length * years.length)) % RIGHT_TYPES.length];
			data.trainingRights.push({
				enterpriseNumber,
				ssin: workers[slot % workers.length],
				year: years[Math.floor(slot / workers.length) % years.length],
				rightType,
				unit: 'days',
				amount: 5,
			});
		}
		for (let t = 0; t < trainingsPerEmployer; t++) {
			const year = years[t % years.length];
			const day = `${year}-${String(1 + (t % 12)).padStart(2, '0')}-${String(1 + (t % 28)).padStart(2, '0')}`;
			data.trainings.push({
				enterpriseNumber,
				ssin: workers[t % workers.length],
				title: e === 0 && t >= 1 && t <= FORMULA_TITLES.length ? FORMULA_TITLES[t - 1] : `${TITLES[(e + t) % TITLES.length]} ${t + 1}`,
				trainingType: TRAINING_TYPES[t % TRAINING_TYPES.length],
				startDate: day,
				endDate: day,
				durationHours: 1 + (t % 8),
				status: 'completed',
				...(t % 5 === 0 ? { description: `Session ${t + 1}, "in-house"; with a comma, and a second line\nof text` } : {}),
			});
		}
		years.forEach((year, y) => data.optOuts.push(y === 0 ? { enterpriseNumber, year } : { enterpriseNumber, year, ssin: workers[0] }));
	});
	return data;
}

/** What an archive of one employer holds, counted from the data: the number of records of each resource. */
export function expectedCounts(data: Pick<ArchiveData, 'trainings' | 'trainingRights' | 'optOuts' | 'years'>, enterpriseNumber: string) {
	const trainings = data.trainings.filter((t) => t.enterpriseNumber === enterpriseNumber);
	const rights = data.trainingRights.filter((r) => r.enterpriseNumber === enterpriseNumber);
	const years = new Set(data.years);
	// A credit exists for each worker with a right or a training in the year.
	const credits = new Set<string>();
	for (const r of rights) if (years.has(r.year as number)) credits.add(`${String(r.ssin)} ${String(r.year)}`);
	for (const t of trainings) {
		const year = Number(String(t.startDate).slice(0, 4));
		if (years.has(year)) credits.add(`${String(t.ssin)} ${year}`);
	}
	const optOuts = data.optOuts.filter((o) => o.enterpriseNumber === enterpriseNumber && years.has(o.year));
	return { trainings: trainings.length, trainingRights: rights.length, trainingCredits: credits.size, optOuts: optOuts.length };
}
