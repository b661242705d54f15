/**
 * Masks credentials in any text leaving main: the one secrets pass behind every sink (log lines, diagnostics, the
 * start-up dialog, CLI output, error messages sent to the renderer).
 *
 * Known shapes are masked wherever they appear: URL user-info (`user:***@`), presigned URL signatures and
 * credentials, AWS access key ids, secret keys and session tokens, `Authorization` headers, bearer tokens, OAuth
 * codes, and the value of any `name=value`, `name: value` or `"name": "value"` whose name says it is a secret.
 * Over-masking is the safe mistake.
 */

export const MASK = '***';

// Words in a field, parameter or variable name whose value is a secret (AWS_SECRET_ACCESS_KEY, X-Amz-Signature,
// X-Amz-Security-Token, refresh_token, clientSecret, proxyPassword, …).
const SECRET_WORD = 'secret|passw(?:or)?d|pwd|token|credential|signature|authori[sz]ation|api[-_]?key|session[-_]?key|private[-_]?key|cookie';
const SECRET_NAME = new RegExp(SECRET_WORD, 'i');
// Starts only where a name starts: a name that may begin anywhere in a long word would be tried quadratically.
const NAME = `(?<![\\w.-])[\\w.-]*(?:${SECRET_WORD})[\\w.-]*`;

// `scheme://user:password@` keeps the user; `scheme://name@` loses it (the user part alone may be a token).
const URL_USER_AND_PASSWORD = /(?<![a-z\d+.-])([a-z][a-z\d+.-]*:\/\/)([^\s/?#@:'"`]+):[^\s/?#"`]*@/gi;
const URL_USER_ONLY = /(?<![a-z\d+.-])([a-z][a-z\d+.-]*:\/\/)[^\s/?#@:'"`]+@/gi;
// A header line, JSON field or assignment: the whole value goes, whatever its scheme (AWS4-HMAC-SHA256, Basic, …).
const AUTHORIZATION_HEADER = /\b((?:proxy-)?authori[sz]ation["']?\s*[:=]\s*["']?)[^\r\n"']+/gi;
const BEARER_TOKEN = /\b(Bearer)\s+[\w\-.~+/]+=*/gi;
// The authorisation code of an OAuth redirect or device flow, in a query string or fragment.
const OAUTH_CODE = /([?&#](?:code|device_code)=)[^&#\s"'`]+/gi;
const NAMED_JSON_STRING = new RegExp(`(["'])(${NAME})\\1(\\s*:\\s*)(["'])(?:\\\\.|(?!\\4)[^\\\\\\r\\n])*\\4`, 'gi');
// `name=value` (query strings, forms, variables) and `name: value` (a space after the colon, so `file.js:10` stays).
const NAMED_ASSIGNMENT = new RegExp(`(${NAME}(?:\\s*=\\s*|\\s*:\\s+)(["'\`]?))[^\\s&#"'\`,;]+`, 'gi');
// An AWS key id: four letters naming its kind (AKIA long-term, ASIA temporary, …) and sixteen more.
const ACCESS_KEY_ID = /(?<![A-Za-z\d])(A(?:KIA|SIA|IDA|ROA|GPA|NPA|NVA|IPA|BIA|CCA))[A-Z\d]{16}(?![A-Za-z\d])/g;
// A secret access key standing alone: 40 base64 characters in mixed case (not a hex hash).
const SECRET_ACCESS_KEY = /(?<![\w/+=])(?=[A-Za-z\d/+]{0,39}[A-Z])(?=[A-Za-z\d/+]{0,39}[a-z])[A-Za-z\d/+]{40}(?![\w/+=])/g;
// A session token or other long opaque credential: 80 or more base64 or base64url characters in mixed case.
const LONG_OPAQUE_TOKEN = /(?<![\w/+=-])(?=[\w/+-]*[A-Z])(?=[\w/+-]*[a-z])[\w/+-]{80,}=*(?![\w/+=-])/g;

/** The text with every credential it holds masked. */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_USER_AND_PASSWORD, (_match, scheme: string, user: string) => `${scheme}${user}:${MASK}@`)
    .replace(URL_USER_ONLY, (_match, scheme: string) => `${scheme}${MASK}@`)
    .replace(AUTHORIZATION_HEADER, (_match, name: string) => `${name}${MASK}`)
    .replace(BEARER_TOKEN, (_match, scheme: string) => `${scheme} ${MASK}`)
    .replace(OAUTH_CODE, (_match, name: string) => `${name}${MASK}`)
    .replace(NAMED_JSON_STRING, (_match, quote: string, name: string, colon: string, valueQuote: string) => `${quote}${name}${quote}${colon}${valueQuote}${MASK}${valueQuote}`)
    .replace(NAMED_ASSIGNMENT, (_match, name: string) => `${name}${MASK}`)
    .replace(ACCESS_KEY_ID, (_match, kind: string) => `${kind}${MASK}`)
    .replace(SECRET_ACCESS_KEY, MASK)
    .replace(LONG_OPAQUE_TOKEN, MASK);
}

/** True for a field or parameter name whose value is a secret (`secretAccessKey`, `X-Amz-Signature`, `password`, …). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
