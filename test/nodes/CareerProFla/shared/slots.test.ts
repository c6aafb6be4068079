/**
 * The request slots of a node run ('Max Concurrent Requests'): every wait for one has a bound. When the requests
 * holding the slots are stuck (nothing moves), the items waiting give up with their own error instead of holding the
 * run forever; while requests move, items wait as long as it takes.
 */
import { Slots } from '../../../../nodes/CareerProFla/shared/transport';

const never = () => new Promise<never>(() => {});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Slots', () => {
	it('let waiting items give up, each with its error, when the requests holding the slots never end', async () => {
		let idle = 0;
		const slots = new Slots(2, 300, () => idle++);
		const holders = [slots.run(never, () => new Error('holder')), slots.run(never, () => new Error('holder'))];
		void holders;
		const started = Date.now();
		const waiters = await Promise.allSettled([3, 4, 5].map((item) => slots.run(async () => 'sent', (ms) => new Error(`item ${item} gave up after ${ms} ms`))));
		const waited = Date.now() - started;
		expect(waited).toBeGreaterThanOrEqual(290);
		expect(waited).toBeLessThan(3_000);
		expect(waiters.map((w) => (w as PromiseRejectedResult).reason.message)).toEqual([
			expect.stringMatching(/^item 3 gave up after \d+ ms$/),
			expect.stringMatching(/^item 4 gave up after \d+ ms$/),
			expect.stringMatching(/^item 5 gave up after \d+ ms$/),
		]);
		expect(idle).toBe(0);
	});

	it('keep items waiting for as long as the requests holding the slots move', async () => {
		const slots = new Slots(1, 300, () => {});
		// The holder takes 1.2 s in all, but moves (an attempt ends) every 100 ms.
		const holder = slots.run(async () => {
			for (let i = 0; i < 12; i++) {
				await pause(100);
				slots.touch();
			}
			return 'held';
		}, () => new Error('holder gave up'));
		const waiter = slots.run(async () => 'sent', () => new Error('waiter gave up'));
		await expect(holder).resolves.toBe('held');
		await expect(waiter).resolves.toBe('sent');
	});

	it('are forgotten when idle, and hand every slot on before that', async () => {
		let idle = 0;
		const slots = new Slots(2, 10_000, () => idle++);
		const results = await Promise.all(Array.from({ length: 20 }, (_, i) => slots.run(async () => (await pause(5), i), () => new Error('gave up'))));
		expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
		expect(idle).toBe(1);
	});
});
