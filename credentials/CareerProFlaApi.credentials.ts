/**
 * The CareerPro FLA API credential: a Chaman client ID and its certificate in, an OAuth v5 bearer token out.
 *
 * Fields only here; the work is in `auth/` (client assertion, token request, shared token cache) and `pki/`
 * (reading the .pfx or PEM key and checking it against the manual). Hosts, paths and scopes come from the API
 * contract. The internal field names are relied upon by the node, the sandbox and the end-to-end tests.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	GATEWAY_HOSTS,
	STATUS_PATH,
	QUALITY_NAMES,
	apiRootExpression,
	tokenUrlFor,
} from './gateway';
import { fetchAccessToken } from './auth/preAuthentication';
import { authenticateRequest, CREDENTIAL_TEST_HEADER, TOKEN_TAG_FIELD } from './auth/tokenUse';

export class CareerProFlaApi implements ICredentialType {
	name = 'careerProFlaApi';

	displayName = 'CareerPro FLA API';

	/** The README's section on the credential, on the package's npm page (a literal: n8n's lint reads it from the source). */
	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-careerpro-fla#the-credential';

	/** The node's picture, so that the credential and the node look the same in the editor. */
	icon = { light: 'file:careerProFla.svg', dark: 'file:careerProFla.dark.svg' } as const;

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
			placeholder: "Empty: the chosen quality's scope",
			description:
				'Leave empty to use the scope of the chosen quality (employer: …:employer, mandatary: …:provider, training provider: none). Fill in only if Sigedis gave you another scope.',
		},
		{
			displayName: 'Key Format',
			name: 'keyFormat',
			type: 'options',
			options: [
				{
					name: 'PKCS#12 File (PFX or P12)',
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
		{
			// The settings the stored token was issued for (auth/tokenUse.ts).
			displayName: 'Token Issued For',
			name: TOKEN_TAG_FIELD,
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/** Called by n8n when the token is empty, on a credential test, and after a 401. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await fetchAccessToken.call(this, credentials);
	}

	/** `Authorization: Bearer <token>`, with the token issued for the current settings (auth/tokenUse.ts). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) {
		return await authenticateRequest(credentials, requestOptions);
	}

	/**
	 * A new token for the current settings, then an authenticated read under the quality's API root: proves client
	 * ID, key and quality together. The header marks the test for `authenticate`, which removes it.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: apiRootExpression(),
			url: STATUS_PATH,
			method: 'GET',
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
	};
}
