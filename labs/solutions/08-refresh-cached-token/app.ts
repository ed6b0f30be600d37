/**
 * The billing app's credential code. It predates the team's move to the AWS
 * SDK's default credential chain: at start-up it reads the IRSA token the
 * kubelet projected into the pod, then exchanges it at STS for role
 * credentials whenever the ones it holds are about to expire.
 */

// ---- The contract: the checker calls startApp with these. Keep them as they are. ----

/** Role credentials, as STS issues them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** When they expire, epoch ms. */
  readonly expirationMs: number;
}

export interface AssumeRoleWithWebIdentityInput {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly WebIdentityToken: string;
}

/** What the app gets from its container. */
export interface AppEnvironment {
  /** The container's environment, as the pod identity webhook left it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read a file inside the container. */
  readFile(path: string): string;
  /** STS AssumeRoleWithWebIdentity; rejects with an Error whose name is STS's error code. */
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput): Promise<Credentials>;
  /** The current time, epoch ms. */
  now(): number;
}

export interface CredentialSource {
  /** Credentials that are valid now. */
  credentials(): Promise<Credentials>;
}

// ---- Your code. ----

/** Renew this long before expiry, as the AWS SDK for JavaScript does. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

export function startApp(app: AppEnvironment): CredentialSource {
  const roleArn = app.env.AWS_ROLE_ARN;
  const tokenFile = app.env.AWS_WEB_IDENTITY_TOKEN_FILE;
  if (!roleArn || !tokenFile) throw new Error('AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE must be set (IRSA)');
  let cached: Credentials | undefined;
  return {
    async credentials() {
      if (cached && app.now() < cached.expirationMs - REFRESH_BEFORE_EXPIRY_MS) return cached;
      cached = await app.assumeRoleWithWebIdentity({
        RoleArn: roleArn,
        RoleSessionName: 'billing-app',
        // the kubelet rewrites the file at 80% of the token's lifetime: read the current token every time
        WebIdentityToken: app.readFile(tokenFile),
      });
      return cached;
    },
  };
}
