/**
 * The CareerPro FLA API credential: a Chaman client ID and its certificate in, an OAuth v5 bearer token out.
 *
 * Fields only here; the work is in `auth/` (client assertion, token request, shared token cache) and `pki/`
 * (reading the .pfx or PEM key and checking it against the manual). Hosts, paths and scopes come from the API
 * contract. The internal field names are relied upon by the node, the sandbox and the end-to-end tests.
 */
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_SCOPES,
	GATEWAY_HOSTS,
	STATUS_PATH,
	QUALITY_NAMES,
	apiRootExpression,
	tokenUrlFor,
} from './gateway';
import { fetchAccessToken } from './auth/preAuthentication';

const README = 'https://www.npmjs.com/package/n8n-nodes-careerpro-fla';

export class CareerProFlaApi implements ICredentialType {
	name = 'careerProFlaApi';

	displayName = 'CareerPro FLA API';

	documentationUrl = `${README}#the-credential`;

	icon = 'file:careerProFla.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Acceptance',
					value: 'acceptance',
					description: `Sigedis' test environment (${GATEWAY_HOSTS.acceptance}), with its own Chaman and client ID`,
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Another address: the sandbox, a proxy or a new host',
				},
				{
					name: 'Production',
					value: 'production',
					description: `The real data (${GATEWAY_HOSTS.production})`,
				},
			],
			default: 'production',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: tokenUrlFor('production'),
			description: 'Address of the OAuth v5 token endpoint; it is also the audience of the client assertion',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: `${GATEWAY_HOSTS.production}/REST/federalLearningAccount/v1`,
			description:
				'Root of the FLA API for the chosen quality (ends with /federalLearningAccount/v1, or /federalLearningAccount/trainingProvider/v1 for training providers)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Quality',
			name: 'quality',
			type: 'options',
			options: [
				{ name: QUALITY_NAMES.employer, value: 'employer', description: 'You send your own workers\' data' },
				{
					name: QUALITY_NAMES.provider,
					value: 'provider',
					description: 'You send the data of client employers that gave you a Federal Learning Account mandate',
				},
				{
					name: QUALITY_NAMES.trainingProvider,
					value: 'trainingProvider',
					description: 'You register the trainings you organised for participants',
				},
			],
			default: 'employer',
			description: 'The quality under which the REST webservice account was created in Chaman',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'self_service_chaman_123456_78912',
			description:
				'Shown in Chaman on the line of your REST webservice account (Chaman → your technical channels → REST)',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: DEFAULT_SCOPES.employer,
			description:
				'Leave empty to use the scope of the chosen quality (employer: …:employer, mandatary: …:provider, training provider: none). Fill in only if Sigedis gave you another scope.',
		},
		{
			displayName: 'Key Format',
			name: 'keyFormat',
			type: 'options',
			options: [
				{
					name: 'PKCS#12 (.Pfx or .P12 File)',
					value: 'pkcs12',
					description: 'The certificate file with its private key, protected by a password',
				},
				{
					name: 'PEM Private Key',
					value: 'pem',
					description: 'A private key in PEM text (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)',
				},
			],
			default: 'pkcs12',
		},
		// The .pfx holds the private key: it is a secret even though its name does not say so.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Certificate (.pfx, Base64)',
			name: 'pfx',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The .pfx/.p12 file as base64 text (line breaks are fine). Linux: base64 -w0 company.pfx; macOS: base64 -i company.pfx; PowerShell: [Convert]::ToBase64String([IO.File]::ReadAllBytes('company.pfx'))",
			displayOptions: { show: { keyFormat: ['pkcs12'] } },
		},
		{
			displayName: 'Certificate Password',
			name: 'pfxPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password set when the .pfx/.p12 file was exported',
			displayOptions: { show: { keyFormat: ['pkcs12'] } },
		},
		{
			displayName: 'Private Key (PEM)',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----',
			description:
				'The private key whose certificate is registered in Chaman: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted. Pasting it on one line is fine.',
			displayOptions: { show: { keyFormat: ['pem'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Called by n8n when the token is empty, on a credential test, and after a 401. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchAccessToken.call(this, credentials);
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	/** A token, then an authenticated read under the quality's API root: proves client ID, key and quality together. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: apiRootExpression(),
			url: STATUS_PATH,
			method: 'GET',
		},
	};
}
