/**
 * The HAR objects a reader meets, typed from `har-format` (the HAR 1.2 spec with Chrome's
 * extensions). A HAR file is foreign input and its writers break the spec in every direction
 * (WebSocket messages under Chrome's, HTTP Toolkit's or no extension), so a reader sees har-format's field names with values not yet checked:
 * a misspelt field is a type error, and every value is still tested before it is used.
 */

import type { Content, Creator, Entry, Header, Log, PostData, Request, Response, Timings } from 'har-format';

/** An object with T's field names whose values are unchecked. */
export type Unchecked<T> = { [K in keyof T]?: unknown };

export type RawLog = Unchecked<Log>;
export type RawCreator = Unchecked<Creator>;
export type RawEntry = Unchecked<Entry>;
export type RawRequest = Unchecked<Request>;
export type RawResponse = Unchecked<Response>;
export type RawTimings = Unchecked<Timings>;
export type RawContent = Unchecked<Content>;
export type RawPostData = Unchecked<PostData>;
export type RawHeader = Unchecked<Header>;
/** One item of Chrome's `_webSocketMessages`, plus the `encoding` some writers add. */
export type RawWebSocketMessage = Unchecked<NonNullable<Entry['_webSocketMessages']>[number] & { encoding: string }>;

/** This tool's own vendor fields of an entry (export/har.ts, export/harHttp.ts), merged; unchecked like the rest. */
export type OurFields = Record<string, unknown>;

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `v` read as R (one of the Raw types: every field optional and unchecked) when it is an object; an
 * empty one otherwise, so each field reads as absent.
 */
export function fieldsOf<R extends { [key: string]: unknown }>(v: unknown): R {
  return (isObj(v) ? v : {}) as R;
}
