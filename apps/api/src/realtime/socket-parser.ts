import * as parser from 'socket.io-parser';

/**
 * What an event whose name is not a name arrives as: registered by nobody, so `dispatch()`
 * answers it `errors.realtime.unknown_event` (when the client asked for an ack) like any unknown
 * event, and no listener of the socket is reached.
 */
export const MALFORMED_EVENT_NAME = '\u0000malformed-event-name';

/** Names socket.io keeps for itself (a client may not fire the server's own listeners). */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/**
 * The default socket.io parser, except for event packets whose name is not a string or a number
 * (`["ping"]`, `{}`, `null`, none) or is a reserved name: the stock decoder calls those invalid
 * and the connection is dropped without an answer, so a client that asked for an ack never got
 * one. Here the name becomes MALFORMED_EVENT_NAME and the event goes through the gateway's one
 * wrapper. Packets that are not JSON arrays (unparsable text, a bare string) still drop the
 * connection, as does everything else the stock decoder refuses.
 */
class Decoder extends parser.Decoder {
  constructor(opts?: ConstructorParameters<typeof parser.Decoder>[0]) {
    super(opts);
    // decodeString and tryParse are private in the typings: wrapped on the instance
    const self = this as unknown as { decodeString(s: string): unknown; tryParse(s: string): unknown };
    const decodeString = self.decodeString.bind(this);
    const tryParse = self.tryParse.bind(this);
    let type = -1;
    self.decodeString = (str) => {
      type = Number(str.charAt(0));
      try {
        return decodeString(str);
      } finally {
        type = -1;
      }
    };
    self.tryParse = (str) => {
      const payload = tryParse(str);
      const isEvent = type === parser.PacketType.EVENT || type === parser.PacketType.BINARY_EVENT;
      if (!isEvent || !Array.isArray(payload)) return payload;
      const name: unknown = payload[0];
      const named = typeof name === 'number' || (typeof name === 'string' && !RESERVED.has(name));
      if (!named) {
        if (payload.length) payload[0] = MALFORMED_EVENT_NAME;
        else payload.push(MALFORMED_EVENT_NAME);
      }
      return payload;
    };
  }
}

/** The gateway's `parser` option: the stock encoder, the decoder above. */
export const socketParser = { Encoder: parser.Encoder, Decoder };
