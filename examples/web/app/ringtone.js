/** The tones: [frequencies (Hz), seconds on] repeated every `period` seconds. */
const PATTERNS = {
  /** An incoming call: two short two-tone bursts. */
  incoming: { tones: [[480, 620], [480, 620]], on: 0.4, gap: 0.2, period: 3 },
  /** The caller hears the callee's device ring. */
  ringback: { tones: [[440, 480]], on: 1.5, gap: 0, period: 4 },
};

/**
 * A ringtone made with Web Audio oscillators (no audio file). Browsers keep
 * an AudioContext suspended until the user touched the page; then it stays
 * silent, and the screen still shows the call.
 */
export class Ringtone {
  constructor() {
    /** @type {AudioContext | null} */
    this._context = null;
    /** @type {GainNode | null} */
    this._gain = null;
    this._timer = 0;
    /** @type {keyof typeof PATTERNS | ""} */
    this.playing = "";
  }

  /** @param {keyof typeof PATTERNS} kind */
  start(kind) {
    if (this.playing === kind) return;
    this.stop();
    const AudioContextClass = window.AudioContext;
    if (!AudioContextClass) return;
    this.playing = kind;
    const context = (this._context ??= new AudioContextClass());
    context.resume().catch(() => {});
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    this._gain = gain;
    const pattern = PATTERNS[kind];
    const ring = () => {
      let at = context.currentTime + 0.05;
      for (const pair of pattern.tones) {
        for (const frequency of pair) {
          const oscillator = context.createOscillator();
          oscillator.frequency.value = frequency;
          oscillator.connect(gain);
          oscillator.start(at);
          oscillator.stop(at + pattern.on);
        }
        at += pattern.on + pattern.gap;
      }
    };
    ring();
    this._timer = window.setInterval(ring, pattern.period * 1000);
  }

  stop() {
    window.clearInterval(this._timer);
    this._timer = 0;
    this.playing = "";
    // Disconnecting the gain silences the oscillators already scheduled.
    this._gain?.disconnect();
    this._gain = null;
  }
}
