/** Reading the sandbox's counters in tests. */
import { OAUTH_ENDPOINT_PATH } from '../../nodes/CareerProFla/shared/contract';
import type { Sandbox } from '../sandbox/server';

/** How many FLA API requests the sandbox received (of one method, if given), whatever their answer. */
export function requestCount(sandbox: Sandbox, method?: string): number {
	if (!method) return sandbox.stats().apiRequests;
	let count = 0;
	for (const [route, statuses] of Object.entries(sandbox.stats().requests)) {
		if (!route.startsWith(`${method} `) || route.endsWith(OAUTH_ENDPOINT_PATH)) continue;
		for (const n of Object.values(statuses)) count += n;
	}
	return count;
}
