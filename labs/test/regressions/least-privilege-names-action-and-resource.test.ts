/**
 * Lab 4: an Allow that is too broad is explained by the Action and Resource
 * lines of the statement that matched the request (what the README asks the
 * learner to narrow), not only by the statement's line.
 */
import { describe, expect, it } from 'vitest';
import { checkWith, failures } from '../helpers.js';

const FILE = 'billing-reader-policy.json';

describe('lab 4: an over-broad Allow names the Action and Resource that matched', () => {
  it('as shipped: Action "s3:*" (line 7) and Resource "*" (line 8) match the write and the payroll read', async () => {
    const f = failures(await checkWith(4));
    expect(f).toContain(`${FILE}:7 Action "s3:*" matches s3:PutObject`);
    expect(f).toContain(`${FILE}:8 Resource "*" matches arn:aws:s3:::billing-reports/reports/2026-02.csv`);
    expect(f).toContain(`${FILE}:7 Action "s3:*" matches s3:GetObject`);
    expect(f).toContain(`${FILE}:8 Resource "*" matches arn:aws:s3:::billing-reports/payroll/2026-01.csv`);
    expect(f).not.toContain('it has no Condition');
  });

  it('lists: names the line of the entry that matched', async () => {
    const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:Put*"
      ],
      "Resource": [
        "arn:aws:s3:::billing-reports/reports/*",
        "arn:aws:s3:::billing-reports/*"
      ]
    }
  ]
}
`;
    const f = failures(await checkWith(4, { [FILE]: policy }));
    expect(f).toContain(`${FILE}:8 Action "s3:Put*" matches s3:PutObject`);
    expect(f).toContain(
      `${FILE}:12 Resource "arn:aws:s3:::billing-reports/*" matches arn:aws:s3:::billing-reports/payroll/2026-01.csv`,
    );
    expect(f).not.toContain('s3:DeleteObject billing-reports/reports/2026-01.csv is denied');
  });
});
