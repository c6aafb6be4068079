import { TRAINING_RIGHT_FIELDS } from '../../shared/contract';
import { pick } from '../../shared/descriptions';
import type { Operation } from '../../shared/transport';

export const [SSIN, YEAR] = pick(TRAINING_RIGHT_FIELDS, ['ssin', 'year']);

export const credit: Operation = { resourceLabel: 'training credit', fields: [SSIN, YEAR], output: 'record' };
