/**
 * Redis and Postgres for n8n's queue mode, from Debian's packages, each on a free loopback port with its data in a
 * temporary folder, and stopped (and their folders removed) by `stopAll()`, also on failure and Ctrl-C.
 *
 * - Missing packages are installed with `apt-get update` then `apt-get install -y redis-server postgresql` when this
 *   process may (root, or `sudo -n`); otherwise `Unavailable` is thrown with the reason, and the caller reports a
 *   skip, never a pass.
 * - Postgres refuses to run as root: as root its cluster belongs to the `postgres` user the Debian package creates,
 *   and `initdb`/`pg_ctl` run through `runuser -u postgres`. Debian's own cluster (port 5432) is not touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort, seconds } from '../e2e/n8n';

/** Redis or Postgres cannot be had on this machine: the checks that need them are skipped with this reason. */
export class Unavailable extends Error {}

const say = (message: string) => console.log(`[services] ${message}`);

/* ----------------------------------------------------------------------------------------------------------------
 * Stopping what was started
 * ------------------------------------------------------------------------------------------------------------- */

const stoppers: Array<{ name: string; stop: () => Promise<void> | void }> = [];

/** Registers something to stop; `stopAll()` stops in reverse order. */
export function onStop(name: string, stop: () => Promise<void> | void): void {
	stoppers.push({ name, stop });
}

export async function stopAll(): Promise<void> {
	while (stoppers.length) {
		const { name, stop } = stoppers.pop()!;
		try {
			await stop();
		} catch (error) {
			console.error(`[services] stopping ${name} failed: ${(error as Error).message}`);
		}
	}
}

/** Ctrl-C or a kill: stop everything, then exit with the signal's code. */
export function stopOnSignals(): void {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`\n[services] ${signal}: stopping everything this run started`);
			void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}
}

/* ----------------------------------------------------------------------------------------------------------------
 * The Debian packages
 * ------------------------------------------------------------------------------------------------------------- */

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** The newest `/usr/lib/postgresql/<major>/bin` holding initdb, pg_ctl and postgres. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const major of majors) {
		const bin = path.join(root, major, 'bin');
		if (['initdb', 'pg_ctl', 'postgres'].every((tool) => fs.existsSync(path.join(bin, tool)))) return bin;
	}
	return undefined;
}

export interface Packages {
	redisServer: string;
	postgresBin: string;
	/** What happened: "already installed" or the install's timings. */
	note: string;
}

/** Finds redis-server and Postgres, installing the Debian packages once when one is missing. */
export function ensurePackages(): Packages {
	const found = () => ({ redis: has('redis-server'), pg: postgresBin() });
	let { redis, pg } = found();
	if (redis && pg) return { redisServer: 'redis-server', postgresBin: pg, note: 'redis-server and postgresql already installed' };

	const missing = [...(redis ? [] : ['redis-server']), ...(pg ? [] : ['postgresql'])];
	if (!has('apt-get')) throw new Unavailable(`${missing.join(' and ')} missing and this machine has no apt-get: install them with its package manager`);
	const root = process.getuid?.() === 0;
	const sudo = !root && has('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0;
	if (!root && !sudo) throw new Unavailable(`${missing.join(' and ')} missing, and installing them needs root (run as root, or allow sudo without a password)`);
	const run = (args: string[]) => {
		const started = Date.now();
		const [command, ...rest] = sudo ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args] : ['apt-get', ...args];
		say(`${sudo ? 'sudo ' : ''}apt-get ${args.join(' ')}`);
		const result = spawnSync(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		const ms = Date.now() - started;
		if (result.status !== 0) {
			const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
			throw new Unavailable(`apt-get ${args[0]} failed (exit ${result.status}) after ${seconds(ms)}:\n${tail}`);
		}
		say(`  done in ${seconds(ms)}`);
		return ms;
	};
	const update = run(['update']);
	const installed = run(['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql']);
	({ redis, pg } = found());
	if (!redis || !pg) throw new Unavailable(`apt-get installed the packages but ${redis ? 'Postgres (initdb, pg_ctl)' : 'redis-server'} is still not found`);
	return { redisServer: 'redis-server', postgresBin: pg, note: `installed ${missing.join(' and ')}: apt-get update ${seconds(update)}, install ${seconds(installed)}` };
}

/* ----------------------------------------------------------------------------------------------------------------
 * Redis
 * ------------------------------------------------------------------------------------------------------------- */

export interface RedisService {
	host: string;
	port: number;
	version: string;
}

async function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** A Redis with nothing saved to disk, on a free port of 127.0.0.1, as a child of this process. */
export async function startRedis(packages: Packages): Promise<RedisService> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-scale-redis-'));
	const port = await freePort();
	const version = spawnSync(packages.redisServer, ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)?.[1] ?? '?';
	const child: ChildProcess = spawn(packages.redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')], {
		stdio: 'ignore',
	});
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	onStop('redis', async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const deadline = Date.now() + 20_000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			const log = fs.existsSync(path.join(dir, 'redis.log')) ? fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').split('\n').slice(-10).join('\n') : '';
			throw new Error(`redis-server did not answer PING on port ${port}:\n${log}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return { host: '127.0.0.1', port, version };
}

/* ----------------------------------------------------------------------------------------------------------------
 * Postgres
 * ------------------------------------------------------------------------------------------------------------- */

export interface PostgresService {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	version: string;
	/** Runs SQL through psql; returns the rows, fields separated by tabs. */
	query(sql: string): string[][];
}

/** A fresh Postgres cluster in a temporary folder, listening on a free port of 127.0.0.1 only. */
export async function startPostgres(packages: Packages): Promise<PostgresService> {
	const bin = (tool: string) => path.join(packages.postgresBin, tool);
	const root = process.getuid?.() === 0;
	if (root && spawnSync('id', ['-u', 'postgres']).status !== 0) throw new Unavailable('running as root, and there is no `postgres` user to run Postgres as (Postgres refuses to run as root)');
	const asOwner = (args: string[]) => (root ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' }) : spawnSync(args[0], args.slice(1), { encoding: 'utf8' }));

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-scale-pg-'));
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir);
	const password = randomBytes(18).toString('base64url');
	const pwfile = path.join(dir, 'pwfile');
	fs.writeFileSync(pwfile, password, { mode: 0o600 });
	if (root) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	let started = false;
	onStop('postgres', () => {
		if (started) asOwner([bin('pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const user = 'n8n';
	const init = asOwner([bin('initdb'), '-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C']);
	fs.rmSync(pwfile, { force: true });
	if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}):\n${(init.stderr || init.stdout).trim().split('\n').slice(-10).join('\n')}`);

	const port = await freePort();
	const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir} -c fsync=off -c max_connections=200`;
	const start = asOwner([bin('pg_ctl'), '-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
	started = true;
	if (start.status !== 0) {
		const log = fs.existsSync(path.join(dir, 'postgres.log')) ? fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8').split('\n').slice(-10).join('\n') : '';
		throw new Error(`pg_ctl start failed (exit ${start.status}):\n${start.stderr}${log}`);
	}
	const psql = fs.existsSync(bin('psql')) ? bin('psql') : 'psql';
	const query = (sql: string, database = 'n8n') => {
		const result = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', '\t', '-c', sql], {
			env: { ...process.env, PGPASSWORD: password },
			encoding: 'utf8',
		});
		if (result.status !== 0) throw new Error(`psql: ${result.stderr.trim()}`);
		return result.stdout
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	};
	query('CREATE DATABASE n8n', 'postgres');
	const version = query('SHOW server_version')[0]?.[0] ?? '?';
	return { host: '127.0.0.1', port, database: 'n8n', user, password, version, query: (sql) => query(sql) };
}
