/**
 * Hands each conversation's messages to the app exactly once and in `seq`
 * order, whether they arrive live (message.new), after a gap (a lost event)
 * or after a reconnect. Per conversation it keeps `known`, the highest seq up
 * to which everything has been handed over (or was there before the client
 * started), and fetches what lies between `known` and a newer seq before
 * handing that one over. Work for one conversation runs one step at a time.
 */
export class MessageFeed {
  /**
   * @param {object} options
   * @param {(conversationId: string, afterSeq: number, limit: number) => Promise<any[]>} options.fetchAfter
   *   the messages after `afterSeq`, ascending (message.history after_seq)
   * @param {(message: any, info: {missed: boolean}) => void} options.deliver
   *   receives each message once; `missed` when it was fetched rather than pushed
   * @param {number} [options.pageSize]
   */
  constructor({ fetchAfter, deliver, pageSize = 100 }) {
    this._fetchAfter = fetchAfter;
    this._deliver = deliver;
    this._pageSize = pageSize;
    /** @type {Map<string, {known: number, above: Set<number>, chain: Promise<void>}>} */
    this._conversations = new Map();
    this._syncing = false;
    /** @type {any[]} */
    this._held = [];
  }

  /**
   * The highest seq of a conversation up to which all was handed over, or
   * undefined for a conversation it does not follow.
   * @param {string} conversationId
   */
  known(conversationId) {
    return this._conversations.get(conversationId)?.known;
  }

  /**
   * Follows a conversation from `lastSeq` on: messages up to it count as
   * already there. Does nothing for a conversation already followed.
   * @param {string} conversationId
   * @param {number} lastSeq
   */
  follow(conversationId, lastSeq) {
    if (!this._conversations.has(conversationId))
      this._conversations.set(conversationId, { known: lastSeq, above: new Set(), chain: Promise.resolve() });
  }

  /**
   * Records a seq this client produced itself (its own message.send): it is
   * never handed over.
   * @param {string} conversationId
   * @param {number} seq
   */
  markSeen(conversationId, seq) {
    const state = this._conversations.get(conversationId);
    if (state) this._advance(state, seq);
  }

  /**
   * A live message.new. While a sync runs, live messages wait for it so that
   * the sync sets up the conversations first. Never rejects: when the
   * messages before it cannot be fetched (the connection dropped), it is not
   * handed over now, and the next catch-up fetches it in order.
   * @param {any} message
   * @returns {Promise<void>}
   */
  receive(message) {
    if (this._syncing) {
      this._held.push(message);
      return Promise.resolve();
    }
    const state = this._state(message.conversation_id, 0);
    return this._enqueue(state, async () => {
      await this._fill(message.conversation_id, state, message.seq - 1);
      this._hand(state, message, false);
    }).catch(() => {});
  }

  /** Holds live messages until endSync(). */
  beginSync() {
    this._syncing = true;
  }

  /** Releases the live messages that arrived during the sync, in arrival order. */
  endSync() {
    this._syncing = false;
    const held = this._held;
    this._held = [];
    for (const m of held) this.receive(m);
  }

  /**
   * Fetches and hands over what a conversation has between what was handed
   * over and `lastSeq`. A conversation not followed yet starts at
   * `startSeq` (its `last_seq` on the first sync: history, not news; 0 for a
   * conversation that appeared while offline).
   * @param {string} conversationId
   * @param {number} lastSeq
   * @param {number} startSeq
   */
  catchUp(conversationId, lastSeq, startSeq) {
    const state = this._state(conversationId, startSeq);
    return this._enqueue(state, () => this._fill(conversationId, state, lastSeq));
  }

  /** Forgets every conversation (on logout). */
  clear() {
    this._conversations.clear();
    this._held = [];
    this._syncing = false;
  }

  /**
   * @param {string} conversationId
   * @param {number} startSeq
   */
  _state(conversationId, startSeq) {
    this.follow(conversationId, startSeq);
    return /** @type {{known: number, above: Set<number>, chain: Promise<void>}} */ (this._conversations.get(conversationId));
  }

  /**
   * Runs `step` after the conversation's earlier steps; a failed step (the
   * connection dropped mid-fetch) leaves `known` where it got to, and the next
   * catch-up fetches the rest.
   * @param {{chain: Promise<void>}} state
   * @param {() => Promise<void>} step
   */
  _enqueue(state, step) {
    const run = state.chain.then(step);
    state.chain = run.catch(() => {});
    return run;
  }

  /**
   * @param {string} conversationId
   * @param {{known: number, above: Set<number>}} state
   * @param {number} target
   */
  async _fill(conversationId, state, target) {
    while (state.known < target) {
      const before = state.known;
      const page = await this._fetchAfter(conversationId, before, this._pageSize);
      for (const message of page) this._hand(state, message, true);
      // The server has nothing newer (or a hole it cannot fill): stop rather than ask again.
      if (state.known === before) return;
    }
  }

  /**
   * @param {{known: number, above: Set<number>}} state
   * @param {any} message
   * @param {boolean} missed
   */
  _hand(state, message, missed) {
    if (message.seq <= state.known || state.above.has(message.seq)) return;
    this._advance(state, message.seq);
    this._deliver(message, { missed });
  }

  /**
   * @param {{known: number, above: Set<number>}} state
   * @param {number} seq
   */
  _advance(state, seq) {
    if (seq <= state.known) return;
    state.above.add(seq);
    while (state.above.has(state.known + 1)) {
      state.known += 1;
      state.above.delete(state.known);
    }
  }
}
