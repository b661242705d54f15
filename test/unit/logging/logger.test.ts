// @vitest-environment node
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOG_FILE_NAME, LOG_FOLDER, loadSalt, openLogger, SALT_FILE_NAME } from '../../../main/logging/logger.js';

describe('the log file', () => {
  let dataDir: string;
  const logFile = () => join(dataDir, LOG_FOLDER, LOG_FILE_NAME);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docstore-logger-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes one JSON object a line: time, level, event, masked fields', () => {
    const logger = openLogger(dataDir, { now: () => new Date('2026-01-01T00:00:00.000Z') });
    logger.info('search.start', { nhsNumber: '999 000 0018' });
    logger.warn('download.end', { nhsNumber: '9990000018', ok: false, code: 'disk-full', folder: '/srv/records' });
    logger.error('unexpected-error', { error: new Error('could not open /srv/x/Zoë.pdf for 9990000018') });

    const text = readFileSync(logFile(), 'utf8');
    expect(text).not.toContain('9990000018');
    expect(text).not.toContain('Zoë');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.level, line.event])).toEqual([
      ['info', 'search.start'],
      ['warn', 'download.end'],
      ['error', 'unexpected-error'],
    ]);
    expect(lines[0]).toEqual({ time: '2026-01-01T00:00:00.000Z', level: 'info', event: 'search.start', fields: { nhsNumber: expect.stringMatching(/^nhs#[0-9a-f]{8}$/) } });
    expect(lines[1]?.fields).toEqual({ nhsNumber: (lines[0]?.fields as { nhsNumber: string }).nhsNumber, ok: false, code: 'disk-full', folder: expect.stringMatching(/^…\/file#/) });
  });

  it('gives the same patient the same token across runs, with the salt kept once in the data folder', () => {
    openLogger(dataDir).info('search.start', { nhsNumber: '9990000018' });
    const salt = readFileSync(join(dataDir, SALT_FILE_NAME), 'utf8');
    openLogger(dataDir).info('search.start', { nhsNumber: '9990000018' });
    expect(readFileSync(join(dataDir, SALT_FILE_NAME), 'utf8')).toBe(salt);
    expect(loadSalt(dataDir)).toBe(salt);
    const [first, second] = readFileSync(logFile(), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { fields: { nhsNumber: string } }).fields.nhsNumber);
    expect(first).toBe(second);
  });

  it('keeps a salt another process wrote, and makes one for this run only where the data folder cannot be written', () => {
    const theirs = 'ab'.repeat(32);
    writeFileSync(join(dataDir, SALT_FILE_NAME), theirs);
    expect(loadSalt(dataDir)).toBe(theirs);

    const blocked = join(dataDir, 'blocked');
    writeFileSync(blocked, 'a file where the data folder should be');
    const first = loadSalt(blocked);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSalt(blocked)).not.toBe(first);
  });

  it('rotates past the size limit and keeps at most three old files', () => {
    const logger = openLogger(dataDir);
    const filler = 'x'.repeat(2_000);
    // About 2.6 MB in all: past the 1 MB limit twice.
    for (let index = 0; index < 1_300; index += 1) {
      logger.info('filler', { index, filler });
    }
    expect(existsSync(`${logFile()}.1`)).toBe(true);
    expect(readFileSync(logFile()).length).toBeLessThanOrEqual(1024 * 1024);
    expect(readFileSync(`${logFile()}.1`).length).toBeLessThanOrEqual(1024 * 1024);

    const small = openLogger(dataDir, { maxBytes: 10_000 });
    for (let index = 0; index < 200; index += 1) {
      small.info('filler', { index, filler: 'y'.repeat(500) });
    }
    expect(readdirSync(join(dataDir, LOG_FOLDER)).toSorted()).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`, `${LOG_FILE_NAME}.3`]);
    // The newest lines are in the current file, the ones before them in .1.
    const last = JSON.parse(readFileSync(logFile(), 'utf8').trim().split('\n').at(-1) ?? '{}') as { fields: { index: number } };
    expect(last.fields.index).toBe(199);
  });

  it('reads back the last lines, reaching into the newest old file when needed', () => {
    const logger = openLogger(dataDir, { maxBytes: 2_000 });
    for (let index = 0; index < 40; index += 1) {
      logger.info('step', { index });
    }
    const recent = logger.recentLines(30).map((line) => (JSON.parse(line) as { fields: { index: number } }).fields.index);
    expect(recent).toHaveLength(30);
    expect(recent.at(-1)).toBe(39);
    expect(recent).toEqual([...recent].sort((a, b) => a - b));
  });

  it('never writes to stdout or stderr, and never throws when the folder cannot be written', () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const blocked = join(dataDir, 'blocked');
    writeFileSync(blocked, 'a file where the data folder should be');
    const logger = openLogger(blocked);
    expect(() => logger.error('unexpected-error', { error: new Error('boom') })).not.toThrow();
    expect(logger.recentLines(10)).toEqual([]);
    openLogger(dataDir).info('fine');
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });
});
