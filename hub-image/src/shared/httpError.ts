/**
 * The one error type HTTP handlers throw: a status, a short machine-readable code and a message
 * that tells the caller what to fix. Rendered as JupyterHub's `{status, message}` JSON by the
 * hub and as an error page or JSON by the proxy.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = statusCode(status),
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "HttpError";
  }

  /** The JSON body JupyterHub's API returns for errors. */
  toJSON(): { status: number; message: string } {
    return { status: this.status, message: this.message };
  }
}

function statusCode(status: number): string {
  switch (status) {
    case 400:
      return "bad_request";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "too_large";
    case 429:
      return "too_many_requests";
    case 502:
      return "bad_gateway";
    case 503:
      return "unavailable";
    case 504:
      return "gateway_timeout";
    default:
      return status >= 500 ? "internal" : "error";
  }
}
