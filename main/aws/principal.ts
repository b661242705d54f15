import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';

/** The identity the built-in sandbox acts as when nobody signs in (its own tools); it is synthetic and says so. */
export const SANDBOX_PRINCIPAL = 'arn:aws:sts::000000000000:assumed-role/SandboxPracticeUser/synthetic.user';

/**
 * Returns a function giving the AWS principal (ARN) the app acts as for one set of credentials, named by `key` (the
 * signed-in person's session and role): asked of STS once per key and then remembered, so a new sign-in asks again.
 *
 * A failed lookup is not remembered, so the next download asks again.
 */
export function principalResolver(clients: AwsClients, options: { readonly environment: string; readonly signedIn: boolean }): (key: string) => Promise<string> {
  if (options.environment === 'sandbox' && !options.signedIn) {
    return () => Promise.resolve(SANDBOX_PRINCIPAL);
  }
  let remembered: { readonly key: string; readonly arn: Promise<string> } | undefined;
  return (key) => {
    if (remembered?.key !== key) {
      const arn = clients.sts.send(new GetCallerIdentityCommand({})).then(
        (identity) => identity.Arn ?? 'unknown principal',
        (error: unknown) => {
          if (remembered?.arn === arn) {
            remembered = undefined;
          }
          throw error;
        },
      );
      remembered = { key, arn };
    }
    return remembered.arn;
  };
}
