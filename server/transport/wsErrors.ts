/**
 * The close code ws sends a peer that broke the protocol, read from the error's `code`: ws documents
 * these `WS_ERR_*` codes as stable, while the close code it sent is kept only under a private symbol.
 * The relay records and mirrors that close code, not the 1006 of the socket that vanishes after it.
 * Codes from RFC 6455 §7.4.1; wsErrors.test.ts checks each against what the pinned ws sends.
 */
const CLOSE_CODES: Readonly<Record<string, number>> = {
  WS_ERR_EXPECTED_FIN: 1002,
  WS_ERR_EXPECTED_MASK: 1002,
  WS_ERR_UNEXPECTED_MASK: 1002,
  WS_ERR_INVALID_OPCODE: 1002,
  WS_ERR_INVALID_CLOSE_CODE: 1002,
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: 1002,
  WS_ERR_UNEXPECTED_RSV_1: 1002,
  WS_ERR_UNEXPECTED_RSV_2_3: 1002,
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
};

/** The close code ws sent for a protocol error, or undefined for any other error (a reset socket). */
export function protocolErrorCloseCode(err: Error & { code?: string }): number | undefined {
  return err.code === undefined ? undefined : CLOSE_CODES[err.code];
}
