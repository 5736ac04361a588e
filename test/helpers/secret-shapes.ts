/**
 * Secret-shaped strings (all fake) for tests that plant them into config, requirements and
 * environment variables and assert they are never printed or written.
 */
import fc from 'fast-check';
import { findSecretsInText } from '../../lib/text/secret-scan';
import { FAKE } from '../unit/policy/policy-kit';

/** One example of every secret shape the redaction and the scan must recognise (all fake). */
export const SECRET_SHAPES: ReadonlyArray<readonly [string, string]> = [
  ['a Databricks token', FAKE.databricksToken],
  ['a GitHub token', FAKE.githubToken],
  ['a fine-grained GitHub token', `github_pat_${'A1b2'.repeat(20)}`],
  ['an AWS access key id', FAKE.awsKeyId],
  [
    'an Azure SAS signature',
    'https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=FaKe%2BSig0123456789abcdefXYZ%3D',
  ],
  ['a Slack webhook', 'https://hooks.slack.com/services/T0000FAKE/B0000FAKE/fakefakefakefakefake'],
  ['a Slack token', 'xoxb-0000-fake-fake-token'],
  ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmUtMTIz'],
  ['a Bearer token', 'Bearer fake.Opaque-Token_0123'],
  ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEfakeFAKEfake\n-----END RSA PRIVATE KEY-----'],
  ['a URL with user:password@', 'https://ci:Sup3r-Fake@registry.acme.example/simple'],
  ['a URL with a numeric password', 'postgres://etl:123456@db.acme.example/orders'],
  ['an inline password', 'jdbc:sqlserver://db;user=etl;password=Fake-Passw0rd;'],
  [
    'an Azure storage account key',
    'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=RmFrZUtleUZha2VLZXk9PQ==',
  ],
  ['a long random key', 'Zx9Qw2Er7Ty4Ui1Op8As3Df6Gh0Jk5Lz'],
];

/** The part of a shape that must never be printed (its public prefix aside). */
export function secretCore(shape: string): string {
  const secret = findSecretsInText(shape, { randomRuns: true })[0];
  return secret ? secret.value.slice(Math.min(secret.value.length - 6, 12)) : shape;
}

/** Any one of {@link SECRET_SHAPES}. */
export const secretShapeArb: fc.Arbitrary<string> = fc.constantFrom(...SECRET_SHAPES.map(([, s]) => s));
