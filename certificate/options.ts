/**
 * The command line of the certificate tool: flags read with Node's parseArgs, the PFX password from a flag, a file
 * or the environment, and the errors a user can act on. No message here ever repeats a value the user typed for a
 * password, nor any word that could be one.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Where the tool writes, reads its environment and resolves relative paths; tests pass their own. */
export interface Io {
	stdout: { write(text: string): unknown };
	stderr: { write(text: string): unknown };
	env: Record<string, string | undefined>;
	cwd: string;
	/** The current time (tests set it to check expiry). */
	now?: Date;
}

export const EXIT = {
	ok: 0,
	/** The certificate does not meet the manual's rules. */
	notCompliant: 1,
	/** The command could not be carried out: bad option, unreadable file, wrong password, file already there. */
	failed: 2,
} as const;

export const PASSWORD_ENV = 'CAREERPRO_PFX_PASSWORD';

/** Something the user can fix; the message says what happened and what to do. */
export class CliError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CliError';
	}
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

interface ParsedArgs {
	values: Record<string, string | boolean | undefined>;
	positionals: string[];
}

/** The name of the option a parseArgs error is about, without any value typed after it. */
function optionNamed(message: string): string {
	const match = /'(-{1,2}[^'=\s]+)/.exec(message);
	return match ? match[1] : 'an option';
}

/** parseArgs with messages for people; `command` names the subcommand for the help hint. */
export function parseCommandLine(argv: string[], options: OptionSpec, command: string): ParsedArgs {
	const help = `Run \`careerpro-fla-certificate ${command} --help\` to see the options.`;
	try {
		const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
		return { values: values as ParsedArgs['values'], positionals };
	} catch (error) {
		const code = (error as { code?: string }).code;
		const message = String((error as Error).message ?? '');
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
			throw new CliError(`Unknown option ${optionNamed(message)}. ${help}`);
		}
		if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
			const name = optionNamed(message);
			if (/argument missing/.test(message)) throw new CliError(`The option ${name} needs a value. ${help}`);
			if (/ambiguous/.test(message)) {
				throw new CliError(
					`The value after ${name} starts with a dash: write it as ${name}=VALUE, or check that the value was not forgotten. ${help}`,
				);
			}
			throw new CliError(`The option ${name} takes no value. ${help}`);
		}
		throw new CliError(`The command line could not be read. ${help}`);
	}
}

/** The value of a string option, trimmed; undefined when absent. An empty value is refused by name. */
export function stringOption(values: ParsedArgs['values'], name: string): string | undefined {
	const value = values[name];
	if (value === undefined || typeof value === 'boolean') return undefined;
	if (!value.trim()) throw new CliError(`The option --${name} is empty: give it a value or leave it out.`);
	return value.trim();
}

export function oneOf<T extends string>(values: ParsedArgs['values'], name: string, allowed: readonly T[], fallback: T): T {
	const value = stringOption(values, name);
	if (value === undefined) return fallback;
	const lower = value.toLowerCase();
	if (!(allowed as readonly string[]).includes(lower)) {
		throw new CliError(`--${name} "${value}" is not one of: ${allowed.join(', ')}.`);
	}
	return lower as T;
}

export type PasswordSource = 'option' | 'file' | 'environment';

export interface GivenPassword {
	password: string;
	source: PasswordSource;
	/** How the user gave it, for messages: "--password-file ./secret.txt", never the password itself. */
	origin: string;
}

/** Read a password file: its first line, without the line end (and without a byte-order mark). */
function readPasswordFile(path: string, io: Io): string {
	let text: string;
	try {
		text = readFileSync(resolve(io.cwd, path), 'utf8');
	} catch (error) {
		throw new CliError(`The password file "${path}" (--password-file) could not be read: ${fileProblem(error)}.`);
	}
	const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
	if (!firstLine) {
		throw new CliError(`The password file "${path}" (--password-file) is empty: put the password on its first line.`);
	}
	return firstLine;
}

/** The PFX password from --password-file, --password or CAREERPRO_PFX_PASSWORD; undefined when none is given. */
export function givenPassword(values: ParsedArgs['values'], io: Io): GivenPassword | undefined {
	const file = values['password-file'];
	const option = values.password;
	if (typeof file === 'string' && typeof option === 'string') {
		throw new CliError('Give the PFX password once: either --password-file or --password, not both.');
	}
	if (typeof file === 'string') {
		if (!file.trim()) throw new CliError('The option --password-file is empty: give the path of the file holding the password.');
		return { password: readPasswordFile(file, io), source: 'file', origin: `--password-file ${file}` };
	}
	if (typeof option === 'string') {
		if (!option) throw new CliError('The option --password is empty: give the password, or leave the option out.');
		return { password: option, source: 'option', origin: '--password' };
	}
	const fromEnvironment = io.env[PASSWORD_ENV];
	if (fromEnvironment) return { password: fromEnvironment, source: 'environment', origin: PASSWORD_ENV };
	return undefined;
}

const LEGIBLE_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password of 24 letters and digits (about 140 bits), without look-alike characters such as 0/O or l/1. */
export function generatePassword(length = 24): string {
	let password = '';
	for (let i = 0; i < length; i++) password += LEGIBLE_CHARACTERS[randomInt(LEGIBLE_CHARACTERS.length)];
	return password;
}

/** Why a file could not be read or written, in words. */
export function fileProblem(error: unknown): string {
	switch ((error as { code?: string }).code) {
		case 'ENOENT':
			return 'there is no such file or folder';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'it is a folder, not a file';
		case 'ENOTDIR':
			return 'a part of the path is a file, not a folder';
		case 'EROFS':
			return 'the disk is read-only';
		case 'ENOSPC':
			return 'the disk is full';
		default:
			return (error as { code?: string }).code ?? 'unknown error';
	}
}
