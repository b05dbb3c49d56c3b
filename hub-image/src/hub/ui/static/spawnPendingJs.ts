/**
 * `spawn-pending.js`: follows the progress event stream (`data-progress-url`; EventSource cannot
 * send headers, so the XSRF token goes in `?_xsrf=`), moves the bar, shows the queue position,
 * goes to the server when ready (only to a local path) and shows the failure with a retry button.
 */
export const spawnPendingJs = String.raw`
const root = document.getElementById("spawn-pending");
const bar = root.querySelector("[role=progressbar]");
const fill = root.querySelector(".progress-fill");
const pct = document.getElementById("progress-percent");
const message = document.getElementById("progress-message");
const queue = document.getElementById("queue-position");
const log = document.getElementById("progress-log");
const failure = document.getElementById("spawn-failed");
let finished = false;

function setProgress(p) {
  const v = Math.max(0, Math.min(100, Math.round(p)));
  bar.setAttribute("aria-valuenow", String(v));
  fill.style.width = v + "%";
  pct.textContent = v + "%";
}

function queuePosition(ev) {
  if (typeof ev.queue_position === "number") return ev.queue_position;
  const m = /position (\d+) in the queue/.exec(ev.message || "");
  return m ? Number(m[1]) : undefined;
}

function localUrl(u) {
  return typeof u === "string" && u.startsWith("/") && !u.startsWith("//") && !u.startsWith("/\\");
}

function onEvent(ev, es) {
  if (typeof ev.progress === "number") setProgress(ev.progress);
  if (ev.message) {
    message.textContent = ev.message;
    log.append(h("li", { text: ev.message }));
    log.scrollTop = log.scrollHeight;
  }
  const pos = queuePosition(ev);
  queue.hidden = pos === undefined;
  if (pos !== undefined) queue.textContent = "You are number " + pos + " in the queue.";
  if (ev.ready) {
    finished = true;
    es.close();
    message.textContent = "Your server is ready. Taking you there…";
    window.location.assign(localUrl(ev.url) ? ev.url : root.dataset.serverUrl);
  } else if (ev.failed) {
    finished = true;
    es.close();
    bar.parentElement.classList.add("failed");
    document.getElementById("failure-message").textContent = ev.message || "Spawn failed";
    failure.hidden = false;
  }
}

function follow() {
  const sep = root.dataset.progressUrl.includes("?") ? "&" : "?";
  const es = new EventSource(root.dataset.progressUrl + sep + "_xsrf=" + enc(xsrfToken()));
  es.onmessage = (m) => {
    let ev;
    try {
      ev = JSON.parse(m.data);
    } catch (err) {
      return;
    }
    onEvent(ev, es);
  };
  es.onerror = () => {
    if (finished || es.readyState !== EventSource.CLOSED) return;
    message.textContent = "Lost contact with the hub; checking again…";
    setTimeout(() => window.location.reload(), 3000);
  };
}

follow();
`;
