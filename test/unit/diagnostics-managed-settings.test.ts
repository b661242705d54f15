import { describe, expect, it } from 'vitest';

import { withManagedSettings } from '../../main/diagnostics.js';

describe('the diagnostics with the managed settings', () => {
  it('end with each setting, its value and source, and any value that is ignored, with why', () => {
    const text = withManagedSettings('Document Store Desktop diagnostics\n', {
      managed: true,
      problem: null,
      settings: [
        { name: 'environment', value: 'prod', source: 'registry', location: 'HKLM\\Software\\Policies\\NHS England\\Document Store Desktop', whenNotSet: '', errors: [] },
        { name: 'region', value: null, source: 'default', location: null, whenNotSet: '"eu-west-2"', errors: ['Configuration profile /Library/Managed Preferences/x.plist (value London): region must be an AWS region'] },
        { name: 'proxyUrl', value: 'http://svc:S3cret@proxy.example.nhs.uk:8080', source: 'file', location: '/etc/document-store-desktop/policy.json', whenNotSet: '', errors: [] },
      ],
    });
    expect(text).toBe(
      [
        'Document Store Desktop diagnostics',
        '',
        'Managed settings (name is value [source: where]; ignored values with why):',
        'environment is prod [registry: HKLM\\Software\\Policies\\NHS England\\Document Store Desktop]',
        'region is not set ("eu-west-2")',
        '  ignored: Configuration profile /Library/Managed Preferences/x.plist (value London): region must be an AWS region',
        // Masked again at the end, whatever the view held.
        'proxyUrl is http://svc:***@proxy.example.nhs.uk:8080 [file: /etc/document-store-desktop/policy.json]',
        '',
      ].join('\n'),
    );
  });

  it('are left out by a front that has no view', () => {
    expect(withManagedSettings('text\n', undefined)).toBe('text\n');
  });
});
