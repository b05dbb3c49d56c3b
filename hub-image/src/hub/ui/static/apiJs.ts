/**
 * The prelude of every page script (plain browser JS, kept free of backticks and `${` so it can
 * live in a raw template string): the REST client that sends `X-XSRFToken` from the `_xsrf`
 * cookie (or the page's `<meta name="xsrf-token">`), friendly error text, and small DOM helpers
 * that only ever set `textContent`.
 */
export const apiJs = String.raw`"use strict";
const HUB = document.body.dataset.hubPrefix || "/hub/";
const ME = document.body.dataset.user || "";

function xsrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
  if (m && m[1]) return decodeURIComponent(m[1]);
  const meta = document.querySelector('meta[name="xsrf-token"]');
  return meta ? meta.getAttribute("content") || "" : "";
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function friendlyError(status, message) {
  const detail = message ? " (" + message + ")" : "";
  if (status === 0) return "The hub could not be reached. Check your connection and try again.";
  if (status === 403)
    return "You are not allowed to do that" + detail + ". Your session may have expired: reload the page or sign in again.";
  if (status === 404) return "Not found" + detail + ". It may have been deleted already: reload the page.";
  if (status === 409) return "That already exists" + detail + ".";
  if (status === 429) return "The hub is busy. Wait a moment and try again.";
  if (status >= 500) return "The hub had a problem" + detail + ". Try again in a moment.";
  return message || "The request failed (HTTP " + status + ").";
}

async function api(method, path, body, accept) {
  const headers = { "X-XSRFToken": xsrfToken(), Accept: accept || "application/json" };
  const init = { method: method, headers: headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(HUB + "api" + path, init);
  } catch (err) {
    throw new ApiError(0, friendlyError(0, ""));
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (err) {
    data = null;
  }
  if (!res.ok) {
    const message = data && typeof data.message === "string" ? data.message : "";
    throw new ApiError(res.status, friendlyError(res.status, message));
  }
  return data;
}

const enc = encodeURIComponent;

function h(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children || []) if (c) node.append(c);
  return node;
}

function button(label, onclick, cls, ariaLabel) {
  return h("button", { type: "button", class: "btn btn-small " + (cls || ""), text: label,
    "aria-label": ariaLabel, onclick: onclick });
}

function showAlert(el, kind, text) {
  el.className = "alert alert-" + kind;
  el.textContent = text;
  el.hidden = false;
}

function timeAgo(iso) {
  if (!iso) return "never";
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (!isFinite(s)) return "unknown";
  if (s < 60) return "just now";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  if (s < 86400) return Math.round(s / 3600) + " h ago";
  return Math.round(s / 86400) + " days ago";
}

async function guarded(alertEl, action, success) {
  try {
    await action();
    if (success) showAlert(alertEl, "success", success);
  } catch (err) {
    showAlert(alertEl, "error", err instanceof Error ? err.message : String(err));
  }
}
`;
