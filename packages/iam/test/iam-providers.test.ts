/**
 * IAM accounts and OIDC identity providers, with the IAM API's input rules
 * (https only, no query or port, client id and thumbprint limits, 100
 * providers per account) and the 'iam.changed' log.
 */
import { describe, expect, it } from 'vitest';
import { ISSUER, PROVIDER_ARN } from './harness.js';
import { ACCT, thrown, world } from './iam-world.js';

describe('accounts', () => {
  it('takes 12-digit ids only, once', () => {
    const { iam } = world();
    expect(thrown(() => iam.createAccount('1234'))).toMatchObject({
      code: 'IAM_INVALID_INPUT',
      awsCode: 'InvalidInput',
    });
    expect(thrown(() => iam.createAccount(ACCT))).toMatchObject({ code: 'IAM_ENTITY_ALREADY_EXISTS' });
    expect(iam.createAccount('444455556666', 'prod')).toEqual({ accountId: '444455556666', alias: 'prod' });
  });
});

describe('OIDC providers', () => {
  it('registers the issuer and names it by an ARN without https://', () => {
    const { iam, log } = world();
    const { Arn } = iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ClientIDList: ['sts.amazonaws.com'] });
    expect(Arn).toBe(PROVIDER_ARN);
    expect(iam.getOpenIdConnectProvider(Arn)).toMatchObject({
      Url: ISSUER,
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: [],
      CreateDate: '2026-01-05T09:00:00Z',
    });
    expect(log.all('iam.changed').at(-1)?.data).toMatchObject({ action: 'CreateOpenIDConnectProvider', arn: Arn });
  });

  it.each([
    ['http://oidc.example.com', 'InvalidInput'],
    ['https://oidc.example.com?x=1', 'InvalidInput'],
    ['https://oidc.example.com:8443/id/1', 'InvalidInput'],
    [`https://oidc.example.com/${'a'.repeat(240)}`, 'InvalidInput'],
    ['https://', 'InvalidInput'],
  ])('refuses the URL %s', (Url, awsCode) => {
    const { iam } = world();
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url }), 'field')).toMatchObject({
      code: 'IAM_INVALID_INPUT',
      awsCode,
      field: 'Url',
    });
  });

  it('refuses a second provider for the same URL', () => {
    const { iam } = world();
    iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER });
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER }))).toEqual({
      code: 'IAM_ENTITY_ALREADY_EXISTS',
      awsCode: 'EntityAlreadyExists',
      message: `Provider with url ${ISSUER} already exists.`,
    });
  });

  it('checks client ids and thumbprints', () => {
    const { iam } = world();
    const ids = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ClientIDList: ids }))).toEqual({
      code: 'IAM_LIMIT_EXCEEDED',
      awsCode: 'LimitExceeded',
      message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    });
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ClientIDList: [''] }))).toMatchObject({
      awsCode: 'InvalidInput',
    });
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ThumbprintList: ['abc'] }))).toMatchObject(
      { awsCode: 'InvalidInput' },
    );
    const six = Array.from({ length: 6 }, () => '9e99a48a9960b14926bb7f3b02e22da2b0ab7280');
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ThumbprintList: six }))).toMatchObject({
      awsCode: 'InvalidInput',
    });
    const ok = iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ThumbprintList: [six[0] as string] });
    expect(iam.getOpenIdConnectProvider(ok.Arn).ThumbprintList).toHaveLength(1);
  });

  it('stops at 100 providers per account', () => {
    const { iam } = world();
    for (let i = 0; i < 100; i++) iam.createOpenIdConnectProvider(ACCT, { Url: `https://oidc.example.com/id/${i}` });
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: 'https://oidc.example.com/id/100' }))).toEqual({
      code: 'IAM_LIMIT_EXCEEDED',
      awsCode: 'LimitExceeded',
      message: 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100',
    });
  });

  it('stops at a raised quota instead, and refuses a quota below 1', () => {
    const { iam } = world(1, { quotas: { openIdConnectProvidersPerAccount: 2 } });
    for (let i = 0; i < 2; i++) iam.createOpenIdConnectProvider(ACCT, { Url: `https://oidc.example.com/id/${i}` });
    expect(thrown(() => iam.createOpenIdConnectProvider(ACCT, { Url: 'https://oidc.example.com/id/2' }))).toMatchObject(
      {
        message: 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 2',
      },
    );
    expect(() => world(1, { quotas: { openIdConnectProvidersPerAccount: 0 } })).toThrow(TypeError);
  });

  it('adds and removes client ids, lists and deletes', () => {
    const { iam } = world();
    const { Arn } = iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ClientIDList: ['sts.amazonaws.com'] });
    iam.addClientIdToOpenIdConnectProvider(Arn, 'other');
    iam.addClientIdToOpenIdConnectProvider(Arn, 'other');
    expect(iam.getOpenIdConnectProvider(Arn).ClientIDList).toEqual(['sts.amazonaws.com', 'other']);
    iam.removeClientIdFromOpenIdConnectProvider(Arn, 'sts.amazonaws.com');
    expect(iam.listOpenIdConnectProviders(ACCT).map((p) => p.ClientIDList)).toEqual([['other']]);
    expect(iam.findOpenIdConnectProviderByUrl(ACCT, `${ISSUER}/`)).toBeUndefined();
    iam.deleteOpenIdConnectProvider(Arn);
    expect(thrown(() => iam.getOpenIdConnectProvider(Arn))).toEqual({
      code: 'IAM_NO_SUCH_ENTITY',
      awsCode: 'NoSuchEntity',
      message: `OpenIDConnect Provider not found for arn ${Arn}`,
    });
  });
});
