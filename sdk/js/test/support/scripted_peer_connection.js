// A stand-in for the browser's RTCPeerConnection in node, for the SDK's
// signalling tests: it makes "SDP" that names its side and counts versions,
// hands out one ICE candidate per local description, and reports what it was
// given, so that a test can check who offered, who answered and what was
// relayed through the real server. It carries no media.

/** Every instance made, newest last. @type {ScriptedPeerConnection[]} */
export const made = [];

export class ScriptedPeerConnection {
  /** @param {{iceServers?: any[]}} config */
  constructor(config) {
    this.config = config;
    this.signalingState = "stable";
    this.iceConnectionState = "new";
    /** @type {{type: string, sdp: string} | null} */
    this.localDescription = null;
    /** @type {{type: string, sdp: string} | null} */
    this.remoteDescription = null;
    /** @type {any[]} */
    this.tracks = [];
    /** @type {any[]} */
    this.candidates = [];
    this.version = 0;
    this.restarts = 0;
    this.closed = false;
    this._needed = false;
    /** @type {any} */
    this.onicecandidate = null;
    /** @type {any} */
    this.ontrack = null;
    /** @type {any} */
    this.onnegotiationneeded = null;
    /** @type {any} */
    this.oniceconnectionstatechange = null;
    made.push(this);
  }

  /** @param {any} track */
  addTrack(track) {
    this.tracks.push(track);
    if (this.signalingState === "stable") this._negotiationNeeded();
  }

  /** Like browsers, one negotiationneeded for changes made together. */
  _negotiationNeeded() {
    if (this._needed) return;
    this._needed = true;
    queueMicrotask(() => {
      this._needed = false;
      this.onnegotiationneeded?.();
    });
  }

  /** Without a description: an offer in "stable", an answer in "have-remote-offer", as browsers do. */
  async setLocalDescription(description) {
    const type = description?.type ?? (this.signalingState === "have-remote-offer" ? "answer" : "offer");
    this.version += 1;
    this.localDescription = { type, sdp: `${type} v${this.version} tracks=${this.tracks.length} restarts=${this.restarts}` };
    this.signalingState = type === "offer" ? "have-local-offer" : "stable";
    setTimeout(() => this.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: `candidate:${this.version}`, sdpMid: "0" }) } }), 1);
  }

  async createOffer() {
    return { type: "offer" };
  }

  /** @param {{type: string, sdp: string}} description */
  async setRemoteDescription(description) {
    // Implicit rollback: a remote offer replaces a local one.
    this.remoteDescription = description;
    this.signalingState = description.type === "offer" ? "have-remote-offer" : "stable";
  }

  /** @param {any} candidate */
  async addIceCandidate(candidate) {
    if (!this.remoteDescription) throw new Error("InvalidStateError: no remote description");
    this.candidates.push(candidate);
  }

  restartIce() {
    this.restarts += 1;
    this._negotiationNeeded();
  }

  /** @param {string} state */
  setIceState(state) {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }

  async getStats() {
    return new Map();
  }

  close() {
    this.closed = true;
    this.signalingState = "closed";
  }
}

/** A MediaStream-like with `kinds` as tracks. @param {string[]} kinds */
export function fakeStream(kinds) {
  const tracks = kinds.map((kind) => ({ kind, enabled: true, stopped: false, stop() { this.stopped = true; } }));
  return {
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === "audio"),
    getVideoTracks: () => tracks.filter((t) => t.kind === "video"),
  };
}
