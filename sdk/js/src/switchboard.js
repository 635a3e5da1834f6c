/**
 * @switchboard/client — the JavaScript client of Switchboard, for browsers,
 * React Native and node (with an injected WebSocket constructor).
 * Types: switchboard.d.ts beside this file.
 */
export { Backoff } from "./backoff.js";
export { Calls } from "./calls.js";
export { Client } from "./client.js";
export { newClientMsgId } from "./client_msg_id.js";
export { Connection } from "./connection.js";
export { Emitter } from "./emitter.js";
export { HttpApi } from "./http_api.js";
export { MemoryStorage } from "./memory_storage.js";
export { MessageFeed } from "./message_feed.js";
export { Outbox } from "./outbox.js";
export { PeerCall, qualityLevel } from "./peer_call.js";
export { Session } from "./session.js";
export { SwitchboardError } from "./switchboard_error.js";
export { WebPush } from "./web_push.js";
