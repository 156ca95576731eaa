import { describe, expect, it } from "vitest";
import { hasSessionCookie } from "./session-cookie";

const withCookie = (cookie?: string) => new Headers(cookie === undefined ? {} : { cookie });

describe("hasSessionCookie: tells an anonymous request apart without the database", () => {
  it("no Cookie header, or only the language cookie: anonymous", () => {
    expect(hasSessionCookie(withCookie())).toBe(false);
    expect(hasSessionCookie(withCookie("dajie-locale=it"))).toBe(false);
  });

  it("better-auth's session cookie, over http and with the __Secure- prefix over https: a session to check", () => {
    expect(hasSessionCookie(withCookie("dajie-locale=it; better-auth.session_token=abc.sig"))).toBe(true);
    expect(hasSessionCookie(withCookie("__Secure-better-auth.session_token=abc.sig"))).toBe(true);
  });

  it("a cookie that only resembles it (another name, empty value): anonymous", () => {
    expect(hasSessionCookie(withCookie("better-auth.session_data=x; my.session_token=abc"))).toBe(false);
    expect(hasSessionCookie(withCookie("better-auth.session_token="))).toBe(false);
  });
});
