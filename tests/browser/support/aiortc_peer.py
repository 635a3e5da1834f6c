#!/usr/bin/python3
"""A second, independent WebRTC peer for the browser tests: Debian's
python3-aiortc joins a Switchboard call through the same call.* signalling
as the web app ({type: offer|answer, sdp} and {type: candidate, candidate}
in call.signal) and sends generated audio and video while counting the
frames it receives and decodes.

  aiortc_peer.py --url ws://127.0.0.1:PORT/v1/ws --username bob --password PW
                 (--answer | --call CONVERSATION_ID [--media video])
                 [--talk SECONDS] [--timeout SECONDS]

--answer waits for one call.incoming and accepts it; --call invites. Once
the call is up it keeps the media flowing for --talk seconds, hangs up, and
prints one JSON line: {"call_id", "audio_frames", "video_frames", ...}.
Exits 1 when no media arrived or the call did not come up in time."""

import argparse
import asyncio
import json
import sys

import aioice.ice
import aiortc.codecs
import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.rtcrtpparameters import RTCRtpHeaderExtensionParameters
from aiortc.contrib.media import MediaStreamError
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
from aiortc.sdp import candidate_from_sdp

# ICE on loopback only: the tests bind nothing else (Chromium runs with
# --allow-loopback-in-peer-connection so that it offers 127.0.0.1 too).
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

# aiortc 1.4 offers header extension id 2 for audio-level in the audio section
# and for abs-send-time in the video section of one BUNDLE group; Chromium
# refuses such an offer ("codec collision for header extension id=2").
# abs-send-time gets an id of its own.
aiortc.codecs.HEADER_EXTENSIONS["video"] = [
    RTCRtpHeaderExtensionParameters(id=1, uri="urn:ietf:params:rtp-hdrext:sdes:mid"),
    RTCRtpHeaderExtensionParameters(id=3, uri="http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
]


class Signalling:
    """One authenticated WebSocket: requests with their answers, events in a queue."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 1
        self.pending = {}
        self.events = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        async for frame in self.ws:
            msg = json.loads(frame)
            if "event" in msg:
                await self.events.put(msg)
            elif msg.get("id") in self.pending:
                self.pending.pop(msg["id"]).set_result(msg)

    async def call(self, op, data):
        rid = self.next_id
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[rid] = future
        await self.ws.send(json.dumps({"id": rid, "op": op, "data": data}))
        msg = await asyncio.wait_for(future, 10)
        if not msg["ok"]:
            raise RuntimeError(f"{op}: {msg['error']['code']}: {msg['error']['message']}")
        return msg["data"]

    async def event(self, name):
        while True:
            msg = await self.events.get()
            if msg["event"] == name:
                return msg["data"]


async def count_frames(track, counts):
    """Receives (and so decodes) the track's frames until it ends."""
    try:
        while True:
            await track.recv()
            counts[track.kind] += 1
    except MediaStreamError:
        pass


def remote_candidate(init):
    """An RTCIceCandidate from the browser's RTCIceCandidateInit."""
    line = init["candidate"]
    candidate = candidate_from_sdp(line.split(":", 1)[1] if line.startswith("candidate:") else line)
    candidate.sdpMid = init.get("sdpMid")
    candidate.sdpMLineIndex = init.get("sdpMLineIndex")
    return candidate


async def run(args):
    ws = await websockets.connect(args.url, subprotocols=["switchboard"], max_size=None)
    sig = Signalling(ws)
    login = await sig.call("auth.login", {"username": args.username, "password": args.password})
    await sig.call("auth", {"token": login["token"]})
    print(json.dumps({"ready": True}), flush=True)

    if args.answer:
        incoming = await sig.event("call.incoming")
        call_id, media = incoming["call_id"], incoming["media"]
        await sig.call("call.ringing", {"call_id": call_id})
        accepted = await sig.call("call.accept", {"call_id": call_id})
        ice_servers = accepted["ice_servers"]
    else:
        media = args.media
        invited = await sig.call("call.invite", {"conversation_id": args.call, "media": media})
        call_id, ice_servers = invited["call_id"], invited["ice_servers"]
        await sig.event("call.accepted")
    del ice_servers  # loopback needs no STUN or TURN; aiortc would try to reach them

    pc = RTCPeerConnection()
    counts = {"audio": 0, "video": 0}
    receivers = []
    connected = asyncio.Event()
    ended = asyncio.Event()
    end_reason = []

    @pc.on("track")
    def on_track(track):
        receivers.append(asyncio.ensure_future(count_frames(track, counts)))

    @pc.on("connectionstatechange")
    def on_state():
        if pc.connectionState == "connected":
            connected.set()

    def add_tracks():
        pc.addTrack(AudioStreamTrack())
        if media == "video":
            pc.addTrack(VideoStreamTrack())

    async def send_description():
        # aiortc gathers every candidate before setLocalDescription returns: they are in the SDP.
        await sig.call("call.signal", {"call_id": call_id, "data": {"type": pc.localDescription.type, "sdp": pc.localDescription.sdp}})

    async def handle_events():
        while True:
            msg = await sig.events.get()
            data = msg["data"]
            if data.get("call_id") != call_id:
                continue
            if msg["event"] == "call.ended":
                end_reason.append(data["reason"])
                ended.set()
                return
            if msg["event"] != "call.signal":
                continue
            signal = data["data"]
            if signal.get("type") in ("offer", "answer"):
                await pc.setRemoteDescription(RTCSessionDescription(sdp=signal["sdp"], type=signal["type"]))
                if signal["type"] == "offer":
                    add_tracks()
                    await pc.setLocalDescription(await pc.createAnswer())
                    await send_description()
            elif signal.get("type") == "candidate" and signal.get("candidate", {}).get("candidate"):
                await pc.addIceCandidate(remote_candidate(signal["candidate"]))

    events = asyncio.create_task(handle_events())
    if not args.answer:
        add_tracks()
        await pc.setLocalDescription(await pc.createOffer())
        await send_description()

    await asyncio.wait_for(connected.wait(), args.timeout)
    try:
        await asyncio.wait_for(ended.wait(), args.talk)
    except asyncio.TimeoutError:
        await sig.call("call.hangup", {"call_id": call_id})
    report = {"call_id": call_id, "media": media, "audio_frames": counts["audio"], "video_frames": counts["video"],
              "ended_by_peer": end_reason[0] if end_reason else None}
    events.cancel()
    await pc.close()
    for receiver in receivers:
        receiver.cancel()
    await ws.close()
    print(json.dumps(report), flush=True)
    return counts["audio"] > 0 and (media != "video" or counts["video"] > 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    role = parser.add_mutually_exclusive_group(required=True)
    role.add_argument("--answer", action="store_true", help="accept the next incoming call")
    role.add_argument("--call", metavar="CONVERSATION_ID", help="invite in this direct conversation")
    parser.add_argument("--media", choices=["audio", "video"], default="video")
    parser.add_argument("--talk", type=float, default=4.0, help="seconds of media before hanging up")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds for the call to come up")
    args = parser.parse_args()
    ok = asyncio.run(asyncio.wait_for(run(args), args.timeout + args.talk + 30))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
