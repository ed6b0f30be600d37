/**
 * Lab 5: the hop limit is named as a cause of the app pod reaching the node
 * role only when it lets the token response reach the pod; with hop limit 1
 * the cause is IMDSv1 alone (HttpTokens optional).
 */
import { describe, expect, it } from 'vitest';
import { checkWith, failures } from '../helpers.js';

const template = (tokens: string, hops: number) => `Resources:
  T:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpEndpoint: enabled
          HttpTokens: ${tokens}
          HttpPutResponseHopLimit: ${hops}
`;

describe('lab 5: only the options that let the pod in are named', () => {
  it('HttpTokens optional, hop limit 1: names HttpTokens, not the hop limit', async () => {
    const f = failures(await checkWith(5, { 'launch-template.yaml': template('optional', 1) }));
    expect(f).toContain('shop/storefront');
    expect(f).toContain('launch-template.yaml:8 HttpTokens is optional');
    expect(f).not.toContain('HttpPutResponseHopLimit');
  });

  it('HttpTokens required, hop limit 2: names the hop limit, not HttpTokens', async () => {
    const f = failures(await checkWith(5, { 'launch-template.yaml': template('required', 2) }));
    expect(f).toContain('shop/storefront');
    expect(f).toContain('launch-template.yaml:9 HttpPutResponseHopLimit is 2');
    expect(f).not.toContain('HttpTokens is');
  });
});
