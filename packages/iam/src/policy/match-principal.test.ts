/**
 * Principal matching on its own: which entries of a Principal name which
 * callers (an account, its root ARN, a role and its sessions, a service),
 * and where the shapes stop matching (another account, a role-like path, a
 * malformed ARN, another principal type), plus the trace wording of both.
 */
import { describe, expect, it } from 'vitest';
import { type Caller, describeCaller, describePrincipal, principalMatches } from './match-principal.js';
import type { Principal } from './types.js';

const A = '111122223333';
const B = '444455556666';
const ROLE = `arn:aws:iam::${A}:role/service/app-reader`;
const SESSION = `arn:aws:sts::${A}:assumed-role/app-reader/botocore-session-1`;

function aws(...entries: string[]): Principal {
  return { kind: 'map', AWS: entries };
}
function caller(id: string, type: Caller['type'] = 'AWS'): Caller {
  return { type, id };
}

describe('principalMatches: accounts', () => {
  it('an account id names every principal of that account, whatever its name ends with', () => {
    expect(principalMatches(aws(A), caller(SESSION))).toBe(true);
    // the name ends in twelve digits: still the account of the ARN, not the name
    expect(principalMatches(aws(A), caller(`arn:aws:iam::${A}:user/ops-${B}`))).toBe(true);
    expect(principalMatches(aws(A), caller(`arn:aws:iam::${B}:user/ops`))).toBe(false);
  });

  it('the root ARN names every principal of the account, also one identified by its bare account id', () => {
    expect(principalMatches(aws(`arn:aws:iam::${A}:root`), caller(SESSION))).toBe(true);
    expect(principalMatches(aws(`arn:aws:iam::${A}:root`), caller(A))).toBe(true);
    expect(principalMatches(aws(`arn:aws:iam::${B}:root`), caller(SESSION))).toBe(false);
  });

  it('a thirteen-digit number or a root ARN of another service is not an account', () => {
    expect(principalMatches(aws(`1${A}`), caller(`arn:aws:sts::1${A}:assumed-role/r/s`))).toBe(false);
    expect(principalMatches(aws(`arn:aws:sts::${A}:root`), caller(SESSION))).toBe(false);
  });
});

describe('principalMatches: a role and its sessions', () => {
  it('a role ARN (with a path) names its own assumed-role sessions', () => {
    expect(principalMatches(aws(ROLE), caller(SESSION))).toBe(true);
  });

  it('not the sessions of a role of the same name in another account, nor of another role', () => {
    expect(principalMatches(aws(ROLE), caller(`arn:aws:sts::${B}:assumed-role/app-reader/s`))).toBe(false);
    expect(principalMatches(aws(ROLE), caller(`arn:aws:sts::${A}:assumed-role/app-writer/s`))).toBe(false);
  });

  it('not a session of another partition, nor ARNs whose service is wrong for a role or a session', () => {
    expect(principalMatches(aws(`arn:aws-cn:iam::${A}:role/app-reader`), caller(SESSION))).toBe(false);
    expect(principalMatches(aws(`arn:aws:sts::${A}:role/app-reader`), caller(SESSION))).toBe(false);
    expect(principalMatches(aws(ROLE), caller(`arn:aws:iam::${A}:assumed-role/app-reader/s`))).toBe(false);
  });

  it('a user whose path is /role/ names no role session', () => {
    expect(principalMatches(aws(`arn:aws:iam::${A}:user/role/app-reader`), caller(SESSION))).toBe(false);
  });

  it('only the exact shapes: no trailing slash, nothing after the session name or before assumed-role', () => {
    expect(principalMatches(aws(`arn:aws:iam::${A}:role/app-reader/`), caller(SESSION))).toBe(false);
    expect(principalMatches(aws(ROLE), caller(`arn:aws:sts::${A}:assumed-role/app-reader/s/extra`))).toBe(false);
    expect(principalMatches(aws(ROLE), caller(`arn:aws:sts::${A}:not-assumed-role/app-reader/s`))).toBe(false);
  });

  it('an IAM ARN that is no role and an STS ARN that is no session name nothing of each other', () => {
    expect(principalMatches(aws(`arn:aws:iam::${A}:user/dev`), caller(`arn:aws:sts::${A}:federated-user/dev`))).toBe(
      false,
    );
  });

  it('an entry or a caller that is not an ARN matches only itself, and does not throw', () => {
    expect(principalMatches(aws('AROADBQP57FF2AEXAMPLE'), caller(SESSION))).toBe(false);
    expect(principalMatches(aws('AROADBQP57FF2AEXAMPLE'), caller('AROADBQP57FF2AEXAMPLE'))).toBe(true);
    expect(principalMatches(aws(ROLE), caller('AIDAEXAMPLEUSER'))).toBe(false);
  });
});

describe('principalMatches: principal types', () => {
  const provider = `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE`;

  it('a service principal compares ignoring case, and only with the same service', () => {
    const ec2: Principal = { kind: 'map', Service: ['EC2.amazonaws.com'] };
    expect(principalMatches(ec2, caller('ec2.amazonaws.com', 'Service'))).toBe(true);
    expect(principalMatches(ec2, caller('lambda.amazonaws.com', 'Service'))).toBe(false);
  });

  it('a Federated entry matches exactly: not another case, not through the account root ARN', () => {
    expect(principalMatches({ kind: 'map', Federated: [provider] }, caller(provider, 'Federated'))).toBe(true);
    expect(principalMatches({ kind: 'map', Federated: [provider.toUpperCase()] }, caller(provider, 'Federated'))).toBe(
      false,
    );
    expect(
      principalMatches({ kind: 'map', Federated: [`arn:aws:iam::${A}:root`] }, caller(provider, 'Federated')),
    ).toBe(false);
  });

  it('entries of another type do not name the caller; "*" and AWS "*" name anyone, even no one', () => {
    expect(principalMatches({ kind: 'map', Federated: [SESSION] }, caller(SESSION))).toBe(false);
    expect(principalMatches({ kind: '*' }, undefined)).toBe(true);
    expect(principalMatches(aws('*'), undefined)).toBe(true);
    expect(principalMatches(aws(A), undefined)).toBe(false);
  });
});

describe('trace wording', () => {
  it('describes a principal map in the order AWS, Federated, Service, CanonicalUser, and "*"', () => {
    expect(describePrincipal({ kind: '*' })).toBe('"*"');
    expect(describePrincipal({ kind: 'map', Service: ['ec2.amazonaws.com'], AWS: [A, ROLE] })).toBe(
      `{AWS: ${A}, ${ROLE}; Service: ec2.amazonaws.com}`,
    );
    expect(describePrincipal({ kind: 'map', CanonicalUser: ['79a59df9'] })).toBe('{CanonicalUser: 79a59df9}');
  });

  it('describes the caller by type and id, or as anonymous', () => {
    expect(describeCaller(caller(SESSION))).toBe(`AWS ${SESSION}`);
    expect(describeCaller(undefined)).toBe('an anonymous caller');
  });
});
