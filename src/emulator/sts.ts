import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeEqual, tokenMatches, type EmulatorCredentials } from './credentials.js';
import { escapeXml } from './xml.js';

export interface StsEmulatorOptions {
	/** The keys allowed to call AssumeRole: a source profile's. */
	callers: EmulatorCredentials[];
	/** What AssumeRole hands out (give the Import/Export emulator the same pair). */
	issues: Required<EmulatorCredentials>;
	/** Lifetime of what is handed out, in seconds. @default 3600 */
	durationSeconds?: number;
	/** When set, `AssumeRoleWithWebIdentity` (unsigned, as STS takes it) accepts this token. */
	webIdentityToken?: string;
}

export interface AssumeRoleCall {
	roleArn: string | undefined;
	roleSessionName: string | undefined;
	accessKeyId: string | undefined;
}

export interface StsEmulator {
	/** `http://127.0.0.1:PORT`: point AWS_ENDPOINT_URL_STS at it. */
	readonly endpoint: string;
	/** The AssumeRole calls that succeeded, oldest first. */
	readonly calls: readonly AssumeRoleCall[];
	close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * A minimal AWS STS on its own loopback port, for the `role_arn` + `source_profile`
 * and web identity paths of the credential chain: `AssumeRole` (query protocol, as the
 * SDKs' STS client sends it), its caller told by the SigV4 Credential scope (key and
 * `sts` service) and session token, and `AssumeRoleWithWebIdentity` with one token. The signature itself is not verified: the Import/Export
 * emulator does that for the listing, with the credentials handed out here.
 */
export async function startStsEmulator(options: StsEmulatorOptions): Promise<StsEmulator> {
	const calls: AssumeRoleCall[] = [];
	const durationMs = (options.durationSeconds ?? 3600) * 1000;
	const server = createServer((req, res) => {
		readForm(req).then(
			(params) => answer(req, res, params),
			() => res.destroy(),
		);
	});
	const answer = (req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void => {
		const requestId = crypto.randomUUID();
		const fail = (status: number, code: string, message: string): void => {
			res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
			res.end(
				`<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
			);
		};
		const action = params.get('Action');
		if (action === 'AssumeRoleWithWebIdentity') {
			const token = params.get('WebIdentityToken');
			if (
				options.webIdentityToken === undefined ||
				token === null ||
				!safeEqual(options.webIdentityToken, token)
			) {
				return fail(
					400,
					'InvalidIdentityToken',
					'The web identity token that was passed could not be validated by AWS.',
				);
			}
			calls.push({
				roleArn: params.get('RoleArn') ?? undefined,
				roleSessionName: params.get('RoleSessionName') ?? undefined,
				accessKeyId: undefined,
			});
			return issue(res, params, action, requestId);
		}
		if (action !== 'AssumeRole')
			return fail(400, 'InvalidAction', `Could not find operation ${action ?? ''}.`);
		const scope = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
			req.headers.authorization ?? '',
		);
		const caller = options.callers.find(
			(c) => scope?.[1] !== undefined && safeEqual(c.accessKeyId, scope[1]),
		);
		const token = req.headers['x-amz-security-token'];
		if (
			scope === null ||
			caller === undefined ||
			scope[2] !== 'sts' ||
			!tokenMatches(caller, typeof token === 'string' ? token : undefined)
		) {
			return fail(
				403,
				'InvalidClientTokenId',
				'The security token included in the request is invalid.',
			);
		}
		calls.push({
			roleArn: params.get('RoleArn') ?? undefined,
			roleSessionName: params.get('RoleSessionName') ?? undefined,
			accessKeyId: caller.accessKeyId,
		});
		issue(res, params, action, requestId);
	};
	const issue = (
		res: ServerResponse,
		params: URLSearchParams,
		action: string,
		requestId: string,
	): void => {
		const { accessKeyId, secretAccessKey, sessionToken } = options.issues;
		const expiration = new Date(Date.now() + durationMs).toISOString();
		res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
		res.end(
			`<${action}Response xmlns="${NS}"><${action}Result><Credentials>` +
				`<AccessKeyId>${escapeXml(accessKeyId)}</AccessKeyId><SecretAccessKey>${escapeXml(secretAccessKey)}</SecretAccessKey>` +
				`<SessionToken>${escapeXml(sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
				`<AssumedRoleUser><AssumedRoleId>AROAEMULATOR:${escapeXml(params.get('RoleSessionName') ?? '')}</AssumedRoleId><Arn>${escapeXml(params.get('RoleArn') ?? '')}</Arn></AssumedRoleUser>` +
				`</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
		);
	};
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		calls,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
	const chunks: Buffer[] = [];
	for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
	return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
