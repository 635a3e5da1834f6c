// client.calls against the real daemon: the call.* ops and events, without media.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PASSWORD, newClient, nextEvent, registered, serverFor, sleep, until } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

/**
 * The client's call history once it lists `count` calls: the server stores
 * a call's end after it told the sides.
 */
async function historyOf(client, count, range = {}) {
  let calls = [];
  await until(async () => (calls = (await client.calls.history(range)).calls).length >= count, `${count} calls in the history`);
  return calls;
}

/** Alice and Bob with their direct conversation. */
async function pair(t, serverOptions) {
  const server = await serverFor(t, TestServer, serverOptions);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  return { server, alice, bob, cid };
}

test("invite, ringing, accept, signal both ways, hangup, and the history of both", async (t) => {
  const { alice, bob, cid } = await pair(t);
  const incoming = nextEvent(bob.calls, "incoming");
  const seenByCallback = [];
  bob.calls.onIncoming((call) => seenByCallback.push(call.call_id));
  const invited = await alice.calls.invite(cid, { media: "video" });
  assert.match(invited.call_id, /\S/);
  assert.ok(Array.isArray(invited.ice_servers));

  const call = await incoming;
  assert.equal(call.call_id, invited.call_id);
  assert.equal(call.conversation_id, cid);
  assert.equal(call.caller_id, alice.userId);
  assert.equal(call.media, "video");
  assert.ok(call.started_at > 0);
  assert.deepEqual(seenByCallback, [invited.call_id]);

  const ringing = nextEvent(alice.calls, "ringing");
  await bob.calls.ringing(call.call_id);
  assert.equal((await ringing).call_id, call.call_id);

  const accepted = nextEvent(alice.calls, "accepted");
  const answer = await bob.calls.accept(call.call_id);
  assert.equal(answer.call_id, call.call_id);
  assert.ok(Array.isArray(answer.ice_servers));
  assert.equal((await accepted).user_id, bob.userId);

  const offer = { type: "offer", sdp: "v=0 (not a real offer)" };
  const atBob = nextEvent(bob.calls, "signal");
  await alice.calls.signal(call.call_id, offer);
  assert.deepEqual(await atBob, { call_id: call.call_id, from: alice.userId, data: offer });
  const atAlice = nextEvent(alice.calls, "signal");
  await bob.calls.signal(call.call_id, { type: "candidate", candidate: { candidate: "c", sdpMid: "0" } });
  assert.equal((await atAlice).data.type, "candidate");

  const ended = nextEvent(bob.calls, "ended");
  await sleep(20);
  await alice.calls.hangup(call.call_id);
  assert.deepEqual(await ended, { call_id: call.call_id, reason: "hangup" });

  const [mine] = await historyOf(alice, 1);
  assert.equal(mine.call_id, call.call_id);
  assert.equal(mine.direction, "outgoing");
  assert.equal(mine.outcome, "completed");
  assert.equal(mine.media, "video");
  assert.ok(mine.answered_at >= mine.started_at && mine.ended_at >= mine.answered_at);
  assert.ok(mine.duration_ms >= 0);
  const [theirs] = await historyOf(bob, 1, { limit: 5 });
  assert.equal(theirs.direction, "incoming");
  assert.equal(theirs.caller_id, alice.userId);
  assert.equal(theirs.callee_id, bob.userId);
});

test("declined, cancelled, and signalling outside an accepted call", async (t) => {
  const { alice, bob, cid } = await pair(t);

  const first = nextEvent(bob.calls, "incoming");
  const { call_id: declinedId } = await alice.calls.invite(cid, { media: "audio" });
  await first;
  await assert.rejects(alice.calls.signal(declinedId, { type: "offer", sdp: "x" }), { code: "conflict" }, "no signalling before accept");
  const declined = nextEvent(alice.calls, "ended");
  await bob.calls.reject(declinedId);
  assert.deepEqual(await declined, { call_id: declinedId, reason: "declined" });

  const second = nextEvent(bob.calls, "incoming");
  const { call_id: cancelledId } = await alice.calls.invite(cid);
  assert.equal((await second).media, "audio", "audio by default");
  const cancelled = nextEvent(bob.calls, "ended");
  await alice.calls.cancel(cancelledId);
  assert.deepEqual(await cancelled, { call_id: cancelledId, reason: "cancelled" });

  const outcomes = (await historyOf(alice, 2)).map((c) => [c.call_id, c.outcome]);
  assert.deepEqual(outcomes, [
    [cancelledId, "cancelled"],
    [declinedId, "declined"],
  ]);
  const page = await alice.calls.history({ before: (await alice.calls.history()).calls[0].started_at, limit: 1 });
  assert.deepEqual(page.calls.map((c) => c.call_id), [declinedId], "before is a started_at cursor");
});

test("the first accept wins; the callee's other client hears answered_elsewhere", async (t) => {
  const { server, alice, bob, cid } = await pair(t);
  const bobElsewhere = newClient(t, server);
  await bobElsewhere.login({ username: "bob", password: PASSWORD });
  const here = nextEvent(bob.calls, "incoming");
  const there = nextEvent(bobElsewhere.calls, "incoming");
  const { call_id } = await alice.calls.invite(cid);
  await Promise.all([here, there]);

  const elsewhere = nextEvent(bobElsewhere.calls, "ended");
  await bob.calls.accept(call_id);
  assert.deepEqual(await elsewhere, { call_id, reason: "answered_elsewhere" });
  await assert.rejects(bobElsewhere.calls.accept(call_id), { code: "conflict" });
  const hungUp = nextEvent(alice.calls, "ended");
  await bob.calls.hangup(call_id);
  assert.equal((await hungUp).reason, "hangup");
});

test("a call nobody answers ends with timeout for both and is missed", async (t) => {
  const { alice, bob, cid } = await pair(t, { extraYaml: "calls:\n  ring_timeout: 1s" });
  const { call_id } = await alice.calls.invite(cid);
  const [atAlice, atBob] = await Promise.all([nextEvent(alice.calls, "ended"), nextEvent(bob.calls, "ended")]);
  assert.deepEqual(atAlice, { call_id, reason: "timeout" });
  assert.deepEqual(atBob, { call_id, reason: "timeout" });
  assert.equal((await historyOf(bob, 1))[0].outcome, "missed");
});

test("only direct conversations the caller is in; bad media is refused", async (t) => {
  const { server, alice, bob, cid } = await pair(t);
  const carol = await registered(t, server, "carol");
  await assert.rejects(carol.calls.invite(cid), (err) => ["forbidden", "not_found"].includes(err.code));
  const { conversation_id: group } = await alice.createConversation({ type: "group", members: [bob.userId, carol.userId], title: "g" });
  await assert.rejects(alice.calls.invite(group), (err) => ["bad_request", "forbidden"].includes(err.code));
  await assert.rejects(alice.calls.invite(cid, { media: /** @type {any} */ ("screen") }), { code: "bad_request" });
});
