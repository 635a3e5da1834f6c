/**
 * Exponential reconnect delays with jitter, so that many clients cut off by a
 * server restart do not all come back at the same instant.
 */
export class Backoff {
  /**
   * @param {{initialMs?: number, maxMs?: number, factor?: number, jitter?: number, random?: () => number}} [options]
   */
  constructor({ initialMs = 500, maxMs = 15000, factor = 2, jitter = 0.3, random = Math.random } = {}) {
    if (!(initialMs > 0) || !(maxMs >= initialMs)) throw new RangeError("backoff: need 0 < initialMs <= maxMs");
    if (!(factor >= 1)) throw new RangeError("backoff: factor must be at least 1");
    if (!(jitter >= 0 && jitter < 1)) throw new RangeError("backoff: jitter must be in [0, 1)");
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.factor = factor;
    this.jitter = jitter;
    this._random = random;
    this.attempt = 0;
  }

  /** The delay before the next attempt; each call lengthens the following one. */
  next() {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt += 1;
    const spread = base * this.jitter;
    return Math.round(base - spread + 2 * spread * this._random());
  }

  /** Starts over from `initialMs` (after a connection that worked). */
  reset() {
    this.attempt = 0;
  }
}
