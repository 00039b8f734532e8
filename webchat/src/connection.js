/*
 * The socket.io connection to Rasa's socketio channel: session_request / session_confirm, then
 * user_uttered out and bot_uttered in. Messages wait in a queue while there is no session.
 */
import { loadSocketIo } from "./assets.js";

export const OFFLINE_TEXT = "Can't reach the assistant. Retrying\u2026";
export const REFUSED_TEXT = "The assistant refused the connection. Please reload the page later.";

export class Connection {
  /**
   * config: the widget's; store: its Store (the session id); socketIoUrl: where the client is;
   * handlers: {onMessage(payload), onSent(text), onStatus(text|null), onDown()}.
   */
  constructor(config, store, socketIoUrl, handlers) {
    this.config = config;
    this.store = store;
    this.socketIoUrl = socketIoUrl;
    this.handlers = handlers;
    this.socket = null;
    this.connecting = false;
    this.sessionReady = false;
    this.destroyed = false;
    this.queue = [];
  }

  /** Sends `text` now if the session is ready, else once it is. */
  send(text) {
    this.queue.push(text);
    this.flush();
  }

  flush() {
    if (!this.socket || !this.sessionReady) return;
    while (this.queue.length > 0) {
      const message = this.queue.shift();
      this.socket.emit("user_uttered", {
        message: message,
        session_id: this.store.sessionId(),
        metadata: Object.assign({ client: "baclofen-webchat" }, this.config.metadata),
      });
      this.handlers.onSent(message);
    }
  }

  /** Asks the server for a new session id (after the old conversation was erased). */
  newSession() {
    this.sessionReady = false;
    if (this.socket && this.socket.connected) this.socket.emit("session_request", { session_id: null });
  }

  connect() {
    if (this.socket || this.connecting) return;
    this.connecting = true;
    loadSocketIo(this.socketIoUrl).then((io) => {
      if (this.destroyed) return;
      const options = {
        path: this.config.socketPath,
        // websocket first: it works even where the server sends no CORS headers for polling.
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 5000,
      };
      if (this.config.token) options.auth = { token: this.config.token };
      const socket = io(this.config.server, options);
      this.socket = socket;
      socket.on("connect", () => {
        socket.emit("session_request", { session_id: this.store.sessionId() });
      });
      socket.on("session_confirm", (data) => {
        const id = typeof data === "string" ? data : data && data.session_id;
        if (typeof id === "string" && id) this.store.setSessionId(id);
        this.sessionReady = true;
        this.handlers.onStatus(null);
        this.flush();
      });
      socket.on("bot_uttered", (message) => this.handlers.onMessage(message));
      socket.on("connect_error", () => {
        this.sessionReady = false;
        this.handlers.onDown();
        // An inactive socket was refused by the server (e.g. a bad JWT) and will not retry.
        this.handlers.onStatus(socket.active ? OFFLINE_TEXT : REFUSED_TEXT);
      });
      socket.on("disconnect", (reason) => {
        this.sessionReady = false;
        this.handlers.onDown();
        this.handlers.onStatus(OFFLINE_TEXT);
        if (reason === "io server disconnect") socket.connect(); // the server hung up: retry too
      });
    }).catch((error) => {
      this.connecting = false;
      console.error("BaclofenChat:", error.message);
      this.handlers.onStatus(OFFLINE_TEXT);
      setTimeout(() => {
        if (!this.destroyed) this.connect();
      }, 5000);
    });
  }

  destroy() {
    this.destroyed = true;
    if (this.socket) this.socket.disconnect();
  }
}
