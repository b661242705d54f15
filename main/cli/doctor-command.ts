/** `doctor [--folder <folder>] [--json]`: the IT check, printed as a report; exit 1 when any check found a problem. */
import { parseArgs } from 'node:util';
import type { StartupConfig } from '../setup/setup.js';
import { type CommandIo, EXIT } from './command.js';
import { type DoctorProbes, realProbes, runDoctorChecks } from './doctor/doctor-checks.js';
import { printable } from './input.js';

const MARKS = { ok: 'OK     ', warning: 'WARN   ', problem: 'PROBLEM' } as const;

/** Reports on stdout (a report is the command's result); `probes` are replaced only by tests. */
export async function doctorCommand(args: ReadonlyArray<string>, io: CommandIo, startup: StartupConfig, probes: DoctorProbes = realProbes): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { folder: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const checks = await runDoctorChecks(startup, probes, values.folder);
  const failed = checks.some((check) => check.status === 'problem');
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ok: !failed, checks }, null, 2)}\n`);
  } else {
    const lines = checks.map((check) => `${MARKS[check.status]}  ${check.name}: ${printable(check.detail)}`);
    io.stdout.write(`${lines.join('\n')}\n${failed ? 'Something is wrong: see PROBLEM above.' : 'Everything checked is in order.'}\n`);
  }
  return failed ? EXIT.failure : EXIT.ok;
}
