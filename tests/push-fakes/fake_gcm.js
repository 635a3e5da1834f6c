'use strict';
// A local stand-in for Google's push service as Chromium uses it, so that a
// headless Chromium without internet makes real Web Push subscriptions and
// receives real pushes:
//
//   check-in      POST /checkin   (--gcm-checkin-url): protobuf AndroidCheckinRequest
//                 -> AndroidCheckinResponse with a new android id and security token
//   registration  POST /register  (--gcm-registration-url): the form Chromium posts for
//                 each subscription (AidLogin header, app, X-subtype, sender = the
//                 applicationServerKey) -> "token=…"; Chromium makes the subscription's
//                 endpoint https://<Google host>/fcm/send/<token> from it. With
//                 delete=true (unsubscribe) -> "deleted=<app id>"; its pushes get 404.
//   MCS           TLS (--gcm-mcs-endpoint): the Mobile Connection Server protocol —
//                 LoginRequest/LoginResponse, heartbeats, then DataMessageStanza to deliver
//   push service  POST https://<any host>/fcm/send/<token> (and /wp/<token>) reached through
//                 this server as an HTTP CONNECT proxy (the daemon runs with https_proxy
//                 pointing here and trusts ca_file): verifies the VAPID JWT (jose: ES256,
//                 aud = the endpoint's origin, k = the key the subscription was made with),
//                 TTL, Content-Encoding and the aes128gcm header (RFC 8188/8291), then
//                 forwards the still-encrypted body to Chromium over MCS, where the
//                 browser decrypts it and hands it to the service worker.
//
// Control (JSON, plain HTTP on the same port): GET /control/registrations,
// GET /control/received (each push that passed the checks), GET /control/errors,
// GET /control/mcs ({logins, connected, pending}).
//
//   node fake_gcm.js --dir DIR
// writes its key and certificate into DIR, then prints one JSON line:
// {port, checkin_url, registration_url, mcs_endpoint, mcs_spki, proxy_url, ca_file,
// control_url}. Listens on 127.0.0.1 only; exits when stdin closes.

const http = require('node:http');
const http2 = require('node:http2');
const tls = require('node:tls');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const jose = require('jose');

function parseArgs(argv) {
  const args = { dir: null };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--dir') args.dir = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.dir) throw new Error('--dir is required');
  return args;
}

const args = parseArgs(process.argv);
fs.mkdirSync(args.dir, { recursive: true });

// One self-signed certificate for the push service's host names (the daemon
// trusts it as its ca_file) and for MCS (Chromium accepts it by its SPKI hash).
const tlsKey = path.join(args.dir, 'gcm-key.pem');
const tlsCert = path.join(args.dir, 'gcm-cert.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', tlsKey, '-out', tlsCert, '-days', '2', '-subj', '/CN=fcm.googleapis.com',
  '-addext', 'subjectAltName=DNS:fcm.googleapis.com,DNS:*.googleapis.com,DNS:*.google.com,IP:127.0.0.1'],
{ stdio: 'ignore' });
const certificate = new crypto.X509Certificate(fs.readFileSync(tlsCert));
const spki = crypto.createHash('sha256')
  .update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');

// ---- protobuf, the little the protocols need ---------------------------------------

function varint(value) {
  let n = BigInt(value);
  const out = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

const pb = {
  bytes: (tag, value) => {
    const b = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
    return Buffer.concat([varint((tag << 3) | 2), varint(b.length), b]);
  },
  int: (tag, value) => Buffer.concat([varint(tag << 3), varint(value)]),
  fixed64: (tag, value) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    return Buffer.concat([varint((tag << 3) | 1), b]);
  },
};

// Reads a varint at `pos`: [value (BigInt), next position], or null when the buffer ends first.
function readVarint(buf, pos) {
  let value = 0n;
  for (let shift = 0n; pos < buf.length; shift += 7n) {
    const byte = buf[pos++];
    value |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [value, pos];
    if (shift > 63n) throw new Error('varint too long');
  }
  return null;
}

// Decodes one message into {tag: [values]} (varints as BigInt, fixed64 as BigInt, bytes as Buffer).
function decode(buf) {
  const fields = {};
  let pos = 0;
  while (pos < buf.length) {
    const key = readVarint(buf, pos);
    if (!key) throw new Error('truncated key');
    pos = key[1];
    const tag = Number(key[0] >> 3n);
    const wire = Number(key[0] & 7n);
    let value;
    if (wire === 0) {
      const v = readVarint(buf, pos);
      if (!v) throw new Error('truncated varint');
      [value, pos] = v;
    } else if (wire === 1) {
      if (pos + 8 > buf.length) throw new Error('truncated fixed64');
      value = buf.readBigUInt64LE(pos);
      pos += 8;
    } else if (wire === 2) {
      const len = readVarint(buf, pos);
      if (!len) throw new Error('truncated length');
      pos = len[1];
      const end = pos + Number(len[0]);
      if (end > buf.length) throw new Error('truncated bytes');
      value = buf.subarray(pos, end);
      pos = end;
    } else if (wire === 5) {
      if (pos + 4 > buf.length) throw new Error('truncated fixed32');
      value = buf.readUInt32LE(pos);
      pos += 4;
    } else {
      throw new Error(`wire type ${wire}`);
    }
    (fields[tag] ||= []).push(value);
  }
  return fields;
}

const text = (fields, tag) => (fields[tag] ? fields[tag][0].toString('utf8') : undefined);

// ---- state ---------------------------------------------------------------------------

const state = {
  devices: new Map(), // android id (decimal string) -> security token (decimal string)
  registrations: new Map(), // token -> {app, subtype, sender, device}
  received: [],
  errors: [],
  logins: 0,
  mcs: null, // the logged-in MCS connection {socket, streamIdOut}
  pending: new Map(), // persistent id -> DataMessageStanza bytes, until Chromium confirms it
};

function fail(what) {
  state.errors.push(what);
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---- check-in and registration (Chromium's GCM client) -------------------------------------

const DEVICE_CHROME_BROWSER = 3n;

function checkin(req, res, body) {
  let request;
  try {
    request = decode(body);
    const checkinProto = request[4] && decode(request[4][0]);
    if (!checkinProto) throw new Error('no checkin field');
    if (!checkinProto[12] || checkinProto[12][0] !== DEVICE_CHROME_BROWSER) throw new Error('device type is not a Chrome browser');
    if (!request[14] || request[14][0] !== 3n) throw new Error(`checkin version ${request[14]}`);
  } catch (e) {
    fail(`checkin: ${e.message}`);
    res.writeHead(400);
    return res.end();
  }
  // A device checking in again keeps its id when it proves it with its token.
  let id = request[2] ? BigInt.asUintN(64, request[2][0]).toString() : '0';
  const token = request[13] ? request[13][0].toString() : '0';
  if (id === '0' || state.devices.get(id) !== token) {
    id = (crypto.randomBytes(6).readUIntBE(0, 6) + 1).toString();
    state.devices.set(id, (crypto.randomBytes(6).readUIntBE(0, 6) + 1).toString());
  }
  res.writeHead(200, { 'content-type': 'application/x-protobuf' });
  res.end(Buffer.concat([pb.int(1, 1), pb.fixed64(7, id), pb.fixed64(8, state.devices.get(id)), pb.int(9, 0)]));
}

function register(req, res, body) {
  const m = /^AidLogin (\d+):(\d+)$/.exec(req.headers.authorization || '');
  if (!m || state.devices.get(m[1]) !== m[2]) {
    fail(`register: Authorization ${req.headers.authorization}`);
    return res.end('Error=AUTHENTICATION_FAILED');
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const subtype = form.get('X-subtype') || '';
  // An unsubscription: the same form with delete=true, answered with the app id it deleted.
  if (form.get('delete') === 'true') {
    for (const [token, r] of state.registrations)
      if (r.device === m[1] && r.app === form.get('app') && r.subtype === subtype) state.registrations.delete(token);
    return res.end(`deleted=${subtype || form.get('app')}`);
  }
  if (!form.get('app') || !form.get('sender') || form.get('device') !== m[1]) {
    fail(`register: form ${body.toString('utf8')}`);
    return res.end('Error=INVALID_PARAMETERS');
  }
  const token = crypto.randomBytes(24).toString('base64url');
  state.registrations.set(token, { app: form.get('app'), subtype, sender: form.get('sender'), device: m[1] });
  res.end(`token=${token}`);
}

// ---- MCS (Chromium's persistent connection) -------------------------------------------------

const MCS_VERSION = 41;
const TAG = { heartbeatPing: 0, heartbeatAck: 1, loginRequest: 2, loginResponse: 3, close: 4, iqStanza: 7, dataMessage: 8 };
const SELECTIVE_ACK = 12;

function frame(tag, message) {
  return Buffer.concat([Buffer.from([tag]), varint(message.length), message]);
}

function confirm(persistentIds) {
  for (const id of persistentIds) state.pending.delete(id.toString('utf8'));
}

function deliverPending() {
  if (!state.mcs) return;
  for (const stanza of state.pending.values()) state.mcs.socket.write(frame(TAG.dataMessage, stanza));
}

function onMcsMessage(connection, tag, message) {
  const fields = decode(message);
  if (tag === TAG.loginRequest) {
    const user = text(fields, 3);
    if (!user || state.devices.get(user) !== text(fields, 5)) {
      fail(`mcs: login of unknown device ${user}`);
      connection.socket.end();
      return;
    }
    // Persistent ids Chromium got but has not acknowledged yet: not to be sent again.
    confirm(fields[10] || []);
    state.logins++;
    connection.socket.write(Buffer.concat([Buffer.from([MCS_VERSION]),
      frame(TAG.loginResponse, Buffer.concat([pb.bytes(1, text(fields, 1) || ''), pb.bytes(2, ''),
        pb.int(8, Date.now())]))]));
    state.mcs = connection;
    deliverPending();
  } else if (tag === TAG.heartbeatPing) {
    connection.socket.write(frame(TAG.heartbeatAck, Buffer.alloc(0)));
  } else if (tag === TAG.iqStanza && fields[7]) {
    const extension = decode(fields[7][0]);
    if (extension[1] && Number(extension[1][0]) === SELECTIVE_ACK && extension[2]) confirm(decode(extension[2][0])[1] || []);
  } else if (tag === TAG.close) {
    connection.socket.end();
  }
}

// Frames: the client's first byte is its protocol version, then tag, varint size, message.
function onMcsConnection(socket) {
  const connection = { socket, buffer: Buffer.alloc(0), versionSeen: false };
  socket.on('data', (chunk) => {
    connection.buffer = Buffer.concat([connection.buffer, chunk]);
    try {
      for (;;) {
        let pos = 0;
        if (!connection.versionSeen) {
          if (connection.buffer.length < 1) return;
          if (connection.buffer[0] < 38) throw new Error(`protocol version ${connection.buffer[0]}`);
          pos = 1;
        }
        if (connection.buffer.length < pos + 1) return;
        const tag = connection.buffer[pos];
        const size = readVarint(connection.buffer, pos + 1);
        if (!size || connection.buffer.length < size[1] + Number(size[0])) return;
        const message = connection.buffer.subarray(size[1], size[1] + Number(size[0]));
        connection.versionSeen = true;
        connection.buffer = connection.buffer.subarray(size[1] + Number(size[0]));
        onMcsMessage(connection, tag, message);
      }
    } catch (e) {
      fail(`mcs: ${e.message}`);
      socket.destroy();
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    if (state.mcs === connection) state.mcs = null;
  });
}

// ---- the push service (reached by the daemon through the CONNECT proxy) ----------------------

async function verifyVapid(req, registration) {
  const auth = req.headers.authorization || '';
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(auth);
  if (!m) throw new Error(`Authorization is not "vapid t=…, k=…": ${auth}`);
  if (m[2] !== registration.sender) throw new Error('k is not the applicationServerKey the subscription was made with');
  const point = Buffer.from(m[2], 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = await jose.importJWK({ kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33).toString('base64url') }, 'ES256');
  const origin = `https://${req.headers[':authority'] || req.headers.host}`;
  const { payload } = await jose.jwtVerify(m[1], key, { algorithms: ['ES256'], audience: origin });
  if (typeof payload.exp !== 'number' || payload.exp > Date.now() / 1000 + 24 * 3600) throw new Error('exp more than 24 hours ahead');
  if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub)) throw new Error(`sub ${payload.sub}`);
  return { aud: payload.aud, sub: payload.sub, exp: payload.exp };
}

// The aes128gcm header (RFC 8188 section 2.1) as RFC 8291 requires it: salt, record
// size, the sender's ephemeral P-256 key as the key id, then one record with its tag.
function checkRecord(body) {
  if (body.length > 4096) throw new Error(`body of ${body.length} bytes (at most 4096)`);
  if (body.length < 21) throw new Error('shorter than the aes128gcm header');
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  if (idlen !== 65 || body[21] !== 4) throw new Error(`key id of ${idlen} bytes is not an uncompressed P-256 point`);
  const records = body.length - 21 - idlen;
  if (rs < 18 || records < 17 || records > rs) throw new Error(`record size ${rs} for ${records} bytes of records`);
  return { rs, records_bytes: records };
}

async function pushSend(req, res, body, token) {
  const registration = state.registrations.get(token);
  if (!registration) return send(res, 404, { reason: 'no such subscription' });
  let vapid;
  let record;
  try {
    vapid = await verifyVapid(req, registration);
  } catch (e) {
    fail(`push: VAPID: ${e.message}`);
    return send(res, 403, { reason: e.message });
  }
  const ttl = req.headers.ttl;
  try {
    if (ttl === undefined || !/^\d+$/.test(ttl)) throw new Error(`TTL header ${ttl}`);
    if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
    record = checkRecord(body);
  } catch (e) {
    fail(`push: ${e.message}`);
    return send(res, 400, { reason: e.message });
  }
  const persistentId = `0:${Date.now()}%${crypto.randomBytes(6).toString('hex')}`;
  state.pending.set(persistentId, Buffer.concat([
    pb.bytes(2, persistentId), pb.bytes(3, registration.sender), pb.bytes(5, registration.app),
    pb.bytes(7, Buffer.concat([pb.bytes(1, 'subtype'), pb.bytes(2, registration.subtype)])),
    pb.bytes(7, Buffer.concat([pb.bytes(1, 'content-encoding'), pb.bytes(2, 'aes128gcm')])),
    pb.bytes(9, persistentId), pb.int(17, Number(ttl)), pb.int(18, Math.floor(Date.now() / 1000)),
    pb.bytes(21, body)]));
  state.received.push({ token, host: req.headers[':authority'] || req.headers.host, vapid, record,
    headers: { ttl, urgency: req.headers.urgency, topic: req.headers.topic }, body_bytes: body.length,
    mcs_connected: !!state.mcs });
  deliverPending();
  res.writeHead(201, { location: `https://fcm.googleapis.com/message/${persistentId}` });
  res.end();
}

const pushService = http2.createSecureServer({ key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert),
  allowHTTP1: true }, (req, res) => {
  readBody(req).then((body) => {
    const m = /^\/(?:fcm\/send|wp)\/([A-Za-z0-9_:-]+)$/.exec(new URL(req.url, 'https://push').pathname);
    if (req.method !== 'POST' || !m) return send(res, 404, { reason: `no route ${req.method} ${req.url}` });
    return pushSend(req, res, body, m[1]);
  }).catch((e) => {
    fail(`push: ${e.stack || e}`);
    if (!res.headersSent) send(res, 500, { reason: String(e) });
  });
});

// ---- the plain HTTP server: check-in, registration, control, CONNECT ----------------------

const server = http.createServer((req, res) => {
  readBody(req).then((body) => {
    const route = `${req.method} ${new URL(req.url, 'http://fake').pathname}`;
    switch (route) {
      case 'POST /checkin': return checkin(req, res, body);
      case 'POST /register': return register(req, res, body);
      case 'GET /control/registrations':
        return send(res, 200, [...state.registrations].map(([token, r]) => ({ token, ...r })));
      case 'GET /control/received': return send(res, 200, state.received);
      case 'GET /control/errors': return send(res, 200, state.errors);
      case 'GET /control/mcs':
        return send(res, 200, { logins: state.logins, connected: !!state.mcs, pending: state.pending.size });
      default: return send(res, 404, { error: `no route ${route}` });
    }
  }).catch((e) => {
    fail(`http: ${e.stack || e}`);
    if (!res.headersSent) send(res, 500, { error: String(e) });
  });
});

// Every https request the daemon makes arrives here as CONNECT host:443 and is
// answered by the push service, whatever the host.
server.on('connect', (req, socket, head) => {
  if (!/^[A-Za-z0-9.-]+:443$/.test(req.url)) {
    fail(`proxy: CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  if (head.length) socket.unshift(head);
  pushService.emit('connection', socket);
});

const mcs = tls.createServer({ key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert) }, onMcsConnection);
mcs.on('tlsClientError', (e) => fail(`mcs: TLS: ${e.message}`));

server.listen(0, '127.0.0.1', () => {
  mcs.listen(0, '127.0.0.1', () => {
    const base = `http://127.0.0.1:${server.address().port}`;
    process.stdout.write(JSON.stringify({ port: server.address().port, checkin_url: `${base}/checkin`,
      registration_url: `${base}/register`, mcs_endpoint: `https://127.0.0.1:${mcs.address().port}`,
      mcs_spki: spki, proxy_url: base, ca_file: tlsCert, control_url: `${base}/control` }) + '\n');
  });
});

// The test that started us owns our lifetime: when its end of stdin closes, we go.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
