/**
 * Who may use which resource: employers and mandataries (the employer's enterprise number in the path), or training
 * providers (their own account).
 */
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { Quality } from '../../../credentials/gateway';
import type { FieldSpec } from './contract';
import { checkQuality, readField } from './requests';

export const EMPLOYER_QUALITIES: readonly Quality[] = ['employer', 'provider'];
export const TRAINING_PROVIDER_QUALITIES: readonly Quality[] = ['trainingProvider'];

export const ENTERPRISE_NUMBER: FieldSpec = {
	name: 'enterpriseNumber',
	label: 'Enterprise Number',
	kind: 'enterpriseNumber',
	required: true,
};

/** The credential's quality (checked) and the employer's enterprise number (normalised) of one item. */
export async function employerOf(context: IExecuteSingleFunctions) {
	const quality = await checkQuality(context, EMPLOYER_QUALITIES);
	const enterpriseNumber = readField(context, ENTERPRISE_NUMBER) as string;
	return { quality, enterpriseNumber };
}
