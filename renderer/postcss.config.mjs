/**
 * PostCSS for the renderer build (vite finds this file from the renderer root).
 *
 * nhsuk-frontend's CSS declares its Frutiger web fonts at https://assets.nhs.uk. The app's CSP allows fonts from
 * 'self' only, so each use would be blocked and logged as a violation; the app ships no font files, so those
 * @font-face rules are dropped and text falls back to the design system's own stack (Arial, sans-serif).
 */
const dropRemoteFontFaces = {
  postcssPlugin: 'drop-remote-font-faces',
  AtRule: {
    'font-face': (rule) => {
      if (/url\(\s*["']?(?:https?:)?\/\//i.test(rule.toString())) {
        rule.remove();
      }
    },
  },
};

export default { plugins: [dropRemoteFontFaces] };
