/* Loading the widget's stylesheet and the socket.io client from next to widget.js (no CDN). */

/** Resolves once the stylesheet has loaded (or failed: the widget then shows unstyled). */
export function loadStylesheet(href) {
  return new Promise((resolve) => {
    const existing = document.querySelector("link[data-bcw-css]");
    if (existing) {
      // A widget made before may still be waiting for it.
      if (existing.sheet) resolve();
      else {
        existing.addEventListener("load", () => resolve(), { once: true });
        existing.addEventListener("error", () => resolve(), { once: true });
      }
      return;
    }
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-bcw-css", "");
    link.onload = link.onerror = () => resolve();
    document.head.appendChild(link);
  });
}

let socketIoPromise = null;

/** window.io, loading the socket.io client from `src` once. Rejects with Error if it cannot. */
export function loadSocketIo(src) {
  if (window.io) return Promise.resolve(window.io);
  if (!socketIoPromise) {
    socketIoPromise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => (window.io ? resolve(window.io) : reject(new Error("socket.io client did not load")));
      script.onerror = () => {
        socketIoPromise = null;
        reject(new Error("could not load the socket.io client from " + src));
      };
      document.head.appendChild(script);
    });
  }
  return socketIoPromise;
}
