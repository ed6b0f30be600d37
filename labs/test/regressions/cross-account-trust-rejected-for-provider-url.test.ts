/**
 * Lab 9: when the trust policy names the right provider ARN but the
 * provider file registered another one (the shipped TODO Url, a trailing
 * slash, a lower-case ID), IAM rejects the trust policy. The check must say
 * which Federated line and value IAM refused, which providers the data
 * account has, and point at the provider file's Url line, as labs 1 and 2 do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISSUER_HOST_PATH, ISSUER_URL, providerArnIn } from '@irsa-lab/labs';
import { describe, expect, it } from 'vitest';
import { checkWith, failures, LABS_ROOT, lab } from '../helpers.js';

const DATA = '444455556666';
const rightTrust = readFileSync(join(LABS_ROOT, 'solutions', lab(9).folder, 'reporter-trust.json'), 'utf8');
const provider = (url: string) => `{\n  "Url": "${url}",\n  "ClientIDList": ["sts.amazonaws.com"]\n}\n`;

describe('lab 9: IAM rejects a trust policy naming a provider the data account does not have', () => {
  it.each([
    ['the shipped TODO Url', 'https://TODO-the-issuer-the-data-account-must-trust'],
    ['a trailing slash', `${ISSUER_URL}/`],
    ['a lower-case ID', ISSUER_URL.toLowerCase()],
  ])("%s: names the Federated line and value, the account's providers and the Url line", async (_, url) => {
    const report = await checkWith(9, {
      'data-account-provider.json': provider(url),
      'reporter-trust.json': rightTrust,
    });
    expect(report.pass).toBe(false);
    const f = failures(report);
    // IAM's wire error text, at the Federated line of the trust policy (line 8), with its value
    expect(f).toContain('Federated principals must be valid domain names or SAML metadata ARNs');
    expect(f).toMatch(/^reporter-trust\.json:8: /m);
    expect(f).toContain(`Statement[0].Principal.Federated is "${providerArnIn(DATA)}"`);
    // the provider the data account does have (made from the learner's Url)
    expect(f).toContain(`arn:aws:iam::${DATA}:oidc-provider/${url.replace('https://', '')}`);
    // the cause: the provider file's Url, at its line
    expect(f).toContain(`data-account-provider.json:2 Url is "${url}"`);
    expect(f).toContain(ISSUER_URL);
  });

  it('a Federated typo with the right provider: names the trust line and the existing ARN, not the Url', async () => {
    const typo = rightTrust.replace(`oidc-provider/${ISSUER_HOST_PATH}`, `oidc-provider/${ISSUER_HOST_PATH}X`);
    const report = await checkWith(9, {
      'data-account-provider.json': provider(ISSUER_URL),
      'reporter-trust.json': typo,
    });
    const f = failures(report);
    expect(f).toMatch(/^reporter-trust\.json:8: /m);
    expect(f).toContain(`Statement[0].Principal.Federated is "${providerArnIn(DATA)}X"`);
    expect(f).toContain(providerArnIn(DATA));
    expect(f).not.toContain('data-account-provider.json:2');
  });
});
