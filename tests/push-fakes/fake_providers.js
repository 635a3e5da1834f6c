'use strict';
// Local fake push providers for Switchboard's tests and benchmark: one HTTPS
// server (HTTP/2, HTTP/1.1 allowed) that speaks the wire formats of
//   FCM HTTP v1   POST /fcm/token (OAuth2 jwt-bearer), POST /v1/projects/{p}/messages:send
//   APNs          POST /{production|sandbox}/3/device/{token}
//   Expo          POST /expo/--/api/v2/push/send, POST /expo/--/api/v2/push/getReceipts
//   Web Push      POST /webpush/{subscription}
//   webhook       POST /webhook
// and enforces them: FCM's RS256 assertion and bearer token, APNs' ES256
// provider token and headers, VAPID JWTs (jose) and aes128gcm bodies
// (decrypted with http_ece), the webhook's HMAC. Anything wrong is answered
// as the real service would and also listed under /control/errors.
//
// Control (JSON): GET /control/received?provider=P (each request that passed
// the checks, with the status it was answered in "answered"), GET /control/errors,
// GET /control/stats (counts, and duplicates: requests whose notification id
// — apns-id, FCM data.notification_id, Web Push payload id, webhook id — had
// been received before), POST /control/reset, POST /control/chaos {provider,
// every, action} (every Nth request of provider: "refuse" resets its stream
// with REFUSED_STREAM unprocessed; "reset" records it then resets the stream
// with INTERNAL_ERROR; "drop" records it then resets the connection, with
// whatever else is in flight on it; "goaway" answers it then closes the
// session gracefully with GOAWAY; "hang" records it and never answers;
// every 0: off), POST /control/script
// {provider, responses:[{status, reason?, retry_after?}]} (answers the next
// requests in order, then success again), POST /control/down {provider, down,
// retry_after?} (503 until up again), POST /control/webpush/subscription
// (a new subscription {endpoint, keys:{p256dh, auth}}), POST
// /control/webpush/expire {endpoint} (410 from then on), POST
// /control/expo/dead {token, at: "ticket"|"receipt"}, POST /control/fcm
// {token_lifetime}.
//
//   node fake_providers.js --dir DIR [--port 0] [--no-record] [--sink] [--expo-access-token T]
// --sink (benchmarks of the client alone): APNs, Web Push and webhook
// requests are answered at once without any check, counted by their
// notification id where a header carries it (apns-id, webhook id).
// writes its keys, certificate and FCM service account into DIR, then prints
// one JSON line: {port, base_url, ca_file, fcm_service_account_file,
// fcm_project_id, apns_key_file, apns_key_id, apns_team_id, apns_bundle_id,
// webhook_secret}. Listens on 127.0.0.1 only; exits when stdin closes.

const http2 = require('node:http2');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const jose = require('jose');
const ece = require('http_ece');

function parseArgs(argv) {
  const args = { port: 0, record: true, sink: false, dir: null, expoAccessToken: '' };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') args.dir = argv[++i];
    else if (a === '--port') args.port = Number(argv[++i]);
    else if (a === '--no-record') args.record = false;
    else if (a === '--sink') args.sink = true;
    else if (a === '--expo-access-token') args.expoAccessToken = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.dir) throw new Error('--dir is required');
  return args;
}

const args = parseArgs(process.argv);
fs.mkdirSync(args.dir, { recursive: true });

// ---- keys and certificate ---------------------------------------------------

const tlsKey = path.join(args.dir, 'tls-key.pem');
const tlsCert = path.join(args.dir, 'tls-cert.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', tlsKey, '-out', tlsCert, '-days', '2', '-subj', '/CN=127.0.0.1',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });

const fcmProject = 'sb-test-project';
const fcmKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const fcmClientEmail = 'push@sb-test-project.iam.gserviceaccount.com';
const fcmKeyId = crypto.randomBytes(8).toString('hex');

const apnsKeys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const apnsKeyId = 'ABC123DEFG';
const apnsTeamId = 'TEAM123456';
const apnsBundle = 'com.example.switchboard';
const apnsKeyFile = path.join(args.dir, 'apns-key.p8');
fs.writeFileSync(apnsKeyFile, apnsKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }));

const webhookSecret = crypto.randomBytes(24).toString('hex');

// ---- state ------------------------------------------------------------------

const PROVIDERS = ['fcm', 'apns', 'expo', 'webpush', 'webhook'];
let baseUrl = '';
const state = {
  received: Object.fromEntries(PROVIDERS.map((p) => [p, []])),
  counts: Object.fromEntries(PROVIDERS.map((p) => [p, 0])),
  seen: Object.fromEntries(PROVIDERS.map((p) => [p, new Set()])), // notification ids received
  duplicates: Object.fromEntries(PROVIDERS.map((p) => [p, 0])),
  chaos: Object.fromEntries(PROVIDERS.map((p) => [p, null])), // {every, action, n}
  chaosApplied: 0,
  verifiedJwts: new Map(), // APNs provider token or VAPID header -> what verifying it gave (verified once)
  scripts: Object.fromEntries(PROVIDERS.map((p) => [p, []])),
  down: Object.fromEntries(PROVIDERS.map((p) => [p, null])),
  errors: [],
  fcmTokens: new Map(), // access token -> expiry (ms)
  fcmTokenRequests: 0,
  fcmTokenLifetime: 3600,
  apnsJwts: new Set(),
  subscriptions: new Map(), // id -> {ecdh, auth, expired}
  expoDead: new Map(), // token -> "ticket" | "receipt"
  expoReceipts: new Map(), // ticket id -> receipt
  expoReceiptRequests: [],
};

function reset() {
  for (const p of PROVIDERS) {
    state.received[p] = [];
    state.counts[p] = 0;
    state.seen[p].clear();
    state.duplicates[p] = 0;
    state.chaos[p] = null;
    state.scripts[p] = [];
    state.down[p] = null;
  }
  state.chaosApplied = 0;
  state.errors = [];
  state.fcmTokenRequests = 0;
  state.apnsJwts.clear();
  state.expoDead.clear();
  state.expoReceipts.clear();
  state.expoReceiptRequests = [];
}

// `key`: the notification's id, as the provider would see it; a second
// request with the same id is a notification sent twice.
function record(provider, key, entry) {
  state.counts[provider]++;
  if (key !== undefined) {
    if (state.seen[provider].has(key)) state.duplicates[provider]++;
    else state.seen[provider].add(key);
  }
  if (args.record) state.received[provider].push(entry);
}

// The chaos action due for this request of `provider`, or null.
function chaosFor(provider, req) {
  const c = state.chaos[provider];
  if (!c || req.httpVersion !== '2.0') return null;
  c.n++;
  if (c.n % c.every !== 0) return null;
  state.chaosApplied++;
  return c.action;
}

// Before processing: "refuse" resets the stream as unprocessed (the client may send it again).
function refused(req, action) {
  if (action !== 'refuse') return false;
  req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
  return true;
}

// After recording: "reset" and "drop" leave the client without an answer to
// a request the provider has processed; "goaway" answers, then closes the
// session gracefully. Returns true when the answer must not be sent.
function disrupted(req, action) {
  if (action === 'reset') {
    req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    return true;
  }
  if (action === 'drop') {
    // A TCP reset, as from a crashed server or a middlebox: the client reads
    // ECONNRESET, not an orderly end.
    const tcp = req.stream.session.socket._parent; // the TCP socket under TLS
    if (tcp && typeof tcp.resetAndDestroy === 'function') tcp.resetAndDestroy();
    else req.stream.session.socket.destroy();
    return true;
  }
  if (action === 'goaway') setImmediate(() => req.stream.session.close());
  return action === 'hang';
}

function fail(provider, what) {
  state.errors.push({ provider, error: what });
}

// The scripted or "down" answer for the next request of `provider`, or null for success.
function nextScripted(provider) {
  if (state.down[provider]) return { status: 503, reason: 'ServiceUnavailable', retry_after: state.down[provider].retry_after };
  return state.scripts[provider].shift() || null;
}

// ---- HTTP plumbing ----------------------------------------------------------

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function retryHeaders(s) {
  return s.retry_after !== undefined ? { 'retry-after': String(s.retry_after) } : {};
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function jsonOf(buffer) {
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    return undefined;
  }
}

// ---- FCM ----------------------------------------------------------------------

const GOOGLE_STATUS = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

function fcmError(res, status, errorCode, message, headers = {}) {
  send(res, status, { error: { code: status, message, status: GOOGLE_STATUS[status] || 'UNKNOWN',
    details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] } }, headers);
}

async function fcmToken(req, res, body) {
  state.fcmTokenRequests++;
  const form = new URLSearchParams(body.toString('utf8'));
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    fail('fcm', `token: grant_type ${form.get('grant_type')}`);
    return send(res, 400, { error: 'unsupported_grant_type' });
  }
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(form.get('assertion') || '', fcmKeys.publicKey, {
      algorithms: ['RS256'], issuer: fcmClientEmail, audience: `${baseUrl}/fcm/token`, maxTokenAge: '1h' });
    if (protectedHeader.kid !== fcmKeyId) throw new Error(`kid ${protectedHeader.kid}`);
    if (!String(payload.scope || '').split(' ').includes('https://www.googleapis.com/auth/firebase.messaging'))
      throw new Error(`scope ${payload.scope}`);
    if (typeof payload.exp !== 'number' || payload.exp - payload.iat > 3600) throw new Error('exp more than an hour after iat');
  } catch (e) {
    fail('fcm', `token: assertion: ${e.message}`);
    return send(res, 400, { error: 'invalid_grant', error_description: e.message });
  }
  const token = 'ya29.fake-' + crypto.randomBytes(16).toString('hex');
  state.fcmTokens.set(token, Date.now() + state.fcmTokenLifetime * 1000);
  send(res, 200, { access_token: token, expires_in: state.fcmTokenLifetime, token_type: 'Bearer' });
}

function fcmMessageProblem(m) {
  if (!m || typeof m !== 'object') return 'no message';
  if (typeof m.token !== 'string' || !m.token) return 'message.token missing';
  if (m.topic || m.condition) return 'more than one target';
  if (m.data !== undefined) {
    for (const [k, v] of Object.entries(m.data)) if (typeof v !== 'string') return `data.${k} is not a string`;
  }
  const a = m.android;
  if (a) {
    if (a.priority && !['HIGH', 'NORMAL'].includes(a.priority)) return `android.priority ${a.priority}`;
    if (a.ttl !== undefined && !/^\d+(\.\d{1,9})?s$/.test(a.ttl)) return `android.ttl ${a.ttl}`;
  }
  if (m.notification && (typeof m.notification !== 'object')) return 'notification is not an object';
  return null;
}

function fcmSend(req, res, body, project) {
  const auth = req.headers.authorization || '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  const expiry = state.fcmTokens.get(token);
  if (!expiry || expiry < Date.now()) {
    fail('fcm', `send: bearer token ${token ? 'unknown or expired' : 'missing'}`);
    return fcmError(res, 401, 'THIRD_PARTY_AUTH_ERROR', 'Request had invalid authentication credentials.');
  }
  if (project !== fcmProject) {
    fail('fcm', `send: project ${project}`);
    return fcmError(res, 403, 'SENDER_ID_MISMATCH', 'wrong project');
  }
  const doc = jsonOf(body);
  const problem = fcmMessageProblem(doc && doc.message);
  if (problem) {
    fail('fcm', `send: ${problem}`);
    return fcmError(res, 400, 'INVALID_ARGUMENT', problem);
  }
  const action = chaosFor('fcm', req);
  if (refused(req, action)) return;
  const s = nextScripted('fcm');
  record('fcm', doc.message.data && doc.message.data.notification_id, { message: doc.message, validate_only: !!doc.validate_only, answered: s ? s.status : 200 });
  if (disrupted(req, action)) return;
  if (s) return fcmError(res, s.status, s.reason || GOOGLE_STATUS[s.status], 'scripted', retryHeaders(s));
  send(res, 200, { name: `projects/${project}/messages/${crypto.randomBytes(8).toString('hex')}` });
}

// ---- APNs -----------------------------------------------------------------------

async function apnsSend(req, res, body, environment, deviceToken) {
  const reject = (status, reason) => {
    fail('apns', `${reason}`);
    send(res, status, { reason });
  };
  const auth = req.headers.authorization || '';
  if (!auth.startsWith('bearer ')) return reject(403, 'MissingProviderToken');
  const jwt = auth.slice(7);
  // Like APNs, verify a provider token once, then only check its age.
  let iat = state.verifiedJwts.get(jwt);
  if (iat === undefined) {
    try {
      const header = jose.decodeProtectedHeader(jwt);
      if (header.alg !== 'ES256' || header.kid !== apnsKeyId) throw new Error(`header ${JSON.stringify(header)}`);
      const { payload } = await jose.jwtVerify(jwt, apnsKeys.publicKey, { algorithms: ['ES256'], issuer: apnsTeamId });
      if (typeof payload.iat !== 'number') throw new Error('no iat');
      iat = payload.iat;
      state.verifiedJwts.set(jwt, iat);
    } catch (e) {
      return reject(403, `InvalidProviderToken`);
    }
  }
  if (Date.now() / 1000 - iat > 3600) return reject(403, 'ExpiredProviderToken');
  state.apnsJwts.add(jwt);
  const topic = req.headers['apns-topic'];
  const pushType = req.headers['apns-push-type'];
  const priority = req.headers['apns-priority'];
  const expiration = req.headers['apns-expiration'];
  const collapseId = req.headers['apns-collapse-id'];
  if (!/^[0-9a-fA-F]{8,200}$/.test(deviceToken)) return reject(400, 'BadDeviceToken');
  if (!['alert', 'background', 'voip'].includes(pushType)) return reject(400, 'InvalidPushType');
  if (topic !== (pushType === 'voip' ? `${apnsBundle}.voip` : apnsBundle)) return reject(400, 'TopicDisallowed');
  if (priority !== undefined && !['5', '10', '1'].includes(priority)) return reject(400, 'BadPriority');
  if (pushType === 'background' && priority !== '5') return reject(400, 'BadPriority');
  if (expiration !== undefined && !/^\d+$/.test(expiration)) return reject(400, 'BadExpirationDate');
  if (collapseId !== undefined && Buffer.byteLength(collapseId) > 64) return reject(400, 'BadCollapseId');
  const limit = pushType === 'voip' ? 5120 : 4096;
  if (body.length > limit) return reject(413, 'PayloadTooLarge');
  const payload = jsonOf(body);
  if (!payload || typeof payload !== 'object' || typeof payload.aps !== 'object') return reject(400, 'PayloadEmpty');
  if (pushType === 'background' && payload.aps['content-available'] !== 1) return reject(400, 'BadPayload');
  const apnsId = req.headers['apns-id'];
  if (apnsId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(apnsId))
    return reject(400, 'BadMessageId');
  const action = chaosFor('apns', req);
  if (refused(req, action)) return;
  const s = nextScripted('apns');
  record('apns', apnsId || payload.notification_id, { environment, token: deviceToken, payload, answered: s ? s.status : 200,
    headers: { 'apns-topic': topic, 'apns-push-type': pushType, 'apns-priority': priority,
      'apns-expiration': expiration, 'apns-collapse-id': collapseId, 'apns-id': apnsId } });
  if (disrupted(req, action)) return;
  if (s) return send(res, s.status, { reason: s.reason || 'InternalServerError', timestamp: Date.now() }, retryHeaders(s));
  send(res, 200, undefined, { 'apns-id': apnsId || crypto.randomUUID() });
}

// ---- Expo -------------------------------------------------------------------------

function expoAuthorized(req, res) {
  if (!args.expoAccessToken) return true;
  if (req.headers.authorization === `Bearer ${args.expoAccessToken}`) return true;
  fail('expo', 'access token missing or wrong');
  send(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'The bearer token is invalid' }] });
  return false;
}

function expoSend(req, res, body) {
  if (!expoAuthorized(req, res)) return;
  let messages = jsonOf(body);
  if (messages && !Array.isArray(messages)) messages = [messages];
  if (!messages) {
    fail('expo', 'body is not JSON');
    return send(res, 400, { errors: [{ code: 'VALIDATION_ERROR', message: 'not JSON' }] });
  }
  if (messages.length > 100) {
    fail('expo', `${messages.length} messages in one request`);
    return send(res, 400, { errors: [{ code: 'PUSH_TOO_MANY_NOTIFICATIONS', message: 'more than 100' }] });
  }
  for (const m of messages) {
    if (typeof m.to !== 'string' || !/^Expo(nent)?PushToken\[.+\]$/.test(m.to)) {
      fail('expo', `bad "to": ${m.to}`);
      return send(res, 400, { errors: [{ code: 'VALIDATION_ERROR', message: `"to" ${m.to} is not an Expo push token` }] });
    }
    if (m.priority !== undefined && !['default', 'normal', 'high'].includes(m.priority)) {
      fail('expo', `priority ${m.priority}`);
      return send(res, 400, { errors: [{ code: 'VALIDATION_ERROR', message: 'priority' }] });
    }
  }
  state.expoBatches = (state.expoBatches || 0) + 1;
  const s = nextScripted('expo');
  if (s) {
    for (const m of messages) record('expo', m.data && m.data.notification_id, { message: m, batch_size: messages.length, answered: s.status });
    return send(res, s.status, { errors: [{ code: s.reason || 'INTERNAL_SERVER_ERROR', message: 'scripted' }] }, retryHeaders(s));
  }
  const data = messages.map((m) => {
    record('expo', m.data && m.data.notification_id, { message: m, batch_size: messages.length, answered: 200 });
    if (state.expoDead.get(m.to) === 'ticket')
      return { status: 'error', message: `"${m.to}" is not a registered push notification recipient`,
        details: { error: 'DeviceNotRegistered', expoPushToken: m.to } };
    const id = crypto.randomUUID();
    state.expoReceipts.set(id, state.expoDead.get(m.to) === 'receipt'
      ? { status: 'error', message: 'gone', details: { error: 'DeviceNotRegistered', expoPushToken: m.to } }
      : { status: 'ok' });
    return { status: 'ok', id };
  });
  send(res, 200, { data });
}

function expoReceipts(req, res, body) {
  if (!expoAuthorized(req, res)) return;
  const doc = jsonOf(body);
  if (!doc || !Array.isArray(doc.ids) || doc.ids.length > 1000) {
    fail('expo', 'getReceipts: ids');
    return send(res, 400, { errors: [{ code: 'VALIDATION_ERROR', message: 'ids' }] });
  }
  state.expoReceiptRequests.push(doc.ids);
  const data = {};
  for (const id of doc.ids) if (state.expoReceipts.has(id)) data[id] = state.expoReceipts.get(id);
  send(res, 200, { data });
}

// ---- Web Push ----------------------------------------------------------------------

function newSubscription() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  const id = crypto.randomBytes(12).toString('hex');
  state.subscriptions.set(id, { ecdh, auth, expired: false });
  return { endpoint: `${baseUrl}/webpush/${id}`, expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
}

async function webpushVapid(req) {
  const auth = req.headers.authorization || '';
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(auth);
  if (!m) throw new Error(`Authorization is not "vapid t=…, k=…": ${auth}`);
  const point = Buffer.from(m[2], 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = await jose.importJWK({ kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33).toString('base64url') }, 'ES256');
  const { payload, protectedHeader } = await jose.jwtVerify(m[1], key, { algorithms: ['ES256'], audience: new URL(baseUrl).origin });
  if (protectedHeader.typ !== undefined && protectedHeader.typ !== 'JWT') throw new Error(`typ ${protectedHeader.typ}`);
  const now = Date.now() / 1000;
  if (typeof payload.exp !== 'number' || payload.exp > now + 24 * 3600) throw new Error('exp more than 24 hours ahead');
  if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub)) throw new Error(`sub ${payload.sub}`);
  return { aud: payload.aud, sub: payload.sub, exp: payload.exp, k: m[2] };
}

async function webpushSend(req, res, body, id) {
  const sub = state.subscriptions.get(id);
  if (!sub) return send(res, 404, { reason: 'no such subscription' });
  if (sub.expired) return send(res, 410, { reason: 'subscription expired' });
  let vapid = state.verifiedJwts.get(req.headers.authorization);
  try {
    if (!vapid || vapid.exp < Date.now() / 1000) {
      vapid = await webpushVapid(req);
      state.verifiedJwts.set(req.headers.authorization, vapid);
    }
  } catch (e) {
    fail('webpush', `VAPID: ${e.message}`);
    return send(res, 403, { reason: e.message });
  }
  const ttl = req.headers.ttl;
  if (ttl === undefined || !/^\d+$/.test(ttl)) {
    fail('webpush', `TTL header ${ttl}`);
    return send(res, 400, { reason: 'TTL' });
  }
  if (req.headers['content-encoding'] !== 'aes128gcm') {
    fail('webpush', `Content-Encoding ${req.headers['content-encoding']}`);
    return send(res, 415, { reason: 'Content-Encoding' });
  }
  const urgency = req.headers.urgency;
  if (urgency !== undefined && !['very-low', 'low', 'normal', 'high'].includes(urgency)) {
    fail('webpush', `Urgency ${urgency}`);
    return send(res, 400, { reason: 'Urgency' });
  }
  const topic = req.headers.topic;
  if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) {
    fail('webpush', `Topic ${topic}`);
    return send(res, 400, { reason: 'Topic' });
  }
  let payload;
  try {
    const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.auth });
    payload = JSON.parse(plain.toString('utf8'));
  } catch (e) {
    fail('webpush', `decryption: ${e.message}`);
    return send(res, 400, { reason: 'decryption failed' });
  }
  const action = chaosFor('webpush', req);
  if (refused(req, action)) return;
  const s = nextScripted('webpush');
  record('webpush', payload.id, { endpoint: `${baseUrl}/webpush/${id}`, payload, vapid, body_bytes: body.length,
    headers: { ttl, urgency, topic }, answered: s ? s.status : 201 });
  if (disrupted(req, action)) return;
  if (s) return send(res, s.status, { reason: s.reason || 'scripted' }, retryHeaders(s));
  res.writeHead(201, { location: `${baseUrl}/message/${crypto.randomBytes(8).toString('hex')}` });
  res.end();
}

// ---- webhook -------------------------------------------------------------------------

function webhookSend(req, res, body) {
  const ts = req.headers['x-switchboard-timestamp'] || '';
  const sig = req.headers['x-switchboard-signature'] || '';
  const expected = 'v1=' + crypto.createHmac('sha256', webhookSecret).update(`${ts}.`).update(body).digest('hex');
  const fresh = /^\d+$/.test(ts) && Math.abs(Date.now() / 1000 - Number(ts)) < 300;
  if (!fresh || sig.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
    fail('webhook', `signature ${sig} (timestamp ${ts})`);
    return send(res, 401, { error: 'bad signature' });
  }
  const doc = jsonOf(body);
  if (!doc || doc.id !== req.headers['x-switchboard-notification-id']) {
    fail('webhook', 'body or notification id');
    return send(res, 400, { error: 'body' });
  }
  const action = chaosFor('webhook', req);
  if (refused(req, action)) return;
  const s = nextScripted('webhook');
  record('webhook', doc.id, { body: doc, answered: s ? s.status : 200 });
  if (disrupted(req, action)) return;
  if (s) return send(res, s.status, { error: s.reason || 'scripted' }, retryHeaders(s));
  send(res, 200, { ok: true });
}

// ---- control ---------------------------------------------------------------------------

function control(req, res, url, body) {
  const doc = jsonOf(body) || {};
  const provider = doc.provider || url.searchParams.get('provider');
  const known = PROVIDERS.includes(provider);
  switch (`${req.method} ${url.pathname}`) {
    case 'GET /control/received':
      if (!known) return send(res, 400, { error: `provider ${provider}` });
      return send(res, 200, state.received[provider]);
    case 'GET /control/errors':
      return send(res, 200, state.errors);
    case 'GET /control/stats':
      return send(res, 200, { counts: state.counts, duplicates: state.duplicates, fcm_token_requests: state.fcmTokenRequests,
        apns_jwts: state.apnsJwts.size, expo_batches: state.expoBatches || 0,
        expo_receipt_requests: state.expoReceiptRequests, errors: state.errors.length, chaos_applied: state.chaosApplied, http2: h2stats });
    case 'POST /control/reset':
      reset();
      return send(res, 200, {});
    case 'POST /control/script':
      if (!known || !Array.isArray(doc.responses)) return send(res, 400, { error: 'provider and responses' });
      state.scripts[provider].push(...doc.responses);
      return send(res, 200, {});
    case 'POST /control/chaos':
      if (!known || !Number.isInteger(doc.every) || doc.every < 0 ||
          (doc.every > 0 && !['refuse', 'reset', 'drop', 'goaway', 'hang'].includes(doc.action)))
        return send(res, 400, { error: 'provider, every and action (refuse|reset|drop|goaway|hang)' });
      state.chaos[provider] = doc.every > 0 ? { every: doc.every, action: doc.action, n: 0 } : null;
      return send(res, 200, {});
    case 'POST /control/down':
      if (!known) return send(res, 400, { error: `provider ${provider}` });
      state.down[provider] = doc.down ? { retry_after: doc.retry_after } : null;
      return send(res, 200, {});
    case 'POST /control/webpush/subscription':
      return send(res, 200, newSubscription());
    case 'POST /control/webpush/expire': {
      const id = String(doc.endpoint || '').split('/').pop();
      if (!state.subscriptions.has(id)) return send(res, 404, { error: 'no such subscription' });
      state.subscriptions.get(id).expired = true;
      return send(res, 200, {});
    }
    case 'POST /control/expo/dead':
      state.expoDead.set(doc.token, doc.at === 'receipt' ? 'receipt' : 'ticket');
      return send(res, 200, {});
    case 'POST /control/fcm':
      if (doc.token_lifetime) state.fcmTokenLifetime = Number(doc.token_lifetime);
      return send(res, 200, {});
    default:
      return send(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
  }
}

// --sink: an answer without checks, as cheap as Node's HTTP/2 server allows.
function sink(req, res, route) {
  const provider = route === 'webpush' ? 'webpush' : route === 'webhook' ? 'webhook' : 'apns';
  const key = provider === 'apns' ? req.headers['apns-id'] : req.headers['x-switchboard-notification-id'];
  record(provider, key, {});
  res.writeHead(provider === 'webpush' ? 201 : 200);
  res.end();
}

async function handle(req, res) {
  const url = new URL(req.url, baseUrl);
  const body = await readBody(req);
  const p = url.pathname;
  let m;
  if (p.startsWith('/control/')) return control(req, res, url, body);
  if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
  if (args.sink && (m = /^\/((production|sandbox)\/3\/device|webpush|webhook)/.exec(p))) return sink(req, res, m[1]);
  if (p === '/fcm/token') return fcmToken(req, res, body);
  if ((m = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(p))) return fcmSend(req, res, body, m[1]);
  if ((m = /^\/(production|sandbox)\/3\/device\/([^/]+)$/.exec(p))) return apnsSend(req, res, body, m[1], m[2]);
  if (p === '/expo/--/api/v2/push/send') return expoSend(req, res, body);
  if (p === '/expo/--/api/v2/push/getReceipts') return expoReceipts(req, res, body);
  if ((m = /^\/webpush\/([0-9a-f]+)$/.exec(p))) return webpushSend(req, res, body, m[1]);
  if (p === '/webhook') return webhookSend(req, res, body);
  send(res, 404, { error: `no route ${p}` });
}

const server = http2.createSecureServer({ key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert), allowHTTP1: true,
  // Streams stay in Node's session until its JavaScript has seen them close;
  // when a busy server counts maxConcurrentStreams of them it refuses new
  // ones (ENHANCE_YOUR_CALM) and, past maxSessionRejectedStreams, tears the
  // session down (GOAWAY INTERNAL_ERROR). Hence generous limits: a real
  // provider is not meant to be the bottleneck of a benchmark.
  maxSessionMemory: 256, maxSessionRejectedStreams: 10000,
  settings: { maxConcurrentStreams: 4000 } }, (req, res) => {
  handle(req, res).catch((e) => {
    state.errors.push({ provider: 'server', error: e.stack || String(e) });
    if (!res.headersSent) send(res, 500, { error: String(e) });
  });
});

// A large connection window: with Node's 64 KB default, requests stall on
// flow control, and libcurl 7.88 then ends some of their streams without
// their body (Node answers PROTOCOL_ERROR: fewer bytes than content-length).
// Sessions and stream resets are counted, to tell what the server did from
// what the client did (GET /control/stats).
const h2stats = { sessions: 0, session_errors: {}, goaways_received: 0, stream_resets: {} };
server.on('session', (session) => {
  h2stats.sessions++;
  session.setLocalWindowSize(64 * 1024 * 1024);
  session.on('error', (e) => { h2stats.session_errors[e.code || e.message] = (h2stats.session_errors[e.code || e.message] || 0) + 1; });
  session.on('goaway', () => { h2stats.goaways_received++; });
  session.on('stream', (stream) => stream.on('close', () => {
    if (stream.rstCode) h2stats.stream_resets[stream.rstCode] = (h2stats.stream_resets[stream.rstCode] || 0) + 1;
  }));
});

server.listen(args.port, '127.0.0.1', () => {
  const port = server.address().port;
  baseUrl = `https://127.0.0.1:${port}`;
  const serviceAccountFile = path.join(args.dir, 'fcm-service-account.json');
  fs.writeFileSync(serviceAccountFile, JSON.stringify({
    type: 'service_account', project_id: fcmProject, private_key_id: fcmKeyId,
    private_key: fcmKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }), client_email: fcmClientEmail,
    client_id: '1234567890', token_uri: `${baseUrl}/fcm/token` }, null, 2));
  process.stdout.write(JSON.stringify({ port, base_url: baseUrl, ca_file: tlsCert,
    fcm_service_account_file: serviceAccountFile, fcm_project_id: fcmProject, apns_key_file: apnsKeyFile,
    apns_key_id: apnsKeyId, apns_team_id: apnsTeamId, apns_bundle_id: apnsBundle, webhook_secret: webhookSecret }) + '\n');
});

// The test that started us owns our lifetime: when its end of stdin closes, we go.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
