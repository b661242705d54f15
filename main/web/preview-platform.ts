import type { Platform } from '../ipc/handlers.js';

/**
 * The preview's stand-ins for OS integrations: the save folder is fixed by --downloads, and showing or opening a
 * file is reported on stderr since a browser tab cannot do either.
 */
export function previewPlatform(downloads: string): Platform {
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
  };
}
