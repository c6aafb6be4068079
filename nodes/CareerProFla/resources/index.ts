/** The node's resources, in the order of the Resource selector: a new resource is a folder and a line here. */
import type { Resource } from '../shared/gather';
import { employerResource } from './employer';
import { optOutResource } from './optOut';
import { providerTrainingResource } from './providerTraining';
import { trainingResource } from './training';
import { trainingCreditResource } from './trainingCredit';
import { trainingRightResource } from './trainingRight';

export const RESOURCES: Resource[] = [
	employerResource,
	optOutResource,
	providerTrainingResource,
	trainingResource,
	trainingCreditResource,
	trainingRightResource,
];
