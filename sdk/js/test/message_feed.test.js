// MessageFeed on its own: ordering, gaps, duplicates, sync hold-back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MessageFeed } from "../src/switchboard.js";

/** A feed over an in-memory conversation "c" holding messages 1..n. */
function feedOver(n, { pageSize = 2 } = {}) {
  const stored = Array.from({ length: n }, (_, i) => ({ conversation_id: "c", seq: i + 1, body: `m${i + 1}` }));
  const delivered = [];
  const fetches = [];
  const feed = new MessageFeed({
    pageSize,
    fetchAfter: async (cid, after, limit) => {
      fetches.push(after);
      return stored.filter((m) => m.conversation_id === cid && m.seq > after).slice(0, limit);
    },
    deliver: (m, info) => delivered.push([m.seq, info.missed]),
  });
  return { feed, stored, delivered, fetches };
}

test("live messages in order are handed over as they come, duplicates dropped", async () => {
  const { feed, stored, delivered, fetches } = feedOver(3);
  feed.follow("c", 0);
  for (const m of [stored[0], stored[1], stored[1], stored[0], stored[2]]) await feed.receive(m);
  assert.deepEqual(delivered, [[1, false], [2, false], [3, false]]);
  assert.deepEqual(fetches, []);
});

test("a gap is fetched in pages before the newer message", async () => {
  const { feed, stored, delivered, fetches } = feedOver(6);
  feed.follow("c", 1);
  await feed.receive(stored[5]);
  assert.deepEqual(delivered, [[2, true], [3, true], [4, true], [5, true], [6, false]]);
  assert.deepEqual(fetches, [1, 3]);
});

test("catch-up hands over everything after what was handed over, once", async () => {
  const { feed, delivered } = feedOver(5);
  feed.follow("c", 2);
  await Promise.all([feed.catchUp("c", 5, 0), feed.catchUp("c", 5, 0)]);
  assert.deepEqual(delivered, [[3, true], [4, true], [5, true]]);
  assert.equal(feed.known("c"), 5);
});

test("own messages are never handed over", async () => {
  const { feed, stored, delivered } = feedOver(4);
  feed.follow("c", 0);
  feed.markSeen("c", 2);
  await feed.receive(stored[0]);
  await feed.receive(stored[3]);
  assert.deepEqual(delivered, [[1, false], [3, true], [4, true]], "4 came with the page that filled the gap");
});

test("live messages during a sync wait for it, then are not handed twice", async () => {
  const { feed, stored, delivered } = feedOver(3);
  feed.beginSync();
  feed.receive(stored[2]);
  assert.deepEqual(delivered, []);
  await feed.catchUp("c", 3, 1);
  feed.endSync();
  await feed.receive(stored[2]);
  assert.deepEqual(delivered, [[2, true], [3, true]]);
});

test("a failed fetch leaves the rest to the next catch-up, without handing anything out of order", async () => {
  let fail = true;
  const delivered = [];
  const stored = [1, 2, 3].map((seq) => ({ conversation_id: "c", seq }));
  const feed = new MessageFeed({
    fetchAfter: async (cid, after) => {
      if (fail) throw new Error("disconnected");
      return stored.filter((m) => m.seq > after);
    },
    deliver: (m) => delivered.push(m.seq),
  });
  feed.follow("c", 0);
  await feed.receive(stored[2]);
  assert.deepEqual(delivered, []);
  fail = false;
  await feed.catchUp("c", 3, 0);
  assert.deepEqual(delivered, [1, 2, 3]);
});

test("a server that has nothing newer does not make it loop", async () => {
  const feed = new MessageFeed({ fetchAfter: async () => [], deliver: () => assert.fail("nothing to hand over") });
  feed.follow("c", 0);
  await feed.catchUp("c", 10, 0);
  assert.equal(feed.known("c"), 0);
});
