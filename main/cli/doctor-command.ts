/**
 * `doctor [--folder <folder>] [--json] [--settings]`: the IT check, printed as a report; exit 1 when any check found a
 * problem. `--settings` adds the managed settings (each setting, its value and source); `--json` always has them.
 */
import { parseArgs } from 'node:util';
import { managedSettingsText, managedSettingsView } from '../config/policy-sources/managed-settings-view.js';
import { maskSecrets } from '../logging/secrets.js';
import type { StartupConfig } from '../setup/setup.js';
import { type CommandIo, EXIT } from './command.js';
import { type DoctorProbes, realProbes, runDoctorChecks } from './doctor/doctor-checks.js';
import { printable } from './input.js';

const MARKS = { ok: 'OK     ', warning: 'WARN   ', problem: 'PROBLEM' } as const;

/** Reports on stdout (a report is the command's result); `probes` are replaced only by tests. */
export async function doctorCommand(args: ReadonlyArray<string>, io: CommandIo, startup: StartupConfig, probes: DoctorProbes = realProbes): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { folder: { type: 'string' }, json: { type: 'boolean', default: false }, settings: { type: 'boolean', default: false } } });
  const checks = await runDoctorChecks(startup, probes, values.folder);
  const failed = checks.some((check) => check.status === 'problem');
  const settings = managedSettingsView({
    env: startup.env,
    policy: startup.policy,
    origins: startup.policyOrigins ?? [],
    ...(startup.problem === undefined ? {} : { problem: startup.problem }),
  });
  if (values.json) {
    io.stdout.write(`${maskSecrets(JSON.stringify({ ok: !failed, checks, managedSettings: settings }, null, 2))}\n`);
  } else {
    const lines = checks.map((check) => `${MARKS[check.status]}  ${check.name}: ${printable(check.detail)}`);
    const table = values.settings ? ['', 'Managed settings (name is value [source: where]):', ...managedSettingsText(settings).map(printable)] : [];
    io.stdout.write(`${maskSecrets([...lines, ...table].join('\n'))}\n${failed ? 'Something is wrong: see PROBLEM above.' : 'Everything checked is in order.'}\n`);
  }
  return failed ? EXIT.failure : EXIT.ok;
}
