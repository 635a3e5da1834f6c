// Types of @switchboard/client. The wire shapes follow docs/protocol.md.

/** localStorage, React Native's AsyncStorage, or anything alike (sync or async). */
export interface StorageLike {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

export interface BackoffOptions {
  /** First delay (default 500 ms). */
  initialMs?: number;
  /** Longest delay (default 15 s). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Random spread, a fraction of the delay in [0, 1) (default 0.3). */
  jitter?: number;
  random?: () => number;
}

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "unavailable"
  | "internal"
  | "disconnected"
  | "timeout"
  | "closed"
  | "network"
  | "aborted";

export class SwitchboardError extends Error {
  constructor(code: string, message: string, details?: { op?: string; status?: number });
  readonly code: ErrorCode | string;
  /** The server's message, without the code. */
  readonly reason: string;
  readonly op?: string;
  /** HTTP status, for errors of HTTP requests. */
  readonly status?: number;
  /** Whether the same request may succeed later (connection lost, server busy). */
  readonly transient: boolean;
}

export interface AuthAnswer {
  user_id: string;
  token: string;
  refresh_token: string;
  /** Seconds since the epoch. */
  expires_at: number;
}

export class Session {
  constructor(fields: { user_id?: string; token: string; refresh_token?: string; expires_at?: number; obtained_at?: number });
  static parse(text: string | null): Session | null;
  readonly user_id: string;
  readonly token: string;
  readonly refresh_token?: string;
  readonly expires_at?: number;
  /** Milliseconds since the epoch, on this device's clock. */
  readonly obtained_at: number;
  readonly local_expiry?: number;
  readonly lifetimeMs: number;
  msLeft(now?: number): number;
  toJSON(): { user_id: string; token: string; refresh_token?: string; expires_at?: number; obtained_at: number };
}

export interface Member {
  user_id: string;
  role: "owner" | "admin" | "member";
  delivered_seq: number;
  read_seq: number;
}

export interface Conversation {
  conversation_id: string;
  type: "direct" | "group";
  title?: string;
  created_by: string;
  created_at: number;
  last_seq: number;
  members: Member[];
}

export interface AttachmentInfo {
  attachment_id: string;
  content_type: string;
  size: number;
  filename?: string;
  sha256?: string;
  has_thumbnail?: boolean;
  width?: number;
  height?: number;
}

export interface Message {
  conversation_id: string;
  message_id: string;
  seq: number;
  /** Absent for system messages. */
  sender_id?: string;
  /** A message posted by the server API without a sender. */
  system?: boolean;
  client_msg_id?: string;
  body: string;
  extra?: Record<string, unknown>;
  attachments?: AttachmentInfo[];
  reply_to_seq?: number;
  sent_at: number;
  edited_at?: number;
  deleted_at?: number;
  reactions?: { user_id: string; emoji: string }[];
}

export interface ConversationSummary extends Conversation {
  read_seq: number;
  delivered_seq: number;
  unread: number;
  last_message?: Message;
}

export interface User {
  user_id: string;
  username: string;
  display_name: string;
  created_at?: number;
}

export interface Presence {
  user_id: string;
  online: boolean;
  last_seen_at?: number;
}

export interface Receipt {
  conversation_id: string;
  user_id: string;
  delivered_seq: number;
  read_seq: number;
}

export interface TypingEvent {
  conversation_id: string;
  user_id: string;
  active: boolean;
}

export interface SendMessageData {
  conversation_id: string;
  body?: string;
  /** Made with newClientMsgId() when absent. */
  client_msg_id?: string;
  reply_to_seq?: number;
  extra?: Record<string, unknown>;
  /** Ids from uploadAttachment(). */
  attachments?: string[];
}

export interface SentMessage {
  conversation_id: string;
  client_msg_id: string;
  message_id: string;
  seq: number;
  sent_at: number;
  /** Whether the server had stored it before (a resend after a lost answer). */
  duplicate: boolean;
  /** The body that was sent. */
  body: string;
  /** The ids of the attachments that were sent. */
  attachments: string[];
}

export interface OutboxEntry {
  client_msg_id: string;
  conversation_id: string;
  data: SendMessageData & { client_msg_id: string; body: string };
  queued_at: number;
}

export interface UploadedAttachment {
  attachment_id: string;
  size: number;
  content_type: string;
  sha256: string;
}

export interface UploadOptions {
  filename?: string;
  contentType?: string;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export type ClientState = "idle" | "connecting" | "connected" | "authenticating" | "ready" | "offline" | "closed";

export interface ClientEvents {
  state: (state: ClientState) => void;
  "message.new": (message: Message, info: { missed: boolean }) => void;
  "message.sent": (sent: SentMessage) => void;
  "message.failed": (failed: { conversation_id: string; client_msg_id: string; error: SwitchboardError }) => void;
  "message.edited": (message: Message) => void;
  "message.deleted": (deleted: { conversation_id: string; message_id: string; seq: number; deleted_at: number; deleted_by: string }) => void;
  reaction: (reaction: {
    conversation_id: string;
    message_id: string;
    seq: number;
    user_id: string;
    emoji: string;
    action: "add" | "remove" | string;
    reactions: { user_id: string; emoji: string }[];
  }) => void;
  receipt: (receipt: Receipt) => void;
  typing: (typing: TypingEvent) => void;
  presence: (presence: Presence) => void;
  "conversation.new": (event: { conversation: Conversation }) => void;
  "conversation.updated": (event: { conversation: Conversation; added?: string[]; removed?: string[] }) => void;
  synced: (sync: { first: boolean; conversations: ConversationSummary[] }) => void;
  session: (session: Session) => void;
  "session.expired": (error: SwitchboardError) => void;
  error: (error: unknown) => void;
}

export interface ClientOptions {
  /** WebSocket URL, e.g. "wss://chat.example.com:8081/v1/ws". */
  url: string;
  /** Base URL of transport.http (attachments), e.g. "https://chat.example.com". */
  httpUrl?: string;
  /** WebSocket constructor; default: the global one (browsers, React Native). In node: npm's `ws`. */
  WebSocket?: unknown;
  /** Where the session and the outbox are kept; default: memory. */
  storage?: StorageLike;
  /** Prefix of the storage keys (default "switchboard:"). */
  storagePrefix?: string;
  deviceId?: string;
  /** Default 15 s. */
  requestTimeoutMs?: number;
  /** Default 10 s. */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Send receipt.delivered for received messages (default true). */
  autoDeliveredReceipts?: boolean;
  /** Refresh the access token this long before it expires (at most a quarter of its lifetime; default 60 s). */
  refreshMarginMs?: number;
  /** Page size of message.history when catching up (default 100). */
  historyPageSize?: number;
  fetch?: typeof fetch;
  XMLHttpRequest?: unknown;
  /** For calls with media; default: the browser's RTCPeerConnection and navigator.mediaDevices. */
  webrtc?: { RTCPeerConnection?: unknown; mediaDevices?: { getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> } };
}

export class Emitter<Events extends { [K in keyof Events]: (...args: any[]) => void } = { [name: string]: (...args: any[]) => void }> {
  on<K extends keyof Events & string>(name: K, listener: Events[K]): () => void;
  off<K extends keyof Events & string>(name: K, listener: Events[K]): void;
  once<K extends keyof Events & string>(name: K, listener: Events[K]): () => void;
  emit<K extends keyof Events & string>(name: K, ...args: Parameters<Events[K]>): void;
}

export class Client extends Emitter<ClientEvents> {
  constructor(options: ClientOptions);
  readonly state: ClientState;
  readonly userId: string | null;
  readonly session: Session | null;
  /** The call.* ops and events, and calls with media. */
  readonly calls: Calls;

  restore(): Promise<boolean>;
  register(data: { username: string; password: string; display_name?: string; device_id?: string }): Promise<Session>;
  login(data: { username: string; password: string; device_id?: string }): Promise<Session>;
  useSession(tokens: { token: string; user_id?: string; refresh_token?: string; expires_at?: number }): Promise<Session>;
  logout(options?: { all?: boolean }): Promise<void>;
  close(): void;
  networkChanged(online: boolean): void;
  whenReady(options?: { timeoutMs?: number }): Promise<void>;

  request<T = any>(op: string, data?: object, options?: { timeoutMs?: number }): Promise<T>;

  createConversation(data: { type: "direct" | "group"; members: string[]; title?: string }): Promise<{
    conversation_id: string;
    created: boolean;
    conversation: Conversation;
  }>;
  listConversations(): Promise<{ conversations: ConversationSummary[] }>;
  getConversation(conversationId: string): Promise<Conversation>;
  updateConversation(conversationId: string, title: string): Promise<Conversation>;
  addMembers(conversationId: string, userIds: string[]): Promise<Conversation>;
  removeMember(conversationId: string, userId: string): Promise<Conversation>;
  setRole(conversationId: string, userId: string, role: "owner" | "admin" | "member"): Promise<Conversation>;
  leaveConversation(conversationId: string): Promise<Conversation>;

  sendMessage(data: SendMessageData): Promise<SentMessage>;
  pendingMessages(conversationId?: string): OutboxEntry[];
  history(conversationId: string, range?: { after_seq?: number; before_seq?: number; limit?: number }): Promise<{ messages: Message[] }>;
  editMessage(conversationId: string, seq: number, body: string, extra?: Record<string, unknown>): Promise<Message>;
  deleteMessage(conversationId: string, seq: number): Promise<{
    conversation_id: string;
    message_id: string;
    seq: number;
    deleted_at: number;
    deleted_by: string;
  }>;
  addReaction(conversationId: string, seq: number, emoji: string): Promise<Parameters<ClientEvents["reaction"]>[0]>;
  removeReaction(conversationId: string, seq: number, emoji: string): Promise<Parameters<ClientEvents["reaction"]>[0]>;

  markDelivered(conversationId: string, seq: number): Promise<Receipt>;
  markRead(conversationId: string, seq: number): Promise<Receipt>;
  setTyping(conversationId: string, active: boolean): Promise<{}>;
  subscribePresence(userIds: string[]): Promise<{ presence: Presence[]; denied: string[] }>;
  unsubscribePresence(userIds: string[]): Promise<{}>;

  me(): Promise<User & { created_at: number }>;
  getUsers(userIds: string[]): Promise<{ users: User[] }>;
  updateMe(data: { display_name: string }): Promise<User>;
  searchUsers(query: string, limit?: number): Promise<{ users: User[] }>;
  blockUser(userId: string): Promise<{}>;
  unblockUser(userId: string): Promise<{}>;
  blockedUsers(): Promise<{ user_ids: string[] }>;
  report(data: { user_id?: string; conversation_id?: string; seq?: number; reason: string }): Promise<{ report_id: string }>;

  registerDevice(data: { provider: string; token: string; device_id?: string; [field: string]: unknown }): Promise<{ device_id: string }>;
  unregisterDevice(deviceId?: string): Promise<{}>;
  listDevices(): Promise<{ devices: { device_id: string; provider: string; updated_at: number }[] }>;
  pushConfig(): Promise<{ providers: { webpush?: { vapid_public_key: string }; [provider: string]: Record<string, unknown> | undefined } }>;

  uploadAttachment(file: Blob | Uint8Array | string, options?: UploadOptions): Promise<UploadedAttachment>;
  fetchAttachment(attachmentId: string, options?: { thumbnail?: boolean; signal?: AbortSignal }): Promise<Blob>;
  attachmentUrl(attachmentId: string, options?: { thumbnail?: boolean }): string;
}

export class Connection extends Emitter<{
  open: () => void;
  close: (info: { code: number; reason: string; willReconnect: boolean; delayMs: number }) => void;
  event: (name: string, data: any) => void;
}> {
  constructor(options: { url: string; WebSocket: unknown; backoff?: Backoff; connectTimeoutMs?: number; requestTimeoutMs?: number });
  readonly url: string;
  readonly isOpen: boolean;
  readonly running: boolean;
  requestTimeoutMs: number;
  start(): void;
  stop(): void;
  drop(reason?: string): void;
  pause(reason?: string): void;
  resume(): void;
  call<T = any>(op: string, data?: object, options?: { timeoutMs?: number }): Promise<T>;
}

export class Backoff {
  constructor(options?: BackoffOptions);
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number;
  attempt: number;
  next(): number;
  reset(): void;
}

export class MemoryStorage implements StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class Outbox {
  constructor(storage: StorageLike, key: string);
  load(): Promise<OutboxEntry[]>;
  entries(): OutboxEntry[];
  readonly size: number;
  first(): OutboxEntry | undefined;
  has(clientMsgId: string): boolean;
  add(entry: OutboxEntry): Promise<void>;
  remove(clientMsgId: string): Promise<void>;
}

export class MessageFeed {
  constructor(options: {
    fetchAfter: (conversationId: string, afterSeq: number, limit: number) => Promise<Message[]>;
    deliver: (message: Message, info: { missed: boolean }) => void;
    pageSize?: number;
  });
  known(conversationId: string): number | undefined;
  follow(conversationId: string, lastSeq: number): void;
  markSeen(conversationId: string, seq: number): void;
  receive(message: Message): Promise<void>;
  beginSync(): void;
  endSync(): void;
  catchUp(conversationId: string, lastSeq: number, startSeq: number): Promise<void>;
  clear(): void;
}

export class HttpApi {
  constructor(options: { baseUrl: string; fetch?: typeof fetch; XMLHttpRequest?: unknown });
  readonly baseUrl: string;
  attachmentUrl(attachmentId: string, options?: { thumbnail?: boolean }): string;
  upload(token: string, body: Blob | Uint8Array | string, options?: UploadOptions): Promise<UploadedAttachment>;
  download(token: string, attachmentId: string, options?: { thumbnail?: boolean; signal?: AbortSignal }): Promise<Blob>;
}

export function newClientMsgId(): string;

// ---- calls ------------------------------------------------------------------

export type CallMedia = "audio" | "video";

export type CallEndReason = "answered_elsewhere" | "declined" | "busy" | "cancelled" | "hangup" | "timeout" | "connection_lost" | "failed";

export type CallOutcome = "completed" | "missed" | "declined" | "busy" | "cancelled" | "failed";

/** An ICE server as RTCPeerConnection takes it (TURN credentials minted per call). */
export interface IceServer {
  urls: string[] | string;
  username?: string;
  credential?: string;
}

export interface IncomingCall {
  call_id: string;
  conversation_id: string;
  caller_id: string;
  caller_display_name?: string;
  media: CallMedia;
  ice_servers: IceServer[];
  /** The callee is in another call already (sent only when the server's policy says so). */
  busy?: boolean;
  started_at: number;
}

export interface CallRecord {
  call_id: string;
  conversation_id: string;
  caller_id: string;
  callee_id: string;
  direction: "outgoing" | "incoming";
  media: CallMedia;
  outcome: CallOutcome;
  end_reason: CallEndReason | string;
  started_at: number;
  answered_at: number | null;
  ended_at: number;
  duration_ms: number;
}

/** What `call.signal` carries between two PeerCalls. */
export type CallSignal = { type: "offer" | "answer"; sdp: string } | { type: "candidate"; candidate: RTCIceCandidateInit };

export interface CallsEvents {
  incoming: (incoming: IncomingCall) => void;
  ringing: (event: { call_id: string }) => void;
  accepted: (event: { call_id: string; user_id: string; device_id: string }) => void;
  ended: (event: { call_id: string; reason: CallEndReason }) => void;
  signal: (event: { call_id: string; from: string; data: any }) => void;
}

export class Calls extends Emitter<CallsEvents> {
  constructor(client: Client, webrtc?: ClientOptions["webrtc"]);
  /** Called by the Client for each call.* event (name without "call."). */
  dispatch(name: string, data: any): void;
  /** Tell the server the device rings with ringing(call_id). */
  onIncoming(listener: (incoming: IncomingCall) => void): () => void;

  invite(conversationId: string, options?: { media?: CallMedia }): Promise<{ call_id: string; ice_servers: IceServer[]; glare?: boolean }>;
  ringing(callId: string): Promise<{}>;
  accept(callId: string): Promise<{ call_id: string; ice_servers: IceServer[] }>;
  reject(callId: string, reason?: "declined" | "busy"): Promise<{}>;
  cancel(callId: string): Promise<{}>;
  hangup(callId: string): Promise<{}>;
  signal(callId: string, data: object): Promise<{}>;
  history(range?: { before?: number; limit?: number }): Promise<{ calls: CallRecord[] }>;

  /** Takes the microphone (and camera), invites, and runs the call once accepted (or joins the callee's call on glare). */
  start(conversationId: string, options?: { media?: CallMedia; localStream?: MediaStream }): Promise<PeerCall>;
  /** Accepts while taking the microphone (and camera), then answers the caller's offer. */
  answer(incoming: Pick<IncomingCall, "call_id" | "conversation_id" | "media"> & { ice_servers?: IceServer[] }, options?: { localStream?: MediaStream }): Promise<PeerCall>;
}

export type PeerCallState = "dialing" | "ringing" | "connecting" | "connected" | "reconnecting" | "ended";

export type QualityLevel = "good" | "fair" | "poor";

export interface CallQuality {
  level: QualityLevel;
  rtt_ms: number | null;
  /** Lost packets as a fraction of those expected since the last sample. */
  packet_loss: number | null;
  jitter_ms: number | null;
}

export class PeerCall extends Emitter<{
  state: (state: PeerCallState) => void;
  remotestream: (stream: MediaStream) => void;
  quality: (quality: CallQuality) => void;
  change: () => void;
  ended: (event: { reason: CallEndReason | string; local: boolean }) => void;
  error: (error: unknown) => void;
}> {
  constructor(options: {
    calls: Calls;
    callId: string;
    conversationId: string;
    media: CallMedia;
    role: "caller" | "callee";
    iceServers: IceServer[];
    localStream: MediaStream | null;
    ownsStream?: boolean;
    RTCPeerConnection?: unknown;
  });
  readonly callId: string;
  readonly conversationId: string;
  readonly media: CallMedia;
  readonly role: "caller" | "callee";
  readonly state: PeerCallState;
  readonly localStream: MediaStream | null;
  readonly remoteStream: MediaStream | null;
  readonly peerConnection: RTCPeerConnection | null;
  readonly muted: boolean;
  readonly cameraOff: boolean;
  /** When ICE first connected (ms since the epoch). */
  readonly connectedAt: number | null;
  readonly endReason: string | null;
  readonly quality: CallQuality | null;
  setLocalStream(stream: MediaStream): void;
  handle(name: string, data: any): void;
  connect(iceServers: IceServer[]): void;
  setMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  /** Cancels while the caller waits for an answer, hangs up otherwise. */
  hangup(): Promise<void>;
  /** Ends the call here without telling the server. */
  end(reason: string): void;
  restartIce(): void;
  sampleQuality(): Promise<CallQuality | null>;
}

/** good: rtt < 150 ms, loss < 2 %, jitter < 30 ms; poor: rtt > 400 ms, loss > 10 %, jitter > 100 ms or nothing received. */
export function qualityLevel(rttSeconds: number | null, loss: number | null, jitterSeconds: number | null, received: number): QualityLevel;

/** Web Push in a browser: the subscription of a service worker registration, kept registered as a device. */
export class WebPush {
  /** deviceId: the device the subscription is registered as (default: the connection's). */
  constructor(client: Client, registration: ServiceWorkerRegistration, options?: { deviceId?: string });
  /** The server's VAPID public key, or null when it does not offer Web Push. */
  serverKey(): Promise<string | null>;
  /** The current subscription, or null. */
  subscription(): Promise<PushSubscription | null>;
  /** Subscribes with the server's key (the notification permission must be granted) and registers the device. */
  enable(): Promise<PushSubscription>;
  /** Registers the current subscription again (its endpoint may have changed); false when there is none. */
  refresh(): Promise<boolean>;
  /** Unsubscribes and unregisters the device. */
  disable(): Promise<void>;
}
