import { Emitter } from "./emitter.js";
import { PeerCall } from "./peer_call.js";

/** The server's call events, handed to the Calls of a Client by their name without "call.". */
export const CALL_EVENTS = ["call.incoming", "call.ringing", "call.accepted", "call.ended", "call.signal"];

/** How many ends of calls without a PeerCall are remembered (see dispatch()). */
const REMEMBERED_ENDS = 32;

/**
 * Calls of one Client (`client.calls`): the call.* ops as promises, the
 * call.* events, and `start()`/`answer()`, which run the RTCPeerConnection
 * of a call with a PeerCall.
 *
 * Events (`calls.on(name, listener)`), each with the server's data:
 * - 'incoming' ({call_id, conversation_id, caller_id, caller_display_name?, media, ice_servers, busy?, started_at})
 * - 'ringing' ({call_id}): a device of the callee rings
 * - 'accepted' ({call_id, user_id, device_id})
 * - 'ended' ({call_id, reason}): answered_elsewhere declined busy cancelled hangup timeout connection_lost failed
 * - 'signal' ({call_id, from, data})
 */
export class Calls extends Emitter {
  /**
   * @param {import("./client.js").Client} client
   * @param {{RTCPeerConnection?: any, mediaDevices?: any}} [webrtc] default: the browser's
   */
  constructor(client, webrtc = {}) {
    super();
    this._client = client;
    this._webrtc = webrtc;
    /** The PeerCalls this client runs, by call id: they get their call's events. @type {Map<string, PeerCall>} */
    this._peers = new Map();
    /**
     * call.ended of calls without a PeerCall, by call id: a callee that is
     * busy may end a call before the answer to its invite arrives.
     * @type {Map<string, string>}
     */
    this._ended = new Map();
  }

  /**
   * Called by the Client for each call.* event.
   * @param {string} name the event's name without "call."
   * @param {any} data
   */
  dispatch(name, data) {
    this.emit(name, data);
    const peer = this._peers.get(data?.call_id);
    if (peer) peer.handle(name, data);
    else if (name === "ended") {
      this._ended.set(data.call_id, data.reason);
      if (this._ended.size > REMEMBERED_ENDS) this._ended.delete(/** @type {string} */ (this._ended.keys().next().value));
    }
  }

  /**
   * Calls `listener` for each incoming call; returns a function that removes it.
   * Tell the server the device rings with ringing(call_id).
   * @param {(incoming: any) => void} listener
   */
  onIncoming(listener) {
    return this.on("incoming", listener);
  }

  // ---- the ops -------------------------------------------------------------

  /**
   * @param {string} conversationId a direct conversation
   * @param {{media?: "audio" | "video"}} [options]
   * @returns {Promise<{call_id: string, ice_servers: any[], glare?: boolean}>}
   */
  invite(conversationId, { media = "audio" } = {}) {
    return this._client.request("call.invite", { conversation_id: conversationId, media });
  }

  /** @param {string} callId */
  ringing(callId) {
    return this._client.request("call.ringing", { call_id: callId });
  }

  /**
   * @param {string} callId
   * @returns {Promise<{call_id: string, ice_servers: any[]}>}
   */
  accept(callId) {
    return this._client.request("call.accept", { call_id: callId });
  }

  /** @param {string} callId @param {"declined" | "busy"} [reason] */
  reject(callId, reason = "declined") {
    return this._client.request("call.reject", { call_id: callId, reason });
  }

  /** @param {string} callId */
  cancel(callId) {
    return this._client.request("call.cancel", { call_id: callId });
  }

  /** @param {string} callId */
  hangup(callId) {
    return this._client.request("call.hangup", { call_id: callId });
  }

  /** @param {string} callId @param {object} data */
  signal(callId, data) {
    return this._client.request("call.signal", { call_id: callId, data });
  }

  /**
   * Newest first; `before` is a started_at (ms) cursor.
   * @param {{before?: number, limit?: number}} [range]
   * @returns {Promise<{calls: any[]}>}
   */
  history({ before, limit } = {}) {
    const data = /** @type {{before?: number, limit?: number}} */ ({});
    if (before !== undefined) data.before = before;
    if (limit !== undefined) data.limit = limit;
    return this._client.request("call.history", data);
  }

  // ---- calls with media ------------------------------------------------------

  /**
   * Places a call: takes the microphone (and camera), invites, and runs the
   * peer connection once the callee accepts. When the callee was inviting
   * this user at the same moment (glare), the answer joins that call instead.
   * @param {string} conversationId
   * @param {{media?: "audio" | "video", localStream?: MediaStream}} [options]
   * @returns {Promise<PeerCall>}
   */
  async start(conversationId, { media = "audio", localStream } = {}) {
    const stream = localStream ?? (await this._getUserMedia(media));
    let answer;
    try {
      answer = await this.invite(conversationId, { media });
    } catch (err) {
      if (!localStream) for (const track of stream.getTracks()) track.stop();
      throw err;
    }
    // Registered before any later event of this call can be handled (those come in later tasks).
    const peer = this._peer({
      callId: answer.call_id,
      conversationId,
      media,
      role: answer.glare ? "callee" : "caller",
      iceServers: answer.ice_servers ?? [],
      localStream: stream,
      ownsStream: !localStream,
    });
    if (answer.glare) peer.connect(answer.ice_servers ?? []);
    return peer;
  }

  /**
   * Answers an incoming call: accepts it while taking the microphone (and
   * camera), then answers the caller's offer.
   * @param {{call_id: string, conversation_id: string, media: "audio" | "video", ice_servers?: any[]}} incoming
   * @param {{localStream?: MediaStream}} [options]
   * @returns {Promise<PeerCall>}
   */
  async answer(incoming, { localStream } = {}) {
    const peer = this._peer({
      callId: incoming.call_id,
      conversationId: incoming.conversation_id,
      media: incoming.media,
      role: "callee",
      iceServers: incoming.ice_servers ?? [],
      localStream: localStream ?? null,
      ownsStream: !localStream,
    });
    const [accepted, stream] = await Promise.allSettled([this.accept(incoming.call_id), localStream ?? this._getUserMedia(incoming.media)]);
    if (accepted.status === "rejected" || stream.status === "rejected") {
      peer.end("failed");
      if (stream.status === "fulfilled" && !localStream) for (const track of stream.value.getTracks()) track.stop();
      // Accepted, but no microphone or camera: the caller must not wait for an answer that cannot come.
      if (accepted.status === "fulfilled") this.hangup(incoming.call_id).catch(() => {});
      throw accepted.status === "rejected" ? accepted.reason : /** @type {PromiseRejectedResult} */ (stream).reason;
    }
    peer.setLocalStream(stream.value);
    peer.connect(accepted.value.ice_servers ?? incoming.ice_servers ?? []);
    return peer;
  }

  /**
   * @param {Omit<ConstructorParameters<typeof PeerCall>[0], "calls" | "RTCPeerConnection">} options
   */
  _peer(options) {
    const peer = new PeerCall({ ...options, calls: this, RTCPeerConnection: this._webrtc.RTCPeerConnection });
    this._peers.set(options.callId, peer);
    peer.on("ended", () => {
      if (this._peers.get(options.callId) === peer) this._peers.delete(options.callId);
    });
    const reason = this._ended.get(options.callId);
    if (reason !== undefined) {
      this._ended.delete(options.callId);
      peer.handle("ended", { call_id: options.callId, reason });
    }
    return peer;
  }

  /** @param {"audio" | "video"} media @returns {Promise<MediaStream>} */
  _getUserMedia(media) {
    const devices = this._webrtc.mediaDevices ?? globalThis.navigator?.mediaDevices;
    if (!devices?.getUserMedia) return Promise.reject(new TypeError("no navigator.mediaDevices.getUserMedia: pass localStream"));
    return devices.getUserMedia({ audio: true, video: media === "video" });
  }
}
