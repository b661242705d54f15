import { parseArgs } from 'node:util';
import { readPatientsFile } from './identity/patients-file.js';
import { SANDBOX_PEOPLE } from './identity/sandbox-people.js';
import { startSandbox } from './sandbox.js';
import { SYNTHETIC_PATIENTS } from './patients.js';

/**
 * `npm run sandbox [-- --print-env] [--data-dir DIR] [--patients FILE]`: runs the built-in sandbox in the foreground
 * until SIGINT/SIGTERM. --patients adds PDS patients from a JSON array of FHIR R4 Patients.
 *
 * With --print-env, stdout starts with one NAME=value line per variable a client needs, then READY; everything
 * else goes to stderr so the output can be sourced or parsed.
 */
async function serve(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: { 'print-env': { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, patients: { type: 'string' } },
  });
  const patients = values.patients === undefined ? undefined : await readPatientsFile(values.patients);
  if (patients !== undefined && !patients.ok) {
    process.stderr.write(`${patients.error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const sandbox = await startSandbox({ dataDir: values['data-dir'], ...(patients === undefined ? {} : { identity: { extraPatients: patients.value } }) });
  if (values['print-env']) {
    process.stdout.write(`${Object.entries(sandbox.env).map(([name, value]) => `${name}=${value}`).join('\n')}\nREADY\n`);
  }
  process.stderr.write(
    `Sandbox running (DynamoDB ${sandbox.env.AWS_ENDPOINT_URL_DYNAMODB}, S3 ${sandbox.env.AWS_ENDPOINT_URL_S3}, SQS ${sandbox.env.AWS_ENDPOINT_URL_SQS}).\n` +
      `Synthetic patients: ${SYNTHETIC_PATIENTS.map((patient) => `${patient.nhsNumber} (${patient.label})`).join(', ')}.\n` +
      `Sign in at ${sandbox.env.DOCSTORE_OIDC_ISSUER ?? ''} as: ${SANDBOX_PEOPLE.map((person) => `${person.id} (${person.givenName} ${person.familyName})`).join(', ')}.\n` +
      'Press Ctrl+C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.stop();
  process.stderr.write('Sandbox stopped.\n');
}

try {
  await serve();
} catch (error) {
  process.stderr.write(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
