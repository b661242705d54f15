// @vitest-environment node
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { lockDownPackagedApp, MAC_PACKAGED_MENU } from '../../../main/window/packaged-app.js';

/** Electron's Menu API, faked: a built menu is its template. */
function fakeMenu() {
  const menu = {
    setApplicationMenu: vi.fn((_menu: unknown) => undefined),
    buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => ({ template })),
  };
  return { menu, api: menu as unknown as Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'> };
}

/** Every role and label anywhere in a template, so a DevTools or reload item nested in a submenu is found too. */
function rolesAndLabels(items: ReadonlyArray<MenuItemConstructorOptions>): string[] {
  return items.flatMap((item) => [
    ...(item.role === undefined ? [] : [item.role]),
    ...(item.label === undefined ? [] : [item.label]),
    ...(Array.isArray(item.submenu) ? rolesAndLabels(item.submenu) : []),
  ]);
}

describe('lockDownPackagedApp', () => {
  it.each(['win32', 'linux'] as const)('removes the application menu on %s when packaged', (platform) => {
    const { menu, api } = fakeMenu();
    lockDownPackagedApp(api, true, platform);
    expect(menu.setApplicationMenu).toHaveBeenCalledExactlyOnceWith(null);
  });

  it('keeps only the app, Edit and Window menus on macOS when packaged', () => {
    const { menu, api } = fakeMenu();
    lockDownPackagedApp(api, true, 'darwin');
    expect(menu.buildFromTemplate).toHaveBeenCalledExactlyOnceWith([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]);
    expect(menu.setApplicationMenu).toHaveBeenCalledExactlyOnceWith({ template: MAC_PACKAGED_MENU });
  });

  it('offers no DevTools, reload or View menu in the macOS menu', () => {
    const offered = rolesAndLabels(MAC_PACKAGED_MENU).map((name) => name.toLowerCase());
    for (const forbidden of ['toggledevtools', 'reload', 'forcereload', 'viewmenu', 'defaultmenu']) {
      expect(offered).not.toContain(forbidden);
    }
  });

  it.each(['win32', 'linux', 'darwin'] as const)('leaves the default menu, DevTools included, for development on %s', (platform) => {
    const { menu, api } = fakeMenu();
    lockDownPackagedApp(api, false, platform);
    expect(menu.setApplicationMenu).not.toHaveBeenCalled();
    expect(menu.buildFromTemplate).not.toHaveBeenCalled();
  });
});
