/**
 * How `create` puts the private key on disk: a new file readable by its owner only, renamed into place, so that
 * `--force` neither keeps the mode of the file it replaces nor writes through a symbolic link to another file.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { main, type Io } from '../../certificate/cli';

const PASSWORD = 'Tr0ub4dor&3-horse';
let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'careerpro-fla-keyfile-'));
	writeFileSync(join(dir, 'password.txt'), `${PASSWORD}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function create(name: string): Promise<{ status: number; stderr: string }> {
	let stderr = '';
	const io: Io = {
		stdout: { write: () => true },
		stderr: { write: (text: string) => (stderr += text) },
		env: {},
		cwd: dir,
	};
	const args = ['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'ec-p384'];
	const status = await main([...args, '--name', name, '--password-file', join(dir, 'password.txt'), '--force'], io);
	return { status, stderr };
}

const mode = (path: string) => statSync(path).mode & 0o777;

(process.platform === 'win32' ? it.skip : it)('replaces a readable .pfx with one readable by its owner only', async () => {
	const pfx = join(dir, 'open.pfx');
	writeFileSync(pfx, 'an old key file', { mode: 0o644 });
	expect(mode(pfx)).toBe(0o644);

	expect((await create('open')).status).toBe(0);
	expect(readFileSync(pfx).equals(Buffer.from('an old key file'))).toBe(false);
	expect(mode(pfx)).toBe(0o600);
});

(process.platform === 'win32' ? it.skip : it)('replaces a symbolic link itself and leaves the file it points to alone', async () => {
	const elsewhere = join(dir, 'elsewhere.txt');
	writeFileSync(elsewhere, 'not a key file', { mode: 0o644 });
	symlinkSync(elsewhere, join(dir, 'linked.pfx'));
	symlinkSync(join(dir, 'missing-target'), join(dir, 'dangling.pfx'));

	expect((await create('linked')).status).toBe(0);
	expect(readFileSync(elsewhere).equals(Buffer.from('not a key file'))).toBe(true); // no key bytes in a failure message
	expect(mode(elsewhere)).toBe(0o644);
	expect(lstatSync(join(dir, 'linked.pfx')).isSymbolicLink()).toBe(false);
	expect(mode(join(dir, 'linked.pfx'))).toBe(0o600);

	expect((await create('dangling')).status).toBe(0);
	expect(lstatSync(join(dir, 'dangling.pfx')).isSymbolicLink()).toBe(false);
	expect(() => lstatSync(join(dir, 'missing-target'))).toThrow();
});
