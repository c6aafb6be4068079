/**
 * What the items of one node run share (perRun): made on first use, forgotten when idle, made again after. An
 * object forgotten earlier must not forget the one made after it: an item's `work` keeps the request slots it
 * started with, and when they go idle a second time they must not drop the slots the later items share (those items
 * would then get a third set, and the node run more requests at once than 'Max Concurrent Requests').
 */
import { perRun } from '../../../../nodes/CareerProFla/shared/runState';

describe('perRun', () => {
	it('forgets only its own object: a forgotten object that goes idle again leaves the newer one in place', () => {
		const make = (forget: () => void) => ({ forget });
		const first = perRun('execution-1', 'node-1', make);
		expect(perRun('execution-1', 'node-1', make)).toBe(first);
		first.forget();
		const second = perRun('execution-1', 'node-1', make);
		expect(second).not.toBe(first);
		first.forget();
		expect(perRun('execution-1', 'node-1', make)).toBe(second);
		second.forget();
		expect(perRun('execution-1', 'node-1', make)).not.toBe(second);
	});
});
