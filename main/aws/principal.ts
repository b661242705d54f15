import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';

/** The identity the built-in sandbox acts as; it is synthetic and says so. */
export const SANDBOX_PRINCIPAL = 'arn:aws:sts::000000000000:assumed-role/SandboxPracticeUser/synthetic.user';

/**
 * Returns a function giving the AWS principal (ARN) the app acts as, asked of STS once and then remembered.
 *
 * A failed lookup is not remembered, so the next download asks again.
 */
export function principalResolver(clients: AwsClients, environment: string): () => Promise<string> {
  if (environment === 'sandbox') {
    return () => Promise.resolve(SANDBOX_PRINCIPAL);
  }
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= clients.sts.send(new GetCallerIdentityCommand({})).then(
      (identity) => identity.Arn ?? 'unknown principal',
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
