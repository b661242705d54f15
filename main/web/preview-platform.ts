import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { ArchiveIndex } from '../archive/archive-index.js';
import type { Platform } from '../ipc/handlers.js';

/**
 * The preview's stand-ins for OS integrations: the save folder is fixed by --downloads, and showing or opening a
 * file is reported on stderr since a browser tab cannot do either.
 *
 * The archive's file dialogs are stand-ins too, and they only ever name files directly inside --downloads:
 * - "Add a ZIP…" picks the newest .zip there that is not in the archive yet (none: as if the user cancelled);
 * - "Locate…" picks a .zip there of the recorded size, preferring the recorded file name (the archive then checks
 *   its SHA-256, as it does for a file the user picks);
 * - "Save a copy…" writes into --downloads under a name not taken yet (`name(1).ext`, …), never overwriting.
 *
 * "Copy diagnostics" writes the text to stderr and reports it was not copied: the page then uses the browser's
 * clipboard, or shows the text for the user to copy.
 */
export function previewPlatform(downloads: string, archive?: () => ArchiveIndex): Platform {
  const folder = resolve(downloads);
  return {
    chooseFolder: () => Promise.resolve(downloads),
    showInFolder(file) {
      process.stderr.write(`(preview) show in folder: ${file}\n`);
    },
    openFile(file) {
      process.stderr.write(`(preview) open: ${file}\n`);
      return Promise.resolve('');
    },
    notify(title, body) {
      process.stderr.write(`(preview) notification: ${title}: ${body}\n`);
    },
    // The browser tab has no taskbar entry of its own, and is already in front when its page is used.
    showProgress: () => undefined,
    focusWindow: () => undefined,
    async chooseZip() {
      const archived = new Set(archive?.().list().map(({ entry }) => entry.path) ?? []);
      const candidates = (await zipsIn(folder)).filter((zip) => !archived.has(zip.path));
      const newest = candidates.toSorted((a, b) => b.modified - a.modified)[0]?.path;
      process.stderr.write(`(preview) add a ZIP: ${newest ?? 'no ZIP in the downloads folder that is not archived yet'}\n`);
      return newest;
    },
    async chooseLocation(entry) {
      const sameSize = (await zipsIn(folder)).filter((zip) => zip.size === entry.bytes);
      const chosen = (sameSize.find((zip) => basename(zip.path) === basename(entry.path)) ?? sameSize[0])?.path;
      process.stderr.write(`(preview) locate ${entry.path}: ${chosen ?? 'no candidate in the downloads folder'}\n`);
      return chosen;
    },
    copyText(text) {
      // The host has no clipboard of the browser's: the text goes to stderr, and the page copies or shows it itself.
      process.stderr.write(`(preview) copy diagnostics:\n${text}`);
      return Promise.resolve(false);
    },
    chooseSaveCopyPath(defaultName) {
      const target = freeName(folder, basename(defaultName));
      process.stderr.write(`(preview) save a copy as: ${target}\n`);
      return Promise.resolve(target);
    },
  };
}

interface ZipFile {
  readonly path: string;
  readonly size: number;
  readonly modified: number;
}

async function zipsIn(folder: string): Promise<ZipFile[]> {
  const names = await readdir(folder).catch(() => []);
  const zips: ZipFile[] = [];
  for (const name of names.filter((candidate) => extname(candidate).toLowerCase() === '.zip')) {
    const path = join(folder, name);
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isFile() === true) {
      zips.push({ path, size: stats.size, modified: stats.mtimeMs });
    }
  }
  return zips;
}

function freeName(folder: string, name: string): string {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let candidate = join(folder, name);
  for (let copy = 1; existsSync(candidate); copy += 1) {
    candidate = join(folder, `${stem}(${copy})${extension}`);
  }
  return candidate;
}
