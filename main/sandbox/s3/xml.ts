// The little XML S3 speaks: responses built from nested values, and the few request bodies parsed by element name.

/** A response element's content: text, a list of child elements (repeatable names), or nothing (omitted). */
export type XmlValue = string | number | boolean | ReadonlyArray<readonly [string, XmlValue]> | undefined;

const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** `<root xmlns=…>…</root>` with the declaration S3 sends; another service's namespace when given (the STS stand-in's). */
export function xmlDocument(root: string, children: ReadonlyArray<readonly [string, XmlValue]>, namespace: string = NAMESPACE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${children.map(([name, value]) => element(name, value)).join('')}</${root}>`;
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    return `<${name}>${value.map(([child, content]) => element(child, content)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/gu, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[character] ?? ''};`);
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/giu, (_, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) {
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith('#')) {
      return String.fromCodePoint(parseInt(entity.slice(1), 10));
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity.toLowerCase()] ?? '';
  });
}

/** The contents of every `<name>…</name>` in `xml`, in order (elements of that name must not nest). */
export function xmlElements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`, 'gu');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** The unescaped text of the first `<name>` in `xml` (spaces kept), or undefined. */
export function xmlText(xml: string, name: string): string | undefined {
  const found = xmlElements(xml, name)[0];
  return found === undefined ? undefined : unescapeXml(found);
}
