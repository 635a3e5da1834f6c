/**
 * How conversations are named and described in the views.
 */
export class ConversationNaming {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./user_directory.js").UserDirectory} users
   */
  constructor(client, users) {
    this._client = client;
    this._users = users;
  }

  /**
   * The other member of a direct conversation (undefined for groups).
   * @param {any} conversation
   * @returns {string | undefined}
   */
  peer(conversation) {
    if (conversation.type !== "direct") return undefined;
    return conversation.members?.find((/** @type {any} */ m) => m.user_id !== this._client.userId)?.user_id;
  }

  /** @param {any} conversation */
  title(conversation) {
    if (conversation.type === "direct") return this._users.name(this.peer(conversation));
    if (conversation.title) return conversation.title;
    const others = (conversation.members ?? []).filter((/** @type {any} */ m) => m.user_id !== this._client.userId);
    return others.map((/** @type {any} */ m) => this._users.name(m.user_id)).join(", ") || "Group";
  }

  /**
   * One line about a message: "You: hi", "Bob: photo.jpg", "📎 2 files".
   * @param {any} conversation
   * @param {any} message
   */
  preview(conversation, message) {
    if (!message) return "No messages yet";
    let text = message.deleted_at ? "Message deleted" : message.body;
    const files = message.attachments ?? [];
    if (!text && files.length) text = files.length === 1 ? `Attachment: ${files[0].filename ?? "file"}` : `${files.length} attachments`;
    if (message.sender_id === this._client.userId) return `You: ${text}`;
    if (conversation.type === "group" && message.sender_id) return `${this._users.name(message.sender_id)}: ${text}`;
    return text;
  }
}
