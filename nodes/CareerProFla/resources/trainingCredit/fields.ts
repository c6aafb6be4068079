import { TRAINING_RIGHT_FIELDS } from '../../shared/contract';
import { pick } from '../../shared/descriptions';
import type { Operation } from '../../shared/transport';

export const [SSIN, YEAR] = pick(TRAINING_RIGHT_FIELDS, ['ssin', 'year']);

/**
 * The worker's NISS has a parameter name of its own here. n8n evaluates, for every item, the value of each property
 * named like a parameter, shown or not: the `ssin` of a training mapped from a column was evaluated once more for
 * every other property called `ssin`.
 */
export const SSIN_PARAMETER = 'creditSsin';

export const credit: Operation = { resourceLabel: 'training credit', fields: [SSIN, YEAR], output: 'record' };
