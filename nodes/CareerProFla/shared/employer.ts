/**
 * Who may use which resource: employers and mandataries (the employer's enterprise number in the path), or training
 * providers (their own account).
 */
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { QUALITIES, type Quality } from '../../../credentials/gateway';
import { ENTERPRISE_NUMBER } from './contract';
import { checkQuality, readField } from './requests';

export const EMPLOYER_QUALITIES: readonly Quality[] = [QUALITIES.employer, QUALITIES.mandatary];
export const TRAINING_PROVIDER_QUALITIES: readonly Quality[] = [QUALITIES.trainingProvider];

/** The owner of a record, as one item's request needs it: the quality (checked) and, for an employer, its number. */
export interface Owner {
	quality: Quality;
	enterpriseNumber?: string;
}

/** The credential's quality (checked) and the employer's enterprise number (normalised) of one item. */
export async function employerOf(context: IExecuteSingleFunctions): Promise<Owner & { enterpriseNumber: string }> {
	const quality = await checkQuality(context, EMPLOYER_QUALITIES);
	const enterpriseNumber = readField(context, ENTERPRISE_NUMBER) as string;
	return { quality, enterpriseNumber };
}

/** A training provider's own account: the quality (checked), no employer. */
export async function trainingProviderOf(context: IExecuteSingleFunctions): Promise<Owner> {
	return { quality: await checkQuality(context, TRAINING_PROVIDER_QUALITIES) };
}
