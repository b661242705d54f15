/**
 * What an audit event looks like on the queue, and what it weighs there.
 *
 * One place decides the body and the message attributes the sender sends, so the splitter (audit-parts.ts) measures
 * exactly what goes out. SQS counts a message's size in UTF-8 bytes: the body plus, for each message attribute, its
 * name, its data type and its value ("Amazon SQS message attributes", SQS Developer Guide).
 */
import type { AuditEvent } from './audit-messages.js';

export interface WireAttribute {
  readonly DataType: 'String';
  readonly StringValue: string;
}

/** An event as the queue receives it. */
export interface WireMessage {
  readonly body: string;
  readonly attributes: Readonly<Record<string, WireAttribute>>;
}

export function wireMessageOf(event: AuditEvent): WireMessage {
  return {
    body: JSON.stringify(event),
    // Consumers dedupe on the event id without parsing the body.
    attributes: { eventId: { DataType: 'String', StringValue: event.eventId } },
  };
}

/** The size SQS holds against the queue's `MaximumMessageSize`. */
export function wireSizeBytes(message: WireMessage): number {
  let bytes = Buffer.byteLength(message.body, 'utf8');
  for (const [name, attribute] of Object.entries(message.attributes)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8') + Buffer.byteLength(attribute.StringValue, 'utf8');
  }
  return bytes;
}
