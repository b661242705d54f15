import packageJson from '../package.json' with { type: 'json' };

/** The app's name and version as audit events and diagnostics report them. */
export const APP_INFO = { name: packageJson.productName, version: packageJson.version } as const;
