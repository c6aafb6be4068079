/**
 * Which n8n process sent a request: a forwarding HTTP proxy in front of the sandbox that, for each incoming
 * connection, finds the process owning the client end of the socket (Linux: the socket's inode in /proc/net/tcp,
 * then the process whose /proc/<pid>/fd links to it). The credentials point at the proxy, so every token request and
 * every API call of the run is counted per n8n process (main, worker 1, worker 2) from what the gateway received,
 * without trusting any log of ours.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Attributed {
	/** The label of the process that sent it ("worker 1"...), or "other" when no known process owns the socket. */
	from: string;
	method: string;
	path: string;
	status: number;
	token: boolean;
	/** For an API request answered 401: a digest of the bearer token it carried (which token was refused). */
	refusedToken?: string;
}

export interface AttributingProxy {
	/** `http://127.0.0.1:<port>`: put it in place of the sandbox's origin. */
	origin: string;
	/** Every request forwarded so far, in the order they were answered. */
	log: Attributed[];
	/** The processes to recognise: pid -> label. */
	watch(pid: number, label: string): void;
	close(): Promise<void>;
}

/** `0100007F:1F90` -> port 8080 (the address is not needed: every socket here is on 127.0.0.1). */
const portOf = (hexAddress: string) => parseInt(hexAddress.split(':')[1], 16);

/** The inode of the TCP socket whose local port is `clientPort` and remote port `serverPort`. */
function socketInode(clientPort: number, serverPort: number): string | undefined {
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		if (!fs.existsSync(table)) continue;
		for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields.length > 9 && portOf(fields[1]) === clientPort && portOf(fields[2]) === serverPort) return fields[9];
		}
	}
	return undefined;
}

function ownerOf(inode: string, pids: Map<number, string>): string | undefined {
	const link = `socket:[${inode}]`;
	for (const [pid, label] of pids) {
		let fds: string[] = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return label;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}

/** Starts the proxy in front of `target` (the sandbox's origin); `tokenPath` marks the token endpoint's requests. */
export async function startAttributingProxy(target: string, tokenPath: string): Promise<AttributingProxy> {
	if (!fs.existsSync('/proc/net/tcp')) throw new Error('telling n8n processes apart needs Linux /proc (not found here)');
	const upstream = new URL(target);
	const pids = new Map<number, string>();
	const owners = new WeakMap<Socket, string>();
	const log: Attributed[] = [];
	const server = http.createServer((req, res) => {
		const from = owners.get(req.socket) ?? 'other';
		const forward = http.request(
			{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				answer.on('end', () => {
					const pathOnly = (req.url ?? '').split('?')[0];
					const token = pathOnly === tokenPath;
					const bearer = String(req.headers.authorization ?? '');
					const refusedToken = !token && answer.statusCode === 401 && bearer ? createHash('sha256').update(bearer).digest('hex').slice(0, 16) : undefined;
					log.push({ from, method: req.method ?? '', path: pathOnly, status: answer.statusCode ?? 0, token, ...(refusedToken ? { refusedToken } : {}) });
				});
			},
		);
		forward.on('error', () => req.socket.destroy());
		req.pipe(forward);
	});
	server.on('connection', (socket: Socket) => {
		const { port } = server.address() as AddressInfo;
		const inode = socket.remotePort ? socketInode(socket.remotePort, port) : undefined;
		const owner = inode ? ownerOf(inode, pids) : undefined;
		if (owner) owners.set(socket, owner);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		log,
		watch: (pid, label) => void pids.set(pid, label),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
