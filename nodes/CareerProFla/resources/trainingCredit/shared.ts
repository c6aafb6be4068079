/** What the training credit's operations share: its fields (the worker's NISS and the year) and its output. */
import { TRAINING_CREDIT_FIELDS } from '../../shared/contract';
import type { OutputShape } from '../../shared/transport';

export const [SSIN, YEAR] = TRAINING_CREDIT_FIELDS;

export const credit: OutputShape = { resourceLabel: 'training credit', fields: TRAINING_CREDIT_FIELDS, kind: 'record' };
