#!/usr/bin/env node
/**
 * careerpro-fla-certificate: make or check the certificate of a CareerPro FLA REST webservice account, without
 * OpenSSL. Its own npm package (see certificate/README.md), run with
 * `npx careerpro-fla-certificate create|inspect ...`.
 *
 * `main` takes the arguments and the output streams and returns the exit status, so that tests run it in-process.
 * Nothing is sent over the network, and the private key and the password are never printed (except a password
 * the tool generated itself, shown once so that the user can store it).
 */
import { CREATE_HELP, runCreate } from './createCommand';
import { INSPECT_HELP, runInspect } from './inspectCommand';
import { CliError, EXIT, type Io } from './options';

export type { Io } from './options';
export { EXIT, PASSWORD_ENV } from './options';

export const HELP = `careerpro-fla-certificate: make or check the certificate of your CareerPro FLA (Sigedis) REST
webservice account, for the n8n credential "CareerPro FLA API".

Usage:
  careerpro-fla-certificate create --organization NAME --enterprise-number NUMBER [options]
  careerpro-fla-certificate inspect FILE.pfx [--password-file FILE] [options]
  careerpro-fla-certificate COMMAND --help

Commands:
  create    make a key pair and a self-signed certificate that meet the FLA manual's rules; writes NAME.cer
            (load it in Chaman) and NAME.pfx (key and certificate, password-protected, for n8n) and prints
            the .pfx as base64 for the credential
  inspect   open a .pfx/.p12 file (made here, with OpenSSL, or bought, e.g. GlobalSign), show its certificate,
            check each of the manual's rules; writes its .cer and prints the .pfx as base64 for the credential

The PFX password comes from --password-file FILE, --password or the environment variable CAREERPRO_PFX_PASSWORD.
Nothing is sent over the network; the private key stays inside the password-protected .pfx file.

Exit status: 0 done; 1 the certificate does not meet the manual's rules;
2 the command could not be carried out (wrong option, file not found, wrong password, file already there).
`;

/** Run the tool with these arguments (without `node` and the script); returns the exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
	const [command, ...rest] = argv;
	try {
		switch (command) {
			case 'create':
				return runCreate(rest, io);
			case 'inspect':
				return runInspect(rest, io);
			case undefined:
			case '-h':
			case '--help':
			case 'help':
				if (command === 'help' && rest[0] === 'create') io.stdout.write(CREATE_HELP);
				else if (command === 'help' && rest[0] === 'inspect') io.stdout.write(INSPECT_HELP);
				else io.stdout.write(HELP);
				return command === undefined ? EXIT.failed : EXIT.ok;
			default:
				throw new CliError(
					command.startsWith('-')
						? `Start with a command, create or inspect, before the options. Run \`careerpro-fla-certificate --help\`.`
						: `Unknown command "${command.slice(0, 40)}": use create or inspect. Run \`careerpro-fla-certificate --help\`.`,
				);
		}
	} catch (error) {
		if (error instanceof CliError) {
			io.stderr.write(`Error: ${error.message}\n`);
			return EXIT.failed;
		}
		// Not expected: say so plainly. Node's own messages about keys and files carry no secret.
		io.stderr.write(
			`Unexpected error: ${(error as Error)?.message ?? String(error)}\n` +
				'Nothing else was done. Please report this, with the command you ran (without its password), to the ' +
				'n8n-nodes-careerpro-fla issue tracker.\n',
		);
		return EXIT.failed;
	}
}

if (require.main === module) {
	void main(process.argv.slice(2), {
		stdout: process.stdout,
		stderr: process.stderr,
		env: process.env,
		cwd: process.cwd(),
	}).then((status) => {
		process.exitCode = status;
	});
}
