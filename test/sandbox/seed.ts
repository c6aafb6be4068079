/**
 * Realistic demo data for the sandbox: employers with valid enterprise numbers, workers with valid NISS numbers,
 * their trainings, training rights and opt-outs, and a few training providers' trainings. The same seed gives the
 * same data; every record passes the gateway's strict checks.
 */
import { RIGHT_TYPES, TRAINING_STATUSES, TRAINING_TYPES, YEAR_RANGE } from './statement';
import { pick, randomInt, seededRandom, type Random } from './prng';
import type { Fields, Participant, SeedData } from './store';

/** A valid enterprise number (KBO/BCE) from 8 leading digits: check = 97 - (digits mod 97). */
export function enterpriseNumberFrom(first8: string): string {
	if (!/^[01]\d{7}$/.test(first8)) throw new Error(`${first8} is not 8 digits starting with 0 or 1`);
	return first8 + String(97 - (Number(first8) % 97)).padStart(2, '0');
}

/** A valid NISS/INSZ from a birth date and a daily sequence number (odd for men, even for women). */
export function ssinFrom(birthDate: string, sequence: number): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
	if (!m) throw new Error(`${birthDate} is not YYYY-MM-DD`);
	if (sequence < 1 || sequence > 999) throw new Error('the sequence number runs from 1 to 999');
	const base = m[1].slice(2) + m[2] + m[3] + String(sequence).padStart(3, '0');
	const checked = Number(m[1]) >= 2000 ? Number('2' + base) : Number(base);
	return base + String(97 - (checked % 97)).padStart(2, '0');
}

export function randomEnterpriseNumber(random: Random): string {
	return enterpriseNumberFrom((random() < 0.9 ? '0' : '1') + String(randomInt(random, 2_000_000, 9_999_999)));
}

export interface DemoWorker {
	ssin: string;
	name: string;
	/** Share of a full-time job, for the pro-rata training right. */
	workTime: number;
}

export interface DemoEmployer {
	enterpriseNumber: string;
	name: string;
	jointCommittee: string;
	workers: DemoWorker[];
}

export interface DemoData extends Required<SeedData> {
	employers: DemoEmployer[];
	trainingProviders: Array<{ enterpriseNumber: string; name: string }>;
}

const COMPANY_NAMES = [
	'Brasserie Van den Bossche',
	'Logistique Meuse SA',
	'Bouwbedrijf Claes NV',
	'Atelier Lambert SRL',
	'Groep Peeters Zorg VZW',
	'Imprimerie du Hainaut',
	'Vlaamse Tuinbouw BV',
	'Garage Dubois & Fils',
	'Kempische Metaalwerken',
	'Clinique Saint-Luc ASBL',
];
const JOINT_COMMITTEES = ['200', '124', '302', '140.03', '330.01.10', '111.01'];
const FIRST_NAMES = ['Lucas', 'Emma', 'Noah', 'Olivia', 'Arthur', 'Louise', 'Liam', 'Mila', 'Jules', 'Elena', 'Finn', 'Marie', 'Wout', 'Sofie'];
const LAST_NAMES = ['Peeters', 'Janssens', 'Maes', 'Dubois', 'Lambert', 'Claes', 'Martin', 'Goossens', 'Wouters', 'Leroy', 'Mertens', 'Dupont'];
const PROVIDER_NAMES = ['Syntra Vlaanderen', 'IFAPME Liège', 'Cevora', 'Bruxelles Formation', 'Educam', 'Constructiv Academy'];
/** Training titles as Belgian employers write them (Dutch, French, English). */
export const TRAINING_TITLES = [
	'Basic fire safety',
	'VCA Basisveiligheid',
	'Excel avancé',
	'Leidinggeven aan een team',
	'First aid at work',
	'Forklift driver certificate',
	'Nederlands op de werkvloer',
	'Gestion du temps et des priorités',
	'GDPR awareness',
	'Onthaal van nieuwe medewerkers',
	'Soudure TIG niveau 2',
	'Customer care by phone',
];
const NATURES = ['Technical', 'Safety', 'Language', 'Soft skills', 'Digital', 'Management'];
const RESULTS = ['Passed', 'Attended', 'Certificate delivered', 'Follow-up planned'];
const FINANCING = ['Employer', 'Sectoral training fund', 'Regional training voucher', 'Shared (employer and sector)'];
const TRAINING_HOURS = [2, 3.5, 3.5, 4, 7.6, 7.6, 8, 15.2];

const pad = (n: number) => String(n).padStart(2, '0');

function dateIn(random: Random, year: number, fromMonth = 1, toMonth = 12): string {
	const month = randomInt(random, fromMonth, toMonth);
	return `${year}-${pad(month)}-${pad(randomInt(random, 1, 28))}`;
}

function plusDays(date: string, days: number): string {
	const next = new Date(Date.parse(date + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
	return next.slice(0, 4) === date.slice(0, 4) ? next : `${date.slice(0, 4)}-12-31`;
}

function worker(random: Random, used: Set<string>): DemoWorker {
	for (;;) {
		const birthYear = randomInt(random, 1962, 2005);
		const ssin = ssinFrom(`${birthYear}-${pad(randomInt(random, 1, 12))}-${pad(randomInt(random, 1, 28))}`, randomInt(random, 1, 998));
		if (used.has(ssin)) continue;
		used.add(ssin);
		return {
			ssin,
			name: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
			workTime: random() < 0.75 ? 1 : pick(random, [0.5, 0.8]),
		};
	}
}

/** The yearly individual right in days for a full-time worker (4 days in 2023, 5 from 2024). */
const fullTimeDays = (year: number) => (year <= 2023 ? 4 : 5);

/**
 * Demo data: `employers` (default 3) with `workersPerEmployer` (default 8) workers each, their trainings (2023 to
 * 2025) and rights (2023 to 2026), some opt-outs, and two training providers with their trainings.
 */
export function demoData(options: { employers?: number; workersPerEmployer?: number; seed?: number } = {}): DemoData {
	const random = seededRandom(options.seed ?? 2026);
	const employerCount = options.employers ?? 3;
	const workersPerEmployer = options.workersPerEmployer ?? 8;
	const usedNumbers = new Set<string>();
	const usedSsins = new Set<string>();
	const freshEnterpriseNumber = () => {
		for (;;) {
			const number = randomEnterpriseNumber(random);
			if (!usedNumbers.has(number)) {
				usedNumbers.add(number);
				return number;
			}
		}
	};

	const trainingProviders = PROVIDER_NAMES.slice(0, 2).map((name) => ({ enterpriseNumber: freshEnterpriseNumber(), name }));
	const data: DemoData = {
		employers: [],
		trainingProviders,
		trainings: [],
		trainingRights: [],
		optOuts: [],
		providerTrainings: [],
	};

	for (let e = 0; e < employerCount; e++) {
		const employer: DemoEmployer = {
			enterpriseNumber: freshEnterpriseNumber(),
			name: COMPANY_NAMES[e % COMPANY_NAMES.length] + (e >= COMPANY_NAMES.length ? ` ${Math.floor(e / COMPANY_NAMES.length) + 1}` : ''),
			jointCommittee: pick(random, JOINT_COMMITTEES),
			workers: Array.from({ length: workersPerEmployer }, () => worker(random, usedSsins)),
		};
		data.employers.push(employer);
		const sectoral = random() < 0.4;
		const { enterpriseNumber } = employer;

		for (const w of employer.workers) {
			for (let year = YEAR_RANGE.min; year <= YEAR_RANGE.max; year++) {
				data.trainingRights.push({
					enterpriseNumber,
					ssin: w.ssin,
					year,
					rightType: RIGHT_TYPES[0],
					unit: 'days',
					amount: Math.round(fullTimeDays(year) * w.workTime * 100) / 100,
				});
				if (sectoral) {
					data.trainingRights.push({
						enterpriseNumber,
						ssin: w.ssin,
						year,
						rightType: RIGHT_TYPES[1],
						unit: 'hours',
						amount: pick(random, [8, 12, 16]),
						jointCommittee: employer.jointCommittee,
						collectiveAgreementNumber: `${randomInt(random, 150000, 189999)}/CO/${employer.jointCommittee.split('.')[0]}`,
					});
				}
			}
			for (let year = YEAR_RANGE.min; year < YEAR_RANGE.max; year++) {
				const count = randomInt(random, 0, 2);
				for (let t = 0; t < count; t++) data.trainings.push({ enterpriseNumber, ...training(random, year, w.ssin, trainingProviders) });
			}
		}
		if (e % 3 === 1) data.optOuts.push({ enterpriseNumber, year: 2025 });
		if (e % 3 === 2 && employer.workers.length) data.optOuts.push({ enterpriseNumber, year: 2025, ssin: employer.workers[0].ssin });
	}

	const everyone = data.employers.flatMap((employer) => employer.workers.map((w) => ({ employer, w })));
	for (const provider of trainingProviders) {
		for (let t = 0; t < 3 && everyone.length; t++) {
			const year = randomInt(random, 2024, 2026);
			const { ssin: _ssin, providerName: _name, providerEnterpriseNumber: _en, ...characteristics } = training(random, year, '', []);
			const participants: Participant[] = [];
			const size = Math.min(everyone.length, randomInt(random, 1, 6));
			const chosen = new Set<number>();
			while (chosen.size < size) chosen.add(randomInt(random, 0, everyone.length - 1));
			for (const index of chosen) {
				const { employer, w } = everyone[index];
				participants.push(random() < 0.8 ? { ssin: w.ssin, employerEnterpriseNumber: employer.enterpriseNumber } : { ssin: w.ssin });
			}
			data.providerTrainings.push({ providerEnterpriseNumber: provider.enterpriseNumber, ...characteristics, participants });
		}
	}
	return data;
}

function training(random: Random, year: number, ssin: string, providers: Array<{ enterpriseNumber: string; name: string }>): Fields {
	const startDate = dateIn(random, year);
	const durationHours = pick(random, TRAINING_HOURS);
	const days = Math.max(0, Math.ceil(durationHours / 7.6) - 1);
	const record: Fields = {
		ssin,
		title: pick(random, TRAINING_TITLES),
		trainingType: random() < 0.7 ? TRAINING_TYPES[0] : TRAINING_TYPES[1],
		startDate,
		endDate: plusDays(startDate, days),
		durationHours,
		status: random() < 0.85 ? 'completed' : pick(random, TRAINING_STATUSES),
		countsTowardsTrainingRight: random() < 0.9,
		nature: pick(random, NATURES),
		financing: pick(random, FINANCING),
	};
	if (record.status === 'completed') {
		record.result = pick(random, RESULTS);
		if (random() < 0.4) {
			record.certificateObtained = true;
			record.certificateValidUntil = `${year + 3}-${startDate.slice(5)}`;
		}
	}
	if (random() < 0.3) record.description = `${record.title as string}: ${pick(random, ['in-house session', 'external course', 'e-learning with a final test'])}.`;
	if (providers.length && random() < 0.7) {
		const provider = pick(random, providers);
		record.providerName = provider.name;
		record.providerEnterpriseNumber = provider.enterpriseNumber;
	}
	return record;
}
