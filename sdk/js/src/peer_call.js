import { Emitter } from "./emitter.js";

/** How long ICE may stay "disconnected" before the connection is restarted. */
const DISCONNECTED_RESTART_MS = 2000;
/** How often the connection quality is sampled. */
const QUALITY_INTERVAL_MS = 2000;

/**
 * The media side of one call: an RTCPeerConnection whose offer, answer and
 * ICE candidates go through `call.signal` as
 * `{type: "offer" | "answer", sdp}` and `{type: "candidate", candidate: RTCIceCandidateInit}`.
 *
 * The caller makes the offer once the callee accepts; the callee answers it.
 * Later offers (an ICE restart after a network change) may come from either
 * side: a collision is settled by "perfect negotiation" (the callee is the
 * polite peer and rolls back its own offer).
 *
 * States: the caller's 'dialing' → 'ringing' → 'connecting' → 'connected';
 * the callee's 'connecting' → 'connected'; 'reconnecting' while ICE is
 * disconnected; 'ended' at last.
 *
 * Events: 'state' (state), 'remotestream' (MediaStream), 'quality'
 * ({level, rtt_ms, packet_loss, jitter_ms}), 'ended' ({reason, local}),
 * 'error' (error): a signal that could not be sent or applied.
 */
export class PeerCall extends Emitter {
  /**
   * @param {object} options
   * @param {import("./calls.js").Calls} options.calls
   * @param {string} options.callId
   * @param {string} options.conversationId
   * @param {"audio" | "video"} options.media
   * @param {"caller" | "callee"} options.role
   * @param {any[]} options.iceServers
   * @param {MediaStream | null} options.localStream
   * @param {boolean} [options.ownsStream] stop the local tracks when the call ends
   * @param {any} [options.RTCPeerConnection] default: the global one
   */
  constructor({ calls, callId, conversationId, media, role, iceServers, localStream, ownsStream = false, RTCPeerConnection }) {
    super();
    this._calls = calls;
    this.callId = callId;
    this.conversationId = conversationId;
    this.media = media;
    this.role = role;
    this._iceServers = iceServers;
    /** @type {MediaStream | null} */
    this.localStream = localStream;
    this._ownsStream = ownsStream;
    this._RTCPeerConnection = RTCPeerConnection ?? globalThis.RTCPeerConnection;
    /** @type {string} */
    this._state = role === "caller" ? "dialing" : "connecting";
    /** @type {MediaStream | null} */
    this.remoteStream = null;
    /** @type {RTCPeerConnection | null} */
    this.peerConnection = null;
    this.muted = false;
    this.cameraOff = false;
    /** When ICE first connected (ms since the epoch), or null. @type {number | null} */
    this.connectedAt = null;
    /** @type {string | null} */
    this.endReason = null;
    /** @type {{level: string, rtt_ms: number | null, packet_loss: number | null, jitter_ms: number | null} | null} */
    this.quality = null;
    /** Signals that came before the peer connection existed. @type {any[]} */
    this._queued = [];
    /** Signals are applied one after the other. */
    this._chain = Promise.resolve();
    this._polite = role === "callee";
    this._makingOffer = false;
    this._ignoreOffer = false;
    /** The caller may offer from the start; the callee once it has answered the first offer. */
    this._mayOffer = role === "caller";
    this._tracksAdded = false;
    /** @type {any} */
    this._disconnectedTimer = null;
    /** @type {any} */
    this._qualityTimer = null;
    /** @type {{received: number, lost: number} | null} */
    this._lastCounts = null;
    this._onOnline = () => this.restartIce();
  }

  /** 'dialing' | 'ringing' | 'connecting' | 'connected' | 'reconnecting' | 'ended' */
  get state() {
    return this._state;
  }

  /**
   * Sets the stream sent to the other side (before connect()).
   * @param {MediaStream} stream
   */
  setLocalStream(stream) {
    this.localStream = stream;
    this._applyTrackStates();
  }

  /**
   * Called by Calls for each event of this call.
   * @param {string} name
   * @param {any} data
   */
  handle(name, data) {
    if (this._state === "ended") return;
    if (name === "ringing" && this._state === "dialing") this._setState("ringing");
    else if (name === "accepted" && this.role === "caller" && !this.peerConnection) this.connect(this._iceServers);
    else if (name === "ended") this._close(data.reason, false);
    else if (name === "signal") {
      if (this.peerConnection) this._apply(data.data);
      else this._queued.push(data.data);
    }
  }

  /**
   * Creates the peer connection (the caller: once accepted; the callee: once
   * it accepted) and starts negotiating.
   * @param {any[]} iceServers
   */
  connect(iceServers) {
    if (this.peerConnection || this._state === "ended") return;
    if (typeof this._RTCPeerConnection !== "function") throw new TypeError("no RTCPeerConnection: pass it to the Client's webrtc option");
    const pc = /** @type {RTCPeerConnection} */ (new this._RTCPeerConnection({ iceServers }));
    this.peerConnection = pc;
    if (this._state !== "connected") this._setState("connecting");
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this._send({ type: "candidate", candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ track, streams }) => {
      if (!this.remoteStream) this.remoteStream = streams[0] ?? new MediaStream();
      if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
      this.emit("remotestream", this.remoteStream);
    };
    pc.onnegotiationneeded = () => this._offer();
    pc.oniceconnectionstatechange = () => this._iceStateChanged();
    globalThis.addEventListener?.("online", this._onOnline);
    if (this.role === "caller") this._addTracks();
    const queued = this._queued;
    this._queued = [];
    for (const data of queued) this._apply(data);
  }

  /**
   * Stops (or resumes) sending the microphone; the track stays, so unmuting is instant.
   * @param {boolean} muted
   */
  setMuted(muted) {
    this.muted = muted;
    this._applyTrackStates();
    this.emit("change");
  }

  /**
   * Stops (or resumes) sending the camera.
   * @param {boolean} off
   */
  setCameraOff(off) {
    this.cameraOff = off;
    this._applyTrackStates();
    this.emit("change");
  }

  /**
   * Ends the call from this side: cancels it while the caller still waits
   * for an answer, hangs up otherwise.
   */
  async hangup() {
    if (this._state === "ended") return;
    const cancel = this.role === "caller" && (this._state === "dialing" || this._state === "ringing");
    this._close(cancel ? "cancelled" : "hangup", true);
    try {
      await (cancel ? this._calls.cancel(this.callId) : this._calls.hangup(this.callId));
    } catch (err) {
      // The call may have ended on the server first (the other side hung up at the same moment).
      if (/** @type {any} */ (err)?.code !== "not_found" && /** @type {any} */ (err)?.code !== "conflict") this.emit("error", err);
    }
  }

  /**
   * Ends the call here without telling the server (it already knows, e.g.
   * the accept failed).
   * @param {string} reason
   */
  end(reason) {
    this._close(reason, true);
  }

  /**
   * Gathers new ICE candidates and renegotiates (after a network change; it
   * happens by itself when ICE fails, stays disconnected, or the browser
   * reports it is online again).
   */
  restartIce() {
    const pc = this.peerConnection;
    if (!pc || this._state === "ended" || !this._mayOffer) return;
    if (typeof pc.restartIce === "function") pc.restartIce();
    else this._offer({ iceRestart: true });
  }

  /**
   * Samples getStats once: round-trip time, packet loss since the last
   * sample, jitter, and a level from them (good, fair, poor).
   */
  async sampleQuality() {
    const pc = this.peerConnection;
    if (!pc) return null;
    const report = await pc.getStats();
    let rtt = null;
    let jitter = null;
    let received = 0;
    let lost = 0;
    /** @type {string | undefined} */
    let selectedPair;
    report.forEach((s) => {
      if (s.type === "transport" && s.selectedCandidatePairId) selectedPair = s.selectedCandidatePairId;
    });
    report.forEach((s) => {
      if (s.type === "candidate-pair" && (s.id === selectedPair || (!selectedPair && s.nominated && s.state === "succeeded")) && typeof s.currentRoundTripTime === "number")
        rtt = s.currentRoundTripTime;
      if (s.type === "inbound-rtp") {
        received += s.packetsReceived ?? 0;
        lost += Math.max(0, s.packetsLost ?? 0);
        if (typeof s.jitter === "number") jitter = Math.max(jitter ?? 0, s.jitter);
      }
    });
    const before = this._lastCounts ?? { received: 0, lost: 0 };
    this._lastCounts = { received, lost };
    const newReceived = received - before.received;
    const newLost = lost - before.lost;
    const loss = newReceived + newLost > 0 ? newLost / (newReceived + newLost) : null;
    const quality = {
      level: qualityLevel(rtt, loss, jitter, newReceived),
      rtt_ms: rtt === null ? null : Math.round(rtt * 1000),
      packet_loss: loss,
      jitter_ms: jitter === null ? null : Math.round(jitter * 1000),
    };
    this.quality = quality;
    this.emit("quality", quality);
    return quality;
  }

  // ---- internals -------------------------------------------------------------

  /** @param {string} state */
  _setState(state) {
    if (this._state === state) return;
    this._state = state;
    this.emit("state", state);
  }

  _addTracks() {
    const pc = this.peerConnection;
    if (this._tracksAdded || !pc || !this.localStream) return;
    this._tracksAdded = true;
    for (const track of this.localStream.getTracks()) pc.addTrack(track, this.localStream);
  }

  _applyTrackStates() {
    for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = !this.muted;
    for (const track of this.localStream?.getVideoTracks() ?? []) track.enabled = !this.cameraOff;
  }

  /** @param {{iceRestart?: boolean}} [options] */
  async _offer(options) {
    const pc = this.peerConnection;
    if (!pc || !this._mayOffer || this._state === "ended") return;
    try {
      this._makingOffer = true;
      if (options) await pc.setLocalDescription(await pc.createOffer(options));
      else await pc.setLocalDescription();
      const description = /** @type {RTCSessionDescription} */ (pc.localDescription);
      this._send({ type: description.type, sdp: description.sdp });
    } catch (err) {
      this.emit("error", err);
    } finally {
      this._makingOffer = false;
    }
  }

  /** @param {any} data */
  _apply(data) {
    this._chain = this._chain.then(() => this._applyNow(data)).catch((err) => this.emit("error", err));
  }

  /** @param {any} data */
  async _applyNow(data) {
    const pc = this.peerConnection;
    if (!pc || this._state === "ended" || !data || typeof data !== "object") return;
    if (data.type === "offer" || data.type === "answer") {
      const collision = data.type === "offer" && (this._makingOffer || pc.signalingState !== "stable");
      this._ignoreOffer = !this._polite && collision;
      if (this._ignoreOffer) return;
      await pc.setRemoteDescription({ type: data.type, sdp: data.sdp });
      if (data.type !== "offer") return;
      // The callee's tracks go into the transceivers the offer created.
      this._addTracks();
      await pc.setLocalDescription();
      const description = /** @type {RTCSessionDescription} */ (pc.localDescription);
      this._send({ type: description.type, sdp: description.sdp });
      this._mayOffer = true;
    } else if (data.type === "candidate" && data.candidate) {
      try {
        await pc.addIceCandidate(data.candidate);
      } catch (err) {
        if (!this._ignoreOffer) throw err;
      }
    }
  }

  /** @param {object} data */
  _send(data) {
    if (this._state === "ended") return;
    this._calls.signal(this.callId, data).catch((err) => {
      if (this._state !== "ended") this.emit("error", err);
    });
  }

  _iceStateChanged() {
    const pc = /** @type {RTCPeerConnection} */ (this.peerConnection);
    const ice = pc.iceConnectionState;
    clearTimeout(this._disconnectedTimer);
    this._disconnectedTimer = null;
    if (ice === "connected" || ice === "completed") {
      if (this.connectedAt === null) {
        this.connectedAt = Date.now();
        this._startQuality();
      }
      this._setState("connected");
    } else if (ice === "disconnected") {
      if (this.connectedAt !== null) this._setState("reconnecting");
      this._disconnectedTimer = setTimeout(() => {
        if (pc.iceConnectionState === "disconnected") this.restartIce();
      }, DISCONNECTED_RESTART_MS);
    } else if (ice === "failed") {
      if (this.connectedAt !== null) this._setState("reconnecting");
      this.restartIce();
    }
  }

  _startQuality() {
    this._qualityTimer = setInterval(() => {
      this.sampleQuality().catch(() => {});
    }, QUALITY_INTERVAL_MS);
  }

  /**
   * @param {string} reason
   * @param {boolean} local
   */
  _close(reason, local) {
    if (this._state === "ended") return;
    this.endReason = reason;
    clearTimeout(this._disconnectedTimer);
    clearInterval(this._qualityTimer);
    globalThis.removeEventListener?.("online", this._onOnline);
    this.peerConnection?.close();
    if (this._ownsStream) for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this._setState("ended");
    this.emit("ended", { reason, local });
  }
}

/**
 * good: rtt < 150 ms, loss < 2 %, jitter < 30 ms; poor: rtt > 400 ms, loss > 10 %,
 * jitter > 100 ms, or nothing received in the last interval; fair between.
 * @param {number | null} rtt seconds
 * @param {number | null} loss fraction
 * @param {number | null} jitter seconds
 * @param {number} received packets since the last sample
 */
export function qualityLevel(rtt, loss, jitter, received) {
  if (received === 0 || (rtt ?? 0) > 0.4 || (loss ?? 0) > 0.1 || (jitter ?? 0) > 0.1) return "poor";
  if ((rtt ?? 0) > 0.15 || (loss ?? 0) > 0.02 || (jitter ?? 0) > 0.03) return "fair";
  return "good";
}
