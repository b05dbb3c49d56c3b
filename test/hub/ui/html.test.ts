import { describe, expect, it } from "vitest";
import { attr, escapeHtml, html, join, SafeHtml } from "../../../hub-image/src/hub/ui/html.js";
import { localNext } from "../../../hub-image/src/hub/ui/uiUrls.js";

describe("html", () => {
  it("escapes every interpolated string", () => {
    const name = `<script>alert("x")</script>'&\``;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;">' +
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;</p>",
    );
  });

  it("embeds fragments as they are, lists joined, nothing for undefined/null/false", () => {
    const inner = html`<b>${"a<b"}</b>`;
    expect(html`${inner}${[html`<i>1</i>`, "2<"]}${undefined}${null}${false}${0}`.value).toBe(
      "<b>a&lt;b</b><i>1</i>2&lt;0",
    );
    expect(join([html`a`, html`b`], ",").value).toBe("a,b");
    expect(new SafeHtml("x").toString()).toBe("x");
  });

  it("attr writes escaped attributes or nothing", () => {
    expect(attr("id", 'a"b').value).toBe(' id="a&quot;b"');
    expect(attr("id", undefined).value).toBe("");
    expect(attr("hidden", true).value).toBe(" hidden");
    expect(attr("hidden", false).value).toBe("");
    expect(escapeHtml("plain")).toBe("plain");
  });
});

describe("localNext", () => {
  it.each([
    ["/hub/home", "/", "/hub/home"],
    ["/user/alice/lab?x=1#y", "/", "/user/alice/lab?x=1#y"],
    ["/jh/hub/home", "/jh/", "/jh/hub/home"],
    ["/other/hub/home", "/jh/", undefined],
    ["//evil.example/hub", "/", undefined],
    ["https://evil.example/", "/", undefined],
    ["/\\evil.example", "/", undefined],
    ["/hub/\r\nSet-Cookie: x", "/", undefined],
    ["javascript:alert(1)", "/", undefined],
    ["hub/home", "/", undefined],
    [undefined, "/", undefined],
  ])("%s under %s → %s", (next, base, want) => {
    expect(localNext(next, base)).toBe(want);
  });
});
